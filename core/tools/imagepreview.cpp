// SPDX-License-Identifier: MIT
#include "imagepreview.h"

#include "media/imagesniffer.h"

#include <QBuffer>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>
#include <QPainter>

namespace Sanzaru::Core {

std::optional<ToolImage> ImagePreview::fromEncoded(const QByteArray &encoded)
{
    QByteArray copy = encoded; // QBuffer needs a non-const array; implicit sharing keeps this cheap
    QBuffer in(&copy);
    in.open(QIODevice::ReadOnly);
    QImageReader reader;
    const Result<ImageSniffer::Bound> bound = ImageSniffer::bind(reader, &in, ImageSniffer::apiFormats());
    if (!bound)
        return std::nullopt;
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    if (!size.isValid() || size.isEmpty())
        return std::nullopt;
    reader.setScaledSize(size.scaled(maxEdge, maxEdge, Qt::KeepAspectRatio).expandedTo(QSize(1, 1)));
    QImage image;
    QString error;
    if (!ImageSniffer::read(reader, *bound, &image, &error) || image.isNull())
        return std::nullopt;
    if (image.hasAlphaChannel()) { // JPEG has no alpha: show transparency on white, like viewers do
        QImage flat(image.size(), QImage::Format_RGB32);
        flat.fill(Qt::white);
        QPainter(&flat).drawImage(0, 0, image);
        image = flat;
    }
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "jpeg");
    writer.setQuality(80);
    if (!writer.write(image))
        return std::nullopt;
    return ToolImage{out, QStringLiteral("image/jpeg")};
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "imageprobe.h"

#include "media/imagesniffer.h"

#include <QBuffer>
#include <QImageReader>

namespace Sanzaru::Core {

ImageInfo ImageProbe::probe(const QByteArray &encoded)
{
    ImageInfo info;
    info.format = QStringLiteral("unknown");
    if (encoded.isEmpty())
        return info;

    // QBuffer wants a mutable array; the copy is shallow (implicitly shared), never written.
    QByteArray bytes = encoded;
    QBuffer buffer(&bytes);
    if (!buffer.open(QIODevice::ReadOnly))
        return info;
    QImageReader reader;
    const Result<ImageSniffer::Bound> bound = ImageSniffer::bind(reader, &buffer, ImageSniffer::apiFormats());
    if (!bound) {
        // Named (e.g. "svg") so callers can say what it is, but with no size: not usable.
        const QByteArray sniffed =
            ImageSniffer::sniff(encoded.first(std::min<qsizetype>(encoded.size(), 256)));
        if (!sniffed.isEmpty())
            info.format = QString::fromLatin1(sniffed);
        return info;
    }
    // Header only: canRead() and size() parse the signature and dimensions, never the pixels.
    if (!reader.canRead())
        return info;
    const QSize size = reader.size();
    if (!size.isValid())
        return info;
    info.size = size;
    info.format = QString::fromLatin1(bound->format);
    return info;
}

} // namespace Sanzaru::Core

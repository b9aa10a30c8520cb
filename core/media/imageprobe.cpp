// SPDX-License-Identifier: MIT
#include "imageprobe.h"

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
    QImageReader reader(&buffer);
    // Header only: canRead() and size() parse the signature and dimensions, never the pixels.
    if (!reader.canRead())
        return info;
    QByteArray format = reader.format().toLower();
    if (format == "jpg")
        format = "jpeg";
    const QSize size = reader.size();
    if (!size.isValid())
        return info;
    info.size = size;
    info.format = QString::fromLatin1(format);
    return info;
}

} // namespace Sanzaru::Core

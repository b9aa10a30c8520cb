// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "media/imagesniffer.h"

#include <QBuffer>
#include <QByteArray>
#include <QFile>
#include <QImage>
#include <QImageIOHandler>
#include <QImageReader>
#include <QRect>
#include <QRectF>
#include <QSize>
#include <QString>

namespace Sanzaru::Core {

/// Reads a picture file for ReferenceImagePreparer: format sniffed by ImageSniffer, limits against
/// decompression bombs checked on the header before any pixel is allocated, EXIF orientation, and for
/// JPEG a shrink-on-decode (libjpeg DCT scaling) of just the region that is needed. One file per
/// object; use it on one thread.
class ImageDecoder
{
public:
    /// Largest accepted edge in pixels; anything longer is a hostile or broken header.
    static constexpr int maxEdge = 65535;

    struct Decoded
    {
        QImage image;    ///< as decoded (any QImage format), oriented
        QRectF coverage; ///< the part of the full oriented picture `image` shows (it may be reduced)
    };

    ImageDecoder(const QString &path, const QString &displayName, qint64 maxPixels);
    ImageDecoder(const ImageDecoder &) = delete;
    ImageDecoder &operator=(const ImageDecoder &) = delete;

    /// Opens the file and reads the header. Returns the oriented size, or an invalid size when the
    /// format does not tell before decoding. NotFound / Io for file problems, BadInput otherwise.
    Result<QSize> open();

    /// True if decode() can reduce while decoding (JPEG).
    bool canReduce() const { return m_jpeg; }

    /// Decodes `region` (oriented coordinates; empty = everything) reduced by `reduction` (1, 2, 4 or
    /// 8; only honoured when canReduce()). The result may cover slightly more than `region`.
    Result<Decoded> decode(const QRect &region, int reduction);

    /// BadInput "Error reading input image: <displayName>: <reason>", with Error::reason set to reason.
    static Error inputError(const QString &displayName, const QString &reason);

private:
    Error readError(const QString &reason) const;
    QRectF toOriented(const QRectF &raw) const;
    QRectF toRaw(const QRectF &oriented) const;

    QString m_path;
    QString m_displayName;
    qint64 m_maxPixels;
    QFile m_file;
    QByteArray m_bytes;
    QBuffer m_buffer;
    QImageReader m_reader;
    QSize m_rawSize;
    QImageIOHandler::Transformations m_transform = QImageIOHandler::TransformationNone;
    ImageSniffer::Bound m_bound;
    bool m_jpeg = false;
};

} // namespace Sanzaru::Core

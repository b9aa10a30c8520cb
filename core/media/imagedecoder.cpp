// SPDX-License-Identifier: MIT
#include "imagedecoder.h"

#include "media/imagesniffer.h"

#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

namespace Sanzaru::Core {

namespace {

// Files beyond this are refused before being read into memory (JPEGs are read whole).
constexpr qint64 kMaxFileBytes = qint64(1) << 30;

enum class JpegState { Complete, Truncated, Unknown };

// libjpeg pads a truncated JPEG with grey and only warns, so Qt returns a half-grey picture without
// an error; Pillow refuses such files. Walk the marker segments to the first scan and require an EOI
// marker after it (inside entropy-coded data 0xFF is always stuffed, so FF D9 there is the EOI).
JpegState jpegState(const QByteArray &data)
{
    const auto *p = reinterpret_cast<const uchar *>(data.constData());
    const qsizetype n = data.size();
    qsizetype i = 2;
    while (i < n) {
        if (p[i] != 0xFF)
            return JpegState::Unknown; // not a marker: let the decoder judge
        while (i < n && p[i] == 0xFF)
            ++i;
        if (i >= n)
            break;
        const uchar marker = p[i++];
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
            continue;
        if (marker == 0xD9)
            return JpegState::Unknown; // EOI before any scan: the decoder will say what is wrong
        if (i + 2 > n)
            break;
        const int length = (p[i] << 8) | p[i + 1];
        if (marker == 0xDA) {
            const qsizetype eoi = data.lastIndexOf(QByteArrayView("\xFF\xD9", 2));
            return eoi >= i + length ? JpegState::Complete : JpegState::Truncated;
        }
        i += length;
    }
    return JpegState::Truncated;
}

} // namespace

ImageDecoder::ImageDecoder(const QString &path, const QString &displayName, qint64 maxPixels)
    : m_path(path)
    , m_displayName(displayName)
    , m_maxPixels(maxPixels)
{}

Error ImageDecoder::inputError(const QString &displayName, const QString &reason)
{
    Error error =
        Error::badInput(QStringLiteral("Error reading input image: %1: %2").arg(displayName, reason));
    error.reason = reason;
    return error;
}

Error ImageDecoder::readError(const QString &reason) const
{
    return inputError(m_displayName, reason);
}

Result<QSize> ImageDecoder::open()
{
    if (Result<void> opened = ImageSniffer::openRegularFile(m_file, m_path); !opened) {
        if (opened.error().kind == ErrorKind::NotFound)
            return Error::notFound(QStringLiteral("Input image not found: %1").arg(m_displayName));
        if (opened.error().kind == ErrorKind::Io &&
            opened.error().message == QStringLiteral("permission denied"))
            return Error::io(QStringLiteral("Permission denied reading input image: %1").arg(m_displayName));
        return readError(opened.error().message);
    }

    QIODevice *device = &m_file;
    if (m_file.peek(3) == QByteArrayView("\xFF\xD8\xFF", 3)) {
        if (m_file.size() > kMaxFileBytes)
            return readError(QStringLiteral("file is too large"));
        m_bytes = m_file.readAll();
        if (jpegState(m_bytes) == JpegState::Truncated)
            return readError(QStringLiteral("image file is truncated"));
        m_buffer.setBuffer(&m_bytes);
        m_buffer.open(QIODevice::ReadOnly);
        device = &m_buffer;
    }
    Result<ImageSniffer::Bound> bound =
        ImageSniffer::bind(m_reader, device, ImageSniffer::preparableFormats());
    if (!bound)
        return readError(bound.error().message);
    m_bound = *bound;
    m_reader.setAutoTransform(true);
    if (!m_reader.canRead())
        return readError(QStringLiteral("not an image in a supported format"));
    m_jpeg = m_bound.format == "jpeg";

    m_rawSize = m_reader.size();
    if (!m_rawSize.isValid())
        return QSize();
    const qint64 pixels = qint64(m_rawSize.width()) * m_rawSize.height();
    if (m_rawSize.width() > maxEdge || m_rawSize.height() > maxEdge || pixels > m_maxPixels)
        return readError(QStringLiteral("image is too large (%1x%2 pixels; the limit is %3 megapixels and %4 "
                                        "pixels per edge)")
                             .arg(m_rawSize.width())
                             .arg(m_rawSize.height())
                             .arg(m_maxPixels / 1000000)
                             .arg(maxEdge));
    m_transform = m_reader.transformation();
    return QSize(toOriented(QRectF(QPointF(0, 0), m_rawSize)).size().toSize());
}

Result<ImageDecoder::Decoded> ImageDecoder::decode(const QRect &region, int reduction)
{
    const QRect rawFull(QPoint(0, 0), m_rawSize);
    QRect clip = rawFull;
    if (m_jpeg && m_rawSize.isValid()) {
        // Qt's JPEG handler maps "clip rect + scaled size" onto libjpeg's DCT scaling by 1/d when the
        // clip is aligned to d; anything else makes it smooth-scale afterwards. So align the clip to
        // whole d-blocks (dropping at most d-1 edge pixels) and ask for exactly clip / d.
        int d = reduction == 8 || reduction == 4 || reduction == 2 ? reduction : 1;
        const QRectF want = region.isEmpty() ? QRectF(rawFull) : toRaw(QRectF(region));
        for (; d >= 1; d /= 2) {
            const int x0 = int(std::floor(want.left() / d)) * d;
            const int y0 = int(std::floor(want.top() / d)) * d;
            const int x1 = std::min(int(std::ceil(want.right() / d)) * d, m_rawSize.width() / d * d);
            const int y1 = std::min(int(std::ceil(want.bottom() / d)) * d, m_rawSize.height() / d * d);
            if (x1 > x0 && y1 > y0) {
                clip = QRect(x0, y0, x1 - x0, y1 - y0);
                break;
            }
        }
        d = std::max(d, 1);
        if (clip != rawFull)
            m_reader.setClipRect(clip);
        if (d > 1)
            m_reader.setScaledSize(clip.size() / d);
    }

    Decoded decoded;
    QString reason;
    // The caller converts the pixels to 4-byte RGB once: count that copy in the shared budget too.
    if (!ImageSniffer::read(m_reader, m_bound, &decoded.image, &reason, 4))
        return readError(reason);
    // Checked on the result for every format: some handlers (GIF) report a frame's size in the header and
    // decode the larger logical screen, so the header check alone lets a picture past the pixel cap.
    const QSize s = decoded.image.size();
    if (s.width() > maxEdge || s.height() > maxEdge || qint64(s.width()) * s.height() > m_maxPixels)
        return readError(QStringLiteral("image is too large"));
    if (!m_rawSize.isValid()) {
        decoded.coverage = QRectF(QPointF(0, 0), s);
        return decoded;
    }
    decoded.coverage = toOriented(QRectF(clip));
    return decoded;
}

// EXIF orientation as Qt applies it: mirror (x), flip (y), then a clockwise quarter turn.
QRectF ImageDecoder::toOriented(const QRectF &r) const
{
    const double w = m_rawSize.width();
    const double h = m_rawSize.height();
    double x0 = r.left(), x1 = r.right(), y0 = r.top(), y1 = r.bottom();
    if (m_transform & QImageIOHandler::TransformationMirror)
        std::tie(x0, x1) = std::pair(w - x1, w - x0);
    if (m_transform & QImageIOHandler::TransformationFlip)
        std::tie(y0, y1) = std::pair(h - y1, h - y0);
    if (m_transform & QImageIOHandler::TransformationRotate90)
        return QRectF(QPointF(h - y1, x0), QPointF(h - y0, x1));
    return QRectF(QPointF(x0, y0), QPointF(x1, y1));
}

QRectF ImageDecoder::toRaw(const QRectF &r) const
{
    const double w = m_rawSize.width();
    const double h = m_rawSize.height();
    double x0 = r.left(), x1 = r.right(), y0 = r.top(), y1 = r.bottom();
    if (m_transform & QImageIOHandler::TransformationRotate90) {
        const double rx0 = y0, rx1 = y1;
        y0 = h - x1;
        y1 = h - x0;
        x0 = rx0;
        x1 = rx1;
    }
    if (m_transform & QImageIOHandler::TransformationFlip)
        std::tie(y0, y1) = std::pair(h - y1, h - y0);
    if (m_transform & QImageIOHandler::TransformationMirror)
        std::tie(x0, x1) = std::pair(w - x1, w - x0);
    return QRectF(QPointF(x0, y0), QPointF(x1, y1));
}

} // namespace Sanzaru::Core

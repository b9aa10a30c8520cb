// SPDX-License-Identifier: MIT
#include "fakemedia.h"

#include <QBuffer>
#include <QImage>
#include <QImageWriter>
#include <QtEndian>

namespace Sanzaru::Testing {

namespace {

void appendBox(QByteArray *out, const char type[4], const QByteArray &payload)
{
    const quint32 size = quint32(8 + payload.size());
    char be[4];
    qToBigEndian(size, be);
    out->append(be, 4);
    out->append(type, 4);
    out->append(payload);
}

// Smooth gradients with a few bands: cheap to compute, recognisable, and quick for the PNG encoder.
QImage gradient(QSize size, bool transparent, quint32 seed)
{
    QImage img(size, transparent ? QImage::Format_ARGB32 : QImage::Format_RGB32);
    const int w = qMax(1, size.width());
    const int h = qMax(1, size.height());
    for (int y = 0; y < size.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(img.scanLine(y));
        for (int x = 0; x < size.width(); ++x) {
            const int r = (x * 255) / w;
            const int g = (y * 255) / h;
            const int b = int((seed * 37 + quint32((x / 64 + y / 64) % 4) * 50) % 256);
            const int a = transparent ? 255 - (x * 255) / w / 2 : 255;
            line[x] = qRgba(r, g, b, a);
        }
    }
    return img;
}

QByteArray encode(const QImage &image, const char *format, int quality)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    writer.setQuality(quality);
    writer.write(image);
    return bytes;
}

QString sizeKey(QSize size)
{
    return QStringLiteral("%1x%2").arg(size.width()).arg(size.height());
}

} // namespace

QList<QByteArray> FakeMedia::videoSegments(const QString &id, qint64 size)
{
    QByteArray header;
    header.reserve(VideoHeaderBytes);
    appendBox(&header, "ftyp", QByteArrayLiteral("isom\0\0\2\0isommp41"));
    QByteArray name = id.toLatin1().left(VideoHeaderBytes - 32);
    name.append(QByteArray(VideoHeaderBytes - 32 - name.size(), '\0'));
    appendBox(&header, "free", name);
    Q_ASSERT(header.size() == VideoHeaderBytes);
    if (size <= VideoHeaderBytes)
        return {header.left(qMax<qint64>(0, size))};

    if (m_tailSize != size) {
        // Built once per configured size: 32 concurrent downloads all share this buffer.
        const qint64 tailBytes = size - VideoHeaderBytes;
        m_tail = QByteArray(tailBytes, Qt::Uninitialized);
        char *data = m_tail.data();
        const quint32 mdatSize = tailBytes > 0xffffffffLL ? 1u : quint32(tailBytes);
        qToBigEndian(mdatSize, data);
        memcpy(data + 4, "mdat", 4);
        quint64 state = 0x9e3779b97f4a7c15ULL ^ quint64(size); // splitmix64: fast and deterministic
        for (qint64 i = 8; i < tailBytes; i += 8) {
            quint64 z = (state += 0x9e3779b97f4a7c15ULL);
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
            z ^= z >> 31;
            memcpy(data + i, &z, size_t(qMin<qint64>(8, tailBytes - i)));
        }
        m_tailSize = size;
    }
    return {header, m_tail};
}

QByteArray FakeMedia::thumbnailWebp(QSize videoSize)
{
    const QSize thumb = videoSize.scaled(QSize(320, 320), Qt::KeepAspectRatio);
    return encodeCached(QStringLiteral("thumb-") + sizeKey(thumb), thumb, false, "webp", 80);
}

QByteArray FakeMedia::spritesheetJpeg(QSize videoSize)
{
    const QSize frame = videoSize.scaled(QSize(128, 128), Qt::KeepAspectRatio);
    const QSize sheet(frame.width() * 4, frame.height() * 4);
    return encodeCached(QStringLiteral("sprite-") + sizeKey(sheet), sheet, false, "jpeg", 80);
}

QSize FakeMedia::imageSize(const QByteArray &format, QSize size)
{
    return format == "png" ? size : QSize(FixtureEdge, FixtureEdge);
}

QByteArray FakeMedia::image(const QByteArray &format, QSize size, bool transparent)
{
    const QSize actual = imageSize(format, size);
    // Qt's webp writer keeps alpha; jpeg has none, so the "transparent" jpeg is the opaque one.
    const bool alpha = transparent && format != "jpeg";
    const QString key = QString::fromLatin1(format) + QLatin1Char('-') + sizeKey(actual) +
                        (alpha ? QStringLiteral("-a") : QString());
    const char *qtFormat = format == "jpeg" ? "jpeg" : format == "webp" ? "webp" : "png";
    return encodeCached(key, actual, alpha, qtFormat, format == "png" ? -1 : 85);
}

QByteArray FakeMedia::imageBase64(const QByteArray &format, QSize size, bool transparent)
{
    const QString key =
        QString::fromLatin1(format) + sizeKey(size) + (transparent ? QStringLiteral("a") : QString());
    auto it = m_base64.constFind(key);
    if (it != m_base64.constEnd())
        return it.value();
    const QByteArray encoded = image(format, size, transparent).toBase64();
    m_base64.insert(key, encoded);
    return encoded;
}

QByteArray FakeMedia::encodeCached(const QString &key, QSize size, bool transparent, const char *format,
                                   int quality)
{
    auto it = m_images.constFind(key);
    if (it != m_images.constEnd())
        return it.value();
    const QByteArray encoded = encode(
        gradient(size, transparent, quint32(qChecksum(QByteArrayView(key.toUtf8())))), format, quality);
    m_images.insert(key, encoded);
    return encoded;
}

} // namespace Sanzaru::Testing

// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSize>
#include <QString>

namespace Sanzaru::Testing {

/// Deterministic media payloads for the fake API, encoded once and cached (QByteArray is implicitly
/// shared, so every reply and every caller holds the same buffer). Not thread-safe: the server guards it.
class FakeMedia
{
public:
    /// Size in bytes of the per-video MP4 header that starts every video payload.
    static constexpr qint64 VideoHeaderBytes = 80;
    /// Edge of the fixed jpeg/webp image fixtures.
    static constexpr int FixtureEdge = 1024;

    /// The MP4 bytes of video `id` at `size` bytes: an 'ftyp' box, a 'free' box naming the id, then an
    /// 'mdat' box of pseudo-random data shared by all videos of that size. Returned as two segments so the
    /// large shared tail is never copied.
    QList<QByteArray> videoSegments(const QString &id, qint64 size);
    /// A real WEBP still, a quarter of the video's size (at most 320 px on the long edge).
    QByteArray thumbnailWebp(QSize videoSize);
    /// A real JPEG with 4x4 frames of the video's aspect ratio.
    QByteArray spritesheetJpeg(QSize videoSize);
    /// An encoded image: "png" has exactly `size` (with alpha when transparent); "jpeg" and "webp" are the
    /// fixed FixtureEdge² fixtures whatever `size` says.
    QByteArray image(const QByteArray &format, QSize size, bool transparent);
    /// Standard base64 of image(format, size, transparent), cached too.
    QByteArray imageBase64(const QByteArray &format, QSize size, bool transparent);
    /// The pixel size image() produces for these arguments.
    static QSize imageSize(const QByteArray &format, QSize size);

private:
    QByteArray encodeCached(const QString &key, QSize size, bool transparent, const char *format,
                            int quality);

    qint64 m_tailSize = -1;
    QByteArray m_tail;
    QHash<QString, QByteArray> m_images;
    QHash<QString, QByteArray> m_base64;
};

} // namespace Sanzaru::Testing

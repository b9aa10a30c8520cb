// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>

namespace Sanzaru::Testing {

/// Deterministic test pictures.
class TestImages
{
public:
    /// A photo-like picture (smooth gradients, edges and fine texture) that compresses like a photo.
    static QImage photoLike(QSize size, quint32 seed = 1);
    /// A solid colour image in the given format.
    static QImage solid(QSize size, QColor color, QImage::Format format = QImage::Format_RGB888);
    /// Encodes image as "PNG", "JPEG" or "WEBP" (quality for lossy formats).
    static QByteArray encode(const QImage &image, const char *format, int quality = 90);
    /// Writes encoded bytes to path; returns false on failure.
    static bool write(const QString &path, const QByteArray &bytes);
};

} // namespace Sanzaru::Testing

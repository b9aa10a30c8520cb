// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QImage>
#include <QSize>

namespace Sanzaru::Benchmarks {

/// A synthetic landscape that behaves like a camera photo for codecs and resamplers: sky with soft
/// clouds, textured ground with detail at every scale (fractal noise), hard-edged buildings with
/// windows, foliage blobs and sensor noise. Deterministic for a given seed.
class PhotoSynth
{
public:
    static QImage make(QSize size, quint32 seed = 1);
    /// The JPEG with an Exif APP1 segment carrying `orientation` (1-8) right after SOI.
    static QByteArray withExifOrientation(const QByteArray &jpeg, quint16 orientation);
};

} // namespace Sanzaru::Benchmarks

// SPDX-License-Identifier: MIT
#pragma once

#include <QImage>
#include <QRect>
#include <QRectF>
#include <QSize>

#include <functional>

namespace Sanzaru::Core {

/// A faithful port of Pillow's LANCZOS resize (a=3, support widened when downscaling, separable,
/// 8-bit fixed-point coefficients like ImagingResample), so results match Pillow pixel for pixel.
///
/// Source formats read directly: RGB32, RGBX8888 and the premultiplied alpha formats (whose alpha is
/// ignored, which composites the picture onto black). Anything else is converted first. The output is
/// always Format_RGB888. Each call is single-threaded and allocation-light (no per-pixel allocation),
/// so callers parallelise across images.
class LanczosResampler
{
public:
    /// Where output pixels sample the source along one axis: output pixel i is centred on source
    /// coordinate `origin + (i + offset + 0.5) * scale`. Pillow's resize(box=(b0, _, b1, _)) is
    /// origin b0, scale (b1 - b0) / outSize, offset 0; resize(full).crop(window) is origin 0,
    /// scale inSize / fullSize, offset = window start. The filter widens when scale > 1.
    struct Axis
    {
        double origin = 0.0;
        double scale = 1.0;
        int offset = 0;
    };

    /// src must be QImage::Format_RGB888 (or is converted); returns Format_RGB888 of size `size`.
    static QImage resize(const QImage &src, QSize size);
    /// Pillow's Image.resize(size, LANCZOS, box=box), box in source pixels (may be fractional).
    static QImage resize(const QImage &src, QSize size, const QRectF &box);
    /// Exactly Pillow's resize(fullSize, LANCZOS).crop(window) for a window inside fullSize, computing
    /// only the window's pixels.
    static QImage resizeCropped(const QImage &src, QSize fullSize, const QRect &window);
    /// The general form behind the three above.
    static QImage resample(const QImage &src, QSize outSize, Axis x, Axis y);

    /// Source row `y` as 4-byte pixels (`redIndex` 2: RGB32/BGRX byte order, 0: RGBX), inSize.width()
    /// of them; null aborts the resample. Called once per row for increasing y (rows that no tap reads
    /// may be left out).
    using RowSource = std::function<const uchar *(int y)>;
    /// The source columns (x, width) and rows (y, height) resample() reads for these axes: what a
    /// partial decode has to supply. Empty when nothing is read.
    static QRect sourceSpan(QSize inSize, QSize outSize, Axis x, Axis y);
    /// resample() on rows that arrive one at a time (a decoder's scanlines): each row gets its
    /// horizontal pass as it comes, into a ring as tall as the vertical filter, and every output row
    /// is computed as soon as its last source row is in. The full source is never held; the result is
    /// bit-identical to resample(). Null when `rows` aborts or memory runs out.
    static QImage resampleRows(QSize inSize, int redIndex, QSize outSize, Axis x, Axis y,
                               const RowSource &rows);
    /// resampleRows() into the caller's RGB888 rows (`outSize.height()` of them, `outStride` apart), so
    /// that two calls with complementary y offsets can fill the halves of one picture in parallel.
    /// False when `rows` aborts or memory runs out.
    static bool resampleRowsInto(QSize inSize, int redIndex, QSize outSize, Axis x, Axis y,
                                 const RowSource &rows, uchar *out, qsizetype outStride);

    /// Test hook: false forces the portable scalar kernels (results are bit-identical either way).
    static void setSimdEnabled(bool enabled);
    static bool simdActive();
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "lanczosresampler.h"

#include "lanczoskernels.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <new>
#include <vector>

namespace Sanzaru::Core {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kSupport = 3.0; // Lanczos a = 3

// Pillow's sinc_filter / lanczos_filter, same operations in the same order (the coefficients have to
// round exactly as Pillow's do).
double sinc(double x)
{
    if (x == 0.0)
        return 1.0;
    x = x * kPi;
    return std::sin(x) / x;
}

double lanczos(double x)
{
    if (-3.0 <= x && x < 3.0)
        return sinc(x) * sinc(x / 3);
    return 0.0;
}

struct AxisCoefficients
{
    int ksize = 0;
    std::vector<int> first;
    std::vector<int> count;
    std::vector<std::int32_t> k;
    std::vector<std::int32_t> pairs;
    int pairStride = 0;

    LanczosKernels::Taps taps() const
    {
        return {first.data(), count.data(), k.data(), ksize, pairs.empty() ? nullptr : pairs.data(),
                pairStride};
    }
};

// Pillow's precompute_coeffs + normalize_coeffs_8bpc, generalised to an output offset so that a
// cropped window gets exactly the coefficients of the full-size resize.
AxisCoefficients precompute(int inSize, int outSize, const LanczosResampler::Axis &axis, bool withPairs)
{
    AxisCoefficients c;
    const double scale = axis.scale;
    const double filterscale = scale < 1.0 ? 1.0 : scale;
    const double support = kSupport * filterscale;
    c.ksize = int(std::ceil(support)) * 2 + 1;
    c.first.resize(outSize);
    c.count.resize(outSize);
    c.k.assign(std::size_t(outSize) * c.ksize, 0);
    std::vector<double> w(c.ksize);
    const double ss = 1.0 / filterscale;
    for (int xx = 0; xx < outSize; ++xx) {
        const double center = axis.origin + (xx + axis.offset + 0.5) * scale;
        int xmin = int(center - support + 0.5);
        if (xmin < 0)
            xmin = 0;
        int xmax = int(center + support + 0.5);
        if (xmax > inSize)
            xmax = inSize;
        xmax = std::max(0, xmax - xmin);
        double ww = 0.0;
        for (int x = 0; x < xmax; ++x) {
            w[x] = lanczos((x + xmin - center + 0.5) * ss);
            ww += w[x];
        }
        std::int32_t *k = c.k.data() + std::size_t(xx) * c.ksize;
        for (int x = 0; x < xmax; ++x) {
            const double v = (ww != 0.0 ? w[x] / ww : w[x]) * (1 << LanczosKernels::precisionBits);
            k[x] = v < 0 ? std::int32_t(-0.5 + v) : std::int32_t(0.5 + v);
        }
        c.first[xx] = xmin;
        c.count[xx] = xmax;
    }
    if (withPairs) {
        // Two taps per 8-lane vector, each weight repeated for the four bytes of a pixel.
        c.pairStride = (c.ksize + 1) / 2 * 8;
        c.pairs.assign(std::size_t(outSize) * c.pairStride, 0);
        for (int xx = 0; xx < outSize; ++xx) {
            const std::int32_t *k = c.k.data() + std::size_t(xx) * c.ksize;
            std::int32_t *p = c.pairs.data() + std::size_t(xx) * c.pairStride;
            for (int j = 0; j < c.count[xx]; ++j)
                std::fill_n(p + 4 * j, 4, k[j]);
        }
    }
    return c;
}

// An axis whose output is an integer shift of the input (scale 1, whole-pixel start, inside the
// source). Pillow skips such a pass too; a Lanczos pass there would be an identity anyway.
bool isShift(const LanczosResampler::Axis &axis, int inSize, int outSize, int *shift)
{
    if (axis.scale != 1.0)
        return false;
    const double start = axis.origin + axis.offset;
    if (start != std::floor(start) || start < 0 || start + outSize > inSize)
        return false;
    *shift = int(start);
    return true;
}

// A 4-byte-per-pixel view the kernels read directly; alpha, if any, premultiplied and then ignored.
QImage toFourByte(const QImage &src, int *redIndex)
{
    if constexpr (Q_BYTE_ORDER == Q_LITTLE_ENDIAN) {
        switch (src.format()) {
        case QImage::Format_RGB32:
        case QImage::Format_ARGB32_Premultiplied:
            *redIndex = 2;
            return src;
        case QImage::Format_ARGB32:
            *redIndex = 2;
            return src.convertToFormat(QImage::Format_ARGB32_Premultiplied);
        default:
            break;
        }
    }
    *redIndex = 0;
    switch (src.format()) {
    case QImage::Format_RGBX8888:
    case QImage::Format_RGBA8888_Premultiplied:
        return src;
    default:
        return src.convertToFormat(src.hasAlphaChannel() ? QImage::Format_RGBA8888_Premultiplied
                                                         : QImage::Format_RGBX8888);
    }
}

void copyRow(const uchar *in, int redIndex, uchar *out, int width)
{
    const int b = 2 - redIndex;
    for (int x = 0; x < width; ++x) {
        out[3 * x + 0] = in[4 * x + redIndex];
        out[3 * x + 1] = in[4 * x + 1];
        out[3 * x + 2] = in[4 * x + b];
    }
}

} // namespace

QImage LanczosResampler::resize(const QImage &src, QSize size)
{
    if (size.isEmpty())
        return {};
    return resample(src, size, {0.0, double(src.width()) / size.width(), 0},
                    {0.0, double(src.height()) / size.height(), 0});
}

QImage LanczosResampler::resize(const QImage &src, QSize size, const QRectF &box)
{
    if (size.isEmpty())
        return {};
    return resample(src, size, {box.x(), box.width() / size.width(), 0},
                    {box.y(), box.height() / size.height(), 0});
}

QImage LanczosResampler::resizeCropped(const QImage &src, QSize fullSize, const QRect &window)
{
    if (fullSize.isEmpty() || window.isEmpty())
        return {};
    return resample(src, window.size(), {0.0, double(src.width()) / fullSize.width(), window.x()},
                    {0.0, double(src.height()) / fullSize.height(), window.y()});
}

QImage LanczosResampler::resample(const QImage &source, QSize outSize, Axis ax, Axis ay)
{
    if (source.isNull())
        return {};
    int redIndex = 0;
    const QImage src = toFourByte(source, &redIndex);
    if (src.isNull())
        return {};
    return resampleRows(src.size(), redIndex, outSize, ax, ay,
                        [&src](int y) { return src.constScanLine(y); });
}

QRect LanczosResampler::sourceSpan(QSize inSize, QSize outSize, Axis ax, Axis ay)
{
    if (inSize.isEmpty() || outSize.isEmpty() || !(ax.scale > 0) || !(ay.scale > 0))
        return {};
    auto span = [](int inLen, int outLen, const Axis &axis, int *from, int *to) {
        int shift = 0;
        if (isShift(axis, inLen, outLen, &shift)) {
            *from = shift;
            *to = shift + outLen;
            return;
        }
        const AxisCoefficients c = precompute(inLen, outLen, axis, false);
        *from = inLen;
        *to = 0;
        for (int i = 0; i < outLen; ++i) {
            if (c.count[i] > 0) {
                *from = std::min(*from, c.first[i]);
                *to = std::max(*to, c.first[i] + c.count[i]);
            }
        }
    };
    int x0 = 0, x1 = 0, y0 = 0, y1 = 0;
    span(inSize.width(), outSize.width(), ax, &x0, &x1);
    span(inSize.height(), outSize.height(), ay, &y0, &y1);
    if (x1 <= x0 || y1 <= y0)
        return {};
    return QRect(x0, y0, x1 - x0, y1 - y0);
}

QImage LanczosResampler::resampleRows(QSize inSize, int redIndex, QSize outSize, Axis ax, Axis ay,
                                      const RowSource &rows)
{
    if (inSize.isEmpty() || outSize.isEmpty() || !(ax.scale > 0) || !(ay.scale > 0))
        return {};
    QImage out(outSize, QImage::Format_RGB888);
    if (out.isNull() ||
        !resampleRowsInto(inSize, redIndex, outSize, ax, ay, rows, out.bits(), out.bytesPerLine()))
        return {};
    return out;
}

bool LanczosResampler::resampleRowsInto(QSize inSize, int redIndex, QSize outSize, Axis ax, Axis ay,
                                        const RowSource &rows, uchar *outBits, qsizetype outStride)
{
    if (inSize.isEmpty() || outSize.isEmpty() || !(ax.scale > 0) || !(ay.scale > 0) || !outBits)
        return false;
    const int inW = inSize.width();
    const int inH = inSize.height();
    const int outW = outSize.width();
    const int outH = outSize.height();
    const bool simd = LanczosKernels::simdAvailable();
    auto outRow = [&](int yy) { return outBits + yy * outStride; };

    int shiftX = 0;
    const bool copyX = isShift(ax, inW, outW, &shiftX);
    AxisCoefficients cx;
    if (!copyX)
        cx = precompute(inW, outW, ax, simd);
    const LanczosKernels::Taps tapsX = cx.taps();
    auto horizontal = [&](const uchar *line, uchar *dst) {
        if (copyX)
            copyRow(line + 4 * qsizetype(shiftX), redIndex, dst, outW);
        else
            LanczosKernels::horizontal(line, redIndex, dst, outW, tapsX, simd);
    };

    int shiftY = 0;
    if (isShift(ay, inH, outH, &shiftY)) {
        for (int yy = 0; yy < outH; ++yy) {
            const uchar *line = rows(shiftY + yy);
            if (!line)
                return false;
            horizontal(line, outRow(yy));
        }
        return true;
    }

    // The ring holds the last `capacity` horizontally filtered rows, each written twice (at slot s and
    // s + capacity) so that any `capacity` consecutive rows lie contiguous for the vertical kernel.
    const AxisCoefficients cy = precompute(inH, outH, ay, false);
    int capacity = 1;
    for (int yy = 0; yy < outH; ++yy)
        capacity = std::max(capacity, cy.count[yy]);
    const qsizetype stride = qsizetype(outW) * 3;
    std::unique_ptr<uchar[]> ring(new (std::nothrow) uchar[std::size_t(2 * capacity * stride)]);
    if (!ring)
        return false;
    int next = -1; // first source row not read yet (-1: none read)
    for (int yy = 0; yy < outH; ++yy) {
        const int first = cy.first[yy];
        const int count = cy.count[yy];
        if (count <= 0) {
            std::memset(outRow(yy), 0, std::size_t(stride));
            continue;
        }
        if (next < 0)
            next = first;
        // Taps move forward monotonically; rows before `first` that were never read are not needed.
        next = std::max(next, first);
        for (; next < first + count; ++next) {
            const uchar *line = rows(next);
            if (!line)
                return false;
            uchar *slot = ring.get() + (next % capacity) * stride;
            horizontal(line, slot);
            std::memcpy(slot + capacity * stride, slot, std::size_t(stride));
        }
        LanczosKernels::vertical(ring.get() + (first % capacity) * stride, stride, count,
                                 cy.k.data() + std::size_t(yy) * cy.ksize, outRow(yy), int(stride), simd);
    }
    return true;
}

void LanczosResampler::setSimdEnabled(bool enabled)
{
    LanczosKernels::setSimdEnabled(enabled);
}

bool LanczosResampler::simdActive()
{
    return LanczosKernels::simdAvailable();
}

} // namespace Sanzaru::Core

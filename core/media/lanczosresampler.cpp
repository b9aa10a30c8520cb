// SPDX-License-Identifier: MIT
#include "lanczosresampler.h"

#include "lanczoskernels.h"

#include <algorithm>
#include <cmath>
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
    if (source.isNull() || outSize.isEmpty() || !(ax.scale > 0) || !(ay.scale > 0))
        return {};
    int redIndex = 0;
    const QImage src = toFourByte(source, &redIndex);
    if (src.isNull())
        return {};
    const int inW = src.width();
    const int inH = src.height();
    const int outW = outSize.width();
    const int outH = outSize.height();
    const bool simd = LanczosKernels::simdAvailable();

    QImage out(outSize, QImage::Format_RGB888);
    if (out.isNull())
        return {};

    int shiftX = 0;
    const bool copyX = isShift(ax, inW, outW, &shiftX);
    AxisCoefficients cx;
    if (!copyX)
        cx = precompute(inW, outW, ax, simd);
    const LanczosKernels::Taps tapsX = cx.taps();
    auto horizontal = [&](int y, uchar *dst) {
        const uchar *line = src.constScanLine(y);
        if (copyX)
            copyRow(line + 4 * qsizetype(shiftX), redIndex, dst, outW);
        else
            LanczosKernels::horizontal(line, redIndex, dst, outW, tapsX, simd);
    };

    int shiftY = 0;
    if (isShift(ay, inH, outH, &shiftY)) {
        for (int yy = 0; yy < outH; ++yy)
            horizontal(shiftY + yy, out.scanLine(yy));
        return out;
    }

    // Horizontal pass over just the source rows the vertical taps touch, then the vertical pass.
    const AxisCoefficients cy = precompute(inH, outH, ay, false);
    int yFirst = inH;
    int yLast = 0;
    for (int yy = 0; yy < outH; ++yy) {
        if (cy.count[yy] > 0) {
            yFirst = std::min(yFirst, cy.first[yy]);
            yLast = std::max(yLast, cy.first[yy] + cy.count[yy]);
        }
    }
    const qsizetype stride = qsizetype(outW) * 3;
    const int rows = std::max(0, yLast - yFirst);
    std::unique_ptr<uchar[]> temp(new (std::nothrow) uchar[std::max<qsizetype>(1, rows * stride)]);
    if (!temp)
        return {};
    for (int r = 0; r < rows; ++r)
        horizontal(yFirst + r, temp.get() + r * stride);
    for (int yy = 0; yy < outH; ++yy) {
        const int offset = cy.count[yy] > 0 ? cy.first[yy] - yFirst : 0;
        LanczosKernels::vertical(temp.get() + offset * stride, stride, cy.count[yy],
                                 cy.k.data() + std::size_t(yy) * cy.ksize, out.scanLine(yy), int(stride),
                                 simd);
    }
    return out;
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

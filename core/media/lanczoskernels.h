// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

#include <cstdint>

namespace Sanzaru::Core {

/// The inner loops of LanczosResampler: one output row per call, Pillow's 8-bit fixed-point
/// arithmetic (22 fraction bits, round half up, clip to 0..255). A portable scalar version and an AVX2
/// version (picked at run time) give bit-identical results. Internal to core/media.
class LanczosKernels
{
public:
    static constexpr int precisionBits = 32 - 8 - 2;

    /// Taps of one axis: output pixel i reads `count[i]` source pixels from `first[i]` on, weighted by
    /// `k[i * ksize ...]`. `pairs` (AVX2 only) holds the same weights as 8-lane vectors, two taps per
    /// vector with each weight repeated for the four bytes of a pixel.
    struct Taps
    {
        const int *first = nullptr;
        const int *count = nullptr;
        const std::int32_t *k = nullptr;
        int ksize = 0;
        const std::int32_t *pairs = nullptr;
        int pairStride = 0; ///< int32 values per output pixel in `pairs`
    };

    /// True when the CPU has AVX2 and the vector kernels are enabled.
    static bool simdAvailable();
    static void setSimdEnabled(bool enabled);

    /// Horizontal pass over one row of 4-byte pixels (RGB32 or RGBX8888: `redIndex` is 2 or 0) into
    /// `outWidth` packed RGB888 pixels.
    static void horizontal(const uchar *in, int redIndex, uchar *out, int outWidth, const Taps &taps,
                           bool simd);

    /// Vertical pass: out[i] = clip8(sum_j rows[j * stride + i] * k[j]) for i < bytes.
    static void vertical(const uchar *rows, qsizetype stride, int count, const std::int32_t *k, uchar *out,
                         int bytes, bool simd);
};

} // namespace Sanzaru::Core

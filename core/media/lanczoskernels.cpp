// SPDX-License-Identifier: MIT
#include "lanczoskernels.h"

#include <atomic>
#include <cstring>

#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__))
#define SANZARU_HAVE_AVX2_KERNELS 1
#include <immintrin.h>
#endif

namespace Sanzaru::Core {

namespace {

constexpr int kHalf = 1 << (LanczosKernels::precisionBits - 1);
std::atomic_bool g_simdEnabled{true};

// Pillow's clip8: drop the fraction bits, saturate to a byte.
inline uchar clip8(int v)
{
    v >>= LanczosKernels::precisionBits;
    return v < 0 ? 0 : v > 255 ? 255 : uchar(v);
}

void horizontalScalar(const uchar *in, int redIndex, uchar *out, int outWidth, const LanczosKernels::Taps &t)
{
    const int r = redIndex;
    const int b = 2 - redIndex;
    for (int xx = 0; xx < outWidth; ++xx) {
        const uchar *p = in + 4 * t.first[xx];
        const std::int32_t *k = t.k + qsizetype(xx) * t.ksize;
        const int n = t.count[xx];
        int s0 = kHalf, s1 = kHalf, s2 = kHalf;
        for (int j = 0; j < n; ++j) {
            s0 += p[4 * j + r] * k[j];
            s1 += p[4 * j + 1] * k[j];
            s2 += p[4 * j + b] * k[j];
        }
        out[3 * xx + 0] = clip8(s0);
        out[3 * xx + 1] = clip8(s1);
        out[3 * xx + 2] = clip8(s2);
    }
}

void verticalScalar(const uchar *rows, qsizetype stride, int n, const std::int32_t *k, uchar *out, int from,
                    int bytes)
{
    for (int i = from; i < bytes; ++i) {
        int s = kHalf;
        const uchar *p = rows + i;
        for (int j = 0; j < n; ++j, p += stride)
            s += *p * k[j];
        out[i] = clip8(s);
    }
}

#ifdef SANZARU_HAVE_AVX2_KERNELS

// Two taps per step: 8 bytes (two pixels) widened to eight int32 lanes, multiplied by the weights
// pre-expanded in Taps::pairs. Integer sums are associative, so the lane order does not change results.
__attribute__((target("avx2"))) void horizontalAvx2(const uchar *in, int redIndex, uchar *out, int outWidth,
                                                    const LanczosKernels::Taps &t)
{
    const __m128i half = _mm_set1_epi32(kHalf);
    const int b = 2 - redIndex;
    for (int xx = 0; xx < outWidth; ++xx) {
        const uchar *p = in + 4 * t.first[xx];
        const std::int32_t *kp = t.pairs + qsizetype(xx) * t.pairStride;
        const int n = t.count[xx];
        __m256i acc = _mm256_setzero_si256();
        int j = 0;
        for (; j + 2 <= n; j += 2) {
            const __m256i px =
                _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i *>(p + 4 * j)));
            const __m256i kk = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(kp + 4 * j));
            acc = _mm256_add_epi32(acc, _mm256_mullo_epi32(px, kk));
        }
        __m128i s = _mm_add_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
        if (j < n) {
            std::int32_t word;
            std::memcpy(&word, p + 4 * j, 4);
            const __m128i px = _mm_cvtepu8_epi32(_mm_cvtsi32_si128(word));
            const __m128i kk = _mm_loadu_si128(reinterpret_cast<const __m128i *>(kp + 4 * j));
            s = _mm_add_epi32(s, _mm_mullo_epi32(px, kk));
        }
        s = _mm_srai_epi32(_mm_add_epi32(s, half), LanczosKernels::precisionBits);
        const __m128i words = _mm_packs_epi32(s, s);
        const std::uint32_t bytes = std::uint32_t(_mm_cvtsi128_si32(_mm_packus_epi16(words, words)));
        uchar px[4];
        std::memcpy(px, &bytes, 4);
        out[3 * xx + 0] = px[redIndex];
        out[3 * xx + 1] = px[1];
        out[3 * xx + 2] = px[b];
    }
}

// 32 output bytes per step in four int32 accumulators; every tap row is one 32-byte load.
__attribute__((target("avx2"))) void verticalAvx2(const uchar *rows, qsizetype stride, int n,
                                                  const std::int32_t *k, uchar *out, int bytes)
{
    const __m256i half = _mm256_set1_epi32(kHalf);
    int i = 0;
    for (; i + 32 <= bytes; i += 32) {
        __m256i a0 = half, a1 = half, a2 = half, a3 = half;
        const uchar *p = rows + i;
        for (int j = 0; j < n; ++j, p += stride) {
            const __m256i kk = _mm256_set1_epi32(k[j]);
            const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p));
            const __m128i lo = _mm256_castsi256_si128(v);
            const __m128i hi = _mm256_extracti128_si256(v, 1);
            a0 = _mm256_add_epi32(a0, _mm256_mullo_epi32(_mm256_cvtepu8_epi32(lo), kk));
            a1 = _mm256_add_epi32(a1, _mm256_mullo_epi32(_mm256_cvtepu8_epi32(_mm_srli_si128(lo, 8)), kk));
            a2 = _mm256_add_epi32(a2, _mm256_mullo_epi32(_mm256_cvtepu8_epi32(hi), kk));
            a3 = _mm256_add_epi32(a3, _mm256_mullo_epi32(_mm256_cvtepu8_epi32(_mm_srli_si128(hi, 8)), kk));
        }
        constexpr int bits = LanczosKernels::precisionBits;
        // packs/packus work per 128-bit lane; the 0xD8 permutes put the quarters back in order.
        const __m256i s01 = _mm256_permute4x64_epi64(
            _mm256_packs_epi32(_mm256_srai_epi32(a0, bits), _mm256_srai_epi32(a1, bits)), 0xD8);
        const __m256i s23 = _mm256_permute4x64_epi64(
            _mm256_packs_epi32(_mm256_srai_epi32(a2, bits), _mm256_srai_epi32(a3, bits)), 0xD8);
        const __m256i res = _mm256_permute4x64_epi64(_mm256_packus_epi16(s01, s23), 0xD8);
        _mm256_storeu_si256(reinterpret_cast<__m256i *>(out + i), res);
    }
    verticalScalar(rows, stride, n, k, out, i, bytes);
}

#endif // SANZARU_HAVE_AVX2_KERNELS

} // namespace

bool LanczosKernels::simdAvailable()
{
#ifdef SANZARU_HAVE_AVX2_KERNELS
    static const bool cpu = __builtin_cpu_supports("avx2");
    return cpu && g_simdEnabled.load(std::memory_order_relaxed);
#else
    return false;
#endif
}

void LanczosKernels::setSimdEnabled(bool enabled)
{
    g_simdEnabled.store(enabled, std::memory_order_relaxed);
}

void LanczosKernels::horizontal(const uchar *in, int redIndex, uchar *out, int outWidth, const Taps &taps,
                                bool simd)
{
#ifdef SANZARU_HAVE_AVX2_KERNELS
    if (simd && taps.pairs) {
        horizontalAvx2(in, redIndex, out, outWidth, taps);
        return;
    }
#else
    Q_UNUSED(simd);
#endif
    horizontalScalar(in, redIndex, out, outWidth, taps);
}

void LanczosKernels::vertical(const uchar *rows, qsizetype stride, int count, const std::int32_t *k,
                              uchar *out, int bytes, bool simd)
{
#ifdef SANZARU_HAVE_AVX2_KERNELS
    if (simd) {
        verticalAvx2(rows, stride, count, k, out, bytes);
        return;
    }
#else
    Q_UNUSED(simd);
#endif
    verticalScalar(rows, stride, count, k, out, 0, bytes);
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "pngencoder.h"

#include "media/largebuffer.h"

#include <libdeflate.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace Sanzaru::Core {

namespace {

struct CompressorDeleter
{
    void operator()(libdeflate_compressor *c) const { libdeflate_free_compressor(c); }
};

// Allocating a compressor costs more than compressing a small image; each worker thread keeps one
// (freed with the thread when the pool retires it).
libdeflate_compressor *compressorFor(int level)
{
    thread_local std::unique_ptr<libdeflate_compressor, CompressorDeleter> compressor;
    thread_local int compressorLevel = -1;
    if (!compressor || compressorLevel != level) {
        compressor.reset(libdeflate_alloc_compressor(level));
        compressorLevel = compressor ? level : -1;
    }
    return compressor.get();
}

void putU32(uchar *p, std::uint32_t v)
{
    p[0] = uchar(v >> 24);
    p[1] = uchar(v >> 16);
    p[2] = uchar(v >> 8);
    p[3] = uchar(v);
}

// Writes length, type and CRC around `length` data bytes already placed at p + 8.
void frameChunk(uchar *p, const char *type, std::uint32_t length)
{
    putU32(p, length);
    std::memcpy(p + 4, type, 4);
    putU32(p + 8 + length, std::uint32_t(libdeflate_crc32(0, p + 4, length + 4)));
}

// libpng's heuristic cost of a filtered row: bytes read as signed, sum of magnitudes.
unsigned cost(const uchar *p, int n)
{
    unsigned s = 0;
    int i = 0;
#if defined(__SSE2__)
    // |int8(v)| == min(v, 256 - v) on unsigned bytes; psadbw then sums 8 bytes at a time.
    const __m128i zero = _mm_setzero_si128();
    __m128i acc = zero;
    for (; i + 16 <= n; i += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + i));
        acc = _mm_add_epi64(acc, _mm_sad_epu8(_mm_min_epu8(v, _mm_sub_epi8(zero, v)), zero));
    }
    s = unsigned(_mm_cvtsi128_si32(acc)) + unsigned(_mm_cvtsi128_si32(_mm_unpackhi_epi64(acc, acc)));
#endif
    for (; i < n; ++i)
        s += p[i] < 128 ? p[i] : 256u - p[i];
    return s;
}

inline uchar paeth(int a, int b, int c)
{
    const int pa = std::abs(b - c);
    const int pb = std::abs(a - c);
    const int pc = std::abs(a + b - 2 * c);
    return uchar(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
}

// Paeth filter for i in [from, n): out = cur - predictor(left, up, up-left).
void paethRow(const uchar *cur, const uchar *prev, int bpp, int from, int n, uchar *out)
{
    int i = from;
#if defined(__SSE2__)
    // 16-bit lanes: the compiler's own vectorisation of the scalar form works in 32-bit lanes.
    const __m128i zero = _mm_setzero_si128();
    auto abs16 = [&](__m128i x) { return _mm_max_epi16(x, _mm_sub_epi16(zero, x)); };
    auto predict = [&](__m128i a, __m128i b, __m128i c) {
        const __m128i pa = abs16(_mm_sub_epi16(b, c));
        const __m128i pb = abs16(_mm_sub_epi16(a, c));
        const __m128i pc = abs16(_mm_add_epi16(_mm_sub_epi16(b, c), _mm_sub_epi16(a, c)));
        const __m128i useA = _mm_andnot_si128(_mm_or_si128(_mm_cmpgt_epi16(pa, pb), _mm_cmpgt_epi16(pa, pc)),
                                              _mm_set1_epi16(-1));
        const __m128i useB = _mm_andnot_si128(_mm_cmpgt_epi16(pb, pc), _mm_set1_epi16(-1));
        const __m128i bc = _mm_or_si128(_mm_and_si128(useB, b), _mm_andnot_si128(useB, c));
        return _mm_or_si128(_mm_and_si128(useA, a), _mm_andnot_si128(useA, bc));
    };
    for (; i + 16 <= n; i += 16) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i *>(cur + i));
        const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i *>(cur + i - bpp));
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i *>(prev + i));
        const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i *>(prev + i - bpp));
        const __m128i lo =
            predict(_mm_unpacklo_epi8(a, zero), _mm_unpacklo_epi8(b, zero), _mm_unpacklo_epi8(c, zero));
        const __m128i hi =
            predict(_mm_unpackhi_epi8(a, zero), _mm_unpackhi_epi8(b, zero), _mm_unpackhi_epi8(c, zero));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(out + i), _mm_sub_epi8(x, _mm_packus_epi16(lo, hi)));
    }
#endif
    for (; i < n; ++i)
        out[i] = uchar(cur[i] - paeth(cur[i - bpp], prev[i], prev[i - bpp]));
}

// The five PNG filters of one row into `cand` (rowBytes each) and their costs. `prev` is all zeros
// for the first row. Separate simple loops so that the compiler vectorises each of them.
void filterRow(const uchar *cur, const uchar *prev, int bpp, int n, std::array<uchar *, 5> cand,
               std::array<unsigned, 5> &sums)
{
    uchar *none = cand[0], *sub = cand[1], *up = cand[2], *avg = cand[3], *pae = cand[4];
    std::memcpy(none, cur, n);
    for (int i = 0; i < bpp; ++i) {
        sub[i] = cur[i];
        avg[i] = uchar(cur[i] - (prev[i] >> 1));
        pae[i] = uchar(cur[i] - prev[i]); // a = c = 0: Paeth predicts b
    }
    for (int i = bpp; i < n; ++i)
        sub[i] = uchar(cur[i] - cur[i - bpp]);
    for (int i = 0; i < n; ++i)
        up[i] = uchar(cur[i] - prev[i]);
    for (int i = bpp; i < n; ++i)
        avg[i] = uchar(cur[i] - ((cur[i - bpp] + prev[i]) >> 1));
    paethRow(cur, prev, bpp, bpp, n, pae);
    for (int f = 0; f < 5; ++f)
        sums[f] = cost(cand[f], n);
}

} // namespace

QByteArray PngEncoder::encode(const QImage &image, int compressionLevel)
{
    if (image.isNull())
        return {};
    const bool alpha = image.hasAlphaChannel();
    const QImage src = image.convertToFormat(alpha ? QImage::Format_RGBA8888 : QImage::Format_RGB888);
    if (src.isNull())
        return {};
    const int width = src.width();
    const int height = src.height();
    const int bpp = alpha ? 4 : 3;
    const qsizetype rowBytes = qsizetype(width) * bpp;

    // Filtered scanlines: one filter-type byte + the filtered row each.
    const qsizetype rawSize = (rowBytes + 1) * height;
    LargeBuffer raw{std::size_t(rawSize)};
    std::vector<uchar> scratch(std::size_t(rowBytes) * 6, 0);
    if (raw.isNull())
        return {};
    const uchar *zeros = scratch.data() + 5 * rowBytes;
    std::array<uchar *, 5> cand;
    for (int f = 0; f < 5; ++f)
        cand[f] = scratch.data() + f * rowBytes;
    std::array<unsigned, 5> sums{};
    for (int y = 0; y < height; ++y) {
        const uchar *cur = src.constScanLine(y);
        const uchar *prev = y > 0 ? src.constScanLine(y - 1) : zeros;
        filterRow(cur, prev, bpp, int(rowBytes), cand, sums);
        const int best = int(std::min_element(sums.begin(), sums.end()) - sums.begin());
        uchar *dst = raw.data() + y * (rowBytes + 1);
        dst[0] = uchar(best);
        std::memcpy(dst + 1, cand[best], rowBytes);
    }

    libdeflate_compressor *compressor = compressorFor(std::clamp(compressionLevel, 0, 12));
    if (!compressor)
        return {};
    const std::size_t bound = libdeflate_zlib_compress_bound(compressor, std::size_t(rawSize));
    constexpr qsizetype headerBytes = 8 + 25 + 8; // signature, IHDR chunk, IDAT length + type
    constexpr qsizetype trailerBytes = 4 + 12;    // IDAT CRC, IEND chunk
    QByteArray png(headerBytes + qsizetype(bound) + trailerBytes, Qt::Uninitialized);
    auto *p = reinterpret_cast<uchar *>(png.data());

    static constexpr uchar signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    std::memcpy(p, signature, 8);
    uchar *ihdr = p + 8;
    putU32(ihdr + 8, std::uint32_t(width));
    putU32(ihdr + 12, std::uint32_t(height));
    ihdr[16] = 8;             // bit depth
    ihdr[17] = alpha ? 6 : 2; // colour type: RGBA or RGB
    ihdr[18] = ihdr[19] = 0;  // deflate, adaptive filtering
    ihdr[20] = 0;             // no interlace
    frameChunk(ihdr, "IHDR", 13);

    uchar *idat = p + 8 + 25;
    const std::size_t zlen =
        libdeflate_zlib_compress(compressor, raw.data(), std::size_t(rawSize), idat + 8, bound);
    if (zlen == 0 || zlen > 0x7fffffffu)
        return {};
    frameChunk(idat, "IDAT", std::uint32_t(zlen));
    uchar *iend = idat + 12 + zlen;
    frameChunk(iend, "IEND", 0);
    png.truncate(qsizetype(iend + 12 - p));
    return png;
}

} // namespace Sanzaru::Core

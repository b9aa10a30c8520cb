// SPDX-License-Identifier: MIT
#include "pngencoder.h"

#include <libdeflate.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

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

// libpng's heuristic cost: bytes read as signed, sum of magnitudes.
inline unsigned cost(uchar v) { return v < 128 ? v : 256u - v; }

inline uchar paeth(int a, int b, int c)
{
    const int pa = std::abs(b - c);
    const int pb = std::abs(a - c);
    const int pc = std::abs(a + b - 2 * c);
    return uchar(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
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
    for (int i = bpp; i < n; ++i)
        pae[i] = uchar(cur[i] - paeth(cur[i - bpp], prev[i], prev[i - bpp]));
    for (int f = 0; f < 5; ++f) {
        unsigned s = 0;
        const uchar *p = cand[f];
        for (int i = 0; i < n; ++i)
            s += cost(p[i]);
        sums[f] = s;
    }
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
    std::unique_ptr<uchar[]> raw(new (std::nothrow) uchar[rawSize]);
    std::vector<uchar> scratch(std::size_t(rowBytes) * 6, 0);
    if (!raw)
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
        uchar *dst = raw.get() + y * (rowBytes + 1);
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
    ihdr[16] = 8;               // bit depth
    ihdr[17] = alpha ? 6 : 2;   // colour type: RGBA or RGB
    ihdr[18] = ihdr[19] = 0;    // deflate, adaptive filtering
    ihdr[20] = 0;               // no interlace
    frameChunk(ihdr, "IHDR", 13);

    uchar *idat = p + 8 + 25;
    const std::size_t zlen =
        libdeflate_zlib_compress(compressor, raw.get(), std::size_t(rawSize), idat + 8, bound);
    if (zlen == 0 || zlen > 0x7fffffffu)
        return {};
    frameChunk(idat, "IDAT", std::uint32_t(zlen));
    uchar *iend = idat + 12 + zlen;
    frameChunk(iend, "IEND", 0);
    png.truncate(qsizetype(iend + 12 - p));
    return png;
}

} // namespace Sanzaru::Core

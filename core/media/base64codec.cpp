// SPDX-License-Identifier: MIT
#include "base64codec.h"

#include <array>
#include <cstdint>

namespace Sanzaru::Core {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::uint8_t kSkip = 0xff;

// Sextet value of every byte, kSkip for anything outside the alphabet ('=' included: padding is
// optional, so it is treated like whitespace).
constexpr std::array<std::uint8_t, 256> makeValues()
{
    std::array<std::uint8_t, 256> t{};
    for (auto &v : t)
        v = kSkip;
    for (int i = 0; i < 64; ++i)
        t[std::uint8_t(kAlphabet[i])] = std::uint8_t(i);
    return t;
}
constexpr auto kValues = makeValues();

// One table per position in a quad, pre-shifted, so a whole quad decodes with four loads and three
// ORs. Bit 24 marks a byte outside the alphabet and sends the quad to the slow path.
constexpr std::uint32_t kInvalid = 1u << 24;
constexpr std::array<std::uint32_t, 256> makeShifted(int shift)
{
    std::array<std::uint32_t, 256> t{};
    for (int c = 0; c < 256; ++c)
        t[c] = kValues[c] == kSkip ? kInvalid : std::uint32_t(kValues[c]) << shift;
    return t;
}
constexpr auto kQuad0 = makeShifted(18);
constexpr auto kQuad1 = makeShifted(12);
constexpr auto kQuad2 = makeShifted(6);
constexpr auto kQuad3 = makeShifted(0);

inline void put3(std::uint8_t *&out, std::uint32_t v)
{
    out[0] = std::uint8_t(v >> 16);
    out[1] = std::uint8_t(v >> 8);
    out[2] = std::uint8_t(v);
    out += 3;
}

} // namespace

std::optional<QByteArray> Base64Codec::decode(QByteArrayView text)
{
    const auto *in = reinterpret_cast<const std::uint8_t *>(text.data());
    const qsizetype n = text.size();
    // Every 4 input bytes give at most 3 output bytes; the tail rounds up.
    QByteArray result((n + 3) / 4 * 3, Qt::Uninitialized);
    auto *const begin = reinterpret_cast<std::uint8_t *>(result.data());
    std::uint8_t *out = begin;

    qsizetype i = 0;
    for (;;) {
        // Fast path: clean quads, the overwhelming case for API payloads.
        while (i + 4 <= n) {
            const std::uint32_t v = kQuad0[in[i]] | kQuad1[in[i + 1]] | kQuad2[in[i + 2]] | kQuad3[in[i + 3]];
            if (v & kInvalid)
                break;
            put3(out, v);
            i += 4;
        }
        // Slow path: assemble one quad while skipping line breaks, padding and other noise.
        std::uint32_t v = 0;
        int count = 0;
        while (i < n && count < 4) {
            const std::uint8_t s = kValues[in[i++]];
            if (s != kSkip) {
                v = (v << 6) | s;
                ++count;
            }
        }
        if (count == 4) {
            put3(out, v);
            continue;
        }
        // End of input with a partial quad: 2 or 3 sextets carry 1 or 2 bytes; 1 cannot.
        if (count == 1)
            return std::nullopt;
        if (count == 2) {
            *out++ = std::uint8_t(v >> 4);
        } else if (count == 3) {
            *out++ = std::uint8_t(v >> 10);
            *out++ = std::uint8_t(v >> 2);
        }
        break;
    }
    result.truncate(out - begin);
    return result;
}

QByteArray Base64Codec::encode(QByteArrayView data)
{
    const auto *in = reinterpret_cast<const std::uint8_t *>(data.data());
    const qsizetype n = data.size();
    QByteArray result((n + 2) / 3 * 4, Qt::Uninitialized);
    char *out = result.data();
    qsizetype i = 0;
    for (; i + 3 <= n; i += 3) {
        const std::uint32_t v = (std::uint32_t(in[i]) << 16) | (std::uint32_t(in[i + 1]) << 8) | in[i + 2];
        out[0] = kAlphabet[v >> 18];
        out[1] = kAlphabet[(v >> 12) & 63];
        out[2] = kAlphabet[(v >> 6) & 63];
        out[3] = kAlphabet[v & 63];
        out += 4;
    }
    const qsizetype rest = n - i;
    if (rest > 0) {
        const std::uint32_t v =
            (std::uint32_t(in[i]) << 16) | (rest == 2 ? std::uint32_t(in[i + 1]) << 8 : 0);
        out[0] = kAlphabet[v >> 18];
        out[1] = kAlphabet[(v >> 12) & 63];
        out[2] = rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
        out[3] = '=';
    }
    return result;
}

} // namespace Sanzaru::Core

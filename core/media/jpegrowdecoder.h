// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"

#include <QSize>
#include <QString>

#include <cstddef>
#include <memory>

namespace Sanzaru::Core {

/// libjpeg-turbo driven directly, one scanline at a time, for the streaming prepare path: DCT scaling
/// (1/2, 1/4, 1/8 while decoding), a column window (jpeg_crop_scanline) and skipped rows
/// (jpeg_skip_scanlines), so only what the resampler reads is decoded and the frame is never held.
/// Rows come out as 4-byte BGRX pixels (RGB32's byte order on little-endian machines).
///
/// Strict: any libjpeg error *or warning* (truncated data, corrupt entropy data that libjpeg would
/// paper over with grey) fails the call with the library's message, so the caller can fall back to the
/// general decoder, which has its own rules for such files. libjpeg's error_exit never reaches exit():
/// it long-jumps back into the method that called the library. Not thread-safe; one picture per object.
class JpegRowDecoder
{
public:
    JpegRowDecoder();
    ~JpegRowDecoder();
    JpegRowDecoder(const JpegRowDecoder &) = delete;
    JpegRowDecoder &operator=(const JpegRowDecoder &) = delete;

    /// Reads the header of the JPEG in data[0, size), which must outlive this object (not copied).
    /// BadInput with libjpeg's message when it is not a JPEG libjpeg can read.
    Result<void> open(const uchar *data, std::size_t size);

    /// Stored (un-rotated) size, from the header.
    QSize size() const { return m_size; }
    /// EXIF orientation 1-8 from the first Exif APP1 segment; 1 when absent or invalid.
    int orientation() const { return m_orientation; }
    /// True when the colour space converts to RGB here (YCbCr, grayscale, RGB); CMYK/YCCK do not.
    bool convertible() const { return m_convertible; }
    /// True for progressive (multi-scan) files, which libjpeg buffers whole as coefficients.
    bool progressive() const { return m_progressive; }

    /// The picture's size when decoded at 1/reduction (1, 2, 4 or 8), as libjpeg rounds it (up).
    QSize scaledSize(int reduction) const;

    /// Starts decoding at 1/reduction, keeping columns [x0, x1) of the scaled picture; libjpeg widens
    /// the window to whole iMCUs, see cropX()/cropWidth().
    Result<void> start(int reduction, int x0, int x1);
    int cropX() const { return m_cropX; }
    int cropWidth() const { return m_cropWidth; }

    /// Scaled row y (cropWidth() BGRX pixels), valid until the next call; y must increase from call to
    /// call (rows in between are skipped, not decoded). Null with *error set on failure.
    const uchar *row(int y, QString *error);

private:
    struct State;
    std::unique_ptr<State> d;
    QSize m_size;
    int m_orientation = 1;
    bool m_convertible = false;
    bool m_progressive = false;
    int m_cropX = 0;
    int m_cropWidth = 0;
};

} // namespace Sanzaru::Core

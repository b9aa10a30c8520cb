// SPDX-License-Identifier: MIT
#include "jpegrowdecoder.h"

#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <vector>

// jpeglib.h needs size_t and FILE declared first.
#include <jerror.h>
#include <jpeglib.h>

namespace Sanzaru::Core {

namespace {

struct ErrorManager
{
    jpeg_error_mgr pub;
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

[[noreturn]] void errorExit(j_common_ptr cinfo)
{
    auto *err = reinterpret_cast<ErrorManager *>(cinfo->err);
    (*cinfo->err->format_message)(cinfo, err->message);
    std::longjmp(err->jump, 1);
}

// Warnings (level -1) are corrupt or missing data that libjpeg would replace with grey: fail on them.
// Trace messages (level >= 0) are ignored; nothing is ever printed.
void emitMessage(j_common_ptr cinfo, int level)
{
    if (level < 0)
        errorExit(cinfo);
}

void outputMessage(j_common_ptr) {}

quint16 readU16(const uchar *p, bool bigEndian)
{
    return bigEndian ? quint16((p[0] << 8) | p[1]) : quint16((p[1] << 8) | p[0]);
}

quint32 readU32(const uchar *p, bool bigEndian)
{
    return bigEndian ? (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | p[3]
                     : (quint32(p[3]) << 24) | (quint32(p[2]) << 16) | (quint32(p[1]) << 8) | p[0];
}

// Orientation (tag 0x0112, SHORT) from IFD0 of an Exif APP1 payload; 0 when there is none.
int exifOrientation(const uchar *p, std::size_t n)
{
    if (n < 6 + 8 || std::memcmp(p, "Exif\0\0", 6) != 0)
        return 0;
    const uchar *tiff = p + 6;
    const std::size_t size = n - 6;
    bool big = false;
    if (tiff[0] == 'M' && tiff[1] == 'M')
        big = true;
    else if (!(tiff[0] == 'I' && tiff[1] == 'I'))
        return 0;
    if (readU16(tiff + 2, big) != 42)
        return 0;
    const quint32 ifd = readU32(tiff + 4, big);
    if (ifd > size || size - ifd < 2)
        return 0;
    const int entries = readU16(tiff + ifd, big);
    for (int i = 0; i < entries; ++i) {
        const std::size_t at = std::size_t(ifd) + 2 + std::size_t(i) * 12;
        if (at + 12 > size)
            return 0;
        const uchar *e = tiff + at;
        if (readU16(e, big) == 0x0112) {
            if (readU16(e + 2, big) != 3 || readU32(e + 4, big) != 1)
                return 0;
            return readU16(e + 8, big);
        }
    }
    return 0;
}

} // namespace

struct JpegRowDecoder::State
{
    jpeg_decompress_struct cinfo{};
    ErrorManager err{};
    bool created = false;
    bool started = false;
    std::vector<uchar> row;
    JSAMPROW rowPointer = nullptr;

    ~State()
    {
        if (created)
            jpeg_destroy_decompress(&cinfo);
    }
    QString message() const { return QString::fromLocal8Bit(err.message); }
};

JpegRowDecoder::JpegRowDecoder()
    : d(std::make_unique<State>())
{}

JpegRowDecoder::~JpegRowDecoder() = default;

Result<void> JpegRowDecoder::open(const uchar *data, std::size_t size)
{
    if (d->created || size == 0)
        return Error::badInput(QStringLiteral("empty file"));
    jpeg_decompress_struct *cinfo = &d->cinfo;
    cinfo->err = jpeg_std_error(&d->err.pub);
    d->err.pub.error_exit = errorExit;
    d->err.pub.emit_message = emitMessage;
    d->err.pub.output_message = outputMessage;
    if (setjmp(d->err.jump))
        return Error::badInput(d->message());
    jpeg_create_decompress(cinfo);
    d->created = true;
    jpeg_mem_src(cinfo, data, static_cast<unsigned long>(size));
    jpeg_save_markers(cinfo, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(cinfo, TRUE);

    m_size = QSize(int(cinfo->image_width), int(cinfo->image_height));
    m_progressive = jpeg_has_multiple_scans(cinfo);
    m_convertible = cinfo->jpeg_color_space == JCS_YCbCr || cinfo->jpeg_color_space == JCS_GRAYSCALE ||
                    cinfo->jpeg_color_space == JCS_RGB;
    m_orientation = 1;
    for (jpeg_saved_marker_ptr m = cinfo->marker_list; m; m = m->next) {
        if (m->marker != JPEG_APP0 + 1)
            continue;
        const int o = exifOrientation(m->data, m->data_length);
        if (o >= 1 && o <= 8)
            m_orientation = o;
        if (o != 0)
            break; // the first Exif segment decides, as in Qt
    }
    return {};
}

QSize JpegRowDecoder::scaledSize(int reduction) const
{
    const int r = reduction == 2 || reduction == 4 || reduction == 8 ? reduction : 1;
    return QSize((m_size.width() + r - 1) / r, (m_size.height() + r - 1) / r);
}

Result<void> JpegRowDecoder::start(int reduction, int x0, int x1)
{
    if (!d->created || d->started || !m_convertible)
        return Error::internal(QStringLiteral("JPEG decoder not ready"));
    jpeg_decompress_struct *cinfo = &d->cinfo;
    if (setjmp(d->err.jump))
        return Error::badInput(d->message());
    cinfo->scale_num = 1;
    cinfo->scale_denom = unsigned(reduction == 2 || reduction == 4 || reduction == 8 ? reduction : 1);
    cinfo->out_color_space = JCS_EXT_BGRX;
    cinfo->dct_method = JDCT_ISLOW;
    cinfo->do_fancy_upsampling = TRUE;
    jpeg_start_decompress(cinfo);
    d->started = true;
    JDIMENSION xoffset = JDIMENSION(std::max(0, x0));
    JDIMENSION width = JDIMENSION(std::min<int>(x1, int(cinfo->output_width))) - xoffset;
    if (xoffset > 0 || width < cinfo->output_width)
        jpeg_crop_scanline(cinfo, &xoffset, &width);
    m_cropX = int(xoffset);
    m_cropWidth = int(cinfo->output_width); // after cropping, output_width is the window's width
    d->row.assign(std::size_t(cinfo->output_width) * 4, 0);
    d->rowPointer = d->row.data();
    return {};
}

const uchar *JpegRowDecoder::row(int y, QString *error)
{
    jpeg_decompress_struct *cinfo = &d->cinfo;
    if (!d->started || y < int(cinfo->output_scanline) || y >= int(cinfo->output_height)) {
        *error = QStringLiteral("scanline %1 out of order").arg(y);
        return nullptr;
    }
    if (setjmp(d->err.jump)) {
        *error = d->message();
        return nullptr;
    }
    if (y > int(cinfo->output_scanline))
        jpeg_skip_scanlines(cinfo, JDIMENSION(y) - cinfo->output_scanline);
    if (jpeg_read_scanlines(cinfo, &d->rowPointer, 1) != 1) {
        *error = QStringLiteral("no more scanlines");
        return nullptr;
    }
    return d->row.data();
}

} // namespace Sanzaru::Core

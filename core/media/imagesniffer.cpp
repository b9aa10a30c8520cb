// SPDX-License-Identifier: MIT
#include "imagesniffer.h"

#include "media/decodebudget.h"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Sanzaru::Core {

namespace {

constexpr qsizetype kHeadBytes = 256;

bool startsWith(QByteArrayView head, QByteArrayView magic)
{
    return head.size() >= magic.size() && head.first(magic.size()) == magic;
}

// Text formats may start with a byte-order mark and blank space before their first tag.
QByteArrayView skipTextLead(QByteArrayView head)
{
    if (startsWith(head, "\xEF\xBB\xBF"))
        head = head.sliced(3);
    while (!head.isEmpty() &&
           (head.front() == ' ' || head.front() == '\t' || head.front() == '\r' || head.front() == '\n'))
        head = head.sliced(1);
    return head;
}

int bytesPerPixel(QByteArrayView head, const QByteArray &format)
{
    // PNG IHDR: signature (8), length (4), "IHDR" (4), width (4), height (4), bit depth (1).
    if (format == "png")
        return head.size() > 24 && uchar(head.at(24)) == 16 ? 8 : 4;
    // Qt's TIFF handler may keep 16-bit samples; count the wide format without parsing the IFDs.
    if (format == "tiff")
        return 8;
    return 4;
}

qint64 area(QSize s)
{
    return s.isValid() ? qint64(s.width()) * s.height() : 0;
}

} // namespace

const QList<QByteArray> &ImageSniffer::apiFormats()
{
    static const QList<QByteArray> formats{"jpeg", "png", "webp"};
    return formats;
}

const QList<QByteArray> &ImageSniffer::preparableFormats()
{
    static const QList<QByteArray> formats{"jpeg", "png", "webp", "gif", "bmp", "tiff"};
    return formats;
}

QByteArray ImageSniffer::sniff(QByteArrayView head)
{
    if (startsWith(head, "\xFF\xD8\xFF"))
        return "jpeg";
    if (startsWith(head, "\x89PNG\r\n\x1A\n"))
        return "png";
    if (head.size() >= 12 && startsWith(head, "RIFF") && head.sliced(8, 4) == QByteArrayView("WEBP"))
        return "webp";
    if (startsWith(head, "GIF87a") || startsWith(head, "GIF89a"))
        return "gif";
    if (startsWith(head, "BM"))
        return "bmp";
    if (startsWith(head, QByteArrayView("II*\0", 4)) || startsWith(head, QByteArrayView("MM\0*", 4)))
        return "tiff";
    // Recognised only to name them in the refusal.
    if (head.size() >= 12 && head.sliced(4, 4) == QByteArrayView("ftyp"))
        return "heif";
    if (startsWith(head, "\x1F\x8B"))
        return "gzip";
    if (startsWith(head, QByteArrayView("\0\0\1\0", 4)))
        return "ico";
    if (head.size() >= 2 && head.at(0) == 'P' && head.at(1) >= '1' && head.at(1) <= '7')
        return "pnm";
    const QByteArrayView text = skipTextLead(head);
    if (startsWith(text, "/* XPM"))
        return "xpm";
    if (startsWith(text, "<")) // what the SVG plugin would take
        return text.toByteArray().toLower().contains("<svg") ? "svg" : "xml";
    return {};
}

QString ImageSniffer::displayName(const QByteArray &format)
{
    return QString::fromLatin1(format.toUpper());
}

QString ImageSniffer::tooLargeToDecode(QSize size, int bytesPerPixel)
{
    const qint64 bytes = area(size) * bytesPerPixel;
    return QStringLiteral("image is too large to decode (%1x%2 pixels at %3 bytes each need %4 MiB; the "
                          "limit is %5 MiB)")
        .arg(size.width())
        .arg(size.height())
        .arg(bytesPerPixel)
        .arg((bytes + (qint64(1) << 20) - 1) >> 20)
        .arg(maxDecodeBytes >> 20);
}

Result<void> ImageSniffer::openRegularFile(QFile &file, const QString &path)
{
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        const int err = errno;
        if (err == ENOENT || err == ENOTDIR)
            return Error::notFound(QStringLiteral("the file does not exist"));
        if (err == EACCES || err == EPERM)
            return Error::io(QStringLiteral("permission denied"));
        return Error::io(qt_error_string(err));
    }
    struct stat st = {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return Error::badInput(QStringLiteral("not a regular file"));
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    if (!file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        return Error::io(file.errorString());
    }
    return {};
}

Result<ImageSniffer::Bound> ImageSniffer::bind(QImageReader &reader, QIODevice *device,
                                               const QList<QByteArray> &allowed)
{
    const QByteArray head = device->peek(kHeadBytes);
    if (head.isEmpty())
        return Error::badInput(QStringLiteral("empty file"));
    Bound bound;
    bound.format = sniff(head);
    if (bound.format.isEmpty())
        return Error::badInput(QStringLiteral("not an image in a supported format"));
    if (!allowed.contains(bound.format))
        return Error::badInput(
            QStringLiteral("not a supported image format (%1)").arg(displayName(bound.format)));
    bound.bytesPerPixel = bytesPerPixel(head, bound.format);
    reader.setDevice(device);
    reader.setFormat(bound.format);
    reader.setAutoDetectImageFormat(false);
    reader.setDecideFormatFromContent(false);
    reader.setAllocationLimit(int(maxDecodeBytes >> 20));
    return bound;
}

bool ImageSniffer::read(QImageReader &reader, const Bound &bound, QImage *image, QString *error,
                        int extraBytesPerPixel)
{
    const QSize full = reader.size();
    qint64 reserve = maxDecodeBytes;
    if (full.isValid()) {
        const QSize decoded = reader.clipRect().isValid() ? reader.clipRect().size() : full;
        const QSize scaled = reader.scaledSize();
        qint64 pixels = area(decoded);
        // JPEG scales inside libjpeg (to at most twice the wanted edge); the others decode in full and
        // scale a copy afterwards.
        if (scaled.isValid() && bound.format == "jpeg")
            pixels = std::min(pixels, 4 * area(scaled));
        if (pixels * bound.bytesPerPixel > maxDecodeBytes) {
            *error = tooLargeToDecode(decoded, bound.bytesPerPixel);
            return false;
        }
        const qint64 out = scaled.isValid() ? area(scaled) : pixels;
        reserve = pixels * bound.bytesPerPixel + (scaled.isValid() ? out * 4 : 0) + out * extraBytesPerPixel;
    }
    const DecodeBudget::Reservation held = DecodeBudget::shared().reserve(reserve);
    if (reader.read(image))
        return true;
    *error = reader.errorString();
    if (reader.error() == QImageReader::UnknownError || error->isEmpty())
        *error = QStringLiteral("corrupt or unsupported image data");
    return false;
}

} // namespace Sanzaru::Core

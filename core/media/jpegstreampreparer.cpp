// SPDX-License-Identifier: MIT
#include "jpegstreampreparer.h"

#include "media/decodebudget.h"
#include "media/imagedecoder.h"
#include "media/imagesniffer.h"
#include "media/jpegrowdecoder.h"
#include "media/lanczosresampler.h"
#include "media/largebuffer.h"
#include "media/pngencoder.h"
#include "media/resizeplan.h"

#include <QFile>
#include <QImage>
#include <QThread>
#include <QThreadPool>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <system_error>
#include <thread>

namespace Sanzaru::Core {

namespace {

// As ImageDecoder: files beyond this are not read into memory.
constexpr qint64 kMaxFileBytes = qint64(1) << 30;
// Source rows libjpeg keeps around the current one (an iMCU row of 16 plus its context), for the budget.
constexpr qint64 kDecoderRows = 48;
// Share of the output rows the helper thread decodes from the top when the work is split in two; the
// other thread entropy-decodes (skips) those rows before decoding the rest.
constexpr double kTopShare = 0.6;

// True when a core is idle right now: the scheduler's count of runnable tasks (/proc/loadavg's fourth
// field, this thread included) is below the number of cores. A second decoder costs extra CPU (it
// entropy-decodes the rows it skips), which pays only on a core nobody else wants. True where Linux's
// count cannot be read.
bool spareCore()
{
    const int cores = QThread::idealThreadCount();
    if (cores < 2)
        return false;
    const int fd = ::open("/proc/loadavg", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return true;
    char text[128] = {};
    const ssize_t n = ::read(fd, text, sizeof text - 1);
    ::close(fd);
    if (n <= 0)
        return true;
    // "0.42 0.31 0.20 2/131 4242": runnable/total after the third field.
    const char *slash = std::strchr(text, '/');
    const char *start = slash;
    while (start && start > text && start[-1] != ' ')
        --start;
    if (!slash || !start)
        return true;
    return std::atoi(start) < cores;
}

bool isCancelled(const std::atomic_bool *cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

// EXIF orientation as Qt's transformation flags: mirror (x), flip (y), then a clockwise quarter turn.
struct Orientation
{
    bool mirror = false;
    bool flip = false;
    bool rotate90 = false;

    static Orientation fromExif(int o)
    {
        switch (o) {
        case 2:
            return {true, false, false};
        case 3:
            return {true, true, false};
        case 4:
            return {false, true, false};
        case 5:
            return {false, true, true};
        case 6:
            return {false, false, true};
        case 7:
            return {true, false, true};
        case 8:
            return {true, true, true};
        default:
            return {};
        }
    }
    bool isIdentity() const { return !mirror && !flip && !rotate90; }
};

// One axis of the oriented output seen from the stored picture. An oriented axis with `outSize`
// output pixels sampled over a source edge of `length` becomes, when the stored axis runs the other
// way, the mirrored axis: pixel j of the stored-order output is pixel outSize-1-j of the oriented one.
LanczosResampler::Axis storedAxis(const LanczosResampler::Axis &oriented, int outSize, double length,
                                  bool reversed)
{
    if (!reversed)
        return oriented;
    return {length - oriented.origin - (outSize + oriented.offset) * oriented.scale, oriented.scale, 0};
}

// An RGB888 picture on a LargeBuffer: a few huge-page faults instead of one per 4 KiB on first touch.
QImage largeImage(QSize size)
{
    const qsizetype bytesPerLine = (qsizetype(size.width()) * 3 + 3) & ~qsizetype(3);
    auto *buffer = new LargeBuffer(std::size_t(bytesPerLine) * std::size_t(size.height()));
    if (buffer->isNull()) {
        delete buffer;
        return {};
    }
    return QImage(
        buffer->data(), size.width(), size.height(), bytesPerLine, QImage::Format_RGB888,
        [](void *p) { delete static_cast<LargeBuffer *>(p); }, buffer);
}

// The stored-order resample result turned to the oriented one (the inverse of the mapping above).
QImage orient(const QImage &stored, const Orientation &o)
{
    if (o.isIdentity())
        return stored;
    const int sw = stored.width(), sh = stored.height();
    const QSize size = o.rotate90 ? QSize(sh, sw) : QSize(sw, sh);
    QImage out = largeImage(size);
    if (out.isNull())
        return {};
    for (int oy = 0; oy < size.height(); ++oy) {
        uchar *dst = out.scanLine(oy);
        for (int ox = 0; ox < size.width(); ++ox) {
            int px = ox, py = oy;
            if (o.rotate90) {
                px = oy;
                py = size.width() - 1 - ox;
            }
            if (o.flip)
                py = sh - 1 - py;
            if (o.mirror)
                px = sw - 1 - px;
            std::memcpy(dst + 3 * ox, stored.constScanLine(py) + 3 * px, 3);
        }
    }
    return out;
}

// The file's bytes when it is a regular file the general path would sniff as a JPEG and read whole; a
// null buffer otherwise.
LargeBuffer readJpeg(const QString &inputPath)
{
    QFile file;
    if (!ImageSniffer::openRegularFile(file, inputPath))
        return {};
    if (ImageSniffer::sniff(file.peek(256)) != "jpeg" ||
        !ImageSniffer::preparableFormats().contains(QByteArrayLiteral("jpeg")))
        return {};
    const qint64 fileSize = file.size();
    if (fileSize <= 0 || fileSize > kMaxFileBytes)
        return {};
    LargeBuffer bytes{std::size_t(fileSize)};
    if (bytes.isNull() || file.read(reinterpret_cast<char *>(bytes.data()), fileSize) != fileSize)
        return {};
    return bytes;
}

// The caps ImageDecoder applies to the header: past them the general path refuses the file.
bool withinDecoderCaps(QSize raw, qint64 maxPixels)
{
    return !raw.isEmpty() && raw.width() <= ImageDecoder::maxEdge && raw.height() <= ImageDecoder::maxEdge &&
           qint64(raw.width()) * raw.height() <= maxPixels;
}

// The largest DCT scaling (8, 4, 2) that still leaves `gap` decoded pixels per output pixel on both axes.
int dctReduction(const ResizePlan &plan, double gap)
{
    for (int d = 8; d >= 2; d /= 2) {
        if (plan.scaleX() / d >= gap && plan.scaleY() / d >= gap)
            return d;
    }
    return 1;
}

// The resample as the stored picture sees it: axes in the scaled decode's coordinates, the output
// window in stored order and the source rectangle the filter reads.
struct StreamGeometry
{
    int reduction = 1;
    QSize scaled;
    QSize storedOut;
    LanczosResampler::Axis sx, sy;
    QRect span;
};

StreamGeometry streamGeometry(const JpegRowDecoder &decoder, const Orientation &orientation,
                              const ResizePlan &plan, double reducingGap)
{
    StreamGeometry g;
    g.reduction = dctReduction(plan, reducingGap);
    const QSize raw = decoder.size();
    // Oriented axes (full resolution) → stored axes → the scaled decode's coordinates.
    const QSize window = plan.window.size();
    const LanczosResampler::Axis ox{0.0, plan.scaleX(), plan.window.x()};
    const LanczosResampler::Axis oy{0.0, plan.scaleY(), plan.window.y()};
    if (orientation.rotate90) {
        g.sx = storedAxis(oy, window.height(), raw.width(), orientation.mirror);
        g.sy = storedAxis(ox, window.width(), raw.height(), !orientation.flip);
        g.storedOut = window.transposed();
    } else {
        g.sx = storedAxis(ox, window.width(), raw.width(), orientation.mirror);
        g.sy = storedAxis(oy, window.height(), raw.height(), orientation.flip);
        g.storedOut = window;
    }
    g.scaled = decoder.scaledSize(g.reduction);
    g.sx = {g.sx.origin / g.reduction, g.sx.scale / g.reduction, g.sx.offset};
    g.sy = {g.sy.origin / g.reduction, g.sy.scale / g.reduction, g.sy.offset};
    g.span = LanczosResampler::sourceSpan(g.scaled, g.storedOut, g.sx, g.sy);
    return g;
}

// What this path really keeps, for the budget: the file, libjpeg's rows (all coefficients for a
// progressive file), the result and its PNG.
qint64 budgetNeed(const JpegRowDecoder &decoder, qint64 fileSize, const StreamGeometry &g, QSize target)
{
    const QSize raw = decoder.size();
    const qint64 outBytes = qint64(target.width()) * target.height() * 3;
    const qint64 coefficients = decoder.progressive() ? qint64(raw.width()) * raw.height() * 2 * 3 : 0;
    return fileSize + 2 * (qint64(g.scaled.width()) * 4 * kDecoderRows) + coefficients + 4 * outBytes;
}

// Output rows of the stored-order picture decoded and resampled by one decoder; `aborted` is shared
// with the other decoder when the work is split, so that one failing stops both.
struct RowStrip
{
    const StreamGeometry &g;
    const std::atomic_bool *cancel;
    std::atomic_bool &aborted;

    // Output rows [from, to) from a decoder of its own (rows above the first one it needs are
    // skipped: entropy-decoded only).
    bool decode(JpegRowDecoder &rowDecoder, int from, int to, uchar *out, qsizetype stride) const
    {
        if (!rowDecoder.start(g.reduction, g.span.left(), g.span.left() + g.span.width()))
            return false;
        LanczosResampler::Axis x = g.sx, y = g.sy;
        x.origin -= rowDecoder.cropX();
        y.offset += from;
        int rowsRead = 0;
        QString failure;
        return LanczosResampler::resampleRowsInto(
            QSize(rowDecoder.cropWidth(), g.scaled.height()), 2, QSize(g.storedOut.width(), to - from), x, y,
            [&](int row) -> const uchar * {
                if ((++rowsRead & 31) == 0 &&
                    (isCancelled(cancel) || aborted.load(std::memory_order_relaxed)))
                    return nullptr;
                return rowDecoder.row(row, &failure);
            },
            out, stride);
    }
};

// The first output row of the bottom part when two cores share the decode, 0 for one decoder. Two
// only when there are two and nobody else (in the pool or on the machine) wants the second one; the
// top part is the larger since skipping to the bottom costs the entropy decoding alone. Progressive
// files hold all their coefficients per decoder: one decoder only.
int splitRow(const JpegStreamPreparer::Settings &settings, const JpegRowDecoder &decoder, QSize storedOut)
{
    const bool two = settings.threads >= 2 && !decoder.progressive() && storedOut.height() >= 64 &&
                     QThreadPool::globalInstance()->activeThreadCount() <
                         QThreadPool::globalInstance()->maxThreadCount() &&
                     (settings.threads > 2 || spareCore());
    return two ? int(storedOut.height() * kTopShare) : 0;
}

// Fills `stored` (stored order): with `split` > 0 a helper thread decodes the rows above it with a
// decoder of its own while `decoder` skips to it and decodes the rest.
bool decodeStored(JpegRowDecoder &decoder, const LargeBuffer &bytes, const StreamGeometry &g, int split,
                  const std::atomic_bool *cancel, QImage &stored)
{
    std::atomic_bool aborted{false};
    const RowStrip strip{g, cancel, aborted};
    uchar *const bits = stored.bits(); // taken once, before any thread writes
    const qsizetype stride = stored.bytesPerLine();
    std::thread top;
    bool topOk = false;
    if (split > 0) {
        try {
            top = std::thread([&] {
                JpegRowDecoder topDecoder;
                topOk = topDecoder.open(bytes.data(), bytes.size()).ok() &&
                        strip.decode(topDecoder, 0, split, bits, stride);
                if (!topOk)
                    aborted = true;
            });
        } catch (const std::system_error &) {
            // No thread to be had (process limits): one decoder does it all.
        }
    }
    if (!top.joinable())
        return strip.decode(decoder, 0, g.storedOut.height(), bits, stride);
    const bool bottomOk = strip.decode(decoder, split, g.storedOut.height(), bits + split * stride, stride);
    if (!bottomOk)
        aborted = true;
    top.join();
    return topOk && bottomOk;
}

// The oriented picture placed on a black target-sized canvas (the picture itself when it fills the
// target exactly); null when the canvas cannot be had.
QImage compose(QImage picture, const ResizePlan &plan, QSize target)
{
    if (plan.window.size() == target && plan.position.isNull())
        return picture;
    QImage canvas = largeImage(target);
    if (canvas.isNull())
        return {};
    canvas.fill(Qt::black);
    const qsizetype rowBytes = qsizetype(picture.width()) * 3;
    for (int y = 0; y < picture.height(); ++y)
        std::memcpy(canvas.scanLine(plan.position.y() + y) + 3 * plan.position.x(), picture.constScanLine(y),
                    std::size_t(rowBytes));
    return canvas;
}

} // namespace

std::optional<Result<PreparedImage>>
JpegStreamPreparer::prepare(const QString &inputPath, QSize target, ResizeMode mode, const Settings &settings,
                            const std::atomic_bool *cancel,
                            const ReferenceImagePreparer::PhaseCallback &phase)
{
    auto report = [&](const QString &name) {
        if (phase)
            phase(name);
    };
    const LargeBuffer bytes = readJpeg(inputPath);
    if (bytes.isNull())
        return std::nullopt;
    JpegRowDecoder decoder;
    if (!decoder.open(bytes.data(), bytes.size()) || !decoder.convertible() ||
        !withinDecoderCaps(decoder.size(), settings.maxPixels))
        return std::nullopt;
    const Orientation orientation = Orientation::fromExif(decoder.orientation());
    const QSize original = orientation.rotate90 ? decoder.size().transposed() : decoder.size();
    const ResizePlan plan = ResizePlan::make(original, target, mode);
    if (!plan.resample)
        return std::nullopt;
    const StreamGeometry geometry = streamGeometry(decoder, orientation, plan, settings.reducingGap);
    // The decode-bytes limit as the general path computes it for this decode.
    if (geometry.span.isEmpty() ||
        qint64(geometry.span.width()) * geometry.span.height() * 4 > ImageSniffer::maxDecodeBytes)
        return std::nullopt;
    const DecodeBudget::Reservation held =
        DecodeBudget::shared().reserve(budgetNeed(decoder, qint64(bytes.size()), geometry, target));
    if (isCancelled(cancel))
        return Result<PreparedImage>(Error::cancelled());
    report(QStringLiteral("decoding")); // from here on only a decode error hands the file back

    QImage stored = largeImage(geometry.storedOut);
    if (stored.isNull())
        return std::nullopt;
    const int split = splitRow(settings, decoder, geometry.storedOut);
    const bool ok = decodeStored(decoder, bytes, geometry, split, cancel, stored);
    if (isCancelled(cancel))
        return Result<PreparedImage>(Error::cancelled());
    if (!ok)
        return std::nullopt; // a decode error: the general decoder decides what to make of the file

    report(QStringLiteral("resizing"));
    QImage picture = orient(stored, orientation);
    stored = QImage(); // the stored-order copy goes before the canvas is allocated
    if (picture.isNull())
        return std::nullopt;
    const QImage canvas = compose(std::move(picture), plan, target);
    if (canvas.isNull())
        return std::nullopt;
    if (isCancelled(cancel))
        return Result<PreparedImage>(Error::cancelled());

    report(QStringLiteral("encoding"));
    PreparedImage prepared;
    prepared.png = PngEncoder::encode(canvas, settings.pngLevel);
    if (prepared.png.isEmpty())
        return std::nullopt;
    prepared.originalSize = original;
    prepared.targetSize = target;
    return Result<PreparedImage>(std::move(prepared));
}

} // namespace Sanzaru::Core

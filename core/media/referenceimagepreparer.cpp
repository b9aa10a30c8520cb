// SPDX-License-Identifier: MIT
#include "referenceimagepreparer.h"

#include "media/imagedecoder.h"
#include "media/jpegstreampreparer.h"
#include "media/lanczosresampler.h"
#include "media/pngencoder.h"
#include "media/resizeplan.h"

#include <algorithm>
#include <cstring>

namespace Sanzaru::Core {

namespace {

// JPEG shrink-on-decode keeps at least this many decoded pixels per output pixel on both axes before
// the Lanczos pass. Pillow's thumbnail() uses 2.0; 1.5 lets a 12 MP photo decode at 1/2 for 1280x720
// (3.1 source pixels per output pixel): 49.5 dB PSNR against Pillow's full-resolution result, at
// about half the decode time. Going one step further (1/4, gap 0.8) drops to 37 dB. At 1/1 the
// output is pixel-identical to Pillow's. `bench_media --only reduction` reproduces this.
constexpr double kReducingGap = 1.5;

// libdeflate level for the output PNG, measured on 1280x720 photo content against Pillow's default
// save of the same pixels (zlib level 6, same filter heuristic): level 2 is 2.4-2.9% smaller than
// Pillow in about half of level 6's time; level 1 is faster still but came out 1.5% larger than
// Pillow on one photo; levels 3-7 save another 0.1-5% for 1.2-3x the time. The encoder is the
// largest stage of prepare(), so the fast end wins. `bench_media --only levels` prints the table.
constexpr int kPngLevel = 2;

std::atomic_bool jpegStreaming{true};

bool isCancelled(const std::atomic_bool *cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

// Opaque 4-byte pixels as the resampler reads them; alpha is premultiplied, which is compositing onto
// black (out = c * a / 255) once the alpha byte is ignored. Grey, palette and 16-bit pictures become
// 8-bit RGB here.
QImage toOpaqueRgb(const QImage &image)
{
    if (image.hasAlphaChannel())
        return image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    return image.convertToFormat(QImage::Format_RGB32);
}

// Copies `src` (RGB32 or premultiplied ARGB32, alpha ignored) into an RGB888 canvas at `pos`.
void pasteRgb32(const QImage &src, QImage &canvas, QPoint pos)
{
    for (int y = 0; y < src.height(); ++y) {
        const QRgb *in = reinterpret_cast<const QRgb *>(src.constScanLine(y));
        uchar *out = canvas.scanLine(pos.y() + y) + 3 * pos.x();
        for (int x = 0; x < src.width(); ++x) {
            out[3 * x + 0] = uchar(qRed(in[x]));
            out[3 * x + 1] = uchar(qGreen(in[x]));
            out[3 * x + 2] = uchar(qBlue(in[x]));
        }
    }
}

void pasteRgb888(const QImage &src, QImage &canvas, QPoint pos)
{
    const qsizetype bytes = qsizetype(src.width()) * 3;
    for (int y = 0; y < src.height(); ++y)
        std::memcpy(canvas.scanLine(pos.y() + y) + 3 * pos.x(), src.constScanLine(y), bytes);
}

// Lanczos from the decoded pixels, which show `coverage` of the full picture (possibly reduced), to
// the plan's window. With a full-resolution decode this is exactly Pillow's resize().crop().
QImage resampleWindow(const ImageDecoder::Decoded &decoded, const QImage &rgb, const ResizePlan &plan)
{
    const double fx = rgb.width() / decoded.coverage.width();
    const double fy = rgb.height() / decoded.coverage.height();
    const LanczosResampler::Axis ax{-decoded.coverage.x() * fx, plan.scaleX() * fx, plan.window.x()};
    const LanczosResampler::Axis ay{-decoded.coverage.y() * fy, plan.scaleY() * fy, plan.window.y()};
    return LanczosResampler::resample(rgb, plan.window.size(), ax, ay);
}

// The part of the picture to decode and the shrink-on-decode factor, for a decoder that can reduce (JPEG).
struct DecodeRequest
{
    QRect region; ///< empty: the whole picture
    int reduction = 1;
};

DecodeRequest decodeRequest(QSize original, QSize target, ResizeMode mode, bool canReduce)
{
    DecodeRequest request;
    if (!original.isValid())
        return request;
    const ResizePlan plan = ResizePlan::make(original, target, mode);
    if (!plan.resample || !canReduce)
        return request;
    const double sx = plan.scaleX(), sy = plan.scaleY();
    for (int d = 8; d >= 2 && request.reduction == 1; d /= 2) {
        if (sx / d >= kReducingGap && sy / d >= kReducingGap)
            request.reduction = d;
    }
    // Lanczos reach in source pixels (3 lobes, widened when shrinking) plus block alignment.
    const double reach =
        3.0 * std::max({plan.scaleX(), plan.scaleY(), double(request.reduction)}) + 2 * request.reduction;
    request.region = plan.sourceRegion(reach);
    return request;
}

// The target-sized RGB888 picture: the resampled window (or, without resampling, the picture itself)
// on black at the plan's position.
Result<QImage> renderCanvas(const ImageDecoder::Decoded &decoded, const QImage &rgb, const ResizePlan &plan,
                            QSize target, const QString &displayName)
{
    if (!plan.resample) {
        QImage canvas(target, QImage::Format_RGB888);
        canvas.fill(Qt::black);
        pasteRgb32(rgb, canvas, plan.position);
        return canvas;
    }
    QImage scaled = resampleWindow(decoded, rgb, plan);
    if (scaled.isNull())
        return Error::internal(QStringLiteral("Could not resize %1").arg(displayName));
    if (plan.window.size() == target && plan.position.isNull())
        return scaled;
    QImage canvas(target, QImage::Format_RGB888);
    canvas.fill(Qt::black);
    pasteRgb888(scaled, canvas, plan.position);
    return canvas;
}

} // namespace

Result<PreparedImage> ReferenceImagePreparer::prepare(const QString &inputPath, const QString &displayName,
                                                      QSize target, ResizeMode mode,
                                                      const std::atomic_bool *cancel,
                                                      const PhaseCallback &phase)
{
    auto report = [&](const QString &name) {
        if (phase)
            phase(name);
    };
    if (target.isEmpty() || target.width() > ImageDecoder::maxEdge ||
        target.height() > ImageDecoder::maxEdge || qint64(target.width()) * target.height() > maxPixels)
        return Error::badInput(
            QStringLiteral("Invalid target size %1x%2").arg(target.width()).arg(target.height()));
    if (isCancelled(cancel))
        return Error::cancelled();

    if (jpegStreaming.load(std::memory_order_relaxed)) {
        const JpegStreamPreparer::Settings settings{kReducingGap, kPngLevel, maxPixels};
        if (std::optional<Result<PreparedImage>> streamed =
                JpegStreamPreparer::prepare(inputPath, target, mode, settings, cancel, phase))
            return std::move(*streamed);
    }

    report(QStringLiteral("decoding"));
    ImageDecoder decoder(inputPath, displayName, maxPixels);
    Result<QSize> header = decoder.open();
    if (!header)
        return header.error();
    QSize original = *header;

    const DecodeRequest request = decodeRequest(original, target, mode, decoder.canReduce());
    Result<ImageDecoder::Decoded> decoded = decoder.decode(request.region, request.reduction);
    if (!decoded)
        return decoded.error();
    if (!original.isValid())
        original = decoded->image.size();
    if (isCancelled(cancel))
        return Error::cancelled();

    report(QStringLiteral("resizing"));
    const ResizePlan plan = ResizePlan::make(original, target, mode);
    const QImage rgb = toOpaqueRgb(decoded->image);
    decoded->image = QImage(); // release the decoded pixels early (peak memory)
    if (rgb.isNull())
        return ImageDecoder::inputError(displayName, QStringLiteral("out of memory"));
    const Result<QImage> canvas = renderCanvas(*decoded, rgb, plan, target, displayName);
    if (!canvas)
        return canvas.error();
    if (isCancelled(cancel))
        return Error::cancelled();

    report(QStringLiteral("encoding"));
    PreparedImage prepared;
    prepared.png = PngEncoder::encode(*canvas, kPngLevel);
    if (prepared.png.isEmpty())
        return Error::internal(QStringLiteral("Could not encode %1 as PNG").arg(displayName));
    prepared.originalSize = original;
    prepared.targetSize = target;
    return prepared;
}

void ReferenceImagePreparer::setJpegStreamingEnabled(bool enabled)
{
    jpegStreaming.store(enabled, std::memory_order_relaxed);
}

} // namespace Sanzaru::Core

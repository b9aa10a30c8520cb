// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "media/resizemode.h"

#include <QByteArray>
#include <QSize>
#include <QString>

#include <atomic>
#include <functional>

namespace Sanzaru::Core {

struct PreparedImage
{
    QByteArray png;     ///< 8-bit RGB PNG, exactly targetSize
    QSize originalSize; ///< after EXIF orientation, before resizing
    QSize targetSize;
};

/// Turns a photo into a Sora reference image (sanzaru's prepare_reference_image pipeline, fixed):
/// EXIF orientation applied, alpha composited onto black, crop (cover + centre, no black line),
/// pad (shrink-only fit + black letterbox) or rescale, Pillow-compatible Lanczos, PNG via libdeflate.
/// JPEGs go through JpegStreamPreparer (row streaming, never the whole frame) when it takes them.
/// Synchronous and CPU-bound: call it from a worker thread (QtConcurrent), never from an event loop.
class ReferenceImagePreparer
{
public:
    /// Phases reported: "decoding", "resizing", "encoding".
    using PhaseCallback = std::function<void(const QString &phase)>;

    /// Largest decoded image accepted, in pixels (Pillow's bomb limit is ~179 MP).
    static constexpr qint64 maxPixels = 178956970;

    /// inputPath: absolute path already validated by MediaFolder; displayName: the name as the caller
    /// gave it, for messages. Errors: BadInput "Error reading input image: <name>: <reason>" for
    /// corrupt/unsupported/too-large images; Cancelled when *cancel became true between stages.
    static Result<PreparedImage> prepare(const QString &inputPath, const QString &displayName, QSize target,
                                         ResizeMode mode, const std::atomic_bool *cancel = nullptr,
                                         const PhaseCallback &phase = {});

    /// Test and benchmark hook: false sends JPEGs through the general decode-then-resize pipeline
    /// instead of JpegStreamPreparer's row-streaming path (the default, true).
    static void setJpegStreamingEnabled(bool enabled);
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "media/referenceimagepreparer.h"
#include "media/resizemode.h"

#include <QSize>
#include <QString>

#include <atomic>
#include <optional>

namespace Sanzaru::Core {

/// ReferenceImagePreparer's fast path for JPEG: decode (libjpeg-turbo, DCT-scaled, only the rows and
/// columns the filter reads) → Lanczos row by row → EXIF orientation on the small result → PNG, never
/// holding the decoded frame. Same gates as the general path (regular file, sniffed format, file size,
/// pixel and edge caps, decode-bytes limit, DecodeBudget reservation) and the same geometry.
///
/// It only takes the files it is sure about: anything else — not a JPEG, CMYK, a file a gate refuses,
/// any libjpeg error or warning, a pad that needs no resampling — returns std::nullopt, and the caller
/// runs the general pipeline, which then decides exactly as it did without this path (including the
/// error message). Only cancellation is reported from here.
class JpegStreamPreparer
{
public:
    struct Settings
    {
        double reducingGap = 1.5; ///< as ReferenceImagePreparer: decoded pixels per output pixel kept
        int pngLevel = 2;
        qint64 maxPixels = 0;
        /// Decoders working on one picture at most: 1 never splits; 2 splits when the pool and the
        /// machine have a core to spare; 3 or more splits whenever the pool has one (tests).
        int threads = 2;
    };

    static std::optional<Result<PreparedImage>> prepare(const QString &inputPath, QSize target,
                                                        ResizeMode mode, const Settings &settings,
                                                        const std::atomic_bool *cancel,
                                                        const ReferenceImagePreparer::PhaseCallback &phase);
};

} // namespace Sanzaru::Core

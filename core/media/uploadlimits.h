// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

namespace Sanzaru::Core {

/// Largest input files sent upstream, from OpenAI's documented maxima (openai-wire.md): checked on
/// the file size before a file is read, so an oversized input costs neither memory nor a request.
struct UploadLimits
{
    /// images/edits `image[]` ("< 50 MB each"); also applied to the video `input_reference` and to
    /// Responses `input_image` data, for which OpenAI gives the same per-image limit.
    static constexpr qint64 imageBytes = 50'000'000;
    /// images/edits `mask` ("< 4 MB").
    static constexpr qint64 maskBytes = 4'000'000;
};

} // namespace Sanzaru::Core

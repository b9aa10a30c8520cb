// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

namespace Sanzaru::Core {

/// Size limits for what an upstream sends, from the API's documented maxima (openai-wire.md).
struct ApiLimits
{
    /// The largest Images API answer: gpt-image-2 outputs at most 3840x2160; as an incompressible RGBA
    /// PNG that is ~33.2 MB, ~44.2 MB in base64, and n ≤ 10 makes ~442 MB (422 MiB) of JSON. 512 MiB
    /// leaves a 21 % margin. A Responses answer carries at most the same image data.
    static constexpr qint64 imageAnswerBytes = 512LL * 1024 * 1024;
    /// Every other JSON answer (video objects, lists, errors) is kilobytes; 64 MiB is generous.
    static constexpr qint64 defaultAnswerBytes = 64LL * 1024 * 1024;
    /// A download must leave this much free space at its destination.
    static constexpr qint64 diskMarginBytes = 64LL * 1024 * 1024;
};

} // namespace Sanzaru::Core

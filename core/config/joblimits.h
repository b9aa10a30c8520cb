// SPDX-License-Identifier: MIT
#pragma once

namespace Sanzaru::Core {

/// How many jobs of each group may be in a local active phase at once (submitting a paid request,
/// downloading, computing). Polling a remote job holds no slot: the remote side runs it. A stored
/// setting, so it lives with the configuration; the job queue applies it.
struct JobLimits
{
    int video = 4;    ///< Video, Remix submissions and their downloads
    int image = 4;    ///< ResponsesImage, ImageGenerate, ImageEdit
    int prepare = 2;  ///< PrepareReference (CPU)
    int download = 4; ///< Download
};

} // namespace Sanzaru::Core

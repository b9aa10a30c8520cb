// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <optional>

namespace Sanzaru::Core {

/// What a job does; each kind is a fixed sequence of tool calls. What differs between kinds is listed
/// once, in traitsOf() (jobkindtraits.h).
enum class JobKind {
    Video,            ///< create_video → get_video_status… → download_video (video + thumbnail)
    Remix,            ///< remix_video → get_video_status… → download_video (video + thumbnail)
    ResponsesImage,   ///< create_image → get_image_status… → download_image
    ImageGenerate,    ///< generate_image (one blocking, paid request)
    ImageEdit,        ///< edit_image (one blocking, paid request)
    PrepareReference, ///< prepare_reference_image (local CPU work)
    Download,         ///< download_video of an existing remote video
};

/// Where a job is in its life. Completed, Failed and Cancelled are terminal; Overdue is not: the remote
/// job outlived its deadline and the queue stopped polling until the user retries.
enum class JobState {
    Queued,
    Submitting,
    Running,
    Downloading,
    Completed,
    Failed,
    Cancelled,
    Overdue,
};

/// Which front end started the job.
enum class JobOrigin {
    App, ///< the window's forms (or a restored queue)
    Mcp, ///< a tools/call through the app's MCP endpoint (MCP clients and the CLI)
};

bool isTerminal(JobState state);
/// The tool that starts this kind of job.
QString startToolName(JobKind kind);
/// The kind a tool call of this name starts, if any (used to mirror MCP calls in the queue).
std::optional<JobKind> kindForTool(const QString &toolName);

/// Stable identifiers for the queue file: "video", "remix", "responses_image", "image_generate",
/// "image_edit", "prepare_reference", "download"; "queued", "submitting", … ; "app", "mcp".
/// (Not named toString: QTest's toString overloads are found by ADL and would clash in QCOMPARE.)
QString jobKindId(JobKind kind);
QString jobStateId(JobState state);
QString jobOriginId(JobOrigin origin);
std::optional<JobKind> jobKindFromString(const QString &text);
std::optional<JobState> jobStateFromString(const QString &text);
std::optional<JobOrigin> jobOriginFromString(const QString &text);

/// Short user-facing names ("Video", "Image (Responses API)", "Running", …), translatable.
QString displayName(JobKind kind);
QString displayName(JobState state);

} // namespace Sanzaru::Core

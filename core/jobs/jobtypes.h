// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <optional>

namespace Sanzaru::Core {

/// What a job does. A job starts with its kind's tool (the request the user or client made, in the
/// tool's arguments); a remote job then polls and downloads through the domain operations. What differs
/// between kinds is listed once, in traitsOf() (jobkindtraits.h).
enum class JobKind {
    Video,            ///< create_video, then VideoOperations: status… → download (video + thumbnail)
    Remix,            ///< remix_video, then VideoOperations: status… → download (video + thumbnail)
    ResponsesImage,   ///< create_image, then ResponseImageOperations: status… → download
    ImageGenerate,    ///< generate_image (one blocking, paid request)
    ImageEdit,        ///< edit_image (one blocking, paid request)
    PrepareReference, ///< prepare_reference_image (local CPU work)
    Download,         ///< the files of an existing remote video or response (their operations' download)
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
/// The kind a tool call of this name starts, if any (an MCP client's call becomes a queue job of that kind).
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

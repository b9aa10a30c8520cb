// SPDX-License-Identifier: MIT
#pragma once

#include <Qt>

namespace Sanzaru::Core::JobRoles {

/// Custom item-data roles of JobListModel. DisplayRole is the formatted one-line text; these return raw
/// values for painting, filtering and sorting.
///
/// Unscoped on purpose: Qt's model API takes roles as plain ints (data(), setSortRole(), the role list of
/// dataChanged()), and an unscoped enum converts implicitly, so call sites need no casts. The enclosing
/// namespace keeps the short names (SizeRole, …) from leaking into Sanzaru::Core.
enum Role : int {
    IdRole = Qt::UserRole + 1, ///< QString, the stable job id
    KindRole,                  ///< int of JobKind
    StateRole,                 ///< int of JobState
    ProgressRole,              ///< int 0–100, -1 indeterminate
    BytesReceivedRole,         ///< qint64, bytes of the current download
    BytesTotalRole,            ///< qint64, -1 unknown
    StatusTextRole,            ///< QString, one line from the engine ("Rendering 42 %")
    PromptRole,                ///< QString
    ModelRole,                 ///< QString
    SizeRole,                  ///< QString ("1280x720")
    SecondsRole,               ///< QString ("8")
    ElapsedMsRole,             ///< qint64, started (or created) until finished or now; -1 unknown
    RemainingMsRole,           ///< qint64 estimate for live jobs; -1 unknown
    ErrorRole,                 ///< QString, the error sentence (Failed, and Overdue's reason)
    ErrorDetailRole,           ///< QString, the error's detail for tool tips
    OutputPathRole,            ///< QString, the main output file (the video, or the image)
    OutputPathsRole,           ///< QStringList, every output file
    ThumbnailPathRole,         ///< QString, an image file that can stand for the job (thumbnail or image)
    RemoteIdRole,              ///< QString
    RemoteStatusRole,          ///< QString, the provider's word for the remote status, for display only
    OriginRole,                ///< int of JobOrigin
    CreatedAtRole,             ///< QDateTime (UTC)
    FinishedAtRole,            ///< QDateTime (UTC), invalid while unfinished
    ResultRole,                ///< QJsonObject, the tool's last result (parameters for the preview pane)
    TitleRole,                 ///< QString, the list's first line: the prompt, or the file a job works on
    IsVideoRole,               ///< bool, the job works on a video (traitsOf(kind).video)
    CanDownloadRole,           ///< bool, JobRecord::canDownload()
    CanRetryRole,              ///< bool, JobRecord::canRetry()
    CanRemixRole,              ///< bool, JobRecord::canRemix()
};

} // namespace Sanzaru::Core::JobRoles

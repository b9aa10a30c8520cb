// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "common/result.h"
#include "domain/remotestatus.h"
#include "jobs/jobtypes.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Sanzaru::Core {

/// A file a job produced, with what it is ("video", "thumbnail", "spritesheet", "image").
struct JobOutput
{
    QString path; ///< absolute path in the media folder
    QString variant;
    bool operator==(const JobOutput &) const = default;
};

/// Everything known about one job, as a value: what the model shows, what the queue file stores.
struct JobRecord
{
    QString id; ///< local, stable ("job-" + 12 hex digits); survives restarts
    JobKind kind = JobKind::Video;
    JobState state = JobState::Queued;
    JobOrigin origin = JobOrigin::App;

    /// Arguments of the starting tool call (prompt, model, size, …), validated and with defaults.
    QJsonObject arguments;
    /// The remote id (video id, response id) once the API returned it.
    QString remoteId;
    /// The remote status as last seen: its phase, and the provider's word for display.
    RemoteStatus remoteStatus;
    /// Set and saved BEFORE the paid request is sent: a restored job with submitted && remoteId.isEmpty()
    /// may exist upstream and is never sent again automatically.
    bool submitted = false;
    /// Mirror jobs of MCP calls do not download on their own: the client downloads what it wants.
    bool autoDownload = true;

    int progress = -1; ///< 0–100, -1 unknown
    qint64 bytesReceived = 0;
    qint64 bytesTotal = -1; ///< -1 unknown

    QDateTime createdAt;  ///< UTC, when queued
    QDateTime startedAt;  ///< UTC, when it left the queue
    QDateTime remoteAt;   ///< UTC, when the remote id arrived (the polling deadline counts from here)
    QDateTime finishedAt; ///< UTC, when it became terminal

    QList<JobOutput> outputs;
    /// Files an MCP call of this job is writing right now: after a kill, the restored job removes what
    /// those writes left half-done.
    QStringList writing;
    /// The tool's last JSON result (a Video object, an image result, …): parameters for the preview pane.
    QJsonObject result;
    /// Set when Failed (and when Overdue, saying why polling stopped).
    std::optional<Error> error;
    /// One line for the list: "Rendering 42 %", "Next check in 8 s", "Downloading 3.1 of 9.0 MB".
    QString statusText;

    QString prompt() const;
    /// What the job list shows first: the prompt, or for a reference preparation the file it prepares
    /// ("Prepare photo.jpg for 1280x720").
    QString title() const;
    QString model() const;
    QString size() const;
    QString seconds() const;
    /// The first output with this variant, or the first output when variant is empty.
    QString outputPath(const QString &variant = {}) const;

    /// Finished upstream, but the main file is not here yet (e.g. started by an MCP client that did not
    /// download it): the window can download it into this job.
    bool canDownload() const;
    /// Failed, Cancelled or Overdue.
    bool canRetry() const;
    /// A video that finished upstream and can be the source of a remix.
    bool canRemix() const;
    /// The remote job can still be polled or downloaded, so a retry need not pay for it again.
    bool remoteReusable() const;

    /// The queue-file form; fromJson rejects unknown kinds/states and missing ids with a message.
    QJsonObject toJson() const;
    static Result<JobRecord> fromJson(const QJsonObject &json);
};

} // namespace Sanzaru::Core

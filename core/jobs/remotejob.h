// SPDX-License-Identifier: MIT
#pragma once

#include "domain/remotestatus.h"
#include "jobs/job.h"

#include <QTimer>

namespace Sanzaru::Core {

/// A job with a remote counterpart (a video, a remix, a Responses API image): submit (the paid request,
/// saved first) → poll the remote job on an adaptive schedule → download its files into this job.
/// The same object stands for a job an MCP client or the CLI started: it follows that call, counts the
/// client's own status calls for its remote id as its polls (so upstream is not asked twice), and a
/// download from the window or by the client lands in its outputs.
class RemoteJob final : public Job
{
    Q_OBJECT

public:
    /// What one look at the remote job found: a video or a response, in the terms this job acts on.
    struct Snapshot
    {
        QString id;
        RemoteStatus status;
        std::optional<double> progress;
        QJsonObject json; ///< kept as the record's result
    };

    RemoteJob(const JobRecord &record, const ToolRegistry *tools, const JobTiming &timing,
              QObject *parent = nullptr);

    void start() override;
    void resume() override;
    void cancel() override;
    bool retryPolling() override;

    /// A get_video_status / get_image_status call of an MCP client for this job's remote id: its result
    /// counts as this job's poll, and the job's own next poll moves back by a full interval.
    void observeStatus(ToolCall *call);
    /// A download call of an MCP client for this job's remote id: its file joins this job's outputs.
    void attachDownload(ToolCall *call);
    /// Downloads the files of a job that finished upstream without them into this job. Returns false
    /// when record().canDownload() is false.
    bool downloadHere();

protected:
    /// The kind's domain operation (create, remix, or a Responses API image) with the record's arguments,
    /// checked as the tool would check them.
    void sendStart() override;
    void onStartFinished(ToolCall *call) override;
    QList<DownloadStep> downloadSteps() const override;

private:
    /// The remote job the start request created.
    void acceptRemote(const Snapshot &remote);
    /// The start operation answered (a failure ends the job).
    void onStarted(ToolCall *call, const Result<Snapshot> &remote);
    /// A status as the tools return it (an MCP client's call), read as a video or a response.
    Snapshot snapshotOfToolResult(const QJsonObject &result) const;
    void takeSnapshot(const Snapshot &remote);
    void schedulePoll(bool soon = false);
    /// The status line while the remote job runs, with the provider's own word when it is not OpenAI's.
    QString runningText() const;
    void poll();
    /// A status result, from the job's own poll or an observed client call.
    void applyStatus(const Result<Snapshot> &remote);
    void onCompletedUpstream();
    void stopAtDeadline();
    bool pastDeadline() const;

    QTimer m_pollTimer;
    int m_pollIndex = 0;
    int m_observedCalls = 0; ///< client status calls under way: the job's own poll waits for them
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include "config/config.h"
#include "jobs/jobrecord.h"
#include "jobs/jobtiming.h"
#include "openai/videoasset.h"

#include <QObject>
#include <QPointer>

#include <functional>

namespace Sanzaru::Core {

class ToolCall;
class ToolContext;
class ToolRegistry;

/// What the queue needs of every job, and the steps all kinds share: the life cycle (state, status line,
/// the one finished() signal), the per-kind slot a local phase waits for, the tool call under way, the
/// write-ahead save before a paid request and the download phase. The pipelines themselves live in the
/// subclasses, one mode each: RemoteJob (submit → poll → download), DownloadJob (one file of a finished
/// remote job) and SingleCallJob (one blocking call: a local preparation or an Images API request).
///
/// Emits finished() exactly once, when it reaches Completed, Failed or Cancelled; cancel() is safe to
/// call any number of times. A job never deletes itself: the JobQueue owns it.
class Job : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Job)

public:
    /// Makes the current queue durable, then calls back with ok (or the reason it could not).
    using PersistThen = std::function<void(std::function<void(bool ok, const QString &error)>)>;

    ~Job() override;

    const JobRecord &record() const { return m_record; }
    void setPersistThen(PersistThen persistThen) { m_persistThen = std::move(persistThen); }
    void setTiming(const JobTiming &timing) { m_timing = timing; }

    /// A new job: waits for a slot, then starts.
    virtual void start() = 0;
    /// A job restored from the queue file continues from its saved state without re-sending a paid request.
    virtual void resume() = 0;
    /// Becomes the job of a tool call an MCP client (or the CLI) started: the call is this job's start.
    virtual void follow(ToolCall *call);
    virtual void cancel();
    /// Overdue → Running with a fresh deadline. Returns false in any other state or kind.
    virtual bool retryPolling() { return false; }

    bool wantsSlot() const { return bool(m_pendingPhase); }
    bool holdsSlot() const { return m_holdsSlot; }
    void grantSlot();

signals:
    /// significant: state, ids or outputs changed (saved soon); otherwise progress only (saved lazily).
    void changed(bool significant);
    void slotRequested();
    void slotReleased();
    /// Exactly once.
    void finished();

protected:
    /// One file of a download phase.
    struct DownloadStep
    {
        QString variant;                 ///< "video", "thumbnail", "spritesheet" or "image"
        std::optional<VideoAsset> asset; ///< the video's asset; none: the image of a response
        QString fileName;                ///< empty: the operation's default name
        bool optional = false;           ///< a failure is logged and the next step runs
    };

    Job(const JobRecord &record, const ToolRegistry *tools, const JobTiming &timing, QObject *parent);

    /// Takes a client's call as this job's current one, in `state` until it finishes; then `done`.
    void followCall(ToolCall *call, JobState state, const QString &status,
                    std::function<void(ToolCall *)> done);
    void requestSlot(std::function<void()> phase, const QString &status);
    void releaseSlot();

    /// Sends startToolName(kind) with the record's arguments; a paid one only after the queue file says
    /// so (write-ahead: a crash can never lead to the same request being sent twice).
    void submit();
    /// Sends the start request, once submit() may. By default the kind's tool with the record's arguments.
    virtual void sendStart();
    /// The start call (the job's own tool call, or a followed MCP client's) finished.
    virtual void onStartFinished(ToolCall *call) = 0;
    /// For onStartFinished: when the call failed, ends the job accordingly and returns true.
    bool endIfStartFailed(const ToolCall *call);

    /// After a restart before the start call's answer: a paid request that may have left is not sent
    /// again (the job fails and says so); anything else starts over.
    void resumeUnsent();

    /// The files a download phase fetches, in order.
    virtual QList<DownloadStep> downloadSteps() const { return {}; }
    /// Runs downloadSteps() one after another, then completes (the caller holds a slot).
    void download();
    /// After a restart in Downloading: removes the killed process's partial files, then downloads again.
    void restartDownload();
    /// Adds the file a finished download call of an MCP client saved to the outputs; false when it failed.
    bool takeDownloadResult(ToolCall *call, const QString &variant);
    /// Adds a saved file to the outputs (once).
    void addOutput(const QString &path, const QString &variant);

    /// Progress of the call under way: bytes while downloading, otherwise percent and message.
    void onCallProgress(double progress, double total, const QString &message);
    ToolCall *callTool(const QString &name, const QJsonObject &arguments);
    /// For a sendStart() through a domain operation: the record's arguments as the start tool would run
    /// them (validated, defaults filled in, its prechecks passed) when the provider's key is set; otherwise
    /// the job fails with the reason, nothing is sent, and nullopt.
    std::optional<QJsonObject> beginStart(Provider provider);
    /// A call of the job's own that carries one domain operation (its progress, retry notices and cancel).
    ToolCall *beginOperation(const QString &name);
    /// Ends the job's own operation call after its answer (before the answer is acted on).
    void endOperation(ToolCall *call);
    /// The services the operations run on.
    const ToolContext *context() const;
    /// The provider's key, or its Config error: an operation is not started without it.
    Result<QString> apiKey(Provider provider) const;
    /// Takes a call started elsewhere as the current one (it is never cancelled or deleted here).
    void adoptCall(ToolCall *call);
    bool isCurrentCall(const ToolCall *call) const { return m_call == call; }
    bool hasCall() const { return !m_call.isNull(); }
    /// Forgets the current call; cancels and deletes it when it is the job's own.
    void dropCall();

    /// Lists the call's file in record().writing until the call ends.
    void trackWriting(ToolCall *call);
    /// After a restart: removes what the calls listed in record().writing left half-written.
    void clearInterruptedWrites();
    /// The file a download/image call writes when its arguments name it (empty otherwise).
    QString fileWrittenBy(const QString &tool, const QJsonObject &arguments) const;
    /// The file a download step writes (empty when its name is chosen at write time).
    QString fileWrittenBy(const DownloadStep &step) const;
    QString folderPath(bool video) const;

    void complete(const QString &status);
    void fail(const Error &error);
    /// Enters a terminal state and emits finished() if it has not been emitted yet.
    void finish(JobState terminal, const QString &status);
    void setState(JobState state, const QString &status);
    void setStatus(const QString &status);

    JobRecord m_record;
    const ToolRegistry *m_tools;
    JobTiming m_timing;

private:
    void downloadNext();
    void startDownloadStep(ToolCall *call, const DownloadStep &step);
    /// path: the saved file, or the reason there is none.
    void onDownloadFinished(const Result<QString> &path, const DownloadStep &step);
    /// Removes the temporary files a killed write of filePath left (only those older than `before`, when
    /// valid: a write of this process may be under way).
    static void removeStalePartFiles(const QString &filePath, const QDateTime &before = {});

    PersistThen m_persistThen;
    QPointer<ToolCall> m_call;
    bool m_ownsCall = false;
    std::function<void()> m_pendingPhase;
    bool m_holdsSlot = false;
    bool m_finishedEmitted = false;
    QList<DownloadStep> m_downloadQueue;
};

} // namespace Sanzaru::Core

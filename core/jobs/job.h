// SPDX-License-Identifier: MIT
#pragma once

#include "jobs/jobrecord.h"
#include "jobs/jobtiming.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>

namespace Sanzaru::Core {

class ToolCall;
class ToolRegistry;

/// One piece of long work as a state machine over tool calls: submit (the paid request, saved first) →
/// poll the remote job on an adaptive schedule → download. Emits finished() exactly once, when it reaches
/// Completed, Failed or Cancelled; cancel() is safe to call any number of times. A job never deletes
/// itself: the JobQueue owns it. Local phases (submitting, downloading, computing) run only when the queue
/// grants a slot, which keeps the per-kind limits in one place.
class Job final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Job)

public:
    /// Makes the current queue durable, then calls back with ok (or the reason it could not).
    using PersistThen = std::function<void(std::function<void(bool ok, const QString &error)>)>;

    Job(const JobRecord &record, const ToolRegistry *tools, const JobTiming &timing,
        QObject *parent = nullptr);
    ~Job() override;

    const JobRecord &record() const { return m_record; }
    void setPersistThen(PersistThen persistThen) { m_persistThen = std::move(persistThen); }
    void setTiming(const JobTiming &timing) { m_timing = timing; }

    /// A new job: waits for a slot, then submits.
    void start();
    /// A job restored from the queue file continues from its saved state without re-sending a paid request.
    void resume();
    /// Mirrors a tool call running elsewhere (the MCP endpoint); the remote job it creates is then polled.
    void follow(ToolCall *call);
    /// Adds the file an observed download call saves for this job's remote id to its outputs.
    void attachDownload(ToolCall *call);
    void cancel();
    /// Overdue → Running with a fresh deadline. Returns false in any other state.
    bool retryPolling();

    bool wantsSlot() const { return m_pendingPhase != nullptr; }
    bool holdsSlot() const { return m_holdsSlot; }
    void grantSlot();

signals:
    /// significant: state, ids or outputs changed (saved soon); otherwise progress only (saved lazily).
    void changed(bool significant);
    void slotRequested();
    void slotReleased();
    /// Exactly once.
    void finished();

private:
    using Phase = void (Job::*)();

    void requestSlot(Phase phase, const QString &status);
    void releaseSlot();
    void submit();
    void sendStart();
    void onStartFinished(ToolCall *call);
    void onStartProgress(double progress, double total, const QString &message);
    void acceptRemote(const QJsonObject &result);
    void schedulePoll(bool soon = false);
    /// The status line while the remote job runs, with the provider's own word when it is not OpenAI's.
    QString runningText() const;
    void poll();
    void onPollFinished(ToolCall *call);
    void download();
    void downloadNext();
    void onDownloadFinished(ToolCall *call, const QString &variant);
    /// The files a download of this job writes (for cleaning up after an interrupted one).
    QStringList downloadFilePaths() const;
    /// Removes the temporary files a killed write of filePath left (only those older than `before`, when
    /// valid: a write of this process may be under way).
    static void removeStalePartFiles(const QString &filePath, const QDateTime &before = {});
    /// The file a call of the MCP client writes when its arguments name it (empty otherwise).
    QString fileWrittenBy(const ToolCall *call) const;
    /// Lists the call's file in record().writing until the call ends.
    void trackWriting(ToolCall *call);
    /// After a restart: removes what the calls listed in record().writing left half-written.
    void clearInterruptedWrites();
    void complete(const QString &status);
    void fail(const Error &error);
    /// Enters a terminal state and emits finished() if it has not been emitted yet.
    void finish(JobState terminal, const QString &status);
    void setState(JobState state, const QString &status);
    void setStatus(const QString &status);
    ToolCall *callTool(const QString &name, const QJsonObject &arguments);
    void dropCall();
    QString folderPath(bool video) const;
    QString outputFileName(const QJsonObject &result) const;
    bool isPaid() const;
    bool isVideo() const;
    /// A download_video / download_image call of an MCP client (its arguments name the file).
    bool isMirroredDownload() const;

    JobRecord m_record;
    const ToolRegistry *m_tools;
    JobTiming m_timing;
    PersistThen m_persistThen;
    QPointer<ToolCall> m_call;
    QTimer m_pollTimer;
    int m_pollIndex = 0;
    Phase m_pendingPhase = nullptr;
    bool m_holdsSlot = false;
    bool m_mirror = false;
    bool m_finishedEmitted = false;
    QStringList m_downloadQueue;
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include "jobs/jobrecord.h"
#include "jobs/jobtiming.h"

#include <QHash>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <functional>

namespace Sanzaru::Core {

class Job;
class JobStore;
class RemoteJob;
class ToolCall;
class ToolRegistry;

/// Owns every job of the app: starts them within the per-kind limits, polls remote jobs on an adaptive
/// schedule, saves the queue (coalesced; synchronously-ordered before any paid request) and restores it
/// after a restart or crash without sending a paid request twice. Jobs never delete themselves; finished
/// jobs stay listed until removed. All methods run on the owning (GUI) thread and never block.
class JobQueue final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobQueue)

public:
    /// store may be null (nothing persisted).
    JobQueue(const ToolRegistry *tools, JobStore *store, QObject *parent = nullptr);
    ~JobQueue() override;

    void setTiming(const JobTiming &timing);
    JobTiming timing() const { return m_timing; }
    void setLimits(const JobLimits &limits);
    JobLimits limits() const { return m_limits; }

    /// Loads the saved queue (asynchronously) and resumes every unfinished job; emits restored().
    void restore();

    /// Queues a new job; the arguments are those of startToolName(kind). Returns the job id.
    QString submit(JobKind kind, const QJsonObject &arguments);
    /// Cancels a job (no-op for unknown or finished jobs; safe to call twice).
    void cancel(const QString &id);
    /// Overdue: polls again with a fresh deadline. Failed/Cancelled: replaces the job with a new one that
    /// continues from the remote id when there is one (no new paid request) or submits again. Returns the
    /// id of the job that now stands for it (empty if nothing to retry).
    QString retry(const QString &id);
    /// For a remote job that finished upstream without its files here (e.g. an MCP client's job the
    /// client did not download): downloads them into that same job (JobRecord::canDownload()). Returns
    /// the id, or empty when there is nothing to download.
    QString download(const QString &id);
    /// Removes a job; an unfinished one is cancelled first.
    void remove(const QString &id);
    /// Removes every terminal job; returns how many.
    int clearFinished();

    QStringList ids() const { return m_order; }
    int count() const { return int(m_order.size()); }
    /// The job's current record, or nullptr; valid until the next change of the queue.
    const JobRecord *find(const QString &id) const;

    /// Takes a tools/call from the MCP endpoint (or the CLI through it) into this queue. A start call
    /// (create_video, remix_video, create_image, generate_image, edit_image, prepare_reference_image)
    /// becomes a job that follows it and then polls the remote job it created; a status call for a
    /// remote id of a job here counts as that job's poll; a download call adds its file to that job (or,
    /// for a remote id unknown here, becomes a download job). The call keeps running where it is.
    void observe(ToolCall *call);

signals:
    void jobAdded(const QString &id);
    /// Any field of the record changed (state, progress, bytes, status text…). May fire often; views
    /// coalesce.
    void jobChanged(const QString &id);
    void jobRemoved(const QString &id);
    /// Exactly once per job, when it reaches Completed, Failed or Cancelled.
    void jobFinished(const QString &id);
    /// After restore(): how many jobs came back, and a message when the file was moved aside.
    void restored(int count, const QString &warning);

private:
    /// The job object for the record's kind (its pipeline in traitsOf()).
    Job *makeJob(const JobRecord &record);
    Job *addJob(const JobRecord &record, qsizetype position = -1);
    void restoreChunk();
    Job *findJob(const QString &id) const { return m_jobs.value(id); }
    RemoteJob *findByRemoteId(const QString &remoteId) const;
    void scheduleSoon();
    void schedule();
    int groupOf(JobKind kind) const;
    int limitOf(int group) const;
    void markDirty(bool significant);
    quint64 writeNow();
    void persistThen(std::function<void(bool, const QString &)> callback);
    void onSaved(quint64 generation, bool ok, const QString &error);
    void onRestored(const QList<JobRecord> &records, const QString &warning);

    const ToolRegistry *m_tools;
    JobStore *m_store;
    JobTiming m_timing;
    JobLimits m_limits;
    QStringList m_order;
    QHash<QString, Job *> m_jobs; ///< children of this queue
    QTimer m_saveTimer;
    QTimer m_scheduleTimer;
    QList<QPair<quint64, std::function<void(bool, const QString &)>>> m_saveWaiters;
    bool m_dirty = false;
    bool m_restoring = false;
    QList<JobRecord> m_restoreBacklog; ///< loaded, not yet added (restore works in chunks)
    QString m_restoreWarning;
    qsizetype m_restoreInsertAt = 0;
    int m_restoredCount = 0;
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include "jobs/jobrecord.h"
#include "jobs/jobroles.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QSet>
#include <QStringList>
#include <QTimer>

namespace Sanzaru::Core {

class JobQueue;

/// The job queue as a list model for views: one row per job, in the order the queue reported them (the
/// proxy decides what users see first). It only observes the queue; it never changes a job.
///
/// Rows hold a copy of each record, so a row always answers from a consistent snapshot, even for a job the
/// queue already dropped and whose removal is still pending.
///
/// Updates are coalesced: jobChanged only marks the job dirty, and one timer (FlushIntervalMs) emits
/// dataChanged per dirty row with an explicit role list, or a single full-range dataChanged when more than
/// half the rows are dirty. Structural changes are batched per event-loop pass: the first add or remove of a
/// pass is applied at once, the rest of the pass (a restore of thousands of jobs, clearing finished jobs) in
/// one beginInsertRows / one beginRemoveRows per contiguous run on the next pass.
class JobListModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobListModel)

public:
    /// Upper bound on dataChanged flushes: at most ten a second.
    static constexpr int FlushIntervalMs = 100;
    /// Live rows refresh their elapsed and remaining times this often.
    static constexpr int ClockIntervalMs = 1000;

    /// queue is observed, not owned; it must outlive the model or be destroyed with it.
    explicit JobListModel(JobQueue *queue, QObject *parent = nullptr);
    ~JobListModel() override;

    JobQueue *queue() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// The row of a job, or -1.
    int rowForId(const QString &id) const;
    /// The id of a row, or an empty string.
    QString idAt(int row) const;
    /// The row's snapshot of its record, or nullptr; valid until the next change of the model.
    const JobRecord *recordAt(int row) const;
    /// True when some row is Completed, Failed or Cancelled ("Clear finished" has work to do).
    bool hasFinishedJobs() const;

    /// Applies pending inserts and removals now (e.g. to select a job right after it was submitted).
    void applyPendingRows();
    /// Emits pending dataChanged now instead of waiting for the timer.
    void flushChanges();

    /// The roles a dirty row reports in dataChanged.
    static QList<int> changeRoles();
    /// The roles a live row reports once a second (the clock moved, nothing else).
    static QList<int> clockRoles();

    /// Started (or created) until finished or nowMs (ms since the epoch); -1 without timestamps.
    static qint64 elapsedMs(const JobRecord &record, qint64 nowMs);
    /// Remaining time of a live job, -1 when unknown. While downloading, from the byte rate since the
    /// download started (downloadStartMs / downloadStartBytes); otherwise from the progress rate since the
    /// remote job (or the job) started.
    static qint64 remainingMs(const JobRecord &record, qint64 nowMs, qint64 downloadStartMs = -1,
                              qint64 downloadStartBytes = 0);
    /// "42 s", "3:05", "1:02:03".
    static QString formatDuration(qint64 ms);
    /// Queued, Submitting, Running, Downloading: the states whose clock is running.
    static bool isLive(JobState state);

private:
    struct Row
    {
        JobRecord record;
        qint64 downloadStartMs = -1;
        qint64 downloadStartBytes = 0;
    };

    void onJobAdded(const QString &id);
    void onJobChanged(const QString &id);
    void onJobRemoved(const QString &id);
    void onClock();
    void applyPendingRemovals();
    void applyPendingAdds();
    void appendRows(const QStringList &ids);
    void refreshRow(Row &row, const JobRecord &record, qint64 nowMs);
    void updateClock();
    void ensureIndex() const;
    QString displayText(const Row &row, qint64 nowMs) const;
    QString toolTip(const JobRecord &record) const;

    QPointer<JobQueue> m_queue;
    QList<Row> m_rows;
    mutable QHash<QString, int> m_rowOf; ///< rebuilt lazily after removals
    mutable bool m_indexValid = true;

    QStringList m_pendingAdds;
    QSet<QString> m_pendingAddSet;
    QSet<QString> m_pendingRemoves;
    QTimer m_structureTimer; ///< zero-interval: marks one event-loop pass

    QSet<QString> m_dirty;
    bool m_clockDue = false;
    QTimer m_flushTimer;
    QTimer m_clockTimer;
    int m_liveCount = 0;
};

} // namespace Sanzaru::Core

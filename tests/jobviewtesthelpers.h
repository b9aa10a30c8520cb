// SPDX-License-Identifier: MIT
#pragma once
// Helpers for the job-queue view tests: a real JobQueue on the tool harness (fake OpenAI server, temporary
// media root) whose jobs come from a queue file written into a temporary directory and restored.

#include "jobs/jobkindtraits.h"
#include "jobs/jobqueue.h"
#include "jobs/jobrecord.h"
#include "jobs/jobstore.h"
#include "toolharness.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <memory>

namespace Sanzaru::Testing {

/// A fixed clock origin so timestamps (and so elapsed times) are deterministic.
inline QDateTime baseTime()
{
    return QDateTime::fromString(QStringLiteral("2025-01-02T03:04:05Z"), Qt::ISODate);
}

/// A record as the queue file would hold it. Terminal and Overdue records stay as they are when restored
/// (nothing is polled or sent), which makes them exact fixtures.
inline Core::JobRecord makeRecord(const QString &id, Core::JobKind kind, Core::JobState state,
                                  const QString &prompt = QStringLiteral("a red fox in the snow"),
                                  int minute = 0)
{
    Core::JobRecord record;
    record.id = id;
    record.kind = kind;
    record.state = state;
    record.arguments = QJsonObject{{QStringLiteral("prompt"), prompt},
                                   {QStringLiteral("model"), QStringLiteral("sora-2")},
                                   {QStringLiteral("size"), QStringLiteral("1280x720")},
                                   {QStringLiteral("seconds"), QStringLiteral("8")}};
    record.createdAt = baseTime().addSecs(60 * minute);
    record.startedAt = record.createdAt.addSecs(5);
    record.submitted = true;
    if (Core::isTerminal(state))
        record.finishedAt = record.startedAt.addSecs(65);
    if (state == Core::JobState::Completed)
        record.progress = 100;
    record.statusText = Core::displayName(state);
    if (state == Core::JobState::Failed || state == Core::JobState::Overdue)
        record.error =
            Core::Error::network(QStringLiteral("The API could not be reached"), QStringLiteral("detail"));
    if (state == Core::JobState::Overdue ||
        (state == Core::JobState::Completed && Core::traitsOf(kind).remote())) {
        record.remoteId = QStringLiteral("video_") + id;
        record.remoteStatus = Core::RemoteStatus::fromWord(
            state == Core::JobState::Overdue ? QStringLiteral("in_progress") : QStringLiteral("completed"));
    }
    return record;
}

class JobEngine
{
public:
    JobEngine()
        : m_store(m_dir.filePath(QStringLiteral("queue.json")))
        , m_queue(&m_harness.registry(), &m_store)
    {
        Core::JobTiming timing;
        timing.videoFirstPollMs = 20;
        timing.videoMaxPollMs = 20;
        timing.imageFirstPollMs = 20;
        timing.imageMaxPollMs = 20;
        timing.jitter = 0;
        m_queue.setTiming(timing);
    }

    bool ready() const { return m_harness.started() && m_dir.isValid(); }
    ToolHarness &harness() { return m_harness; }
    Core::JobQueue &queue() { return m_queue; }
    QString tempPath(const QString &name) const { return m_dir.filePath(name); }

    /// Writes the queue file and restores it; true once restored() reported every record.
    bool restore(const QList<Core::JobRecord> &records)
    {
        if (!ToolHarness::writeFile(m_store.filePath(), Core::JobStore::serialize(records)))
            return false;
        QSignalSpy restored(&m_queue, &Core::JobQueue::restored);
        m_queue.restore();
        if (!restored.wait(20000))
            return false;
        return restored.first().first().toInt() == records.size();
    }

private:
    ToolHarness m_harness;
    QTemporaryDir m_dir;
    Core::JobStore m_store;
    Core::JobQueue m_queue; // destroyed first: it saves into the store
};

} // namespace Sanzaru::Testing

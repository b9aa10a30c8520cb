// SPDX-License-Identifier: MIT
#include "jobqueue.h"

#include "jobs/downloadjob.h"
#include "jobs/jobkindtraits.h"
#include "jobs/jobstore.h"
#include "jobs/remotejob.h"
#include "jobs/singlecalljob.h"
#include "tools/toolcall.h"

#include <QFutureWatcher>
#include <QRandomGenerator>

namespace Sanzaru::Core {

namespace {

constexpr int slotGroupCount = int(SlotGroup::Download) + 1;

constexpr int significantSaveDelayMs = 250;
constexpr int progressSaveDelayMs = 2000;

QString newJobId()
{
    const quint64 bits = QRandomGenerator::global()->generate64() & 0xffffffffffffULL;
    return QStringLiteral("job-%1").arg(bits, 12, 16, QLatin1Char('0'));
}

QString key(const char *name)
{
    return QString::fromLatin1(name);
}

} // namespace

JobQueue::JobQueue(const ToolRegistry *tools, JobStore *store, QObject *parent)
    : QObject(parent)
    , m_tools(tools)
    , m_store(store)
{
    m_saveTimer.setSingleShot(true);
    connect(&m_saveTimer, &QTimer::timeout, this, [this] { writeNow(); });
    m_scheduleTimer.setSingleShot(true);
    m_scheduleTimer.setInterval(0);
    connect(&m_scheduleTimer, &QTimer::timeout, this, &JobQueue::schedule);
    if (m_store)
        connect(m_store, &JobStore::saved, this, &JobQueue::onSaved);
}

JobQueue::~JobQueue()
{
    // Save what is pending; the store finishes its queued writes when it is destroyed.
    if (m_dirty && !m_restoring)
        writeNow();
    for (Job *job : std::as_const(m_jobs))
        disconnect(job, nullptr, this, nullptr);
}

void JobQueue::setTiming(const JobTiming &timing)
{
    m_timing = timing;
    for (Job *job : std::as_const(m_jobs))
        job->setTiming(timing);
}

void JobQueue::setLimits(const JobLimits &limits)
{
    m_limits = limits;
    scheduleSoon();
}

void JobQueue::restore()
{
    if (!m_store) {
        emit restored(0, {});
        return;
    }
    m_restoring = true;
    auto *watcher = new QFutureWatcher<JobStore::Loaded>(this);
    connect(watcher, &QFutureWatcher<JobStore::Loaded>::finished, this, [this, watcher] {
        const JobStore::Loaded loaded = watcher->result();
        watcher->deleteLater();
        onRestored(loaded.jobs, loaded.warning);
    });
    watcher->setFuture(m_store->load());
}

void JobQueue::onRestored(const QList<JobRecord> &records, const QString &warning)
{
    m_restoreBacklog = records;
    m_restoreWarning = warning;
    m_restoreInsertAt = 0; // jobs submitted while the file was loading stay after the restored ones
    m_restoredCount = 0;
    restoreChunk();
}

void JobQueue::restoreChunk()
{
    // A few hundred jobs per event-loop pass: a 5,000-job queue comes back without freezing the window.
    constexpr qsizetype chunk = 250;
    const qsizetype end = std::min(m_restoreBacklog.size(), chunk);
    for (qsizetype i = 0; i < end; ++i) {
        const JobRecord &record = m_restoreBacklog.at(i);
        if (record.id.isEmpty() || m_jobs.contains(record.id))
            continue;
        Job *job = addJob(record, m_restoreInsertAt++);
        ++m_restoredCount;
        job->resume();
    }
    m_restoreBacklog.remove(0, end);
    if (!m_restoreBacklog.isEmpty()) {
        QTimer::singleShot(0, this, &JobQueue::restoreChunk);
        return;
    }
    m_restoring = false;
    if (m_dirty || !m_saveWaiters.isEmpty()) {
        const quint64 generation = writeNow();
        for (auto &waiter : m_saveWaiters) {
            if (waiter.first == 0)
                waiter.first = generation;
        }
    }
    scheduleSoon();
    emit restored(m_restoredCount, m_restoreWarning);
}

QString JobQueue::submit(JobKind kind, const QJsonObject &arguments)
{
    JobRecord record;
    record.id = newJobId();
    record.kind = kind;
    record.arguments = arguments;
    record.createdAt = QDateTime::currentDateTimeUtc();
    Job *job = addJob(record);
    markDirty(true);
    job->start();
    return record.id;
}

void JobQueue::cancel(const QString &idRef)
{
    const QString id = idRef; // the caller's string may change while our signals run
    if (Job *job = findJob(id))
        job->cancel();
}

QString JobQueue::retry(const QString &idRef)
{
    const QString id = idRef; // the caller's string may change while our signals run
    Job *job = findJob(id);
    if (!job)
        return {};
    const JobRecord old = job->record();
    if (old.state == JobState::Overdue) {
        job->retryPolling();
        return id;
    }
    if (old.state != JobState::Failed && old.state != JobState::Cancelled)
        return {};
    JobRecord record;
    record.id = newJobId();
    record.kind = old.kind;
    record.arguments = old.arguments;
    record.createdAt = QDateTime::currentDateTimeUtc();
    const bool remoteUsable = old.remoteReusable();
    if (remoteUsable) {
        // Continue the job OpenAI already has (polling, then downloading) instead of paying for it again.
        record.remoteId = old.remoteId;
        record.remoteStatus = old.remoteStatus;
        record.remoteAt = QDateTime::currentDateTimeUtc();
        record.startedAt = record.remoteAt;
        record.submitted = true;
        record.state = JobState::Running;
        record.result = old.result;
    }
    remove(id);
    Job *replacement = addJob(record);
    markDirty(true);
    if (remoteUsable)
        replacement->resume();
    else
        replacement->start();
    return record.id;
}

QString JobQueue::download(const QString &idRef)
{
    const QString id = idRef; // the caller's string may change while our signals run
    auto *job = qobject_cast<RemoteJob *>(findJob(id));
    if (!job || !job->downloadHere())
        return {};
    markDirty(true);
    return id;
}

void JobQueue::remove(const QString &idRef)
{
    const QString id = idRef; // the caller's string may change while our signals run
    Job *job = m_jobs.take(id);
    if (!job)
        return;
    job->cancel();
    disconnect(job, nullptr, this, nullptr);
    m_order.removeOne(id);
    job->deleteLater(); // it may be inside one of its own signals right now
    emit jobRemoved(id);
    markDirty(true);
    scheduleSoon();
}

int JobQueue::clearFinished()
{
    int removed = 0;
    const QStringList ids = m_order;
    for (const QString &id : ids) {
        if (const Job *job = findJob(id); job && isTerminal(job->record().state)) {
            remove(id);
            ++removed;
        }
    }
    return removed;
}

const JobRecord *JobQueue::find(const QString &id) const
{
    const Job *job = findJob(id);
    return job ? &job->record() : nullptr;
}

void JobQueue::observe(ToolCall *call)
{
    const QString tool = call->toolName();
    const QJsonObject args = call->arguments();
    const QString remoteId = args.value(key("video_id")).toString(args.value(key("response_id")).toString());
    if (tool == QLatin1String("get_video_status") || tool == QLatin1String("get_image_status")) {
        // The client polls a job of this queue: its answer is the job's poll, not a second one.
        if (RemoteJob *job = findByRemoteId(remoteId))
            job->observeStatus(call);
        return;
    }
    if (tool == QLatin1String("download_video") || tool == QLatin1String("download_image")) {
        if (RemoteJob *job = findByRemoteId(remoteId)) {
            job->attachDownload(call);
            markDirty(true);
            if (!job->record().writing.isEmpty())
                persistThen([release = call->holdStart()](bool, const QString &) { release(); });
            return;
        }
    } else if (!kindForTool(tool)) {
        return;
    }
    JobRecord record;
    record.id = newJobId();
    record.kind = tool.startsWith(QLatin1String("download_")) ? JobKind::Download : *kindForTool(tool);
    record.origin = JobOrigin::Mcp;
    record.autoDownload = false;
    record.arguments = args;
    record.createdAt = QDateTime::currentDateTimeUtc();
    Job *job = addJob(record);
    job->follow(call);
    markDirty(true);
    if (job->record().submitted || !job->record().writing.isEmpty()) {
        // A paid request leaves only once the file lists it: after a kill the restored job then says it
        // may exist upstream, instead of a billed job nobody knows about; a named file is listed before
        // its write starts, so a restart can remove what the write left. A failed save releases the call
        // too (the client asked for it; the queue's own error handling reports the write).
        persistThen([release = call->holdStart()](bool, const QString &) { release(); });
    }
}

Job *JobQueue::makeJob(const JobRecord &record)
{
    switch (traitsOf(record.kind).pipeline) {
    case JobPipeline::Remote:
        return new RemoteJob(record, m_tools, m_timing, this);
    case JobPipeline::Download:
        return new DownloadJob(record, m_tools, m_timing, this);
    case JobPipeline::SingleCall:
        break;
    }
    return new SingleCallJob(record, m_tools, m_timing, this);
}

Job *JobQueue::addJob(const JobRecord &record, qsizetype position)
{
    Job *job = makeJob(record);
    const QString id = record.id;
    m_jobs.insert(id, job);
    if (position < 0 || position >= m_order.size())
        m_order.append(id);
    else
        m_order.insert(position, id);
    job->setPersistThen(
        [this](std::function<void(bool, const QString &)> callback) { persistThen(std::move(callback)); });
    connect(job, &Job::changed, this, [this, id](bool significant) {
        markDirty(significant);
        emit jobChanged(id);
    });
    connect(job, &Job::slotRequested, this, &JobQueue::scheduleSoon);
    connect(job, &Job::slotReleased, this, &JobQueue::scheduleSoon);
    connect(job, &Job::finished, this, [this, id] {
        markDirty(true);
        emit jobFinished(id);
    });
    emit jobAdded(id);
    return job;
}

RemoteJob *JobQueue::findByRemoteId(const QString &remoteId) const
{
    if (remoteId.isEmpty())
        return nullptr;
    for (auto it = m_order.crbegin(); it != m_order.crend(); ++it) {
        auto *job = qobject_cast<RemoteJob *>(m_jobs.value(*it));
        if (job && job->record().remoteId == remoteId)
            return job;
    }
    return nullptr;
}

void JobQueue::scheduleSoon()
{
    if (!m_scheduleTimer.isActive())
        m_scheduleTimer.start();
}

int JobQueue::groupOf(JobKind kind) const
{
    return int(traitsOf(kind).slotGroup);
}

int JobQueue::limitOf(int group) const
{
    switch (SlotGroup(group)) {
    case SlotGroup::Video:
        return std::max(1, m_limits.video);
    case SlotGroup::Image:
        return std::max(1, m_limits.image);
    case SlotGroup::Prepare:
        return std::max(1, m_limits.prepare);
    case SlotGroup::Download:
        break;
    }
    return std::max(1, m_limits.download);
}

void JobQueue::schedule()
{
    int active[slotGroupCount] = {};
    for (const Job *job : std::as_const(m_jobs)) {
        if (job->holdsSlot())
            ++active[groupOf(job->record().kind)];
    }
    const QStringList order = m_order; // granting may change the queue
    for (const QString &id : order) {
        Job *job = findJob(id);
        if (!job || !job->wantsSlot())
            continue;
        const int group = groupOf(job->record().kind);
        if (active[group] >= limitOf(group))
            continue;
        ++active[group];
        job->grantSlot();
    }
}

void JobQueue::markDirty(bool significant)
{
    if (!m_store)
        return;
    m_dirty = true;
    const int delay = significant ? significantSaveDelayMs : progressSaveDelayMs;
    if (!m_saveTimer.isActive() || m_saveTimer.remainingTime() > delay)
        m_saveTimer.start(delay);
}

quint64 JobQueue::writeNow()
{
    if (!m_store || m_restoring)
        return 0;
    m_saveTimer.stop();
    m_dirty = false;
    QList<JobRecord> snapshot;
    snapshot.reserve(m_order.size());
    for (const QString &id : std::as_const(m_order)) {
        if (const Job *job = findJob(id))
            snapshot.append(job->record());
    }
    return m_store->save(snapshot);
}

void JobQueue::persistThen(std::function<void(bool, const QString &)> callback)
{
    if (!m_store) {
        QTimer::singleShot(0, this, [callback = std::move(callback)] { callback(true, {}); });
        return;
    }
    // While restoring, the write waits for the loaded jobs (it would otherwise drop them from the file).
    const quint64 generation = m_restoring ? 0 : writeNow();
    m_saveWaiters.append({generation, std::move(callback)});
}

void JobQueue::onSaved(quint64 generation, bool ok, const QString &error)
{
    // Writes complete in order, so every waiter up to this generation has its state on disk (or not).
    QList<QPair<quint64, std::function<void(bool, const QString &)>>> ready;
    for (auto it = m_saveWaiters.begin(); it != m_saveWaiters.end();) {
        if (it->first != 0 && it->first <= generation) {
            ready.append(std::move(*it));
            it = m_saveWaiters.erase(it);
        } else {
            ++it;
        }
    }
    for (auto &waiter : ready)
        waiter.second(ok, error);
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "joblistmodel.h"

#include "jobs/jobkindtraits.h"
#include "jobs/jobqueue.h"

#include <QDateTime>
#include <QFileInfo>

#include <algorithm>
#include <utility>

namespace Sanzaru::Core {

using namespace JobRoles;

namespace {

QString mainOutput(const JobRecord &record)
{
    for (const char *variant : {"video", "image"}) {
        const QString path = record.outputPath(QString::fromLatin1(variant));
        if (!path.isEmpty())
            return path;
    }
    return record.outputPath();
}

bool looksLikeImage(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    for (const char *known : {"png", "jpg", "jpeg", "webp", "gif", "bmp"}) {
        if (suffix == QLatin1String(known))
            return true;
    }
    return false;
}

QString thumbnailPath(const JobRecord &record)
{
    const QString thumbnail = record.outputPath(QStringLiteral("thumbnail"));
    if (!thumbnail.isEmpty())
        return thumbnail;
    const QString main = mainOutput(record);
    return looksLikeImage(main) ? main : QString();
}

qint64 msecs(const QDateTime &time)
{
    return time.isValid() ? time.toMSecsSinceEpoch() : -1;
}

} // namespace

JobListModel::JobListModel(JobQueue *queue, QObject *parent)
    : QAbstractListModel(parent)
    , m_queue(queue)
{
    m_structureTimer.setSingleShot(true);
    m_structureTimer.setInterval(0);
    connect(&m_structureTimer, &QTimer::timeout, this, &JobListModel::applyPendingRows);
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(FlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &JobListModel::flushChanges);
    m_clockTimer.setInterval(ClockIntervalMs);
    connect(&m_clockTimer, &QTimer::timeout, this, &JobListModel::onClock);

    if (!queue)
        return;
    connect(queue, &JobQueue::jobAdded, this, &JobListModel::onJobAdded);
    connect(queue, &JobQueue::jobChanged, this, &JobListModel::onJobChanged);
    connect(queue, &JobQueue::jobRemoved, this, &JobListModel::onJobRemoved);
    // Jobs already in the queue become rows without signals: nobody observes the model yet.
    const QStringList ids = queue->ids();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_rows.reserve(ids.size());
    for (const QString &id : ids) {
        if (const JobRecord *record = queue->find(id)) {
            Row row;
            row.record.state = JobState::Completed; // not live, so refreshRow counts the real state once
            refreshRow(row, *record, now);
            m_rowOf.insert(id, int(m_rows.size()));
            m_rows.append(std::move(row));
        }
    }
    updateClock();
}

JobListModel::~JobListModel() = default;

JobQueue *JobListModel::queue() const
{
    return m_queue;
}

int JobListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant JobListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.model() != this || index.parent().isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows.at(index.row());
    const JobRecord &record = row.record;
    switch (role) {
    case Qt::DisplayRole:
        return displayText(row, QDateTime::currentMSecsSinceEpoch());
    case Qt::ToolTipRole:
        return toolTip(record);
    case IdRole:
        return record.id;
    case KindRole:
        return int(record.kind);
    case StateRole:
        return int(record.state);
    case ProgressRole:
        return record.progress;
    case BytesReceivedRole:
        return record.bytesReceived;
    case BytesTotalRole:
        return record.bytesTotal;
    case StatusTextRole:
        return record.statusText;
    case PromptRole:
        return record.prompt();
    case TitleRole:
        return record.title();
    case ModelRole:
        return record.model();
    case SizeRole:
        return record.size();
    case SecondsRole:
        return record.seconds();
    case ElapsedMsRole:
        return elapsedMs(record, QDateTime::currentMSecsSinceEpoch());
    case RemainingMsRole:
        return remainingMs(record, QDateTime::currentMSecsSinceEpoch(), row.downloadStartMs,
                           row.downloadStartBytes);
    case ErrorRole:
        return record.error ? record.error->message : QString();
    case ErrorDetailRole:
        return record.error ? record.error->detail : QString();
    case OutputPathRole:
        return mainOutput(record);
    case OutputPathsRole: {
        QStringList paths;
        paths.reserve(record.outputs.size());
        for (const JobOutput &output : record.outputs)
            paths.append(output.path);
        return paths;
    }
    case ThumbnailPathRole:
        return thumbnailPath(record);
    case RemoteIdRole:
        return record.remoteId;
    case RemoteStatusRole:
        return record.remoteStatus.word;
    case IsVideoRole:
        return traitsOf(record.kind).video;
    case CanDownloadRole:
        return record.canDownload();
    case CanRetryRole:
        return record.canRetry();
    case CanRemixRole:
        return record.canRemix();
    case OriginRole:
        return int(record.origin);
    case CreatedAtRole:
        return record.createdAt;
    case FinishedAtRole:
        return record.finishedAt;
    case ResultRole:
        return record.result;
    default:
        return {};
    }
}

QHash<int, QByteArray> JobListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert({
        {IdRole, "id"},
        {KindRole, "kind"},
        {StateRole, "state"},
        {ProgressRole, "progress"},
        {BytesReceivedRole, "bytesReceived"},
        {BytesTotalRole, "bytesTotal"},
        {StatusTextRole, "statusText"},
        {PromptRole, "prompt"},
        {TitleRole, "title"},
        {ModelRole, "model"},
        {SizeRole, "size"},
        {SecondsRole, "seconds"},
        {ElapsedMsRole, "elapsedMs"},
        {RemainingMsRole, "remainingMs"},
        {ErrorRole, "error"},
        {ErrorDetailRole, "errorDetail"},
        {OutputPathRole, "outputPath"},
        {OutputPathsRole, "outputPaths"},
        {ThumbnailPathRole, "thumbnailPath"},
        {RemoteIdRole, "remoteId"},
        {RemoteStatusRole, "remoteStatus"},
        {OriginRole, "origin"},
        {CreatedAtRole, "createdAt"},
        {FinishedAtRole, "finishedAt"},
        {ResultRole, "result"},
        {IsVideoRole, "isVideo"},
        {CanDownloadRole, "canDownload"},
        {CanRetryRole, "canRetry"},
        {CanRemixRole, "canRemix"},
    });
    return names;
}

int JobListModel::rowForId(const QString &id) const
{
    ensureIndex();
    return m_rowOf.value(id, -1);
}

QString JobListModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).record.id : QString();
}

const JobRecord *JobListModel::recordAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row).record : nullptr;
}

bool JobListModel::hasFinishedJobs() const
{
    return std::any_of(m_rows.cbegin(), m_rows.cend(),
                       [](const Row &row) { return isTerminal(row.record.state); });
}

QList<int> JobListModel::changeRoles()
{
    // Everything a job's progress can touch; id, kind, prompt, origin and creation time never change.
    return {Qt::DisplayRole, Qt::ToolTipRole,   StateRole,    ProgressRole,     BytesReceivedRole,
            BytesTotalRole,  StatusTextRole,    ModelRole,    SizeRole,         SecondsRole,
            ElapsedMsRole,   RemainingMsRole,   ErrorRole,    ErrorDetailRole,  OutputPathRole,
            OutputPathsRole, ThumbnailPathRole, RemoteIdRole, RemoteStatusRole, FinishedAtRole,
            ResultRole,      CanDownloadRole,   CanRetryRole, CanRemixRole};
}

QList<int> JobListModel::clockRoles()
{
    return {Qt::DisplayRole, ElapsedMsRole, RemainingMsRole};
}

bool JobListModel::isLive(JobState state)
{
    switch (state) {
    case JobState::Queued:
    case JobState::Submitting:
    case JobState::Running:
    case JobState::Downloading:
        return true;
    case JobState::Completed:
    case JobState::Failed:
    case JobState::Cancelled:
    case JobState::Overdue: // waits for the user; nothing to estimate
        return false;
    }
    return false;
}

qint64 JobListModel::elapsedMs(const JobRecord &record, qint64 nowMs)
{
    const qint64 start = record.startedAt.isValid() ? msecs(record.startedAt) : msecs(record.createdAt);
    if (start < 0)
        return -1;
    const qint64 end = record.finishedAt.isValid() ? msecs(record.finishedAt) : nowMs;
    return std::max<qint64>(0, end - start);
}

qint64 JobListModel::remainingMs(const JobRecord &record, qint64 nowMs, qint64 downloadStartMs,
                                 qint64 downloadStartBytes)
{
    if (!isLive(record.state))
        return -1;
    if (record.state == JobState::Downloading) {
        if (record.bytesTotal <= 0 || downloadStartMs < 0)
            return -1;
        const qint64 got = record.bytesReceived - downloadStartBytes;
        const qint64 spent = nowMs - downloadStartMs;
        if (got <= 0 || spent <= 0)
            return -1;
        const qint64 left = std::max<qint64>(0, record.bytesTotal - record.bytesReceived);
        return qint64(double(left) * double(spent) / double(got));
    }
    const int percent = record.progress;
    if (percent <= 0)
        return -1;
    if (percent >= 100)
        return 0;
    // Remote progress counts from when the remote job existed; before that, from when the job started.
    const qint64 base = record.remoteAt.isValid() ? msecs(record.remoteAt) : msecs(record.startedAt);
    if (base < 0 || nowMs <= base)
        return -1;
    return qint64(double(nowMs - base) * (100 - percent) / percent);
}

QString JobListModel::formatDuration(qint64 ms)
{
    if (ms < 0)
        return {};
    const qint64 total = ms / 1000;
    const qint64 hours = total / 3600;
    const qint64 minutes = (total % 3600) / 60;
    const qint64 seconds = total % 60;
    if (hours > 0)
        return QStringLiteral("%1:%2:%3")
            .arg(hours)
            .arg(minutes, 2, 10, QLatin1Char('0'))
            .arg(seconds, 2, 10, QLatin1Char('0'));
    if (minutes > 0)
        return QStringLiteral("%1:%2").arg(minutes).arg(seconds, 2, 10, QLatin1Char('0'));
    return tr("%1 s").arg(seconds);
}

void JobListModel::applyPendingRows()
{
    m_structureTimer.stop();
    applyPendingRemovals();
    applyPendingAdds();
}

void JobListModel::onJobAdded(const QString &id)
{
    if (m_pendingAddSet.contains(id) || rowForId(id) >= 0)
        return;
    if (m_structureTimer.isActive()) {
        m_pendingAdds.append(id);
        m_pendingAddSet.insert(id);
        return;
    }
    // The first add of a pass shows at once; the timer marks the pass so a burst after it is batched.
    appendRows({id});
    m_structureTimer.start();
}

void JobListModel::onJobRemoved(const QString &removedId)
{
    // A copy: the views' reactions to the removal below may change the string the sender passed by reference.
    const QString id = removedId;
    if (m_pendingAddSet.remove(id)) {
        m_pendingAdds.removeOne(id);
        return;
    }
    const int row = rowForId(id);
    if (row < 0)
        return;
    m_dirty.remove(id);
    if (m_structureTimer.isActive()) {
        m_pendingRemoves.insert(id);
        return;
    }
    beginRemoveRows({}, row, row);
    m_liveCount -= int(isLive(m_rows.at(row).record.state));
    m_rows.removeAt(row);
    if (row == m_rows.size())
        m_rowOf.remove(id);
    else
        m_indexValid = false;
    endRemoveRows();
    updateClock();
    m_structureTimer.start();
}

void JobListModel::onJobChanged(const QString &id)
{
    // A row still waiting to be inserted reads its record when it is inserted.
    if (m_pendingAddSet.contains(id) || m_pendingRemoves.contains(id))
        return;
    m_dirty.insert(id);
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void JobListModel::onClock()
{
    if (m_liveCount == 0) {
        m_clockTimer.stop();
        return;
    }
    m_clockDue = true;
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void JobListModel::applyPendingRemovals()
{
    if (m_pendingRemoves.isEmpty())
        return;
    // From the end, one beginRemoveRows per contiguous run, so earlier row numbers stay valid.
    for (int last = int(m_rows.size()) - 1; last >= 0; --last) {
        if (!m_pendingRemoves.contains(m_rows.at(last).record.id))
            continue;
        int first = last;
        while (first > 0 && m_pendingRemoves.contains(m_rows.at(first - 1).record.id))
            --first;
        beginRemoveRows({}, first, last);
        for (int row = first; row <= last; ++row)
            m_liveCount -= int(isLive(m_rows.at(row).record.state));
        m_rows.remove(first, last - first + 1);
        m_indexValid = false;
        endRemoveRows();
        last = first;
    }
    m_pendingRemoves.clear();
    updateClock();
}

void JobListModel::applyPendingAdds()
{
    if (m_pendingAdds.isEmpty())
        return;
    const QStringList ids = std::exchange(m_pendingAdds, {});
    m_pendingAddSet.clear();
    appendRows(ids);
}

void JobListModel::appendRows(const QStringList &ids)
{
    if (!m_queue)
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QList<Row> rows;
    rows.reserve(ids.size());
    for (const QString &id : ids) {
        const JobRecord *record = m_queue->find(id);
        if (!record)
            continue;
        Row row;
        row.record.state = JobState::Completed; // not live, so refreshRow counts the real state once
        refreshRow(row, *record, now);
        rows.append(std::move(row));
    }
    if (rows.isEmpty())
        return;
    ensureIndex();
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(rows.size()) - 1);
    for (Row &row : rows) {
        m_rowOf.insert(row.record.id, int(m_rows.size()));
        m_rows.append(std::move(row));
    }
    endInsertRows();
    updateClock();
}

void JobListModel::refreshRow(Row &row, const JobRecord &record, qint64 nowMs)
{
    const bool wasLive = isLive(row.record.state);
    if (record.state == JobState::Downloading) {
        // The byte rate counts from the first time this download was seen; a new file restarts it.
        if (row.record.state != JobState::Downloading || row.downloadStartMs < 0 ||
            record.bytesReceived < row.downloadStartBytes) {
            row.downloadStartMs = nowMs;
            row.downloadStartBytes = record.bytesReceived;
        }
    } else {
        row.downloadStartMs = -1;
        row.downloadStartBytes = 0;
    }
    row.record = record;
    m_liveCount += int(isLive(record.state)) - int(wasLive);
}

void JobListModel::updateClock()
{
    if (m_liveCount > 0 && !m_clockTimer.isActive())
        m_clockTimer.start();
    else if (m_liveCount == 0)
        m_clockTimer.stop();
}

void JobListModel::flushChanges()
{
    m_flushTimer.stop();
    if (m_dirty.isEmpty() && !m_clockDue)
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QList<int> changed;
    changed.reserve(m_dirty.size());
    for (const QString &id : std::as_const(m_dirty)) {
        const int row = rowForId(id);
        if (row < 0 || m_pendingRemoves.contains(id))
            continue;
        if (const JobRecord *record = m_queue ? m_queue->find(id) : nullptr)
            refreshRow(m_rows[row], *record, now);
        changed.append(row);
    }
    m_dirty.clear();

    QList<int> ticked;
    if (m_clockDue) {
        m_clockDue = false;
        const QSet<int> changedSet(changed.cbegin(), changed.cend());
        for (int row = 0; row < m_rows.size(); ++row) {
            const Row &r = m_rows.at(row);
            if (isLive(r.record.state) && !changedSet.contains(row) &&
                !m_pendingRemoves.contains(r.record.id))
                ticked.append(row);
        }
    }
    updateClock();
    const qsizetype total = changed.size() + ticked.size();
    if (total == 0)
        return;
    if (total * 2 > m_rows.size()) {
        // Most rows changed: one signal is cheaper for every view and proxy than hundreds.
        emit dataChanged(index(0), index(int(m_rows.size()) - 1),
                         changed.isEmpty() ? clockRoles() : changeRoles());
        return;
    }
    std::sort(changed.begin(), changed.end());
    const QList<int> roles = changeRoles();
    for (int row : std::as_const(changed))
        emit dataChanged(index(row), index(row), roles);
    const QList<int> tick = clockRoles();
    for (int row : std::as_const(ticked))
        emit dataChanged(index(row), index(row), tick);
}

void JobListModel::ensureIndex() const
{
    if (m_indexValid)
        return;
    m_rowOf.clear();
    m_rowOf.reserve(m_rows.size());
    for (int row = 0; row < m_rows.size(); ++row)
        m_rowOf.insert(m_rows.at(row).record.id, row);
    m_indexValid = true;
}

QString JobListModel::displayText(const Row &row, qint64 nowMs) const
{
    const JobRecord &record = row.record;
    QStringList parts{displayName(record.kind),
                      record.statusText.isEmpty() ? displayName(record.state) : record.statusText};
    const qint64 elapsed = elapsedMs(record, nowMs);
    if (elapsed >= 0)
        parts.append(formatDuration(elapsed));
    QString text = parts.join(QStringLiteral(" · "));
    const QString prompt = record.title().simplified();
    if (!prompt.isEmpty())
        text += QStringLiteral(" — ") + (prompt.size() > 80 ? prompt.left(79) + QChar(0x2026) : prompt);
    return text;
}

QString JobListModel::toolTip(const JobRecord &record) const
{
    QStringList lines;
    if (!record.title().isEmpty())
        lines.append(record.title());
    lines.append(tr("%1, %2").arg(displayName(record.kind), displayName(record.state)));
    if (record.error) {
        lines.append(record.error->message);
        if (!record.error->detail.isEmpty())
            lines.append(record.error->detail);
    }
    lines.append(record.id);
    return lines.join(QLatin1Char('\n'));
}

} // namespace Sanzaru::Core

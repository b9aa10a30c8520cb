// SPDX-License-Identifier: MIT
#include "remotejob.h"

#include "domain/responseimageoperations.h"
#include "domain/videooperations.h"
#include "jobs/jobkindtraits.h"
#include "openai/videoasset.h"
#include "tools/responsesimagetools.h"
#include "tools/toolcall.h"
#include "tools/videotools.h"

#include <QCoreApplication>
#include <QRandomGenerator>

#include <cmath>
#include <memory>
#include <utility>

namespace Sanzaru::Core {

namespace {

QString key(const char *name)
{
    return QString::fromLatin1(name);
}

/// Polling shrugs these off until the deadline (sanzaru's CLI rule, digest §2.17).
bool isTransient(const Error &error)
{
    switch (error.kind) {
    case ErrorKind::Network:
    case ErrorKind::Timeout:
    case ErrorKind::Config: // e.g. the key is not set yet: the remote job keeps running meanwhile
        return true;
    case ErrorKind::Api:
        return error.httpStatus == 408 || error.httpStatus == 409 || error.httpStatus == 429 ||
               error.httpStatus >= 500;
    default:
        return false;
    }
}

RemoteJob::Snapshot snapshotOf(const Video &video)
{
    return {video.id, video.status, video.progress, video.json};
}

RemoteJob::Snapshot snapshotOf(const ResponseJob &job)
{
    return {job.id, job.status, std::nullopt, job.toJson()};
}

template <typename Remote> Result<RemoteJob::Snapshot> snapshotOf(const Result<Remote> &remote)
{
    return remote ? Result<RemoteJob::Snapshot>(snapshotOf(*remote))
                  : Result<RemoteJob::Snapshot>(remote.error());
}

} // namespace

RemoteJob::RemoteJob(const JobRecord &record, const ToolRegistry *tools, const JobTiming &timing,
                     QObject *parent)
    : Job(record, tools, timing, parent)
{
    m_pollTimer.setSingleShot(true);
    connect(&m_pollTimer, &QTimer::timeout, this, &RemoteJob::poll);
    connect(this, &Job::finished, &m_pollTimer, &QTimer::stop);
}

void RemoteJob::start()
{
    if (m_record.state == JobState::Queued)
        requestSlot([this] { submit(); }, tr("Waiting for a free slot"));
}

void RemoteJob::resume()
{
    clearInterruptedWrites();
    switch (m_record.state) {
    case JobState::Queued:
        start();
        return;
    case JobState::Submitting:
        if (m_record.remoteId.isEmpty()) {
            resumeUnsent();
            return;
        }
        setState(JobState::Running, tr("Checking the remote job"));
        schedulePoll(true);
        return;
    case JobState::Running:
        if (m_record.remoteId.isEmpty()) {
            fail(Error::internal(tr("The saved job has no remote id to follow.")));
            return;
        }
        setStatus(tr("Checking the remote job"));
        schedulePoll(true);
        return;
    case JobState::Downloading:
        restartDownload();
        return;
    case JobState::Overdue:
    case JobState::Completed:
    case JobState::Failed:
    case JobState::Cancelled:
        return;
    }
}

void RemoteJob::cancel()
{
    m_pollTimer.stop();
    Job::cancel();
}

bool RemoteJob::retryPolling()
{
    if (m_record.state != JobState::Overdue)
        return false;
    m_record.remoteAt = QDateTime::currentDateTimeUtc();
    m_record.error.reset();
    m_pollIndex = 0;
    setState(JobState::Running, tr("Checking the remote job"));
    schedulePoll(true);
    return true;
}

void RemoteJob::observeStatus(ToolCall *call)
{
    ++m_observedCalls;
    // Settles once: when the call finishes, or when it goes away unfinished (its session closed).
    auto pending = std::make_shared<bool>(true);
    const auto settle = [this, pending](const Result<QJsonObject> *result) {
        if (!std::exchange(*pending, false))
            return;
        --m_observedCalls;
        if (m_record.state != JobState::Running)
            return;
        if (result && *result) {
            m_pollTimer.stop();
            applyStatus(snapshotOfToolResult(**result));
        } else if (!m_pollTimer.isActive() && !hasCall()) {
            // Only an answer counts: after a client's failed call the job's own schedule goes on.
            schedulePoll();
        }
    };
    connect(call, &ToolCall::finished, this, [call, settle] { settle(&call->result()); });
    connect(call, &QObject::destroyed, this, [settle] { settle(nullptr); });
}

void RemoteJob::attachDownload(ToolCall *call)
{
    trackWriting(call);
    connect(call, &ToolCall::finished, this, [this, call] {
        const bool video = call->toolName() == QLatin1String("download_video");
        const QString variant =
            video ? call->arguments().value(key("variant")).toString(key("video")) : key("image");
        if (takeDownloadResult(call, variant) && isTerminal(m_record.state))
            setStatus(tr("Downloaded by an MCP client"));
    });
}

bool RemoteJob::downloadHere()
{
    if (!m_record.canDownload())
        return false;
    m_record.error.reset();
    setState(JobState::Downloading, tr("Waiting for a free download slot"));
    requestSlot([this] { download(); }, tr("Waiting for a free download slot"));
    return true;
}

void RemoteJob::sendStart()
{
    const std::optional<QJsonObject> arguments =
        beginStart(traitsOf(m_record.kind).video ? Provider::Video : Provider::Image);
    if (!arguments)
        return;
    ToolCall *call = beginOperation(startToolName(m_record.kind));
    connect(call, &ToolCall::progressed, this, &RemoteJob::onCallProgress);
    const auto started = [this, call](const auto &remote) { onStarted(call, snapshotOf(remote)); };
    switch (m_record.kind) {
    case JobKind::Video:
        VideoOperations::create(call, context(), VideoTools::createRequest(*arguments), started);
        return;
    case JobKind::Remix:
        VideoOperations::remix(call, context(), VideoTools::remixRequest(*arguments), started);
        return;
    case JobKind::ResponsesImage:
        ResponseImageOperations::create(call, context(), ResponsesImageTools::createRequest(*arguments),
                                        started);
        return;
    default:
        onStarted(call, Error::internal(tr("%1 is not a remote job.").arg(jobKindId(m_record.kind))));
    }
}

void RemoteJob::onStarted(ToolCall *call, const Result<Snapshot> &remote)
{
    if (!isCurrentCall(call))
        return;
    endOperation(call);
    releaseSlot();
    if (!remote) {
        fail(remote.error());
        return;
    }
    acceptRemote(*remote);
}

void RemoteJob::onStartFinished(ToolCall *call)
{
    if (endIfStartFailed(call))
        return;
    releaseSlot();
    acceptRemote(snapshotOfToolResult(*call->result()));
}

QList<Job::DownloadStep> RemoteJob::downloadSteps() const
{
    QList<DownloadStep> steps;
    if (traitsOf(m_record.kind).video) {
        for (VideoAsset asset : allVideoAssets())
            steps.append({videoAssetId(asset), asset, {}, asset != VideoAsset::Video});
        return steps;
    }
    QString ext =
        m_record.arguments.value(key("tool_config")).toObject().value(key("output_format")).toString();
    if (ext.isEmpty())
        ext = key("png");
    steps.append({key("image"), std::nullopt, m_record.remoteId + QLatin1Char('.') + ext, false});
    return steps;
}

RemoteJob::Snapshot RemoteJob::snapshotOfToolResult(const QJsonObject &result) const
{
    return traitsOf(m_record.kind).video ? snapshotOf(Video::fromJson(result))
                                         : snapshotOf(ResponseJob::fromJson(result));
}

void RemoteJob::acceptRemote(const Snapshot &remote)
{
    m_record.remoteId = remote.id;
    m_record.remoteAt = QDateTime::currentDateTimeUtc();
    takeSnapshot(remote);
    if (m_record.remoteId.isEmpty()) {
        fail(Error::internal(tr("The API accepted the job but returned no id.")));
        return;
    }
    m_pollIndex = 0;
    setState(JobState::Running, runningText());
    schedulePoll();
}

void RemoteJob::takeSnapshot(const Snapshot &remote)
{
    m_record.remoteStatus = remote.status;
    m_record.result = remote.json;
    if (remote.progress)
        m_record.progress = int(std::lround(*remote.progress));
}

QString RemoteJob::runningText() const
{
    // Any other word is a provider's own ("pending", "processing", …): still running, shown as sent.
    using Phase = RemoteStatus::Phase;
    const RemoteStatus &status = m_record.remoteStatus;
    const bool video = traitsOf(m_record.kind).video;
    if (status.phase == Phase::Queued)
        return tr("Queued upstream");
    if (status.phase == Phase::InProgress || status.phase == Phase::None)
        return m_record.progress >= 0 && video ? tr("Rendering %1 %").arg(m_record.progress)
                                               : tr("Generating");
    if (m_record.progress > 0 && video)
        return tr("Upstream: %1, %2 %").arg(status.word).arg(m_record.progress);
    return tr("Upstream: %1").arg(status.word);
}

void RemoteJob::schedulePoll(bool soon)
{
    if (soon) {
        m_pollTimer.start(0);
        return;
    }
    double interval = m_timing.pollIntervalMs(m_record.kind, m_pollIndex++);
    interval *= 1.0 + m_timing.jitter * (2.0 * QRandomGenerator::global()->generateDouble() - 1.0);
    const qint64 elapsed = m_record.remoteAt.msecsTo(QDateTime::currentDateTimeUtc());
    const qint64 remaining = std::max<qint64>(0, m_timing.deadlineMs(m_record.kind) - elapsed);
    m_pollTimer.start(int(std::min<qint64>(qint64(interval), remaining)));
}

void RemoteJob::poll()
{
    // A client's status call for this remote id is under way: its answer is this poll.
    if (m_record.state != JobState::Running || hasCall() || m_observedCalls > 0)
        return;
    const bool video = traitsOf(m_record.kind).video;
    if (Result<QString> key = apiKey(video ? Provider::Video : Provider::Image); !key) {
        applyStatus(key.error());
        return;
    }
    ToolCall *call = beginOperation(QStringLiteral("poll"));
    // A poll waiting out a rate limit says so (and for how long) in the row.
    connect(call, &ToolCall::progressed, this, &RemoteJob::onCallProgress);
    const auto answered = [this, call](const auto &remote) {
        if (!isCurrentCall(call))
            return;
        endOperation(call);
        applyStatus(snapshotOf(remote));
    };
    if (video)
        VideoOperations::status(call, context(), m_record.remoteId, answered);
    else
        ResponseImageOperations::status(call, context(), m_record.remoteId, answered);
}

void RemoteJob::applyStatus(const Result<Snapshot> &remote)
{
    if (!remote) {
        if (!isTransient(remote.error())) {
            fail(remote.error());
            return;
        }
        setStatus(remote.error().kind == ErrorKind::Config
                      ? tr("Waiting: %1").arg(remote.error().message)
                      : tr("Could not reach the API (%1); trying again").arg(remote.error().message));
    } else {
        takeSnapshot(*remote);
        if (m_record.remoteStatus.isCompleted()) {
            onCompletedUpstream();
            return;
        }
        if (m_record.remoteStatus.hasEnded()) {
            fail(remoteFailure(remote->json, remote->status));
            return;
        }
        setStatus(runningText());
    }
    if (pastDeadline()) {
        stopAtDeadline();
        return;
    }
    emit changed(false);
    schedulePoll();
}

void RemoteJob::onCompletedUpstream()
{
    m_record.progress = 100;
    if (m_record.autoDownload)
        requestSlot([this] { download(); }, tr("Waiting for a free download slot"));
    else
        complete(tr("Finished upstream; not downloaded yet"));
    emit changed(true);
}

bool RemoteJob::pastDeadline() const
{
    return m_record.remoteAt.msecsTo(QDateTime::currentDateTimeUtc()) >= m_timing.deadlineMs(m_record.kind);
}

void RemoteJob::stopAtDeadline()
{
    const qint64 minutes = m_timing.deadlineMs(m_record.kind) / 60000;
    const Error error = Error::timeout(QCoreApplication::translate(
        "Sanzaru::Core::Job",
        "Still running upstream after %n minute(s); polling stopped. Use Retry to keep checking.", nullptr,
        int(minutes)));
    m_record.error = error;
    setState(JobState::Overdue, error.message);
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "job.h"

#include "storage/atomicfile.h"
#include "tools/toolcall.h"
#include "tools/toolcontext.h"
#include "tools/toolregistry.h"

#include <QCoreApplication>
#include <QDir>
#include <QFutureWatcher>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>
#include <utility>

namespace Sanzaru::Core {

Q_LOGGING_CATEGORY(lcJob, "sanzaru.jobs")

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

QString megabytes(qint64 bytes)
{
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1);
}

} // namespace

Job::Job(const JobRecord &record, const ToolRegistry *tools, const JobTiming &timing, QObject *parent)
    : QObject(parent)
    , m_record(record)
    , m_tools(tools)
    , m_timing(timing)
{
    m_pollTimer.setSingleShot(true);
    connect(&m_pollTimer, &QTimer::timeout, this, &Job::poll);
}

Job::~Job()
{
    dropCall();
}

bool Job::isPaid() const
{
    return m_record.kind != JobKind::PrepareReference && m_record.kind != JobKind::Download;
}

bool Job::isMirroredDownload() const
{
    return m_record.kind == JobKind::Download && m_record.origin == JobOrigin::Mcp;
}

bool Job::isVideo() const
{
    return m_record.kind == JobKind::Video || m_record.kind == JobKind::Remix ||
           m_record.kind == JobKind::Download;
}

void Job::start()
{
    if (m_record.state != JobState::Queued)
        return;
    if (m_record.kind == JobKind::Download) {
        m_record.remoteId = m_record.arguments.value(key("video_id"))
                                .toString(m_record.arguments.value(key("response_id")).toString());
        requestSlot(&Job::download, tr("Waiting for a free download slot"));
        return;
    }
    requestSlot(&Job::submit, tr("Waiting for a free slot"));
}

void Job::resume()
{
    clearInterruptedWrites();
    switch (m_record.state) {
    case JobState::Queued:
        start();
        return;
    case JobState::Submitting:
        if (!m_record.remoteId.isEmpty() && isRemoteKind(m_record.kind)) {
            setState(JobState::Running, tr("Checking the remote job"));
            schedulePoll(true);
        } else if (isPaid() && m_record.submitted) {
            // The request may have reached OpenAI before the app stopped; sending it again could bill twice.
            fail(Error::network(
                tr("The app stopped while this request was being sent. It may have reached OpenAI, "
                   "so it was not sent again; use Retry to send it once more.")));
        } else {
            m_record.state = JobState::Queued;
            start();
        }
        return;
    case JobState::Running:
        if (m_record.remoteId.isEmpty()) {
            fail(Error::internal(tr("The saved job has no remote id to follow.")));
            return;
        }
        setStatus(tr("Checking the remote job"));
        schedulePoll(true);
        return;
    case JobState::Downloading: {
        // A download cut off by the stop starts again from the first byte. The killed process's hidden
        // partial files are removed first (off this thread: it lists a folder), then the slot is requested.
        m_record.outputs.clear();
        setStatus(tr("Cleaning up the interrupted download"));
        const QStringList stale = downloadFilePaths();
        auto *watcher = new QFutureWatcher<void>(this);
        connect(watcher, &QFutureWatcher<void>::finished, this, [this, watcher] {
            watcher->deleteLater();
            if (m_record.state == JobState::Downloading)
                requestSlot(&Job::download, tr("Waiting for a free download slot"));
        });
        watcher->setFuture(QtConcurrent::run([stale] {
            for (const QString &path : stale)
                removeStalePartFiles(path);
        }));
        return;
    }
    case JobState::Overdue:
    case JobState::Completed:
    case JobState::Failed:
    case JobState::Cancelled:
        return;
    }
}

void Job::follow(ToolCall *call)
{
    m_mirror = true;
    m_call = call;
    m_record.submitted = isPaid();
    m_record.startedAt = QDateTime::currentDateTimeUtc();
    if (m_record.kind == JobKind::Download) {
        m_record.remoteId = call->arguments().value(key("video_id")).toString();
        m_record.remoteId = m_record.remoteId.isEmpty()
                                ? call->arguments().value(key("response_id")).toString()
                                : m_record.remoteId;
        setState(JobState::Downloading, tr("Downloading for an MCP client"));
    } else {
        setState(JobState::Submitting, tr("Started by an MCP client"));
    }
    trackWriting(call);
    connect(call, &ToolCall::progressed, this, &Job::onStartProgress);
    connect(call, &ToolCall::finished, this, [this, call] {
        if (m_call != call)
            return;
        m_call = nullptr;
        if (m_record.kind == JobKind::Download) {
            const QString variant = call->arguments().value(key("variant")).toString(key("image"));
            m_downloadQueue.clear();
            onDownloadFinished(call, variant);
            return;
        }
        onStartFinished(call);
    });
}

void Job::attachDownload(ToolCall *call)
{
    trackWriting(call);
    connect(call, &ToolCall::finished, this, [this, call] {
        if (!call->result())
            return;
        const bool video = call->toolName() == QLatin1String("download_video");
        const QString variant =
            video ? call->arguments().value(key("variant")).toString(key("video")) : key("image");
        const QString path =
            QDir(folderPath(video)).filePath(call->result()->value(key("filename")).toString());
        const JobOutput output{path, variant};
        if (!m_record.outputs.contains(output)) {
            m_record.outputs.append(output);
            if (isTerminal(m_record.state))
                setStatus(tr("Downloaded by an MCP client"));
            emit changed(true);
        }
    });
}

void Job::cancel()
{
    if (isTerminal(m_record.state))
        return;
    m_pollTimer.stop();
    m_pendingPhase = nullptr;
    m_downloadQueue.clear();
    if (m_call) {
        ToolCall *call = m_call;
        m_call = nullptr;
        disconnect(call, nullptr, this, nullptr);
        call->cancel();
    }
    const bool remoteRunning = !m_record.remoteId.isEmpty() && m_record.state != JobState::Downloading;
    releaseSlot();
    finish(JobState::Cancelled,
           remoteRunning ? tr("Cancelled here; the remote job may still finish upstream") : tr("Cancelled"));
}

bool Job::retryPolling()
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

void Job::requestSlot(Phase phase, const QString &status)
{
    m_pendingPhase = phase;
    setStatus(status);
    emit changed(false);
    emit slotRequested();
}

void Job::grantSlot()
{
    const Phase phase = m_pendingPhase;
    if (!phase)
        return;
    m_pendingPhase = nullptr;
    m_holdsSlot = true;
    (this->*phase)();
}

void Job::releaseSlot()
{
    if (!m_holdsSlot)
        return;
    m_holdsSlot = false;
    emit slotReleased();
}

void Job::submit()
{
    if (!m_record.startedAt.isValid())
        m_record.startedAt = QDateTime::currentDateTimeUtc();
    if (!isPaid() || !m_persistThen) {
        setState(JobState::Submitting, {});
        sendStart();
        return;
    }
    // Write-ahead: the queue file says "submitted" before the paid request leaves, so a crash can never
    // lead to the same request being sent again on restart.
    m_record.submitted = true;
    setState(JobState::Submitting, tr("Saving the queue"));
    QPointer<Job> self(this);
    m_persistThen([self](bool ok, const QString &error) {
        if (!self || self->m_record.state != JobState::Submitting || self->m_call)
            return;
        if (!ok) {
            self->m_record.submitted = false;
            self->fail(Error::io(
                tr("The job queue could not be saved, so the request was not sent: %1").arg(error)));
            return;
        }
        self->sendStart();
    });
}

void Job::sendStart()
{
    setStatus(m_record.kind == JobKind::PrepareReference ? tr("Preparing") : tr("Sending the request"));
    ToolCall *call = callTool(startToolName(m_record.kind), m_record.arguments);
    connect(call, &ToolCall::progressed, this, &Job::onStartProgress);
    connect(call, &ToolCall::finished, this, [this, call] {
        if (m_call != call)
            return;
        m_call = nullptr;
        call->deleteLater();
        onStartFinished(call);
    });
}

void Job::onStartProgress(double progress, double total, const QString &message)
{
    if (m_record.state == JobState::Downloading) {
        m_record.bytesReceived = qint64(progress);
        m_record.bytesTotal = total > 0 ? qint64(total) : -1;
        m_record.statusText =
            m_record.bytesTotal > 0
                ? tr("Downloading %1 of %2 MB")
                      .arg(megabytes(m_record.bytesReceived), megabytes(m_record.bytesTotal))
                : tr("Downloading %1 MB").arg(megabytes(m_record.bytesReceived));
    } else {
        if (total > 0)
            m_record.progress = int(100.0 * progress / total);
        if (!message.isEmpty())
            m_record.statusText = message;
    }
    emit changed(false);
}

void Job::onStartFinished(ToolCall *call)
{
    const Result<QJsonObject> &result = call->result();
    if (!result) {
        if (result.error().kind == ErrorKind::Cancelled && isTerminal(m_record.state))
            return;
        releaseSlot();
        if (result.error().kind == ErrorKind::Cancelled) {
            finish(JobState::Cancelled, tr("Cancelled by the MCP client"));
            return;
        }
        fail(result.error());
        return;
    }
    if (m_mirror)
        m_record.arguments = call->arguments();
    if (isRemoteKind(m_record.kind)) {
        releaseSlot();
        acceptRemote(*result);
        return;
    }
    // generate_image / edit_image save to "filename"; prepare_reference_image to "output_filename".
    m_record.result = *result;
    const QString name = outputFileName(*result);
    if (!name.isEmpty())
        m_record.outputs.append({QDir(folderPath(false)).filePath(name), key("image")});
    releaseSlot();
    complete(tr("Done"));
}

void Job::acceptRemote(const QJsonObject &result)
{
    m_record.remoteId = result.value(key("id")).toString();
    m_record.remoteStatus = result.value(key("status")).toString();
    m_record.remoteAt = QDateTime::currentDateTimeUtc();
    m_record.result = result;
    if (result.value(key("progress")).isDouble())
        m_record.progress = int(std::lround(result.value(key("progress")).toDouble()));
    if (m_record.remoteId.isEmpty()) {
        fail(Error::internal(tr("The API accepted the job but returned no id.")));
        return;
    }
    m_pollIndex = 0;
    setState(JobState::Running, runningText());
    schedulePoll();
}

QString Job::runningText() const
{
    // Any other word is a provider's own ("pending", "processing", …): still running, shown as sent.
    const QString &status = m_record.remoteStatus;
    if (status == QLatin1String("queued"))
        return tr("Queued upstream");
    if (status == QLatin1String("in_progress") || status.isEmpty())
        return m_record.progress >= 0 && isVideo() ? tr("Rendering %1 %").arg(m_record.progress) : tr("Generating");
    if (m_record.progress > 0 && isVideo())
        return tr("Upstream: %1, %2 %").arg(status).arg(m_record.progress);
    return tr("Upstream: %1").arg(status);
}

void Job::schedulePoll(bool soon)
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

void Job::poll()
{
    if (m_record.state != JobState::Running || m_call)
        return;
    const bool video = isVideo();
    const QJsonObject args{{video ? key("video_id") : key("response_id"), m_record.remoteId}};
    ToolCall *call = callTool(video ? key("get_video_status") : key("get_image_status"), args);
    connect(call, &ToolCall::finished, this, [this, call] {
        if (m_call != call)
            return;
        m_call = nullptr;
        call->deleteLater();
        onPollFinished(call);
    });
}

void Job::onPollFinished(ToolCall *call)
{
    const Result<QJsonObject> &result = call->result();
    const qint64 elapsed = m_record.remoteAt.msecsTo(QDateTime::currentDateTimeUtc());
    const bool pastDeadline = elapsed >= m_timing.deadlineMs(m_record.kind);
    if (!result) {
        if (!isTransient(result.error())) {
            fail(result.error());
            return;
        }
        setStatus(result.error().kind == ErrorKind::Config
                      ? tr("Waiting: %1").arg(result.error().message)
                      : tr("Could not reach the API (%1); trying again").arg(result.error().message));
    } else {
        const QString status = result->value(key("status")).toString();
        m_record.remoteStatus = status;
        m_record.result = *result;
        // Gateways send fractional progress; toInt() would read it as 0.
        if (result->value(key("progress")).isDouble())
            m_record.progress = int(std::lround(result->value(key("progress")).toDouble()));
        if (status == QLatin1String("completed")) {
            m_record.progress = 100;
            if (m_record.autoDownload)
                requestSlot(&Job::download, tr("Waiting for a free download slot"));
            else
                complete(tr("Finished upstream; not downloaded yet"));
            emit changed(true);
            return;
        }
        if (status == QLatin1String("failed") || status == QLatin1String("cancelled") ||
            status == QLatin1String("canceled") || status == QLatin1String("incomplete")) {
            const QJsonObject remoteError = result->value(key("error")).toObject();
            Error error;
            error.kind = ErrorKind::JobFailed;
            error.apiCode = remoteError.value(key("code")).toString();
            error.message = remoteError.value(key("message")).toString();
            if (error.message.isEmpty())
                error.message = tr("The remote job ended as %1.").arg(status);
            fail(error);
            return;
        }
        setStatus(runningText());
    }
    if (pastDeadline) {
        const qint64 minutes = m_timing.deadlineMs(m_record.kind) / 60000;
        const Error error = Error::timeout(QCoreApplication::translate(
            "Sanzaru::Core::Job",
            "Still running upstream after %n minute(s); polling stopped. Use Retry to keep checking.",
            nullptr, int(minutes)));
        m_record.error = error;
        setState(JobState::Overdue, error.message);
        return;
    }
    emit changed(false);
    schedulePoll();
}

void Job::download()
{
    m_record.bytesReceived = 0;
    m_record.bytesTotal = -1;
    m_downloadQueue.clear();
    if (m_record.kind == JobKind::ResponsesImage || m_record.arguments.contains(key("response_id"))) {
        m_downloadQueue << key("image"); // a mirrored download_image counts as an image download too
    } else {
        QString variant = m_record.kind == JobKind::Download
                              ? m_record.arguments.value(key("variant")).toString()
                              : QString();
        // A mirrored download_video (resumed after a restart) fetches what the client asked for: the
        // tool's default variant, not the window's three.
        if (variant.isEmpty() && isMirroredDownload())
            variant = key("video");
        if (variant.isEmpty())
            m_downloadQueue << key("video") << key("thumbnail") << key("spritesheet");
        else
            m_downloadQueue << variant;
    }
    setState(JobState::Downloading, tr("Downloading"));
    downloadNext();
}

void Job::downloadNext()
{
    if (m_downloadQueue.isEmpty()) {
        releaseSlot();
        complete(tr("Done"));
        return;
    }
    const QString variant = m_downloadQueue.takeFirst();
    ToolCall *call = nullptr;
    if (variant == QLatin1String("image")) {
        QString ext =
            m_record.arguments.value(key("tool_config")).toObject().value(key("output_format")).toString();
        if (ext.isEmpty())
            ext = key("png");
        QString name = m_record.arguments.value(key("filename")).toString();
        if (name.isEmpty() || m_record.kind != JobKind::Download)
            name = m_record.remoteId + QLatin1Char('.') + ext;
        call = callTool(key("download_image"),
                        {{key("response_id"), m_record.remoteId}, {key("filename"), name}});
    } else {
        QJsonObject arguments{{key("video_id"), m_record.remoteId}, {key("variant"), variant}};
        const QString name = m_record.arguments.value(key("filename")).toString();
        if (isMirroredDownload() && !name.isEmpty())
            arguments.insert(key("filename"), name);
        call = callTool(key("download_video"), arguments);
    }
    if (variant == QLatin1String("video") || variant == QLatin1String("image") ||
        m_record.kind == JobKind::Download)
        connect(call, &ToolCall::progressed, this, &Job::onStartProgress);
    connect(call, &ToolCall::finished, this, [this, call, variant] {
        if (m_call != call)
            return;
        m_call = nullptr;
        call->deleteLater();
        onDownloadFinished(call, variant);
    });
}

void Job::onDownloadFinished(ToolCall *call, const QString &variant)
{
    const Result<QJsonObject> &result = call->result();
    const bool video = call->toolName() == QLatin1String("download_video");
    if (!result) {
        // A missing thumbnail or spritesheet is not worth failing a finished video for.
        const bool extra = variant == QLatin1String("thumbnail") || variant == QLatin1String("spritesheet");
        if (extra && result.error().kind != ErrorKind::Cancelled && m_record.kind != JobKind::Download) {
            qCInfo(lcJob) << variant << "of" << m_record.remoteId << "not saved:" << result.error().message;
            downloadNext();
            return;
        }
        releaseSlot();
        if (result.error().kind == ErrorKind::Cancelled && m_mirror) {
            finish(JobState::Cancelled, tr("Cancelled by the MCP client"));
            return;
        }
        fail(result.error());
        return;
    }
    const QString name = result->value(key("filename")).toString();
    m_record.outputs.append({QDir(folderPath(video)).filePath(name), variant});
    if (variant == QLatin1String("image"))
        m_record.result.insert(key("image"), *result);
    emit changed(true);
    if (m_mirror) {
        complete(tr("Downloaded"));
        return;
    }
    downloadNext();
}

QStringList Job::downloadFilePaths() const
{
    const QString name = m_record.arguments.value(key("filename")).toString();
    if (isMirroredDownload() && !name.isEmpty())
        return {QDir(folderPath(!m_record.arguments.contains(key("response_id")))).filePath(name)};
    if (m_record.kind == JobKind::ResponsesImage || m_record.arguments.contains(key("response_id"))) {
        QString ext =
            m_record.arguments.value(key("tool_config")).toObject().value(key("output_format")).toString();
        return {QDir(folderPath(false))
                    .filePath(m_record.remoteId + QLatin1Char('.') + (ext.isEmpty() ? key("png") : ext))};
    }
    const QDir videos(folderPath(true));
    return {videos.filePath(m_record.remoteId + QStringLiteral(".mp4")),
            videos.filePath(m_record.remoteId + QStringLiteral(".webp")),
            videos.filePath(m_record.remoteId + QStringLiteral(".jpg"))};
}

void Job::removeStalePartFiles(const QString &filePath, const QDateTime &before)
{
    // A killed process leaves ".<name>.<random>.sanzaru-part" behind; a restarted download starts clean.
    const QFileInfo info(filePath);
    QDir dir = info.dir();
    const QStringList parts = dir.entryList(
        {QLatin1Char('.') + info.fileName() + QStringLiteral(".*.sanzaru-part")}, QDir::Files | QDir::Hidden);
    for (const QString &part : parts) {
        if (!AtomicFile::isTemporaryName(part))
            continue;
        if (before.isValid() && QFileInfo(dir.filePath(part)).lastModified() >= before)
            continue;
        dir.remove(part);
    }
}

QString Job::fileWrittenBy(const ToolCall *call) const
{
    const QString tool = call->toolName();
    const QJsonObject &args = call->arguments();
    QString name;
    bool video = false;
    if (tool == QLatin1String("download_video")) {
        video = true;
        name = args.value(key("filename")).toString();
        if (name.isEmpty()) {
            const QString variant = args.value(key("variant")).toString(key("video"));
            const QString ext = variant == QLatin1String("thumbnail")     ? key("webp")
                                : variant == QLatin1String("spritesheet") ? key("jpg")
                                                                          : key("mp4");
            name = args.value(key("video_id")).toString() + QLatin1Char('.') + ext;
        }
    } else if (tool == QLatin1String("prepare_reference_image")) {
        name = args.value(key("output_filename")).toString();
    } else if (tool == QLatin1String("download_image") || tool == QLatin1String("generate_image") ||
               tool == QLatin1String("edit_image")) {
        // Default names carry the time of the write: unknown here, so only named files are tracked.
        name = args.value(key("filename")).toString();
    }
    if (name.isEmpty() || name.startsWith(QLatin1Char('.')))
        return {};
    const QString folder = folderPath(video);
    return folder.isEmpty() ? QString() : QDir(folder).filePath(name);
}

void Job::trackWriting(ToolCall *call)
{
    const QString path = fileWrittenBy(call);
    if (path.isEmpty())
        return;
    m_record.writing.append(path);
    connect(call, &ToolCall::finished, this, [this, path] {
        m_record.writing.removeOne(path);
        emit changed(true);
    });
}

void Job::clearInterruptedWrites()
{
    if (m_record.writing.isEmpty())
        return;
    const QStringList stale = std::exchange(m_record.writing, {});
    const QDateTime now = QDateTime::currentDateTimeUtc();
    emit changed(true);
    auto *watcher = new QFutureWatcher<void>(this);
    connect(watcher, &QFutureWatcher<void>::finished, watcher, &QObject::deleteLater);
    watcher->setFuture(QtConcurrent::run([stale, now] {
        for (const QString &path : stale)
            removeStalePartFiles(path, now);
    }));
}

void Job::complete(const QString &status)
{
    if (m_record.progress >= 0 || isRemoteKind(m_record.kind))
        m_record.progress = 100;
    m_record.error.reset();
    finish(JobState::Completed, status);
}

void Job::fail(const Error &error)
{
    m_pollTimer.stop();
    m_pendingPhase = nullptr;
    releaseSlot();
    m_record.error = error;
    finish(JobState::Failed, error.message);
}

void Job::finish(JobState terminal, const QString &status)
{
    m_record.finishedAt = QDateTime::currentDateTimeUtc();
    setState(terminal, status);
    if (!m_finishedEmitted) { // the one terminal signal
        m_finishedEmitted = true;
        emit finished();
    }
}

void Job::setState(JobState state, const QString &status)
{
    m_record.state = state;
    if (!status.isEmpty() || state == JobState::Submitting)
        m_record.statusText = status;
    emit changed(true);
}

void Job::setStatus(const QString &status)
{
    if (m_record.statusText == status)
        return;
    m_record.statusText = status;
    emit changed(false);
}

ToolCall *Job::callTool(const QString &name, const QJsonObject &arguments)
{
    dropCall();
    ToolCall *call = m_tools->call(name, arguments, this);
    m_call = call;
    return call;
}

void Job::dropCall()
{
    if (!m_call || m_mirror)
        return;
    ToolCall *call = m_call;
    m_call = nullptr;
    disconnect(call, nullptr, this, nullptr);
    call->cancel();
    call->deleteLater();
}

QString Job::folderPath(bool video) const
{
    const ToolContext *context = m_tools->context();
    const Result<MediaFolder> folder = video ? context->videoFolder() : context->imageFolder();
    return folder ? folder->root() : QString();
}

QString Job::outputFileName(const QJsonObject &result) const
{
    const QString name = result.value(key("filename")).toString();
    return name.isEmpty() ? result.value(key("output_filename")).toString() : name;
}

} // namespace Sanzaru::Core

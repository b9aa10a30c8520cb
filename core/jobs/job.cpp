// SPDX-License-Identifier: MIT
#include "job.h"

#include "domain/responseimageoperations.h"
#include "domain/videooperations.h"
#include "jobs/jobkindtraits.h"
#include "openai/videoasset.h"
#include "storage/atomicfile.h"
#include "tools/toolcall.h"
#include "tools/toolcontext.h"
#include "tools/toolregistry.h"

#include <QDir>
#include <QFutureWatcher>
#include <QLoggingCategory>
#include <QtConcurrent/QtConcurrentRun>

#include <utility>

namespace Sanzaru::Core {

Q_LOGGING_CATEGORY(lcJob, "sanzaru.jobs")

namespace {

QString key(const char *name)
{
    return QString::fromLatin1(name);
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
{}

Job::~Job()
{
    dropCall();
}

void Job::follow(ToolCall *call)
{
    m_record.submitted = traitsOf(m_record.kind).paid;
    followCall(call, JobState::Submitting, tr("Started by an MCP client"), [this](ToolCall *done) {
        m_record.arguments = done->arguments();
        onStartFinished(done);
    });
}

void Job::followCall(ToolCall *call, JobState state, const QString &status,
                     std::function<void(ToolCall *)> done)
{
    adoptCall(call);
    m_record.startedAt = QDateTime::currentDateTimeUtc();
    setState(state, status);
    trackWriting(call);
    connect(call, &ToolCall::progressed, this, &Job::onCallProgress);
    connect(call, &ToolCall::finished, this, [this, call, done = std::move(done)] {
        if (!isCurrentCall(call))
            return;
        dropCall();
        done(call);
    });
}

void Job::cancel()
{
    if (isTerminal(m_record.state))
        return;
    m_pendingPhase = nullptr;
    m_downloadQueue.clear();
    if (m_call) {
        ToolCall *call = m_call;
        const bool own = m_ownsCall;
        m_call = nullptr;
        disconnect(call, nullptr, this, nullptr);
        call->cancel();
        if (own)
            call->deleteLater();
    }
    const bool remoteRunning = !m_record.remoteId.isEmpty() && m_record.state != JobState::Downloading &&
                               traitsOf(m_record.kind).remote();
    releaseSlot();
    finish(JobState::Cancelled,
           remoteRunning ? tr("Cancelled here; the remote job may still finish upstream") : tr("Cancelled"));
}

void Job::requestSlot(std::function<void()> phase, const QString &status)
{
    m_pendingPhase = std::move(phase);
    setStatus(status);
    emit changed(false);
    emit slotRequested();
}

void Job::grantSlot()
{
    if (!m_pendingPhase)
        return;
    const std::function<void()> phase = std::exchange(m_pendingPhase, nullptr);
    m_holdsSlot = true;
    phase();
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
    const auto send = [this] {
        setStatus(m_record.kind == JobKind::PrepareReference ? tr("Preparing") : tr("Sending the request"));
        sendStart();
    };
    if (!traitsOf(m_record.kind).paid || !m_persistThen) {
        setState(JobState::Submitting, {});
        send();
        return;
    }
    m_record.submitted = true;
    setState(JobState::Submitting, tr("Saving the queue"));
    QPointer<Job> self(this);
    m_persistThen([self, send](bool ok, const QString &error) {
        if (!self || self->m_record.state != JobState::Submitting || self->hasCall())
            return;
        if (!ok) {
            self->m_record.submitted = false;
            self->fail(Error::io(
                tr("The job queue could not be saved, so the request was not sent: %1").arg(error)));
            return;
        }
        send();
    });
}

void Job::sendStart()
{
    ToolCall *call = callTool(startToolName(m_record.kind), m_record.arguments);
    connect(call, &ToolCall::progressed, this, &Job::onCallProgress);
    connect(call, &ToolCall::finished, this, [this, call] {
        if (!isCurrentCall(call))
            return;
        dropCall();
        onStartFinished(call);
    });
}

void Job::resumeUnsent()
{
    if (traitsOf(m_record.kind).paid && m_record.submitted) {
        // The request may have reached OpenAI before the app stopped; sending it again could bill twice.
        fail(Error::network(
            tr("The app stopped while this request was being sent. It may have reached OpenAI, "
               "so it was not sent again; use Retry to send it once more.")));
        return;
    }
    m_record.state = JobState::Queued;
    start();
}

bool Job::endIfStartFailed(const ToolCall *call)
{
    const Result<QJsonObject> &result = call->result();
    if (result)
        return false;
    if (result.error().kind == ErrorKind::Cancelled && isTerminal(m_record.state))
        return true;
    releaseSlot();
    if (result.error().kind == ErrorKind::Cancelled)
        finish(JobState::Cancelled, tr("Cancelled by the MCP client"));
    else
        fail(result.error());
    return true;
}

void Job::download()
{
    m_record.bytesReceived = 0;
    m_record.bytesTotal = -1;
    m_downloadQueue = downloadSteps();
    setState(JobState::Downloading, tr("Downloading"));
    downloadNext();
}

void Job::restartDownload()
{
    // A download cut off by the stop starts again from the first byte. The killed process's hidden
    // partial files are removed first (off this thread: it lists a folder), then the slot is requested.
    m_record.outputs.clear();
    setStatus(tr("Cleaning up the interrupted download"));
    QStringList stale;
    for (const DownloadStep &step : downloadSteps())
        stale.append(fileWrittenBy(step));
    stale.removeAll(QString());
    auto *watcher = new QFutureWatcher<void>(this);
    connect(watcher, &QFutureWatcher<void>::finished, this, [this, watcher] {
        watcher->deleteLater();
        if (m_record.state == JobState::Downloading)
            requestSlot([this] { download(); }, tr("Waiting for a free download slot"));
    });
    watcher->setFuture(QtConcurrent::run([stale] {
        for (const QString &path : stale)
            removeStalePartFiles(path);
    }));
}

void Job::downloadNext()
{
    if (m_downloadQueue.isEmpty()) {
        releaseSlot();
        complete(tr("Done"));
        return;
    }
    const DownloadStep step = m_downloadQueue.takeFirst();
    if (Result<QString> key = apiKey(step.asset ? Provider::Video : Provider::Image); !key) {
        onDownloadFinished(key.error(), step);
        return;
    }
    ToolCall *call = beginOperation(step.variant);
    if (!step.optional)
        connect(call, &ToolCall::progressed, this, &Job::onCallProgress);
    startDownloadStep(call, step);
}

void Job::startDownloadStep(ToolCall *call, const DownloadStep &step)
{
    if (step.asset) {
        const VideoOperations::DownloadRequest request{m_record.remoteId, *step.asset, step.fileName};
        VideoOperations::download(
            call, context(), request, [this, call, step](Result<VideoOperations::SavedAsset> saved) {
                if (!isCurrentCall(call))
                    return;
                endOperation(call);
                onDownloadFinished(saved ? Result<QString>(saved->path) : saved.error(), step);
            });
        return;
    }
    const QString folder = folderPath(false);
    ResponseImageOperations::download(
        call, context(), m_record.remoteId, step.fileName,
        [this, call, step, folder](Result<SavedImage> saved) {
            if (!isCurrentCall(call))
                return;
            endOperation(call);
            if (saved)
                m_record.result.insert(key("image"), ImageSaver::toJson(*saved));
            onDownloadFinished(
                saved ? Result<QString>(QDir(folder).filePath(saved->filename)) : saved.error(), step);
        });
}

void Job::onDownloadFinished(const Result<QString> &path, const DownloadStep &step)
{
    if (!path && step.optional && path.error().kind != ErrorKind::Cancelled) {
        // A missing thumbnail or spritesheet is not worth failing a finished video for.
        qCInfo(lcJob) << step.variant << "of" << m_record.remoteId << "not saved:" << path.error().message;
        downloadNext();
        return;
    }
    if (!path) {
        releaseSlot();
        fail(path.error());
        return;
    }
    addOutput(*path, step.variant);
    downloadNext();
}

bool Job::takeDownloadResult(ToolCall *call, const QString &variant)
{
    const Result<QJsonObject> &result = call->result();
    if (!result)
        return false;
    const bool video = call->toolName() == QLatin1String("download_video");
    addOutput(QDir(folderPath(video)).filePath(result->value(key("filename")).toString()), variant);
    if (variant == QLatin1String("image")) {
        m_record.result.insert(key("image"), *result);
        emit changed(true);
    }
    return true;
}

void Job::addOutput(const QString &path, const QString &variant)
{
    const JobOutput output{path, variant};
    if (!m_record.outputs.contains(output))
        m_record.outputs.append(output);
    emit changed(true);
}

void Job::onCallProgress(double progress, double total, const QString &message)
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

ToolCall *Job::callTool(const QString &name, const QJsonObject &arguments)
{
    dropCall();
    ToolCall *call = m_tools->call(name, arguments, this);
    m_call = call;
    m_ownsCall = true;
    return call;
}

std::optional<QJsonObject> Job::beginStart(Provider provider)
{
    Result<QJsonObject> arguments = m_tools->checkArguments(startToolName(m_record.kind), m_record.arguments);
    if (Result<QString> key = arguments ? apiKey(provider) : arguments.error(); !key) {
        releaseSlot();
        fail(key.error());
        return std::nullopt;
    }
    return *arguments;
}

ToolCall *Job::beginOperation(const QString &name)
{
    dropCall();
    auto *call = new ToolCall(name, {}, this);
    m_call = call;
    m_ownsCall = true;
    return call;
}

void Job::endOperation(ToolCall *call)
{
    if (!call->isFinished())
        call->finish(QJsonObject{}); // answered: a later cancel has nothing left to abort
    dropCall();
}

const ToolContext *Job::context() const
{
    return m_tools->context();
}

Result<QString> Job::apiKey(Provider provider) const
{
    return context()->requireApiKey(provider);
}

void Job::adoptCall(ToolCall *call)
{
    dropCall();
    m_call = call;
    m_ownsCall = false;
}

void Job::dropCall()
{
    if (!m_call)
        return;
    ToolCall *call = m_call;
    m_call = nullptr;
    if (!m_ownsCall)
        return;
    disconnect(call, nullptr, this, nullptr);
    call->cancel();
    call->deleteLater();
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

QString Job::fileWrittenBy(const QString &tool, const QJsonObject &args) const
{
    QString name;
    bool video = false;
    if (tool == QLatin1String("download_video")) {
        video = true;
        name = args.value(key("filename")).toString();
        if (name.isEmpty())
            name = videoAssetFileName(
                args.value(key("video_id")).toString(),
                videoAssetFromId(args.value(key("variant")).toString()).value_or(VideoAsset::Video));
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

QString Job::fileWrittenBy(const DownloadStep &step) const
{
    const QString name = step.asset && step.fileName.isEmpty()
                             ? videoAssetFileName(m_record.remoteId, *step.asset)
                             : step.fileName;
    if (name.isEmpty() || name.startsWith(QLatin1Char('.')))
        return {};
    const QString folder = folderPath(step.asset.has_value());
    return folder.isEmpty() ? QString() : QDir(folder).filePath(name);
}

void Job::trackWriting(ToolCall *call)
{
    const QString path = fileWrittenBy(call->toolName(), call->arguments());
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

QString Job::folderPath(bool video) const
{
    const ToolContext *context = m_tools->context();
    const Result<MediaFolder> folder = video ? context->videoFolder() : context->imageFolder();
    return folder ? folder->root() : QString();
}

void Job::complete(const QString &status)
{
    if (m_record.progress >= 0 || traitsOf(m_record.kind).remote())
        m_record.progress = 100;
    m_record.error.reset();
    finish(JobState::Completed, status);
}

void Job::fail(const Error &error)
{
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

} // namespace Sanzaru::Core

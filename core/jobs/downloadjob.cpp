// SPDX-License-Identifier: MIT
#include "downloadjob.h"

#include "openai/videoasset.h"
#include "tools/toolcall.h"

namespace Sanzaru::Core {

namespace {

QString key(const char *name)
{
    return QString::fromLatin1(name);
}

QString remoteIdOf(const QJsonObject &arguments)
{
    const QString videoId = arguments.value(key("video_id")).toString();
    return videoId.isEmpty() ? arguments.value(key("response_id")).toString() : videoId;
}

} // namespace

DownloadJob::DownloadJob(const JobRecord &record, const ToolRegistry *tools, const JobTiming &timing,
                         QObject *parent)
    : Job(record, tools, timing, parent)
{}

bool DownloadJob::isImage() const
{
    return m_record.arguments.contains(key("response_id"));
}

void DownloadJob::start()
{
    if (m_record.state != JobState::Queued)
        return;
    m_record.remoteId = remoteIdOf(m_record.arguments);
    requestSlot([this] { download(); }, tr("Waiting for a free download slot"));
}

void DownloadJob::resume()
{
    clearInterruptedWrites();
    if (m_record.state == JobState::Downloading) {
        restartDownload();
    } else if (!isTerminal(m_record.state) && m_record.state != JobState::Overdue) {
        m_record.state = JobState::Queued;
        start();
    }
}

void DownloadJob::follow(ToolCall *call)
{
    m_record.remoteId = remoteIdOf(call->arguments());
    followCall(call, JobState::Downloading, tr("Downloading for an MCP client"), [this](ToolCall *done) {
        const QString variant =
            isImage() ? key("image") : done->arguments().value(key("variant")).toString(key("video"));
        if (takeDownloadResult(done, variant))
            complete(tr("Downloaded"));
        else if (done->result().error().kind == ErrorKind::Cancelled)
            finish(JobState::Cancelled, tr("Cancelled by the MCP client"));
        else
            fail(done->result().error());
    });
}

QList<Job::DownloadStep> DownloadJob::downloadSteps() const
{
    const QString name = m_record.arguments.value(key("filename")).toString();
    if (isImage())
        return {{key("image"), std::nullopt,
                 name.isEmpty() ? m_record.remoteId + QStringLiteral(".png") : name, false}};
    // What the client asked for: one variant (the tool's default is the video), under its name if given.
    // A download the window queued before downloads went into the job's own row has no variant: all.
    QString variant = m_record.arguments.value(key("variant")).toString();
    if (variant.isEmpty() && m_record.origin == JobOrigin::Mcp)
        variant = key("video");
    const QString fileName = m_record.origin == JobOrigin::Mcp ? name : QString();
    QList<DownloadStep> steps;
    for (VideoAsset asset : allVideoAssets())
        if (variant.isEmpty() || videoAssetId(asset) == variant)
            steps.append({videoAssetId(asset), asset, fileName, false});
    return steps;
}

} // namespace Sanzaru::Core

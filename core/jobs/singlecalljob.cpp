// SPDX-License-Identifier: MIT
#include "singlecalljob.h"

#include "domain/imageoperations.h"
#include "jobs/jobkindtraits.h"
#include "tools/imagesapitools.h"
#include "tools/toolcall.h"

#include <QDir>

namespace Sanzaru::Core {

SingleCallJob::SingleCallJob(const JobRecord &record, const ToolRegistry *tools, const JobTiming &timing,
                             QObject *parent)
    : Job(record, tools, timing, parent)
{}

void SingleCallJob::start()
{
    if (m_record.state == JobState::Queued)
        requestSlot([this] { submit(); }, tr("Waiting for a free slot"));
}

void SingleCallJob::resume()
{
    clearInterruptedWrites();
    if (m_record.state == JobState::Queued)
        start();
    else if (!isTerminal(m_record.state) && m_record.state != JobState::Overdue)
        resumeUnsent();
}

void SingleCallJob::sendStart()
{
    const bool generate = m_record.kind == JobKind::ImageGenerate;
    if (!generate && m_record.kind != JobKind::ImageEdit) {
        Job::sendStart(); // a local preparation: its tool runs it
        return;
    }
    const std::optional<QJsonObject> arguments = beginStart(Provider::Image);
    if (!arguments)
        return;
    ToolCall *call = beginOperation(startToolName(m_record.kind));
    connect(call, &ToolCall::progressed, this, &SingleCallJob::onCallProgress);
    const auto saved = [this, call](Result<ImageOperations::Image> image) {
        if (!isCurrentCall(call))
            return;
        endOperation(call);
        if (!image) {
            releaseSlot();
            fail(image.error());
            return;
        }
        completeWith(ImagesApiTools::toJson(*image), image->saved.filename);
    };
    if (generate)
        ImageOperations::generate(call, context(), ImagesApiTools::generateRequest(*arguments), saved);
    else
        ImageOperations::edit(call, context(), ImagesApiTools::editRequest(*arguments), saved);
}

void SingleCallJob::onStartFinished(ToolCall *call)
{
    if (endIfStartFailed(call))
        return;
    // generate_image / edit_image save to "filename"; prepare_reference_image to "output_filename".
    const QJsonObject &result = *call->result();
    QString name = result.value(QStringLiteral("filename")).toString();
    if (name.isEmpty())
        name = result.value(QStringLiteral("output_filename")).toString();
    completeWith(result, name);
}

void SingleCallJob::completeWith(const QJsonObject &result, const QString &fileName)
{
    m_record.result = result;
    if (!fileName.isEmpty())
        m_record.outputs.append({QDir(folderPath(false)).filePath(fileName), QStringLiteral("image")});
    releaseSlot();
    complete(tr("Done"));
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "singlecalljob.h"

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

void SingleCallJob::onStartFinished(ToolCall *call)
{
    if (endIfStartFailed(call))
        return;
    // generate_image / edit_image save to "filename"; prepare_reference_image to "output_filename".
    const QJsonObject &result = *call->result();
    m_record.result = result;
    QString name = result.value(QStringLiteral("filename")).toString();
    if (name.isEmpty())
        name = result.value(QStringLiteral("output_filename")).toString();
    if (!name.isEmpty())
        m_record.outputs.append({QDir(folderPath(false)).filePath(name), QStringLiteral("image")});
    releaseSlot();
    complete(tr("Done"));
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "jobrecord.h"

#include "jobs/jobkindtraits.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace Sanzaru::Core {

namespace {

QString key(const char *name)
{
    return QString::fromLatin1(name);
}

QJsonValue timeToJson(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QDateTime timeFromJson(const QJsonValue &value)
{
    QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (time.isValid())
        time = time.toUTC();
    return time;
}

Error badEntry(const QString &why)
{
    return Error::badInput(
        QCoreApplication::translate("Sanzaru::Core::JobStore", "Unreadable job entry: %1").arg(why));
}

} // namespace

QString JobRecord::prompt() const
{
    return arguments.value(key("prompt")).toString();
}

QString JobRecord::title() const
{
    if (kind == JobKind::PrepareReference) {
        const QString file = arguments.value(key("input_filename")).toString();
        const QString target = size();
        if (file.isEmpty())
            return {};
        return target.isEmpty() ? QStringLiteral("Prepare %1").arg(file)
                                : QStringLiteral("Prepare %1 for %2").arg(file, target);
    }
    return prompt();
}

QString JobRecord::model() const
{
    if (kind == JobKind::ResponsesImage) {
        const QJsonObject tool = arguments.value(key("tool_config")).toObject();
        return tool.value(key("model")).toString(QStringLiteral("gpt-image-2"));
    }
    const QString fromArgs = arguments.value(key("model")).toString();
    return fromArgs.isEmpty() ? result.value(key("model")).toString() : fromArgs;
}

QString JobRecord::size() const
{
    if (kind == JobKind::PrepareReference)
        return arguments.value(key("target_size")).toString();
    if (kind == JobKind::ResponsesImage)
        return arguments.value(key("tool_config")).toObject().value(key("size")).toString();
    const QString fromArgs = arguments.value(key("size")).toString();
    return fromArgs.isEmpty() ? result.value(key("size")).toString() : fromArgs;
}

QString JobRecord::seconds() const
{
    const QString fromArgs = arguments.value(key("seconds")).toString();
    return fromArgs.isEmpty() ? result.value(key("seconds")).toString() : fromArgs;
}

QString JobRecord::outputPath(const QString &variant) const
{
    for (const JobOutput &output : outputs) {
        if (variant.isEmpty() || output.variant == variant)
            return output.path;
    }
    return {};
}

bool JobRecord::canDownload() const
{
    const JobKindTraits &traits = traitsOf(kind);
    return traits.remote() && isTerminal(state) && !remoteId.isEmpty() && remoteStatus.isCompleted() &&
           outputPath(traits.downloadVariants().value(0)).isEmpty();
}

bool JobRecord::canRetry() const
{
    return state == JobState::Failed || state == JobState::Cancelled || state == JobState::Overdue;
}

bool JobRecord::canRemix() const
{
    return traitsOf(kind).remixable && !remoteId.isEmpty() && remoteStatus.isCompleted();
}

bool JobRecord::remoteReusable() const
{
    return traitsOf(kind).remote() && !remoteId.isEmpty() && !remoteStatus.hasEnded();
}

QJsonObject JobRecord::toJson() const
{
    QJsonArray outputArray;
    for (const JobOutput &output : outputs)
        outputArray.append(QJsonObject{{key("path"), output.path}, {key("variant"), output.variant}});
    QJsonObject json{
        {key("id"), id},
        {key("kind"), jobKindId(kind)},
        {key("state"), jobStateId(state)},
        {key("origin"), jobOriginId(origin)},
        {key("arguments"), arguments},
        {key("remote_id"), remoteId},
        {key("remote_status"), remoteStatus.word},
        {key("submitted"), submitted},
        {key("auto_download"), autoDownload},
        {key("progress"), progress},
        {key("bytes_received"), double(bytesReceived)},
        {key("bytes_total"), double(bytesTotal)},
        {key("created_at"), timeToJson(createdAt)},
        {key("started_at"), timeToJson(startedAt)},
        {key("remote_at"), timeToJson(remoteAt)},
        {key("finished_at"), timeToJson(finishedAt)},
        {key("outputs"), outputArray},
        {key("result"), result},
        {key("status_text"), statusText},
    };
    if (error)
        json.insert(key("error"), error->toJson());
    if (!writing.isEmpty())
        json.insert(key("writing"), QJsonArray::fromStringList(writing));
    return json;
}

Result<JobRecord> JobRecord::fromJson(const QJsonObject &json)
{
    JobRecord record;
    record.id = json.value(key("id")).toString();
    if (record.id.isEmpty())
        return badEntry(QStringLiteral("no id"));
    const auto kind = jobKindFromString(json.value(key("kind")).toString());
    if (!kind)
        return badEntry(
            QStringLiteral("%1 has unknown kind \"%2\"").arg(record.id, json.value(key("kind")).toString()));
    const auto state = jobStateFromString(json.value(key("state")).toString());
    if (!state)
        return badEntry(QStringLiteral("%1 has unknown state \"%2\"")
                            .arg(record.id, json.value(key("state")).toString()));
    record.kind = *kind;
    record.state = *state;
    record.origin = jobOriginFromString(json.value(key("origin")).toString()).value_or(JobOrigin::App);
    record.arguments = json.value(key("arguments")).toObject();
    record.remoteId = json.value(key("remote_id")).toString();
    record.remoteStatus = RemoteStatus::fromWord(json.value(key("remote_status")).toString());
    record.submitted = json.value(key("submitted")).toBool();
    record.autoDownload = json.value(key("auto_download")).toBool(true);
    record.progress = json.value(key("progress")).toInt(-1);
    record.bytesReceived = qint64(json.value(key("bytes_received")).toDouble());
    record.bytesTotal = qint64(json.value(key("bytes_total")).toDouble(-1));
    record.createdAt = timeFromJson(json.value(key("created_at")));
    record.startedAt = timeFromJson(json.value(key("started_at")));
    record.remoteAt = timeFromJson(json.value(key("remote_at")));
    record.finishedAt = timeFromJson(json.value(key("finished_at")));
    const QJsonArray outputArray = json.value(key("outputs")).toArray();
    for (const QJsonValue &value : outputArray) {
        const QJsonObject output = value.toObject();
        record.outputs.append(
            {output.value(key("path")).toString(), output.value(key("variant")).toString()});
    }
    record.result = json.value(key("result")).toObject();
    record.statusText = json.value(key("status_text")).toString();
    for (const QJsonValue &value : json.value(key("writing")).toArray())
        record.writing.append(value.toString());
    if (json.value(key("error")).isObject())
        record.error = Error::fromJson(json.value(key("error")).toObject());
    return record;
}

} // namespace Sanzaru::Core

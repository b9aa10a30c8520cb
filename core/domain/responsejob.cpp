// SPDX-License-Identifier: MIT
#include "responsejob.h"

#include "openai/apirequest.h"

namespace Sanzaru::Core {

QJsonObject ResponseJob::toJson() const
{
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("status"), status.word},
                       {QStringLiteral("created_at"), createdAt}};
}

ResponseJob ResponseJob::fromResponse(const ApiResponse &response)
{
    return fromJson(RemoteStatus::withStatus(response.json));
}

ResponseJob ResponseJob::fromJson(const QJsonObject &json)
{
    ResponseJob job;
    job.id = json.value(QStringLiteral("id")).toString();
    job.status = RemoteStatus::fromWord(json.value(QStringLiteral("status")).toString());
    job.createdAt = json.value(QStringLiteral("created_at"));
    return job;
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "responsesapi.h"

#include "openai/apilimits.h"
#include "openai/pathsegment.h"

#include <QJsonDocument>

namespace Sanzaru::Core {

ApiRequest ResponsesApi::create(const QJsonObject &body)
{
    ApiRequest r;
    r.method = "POST";
    r.path = QStringLiteral("/responses");
    r.contentType = "application/json";
    r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    r.createsPaidJob = true;
    r.maxAnswerBytes = ApiLimits::imageAnswerBytes;
    return r;
}

Result<ApiRequest> ResponsesApi::retrieve(const QString &responseId)
{
    const Result<QString> id = PathSegment::encode(responseId, QStringLiteral("response_id"));
    if (!id)
        return id.error();
    ApiRequest r;
    r.path = QStringLiteral("/responses/") + *id;
    r.maxAnswerBytes = ApiLimits::imageAnswerBytes; // a finished response carries its image
    return r;
}

Result<ApiRequest> ResponsesApi::cancel(const QString &responseId)
{
    Result<ApiRequest> r = retrieve(responseId);
    if (r) {
        r->method = "POST";
        r->path += QStringLiteral("/cancel");
    }
    return r;
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "modelsapi.h"

#include "openai/apiclient.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Sanzaru::Core {

ApiRequest ModelsApi::list()
{
    ApiRequest r;
    r.path = QStringLiteral("/models");
    return r;
}

Result<QStringList> ModelsApi::parseList(const ApiResponse &response)
{
    const QJsonValue data = response.json.value(QStringLiteral("data"));
    if (!data.isArray())
        return Error::badInput(
            QStringLiteral("The provider's GET /models answer is not a model list "
                           "(no \"data\" array); is the base URL an OpenAI-compatible API?"),
            QString::fromUtf8(response.body.left(500)));
    QStringList ids;
    for (const QJsonValue &item : data.toArray()) {
        const QString id = item.isString() ? item.toString()
                                           : item.toObject().value(QStringLiteral("id")).toString().trimmed();
        if (!id.isEmpty() && !ids.contains(id))
            ids.append(id);
    }
    return ids;
}

RequestHandle ModelsApi::fetch(ApiClient *api, QObject *context, Callback done)
{
    return api->send(list(), context, [done = std::move(done)](Result<ApiResponse> response) {
        if (!response)
            return done(response.error());
        done(parseList(*response));
    });
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "openai/apirequest.h"
#include "openai/requesthandle.h"

#include <QStringList>

#include <functional>

class QObject;

namespace Sanzaru::Core {

class ApiClient;

/// GET {base}/models: the model ids a provider offers (the OpenAI list shape, also spoken by gateways).
/// Errors are the client's (ApiErrors for non-2xx answers, network and timeout errors as usual).
class ModelsApi
{
public:
    using Callback = std::function<void(Result<QStringList>)>;

    static ApiRequest list();
    /// The ids of {"object":"list","data":[{"id":…},…]} in the provider's order, duplicates dropped;
    /// A body of another shape is Error::badInput saying so.
    static Result<QStringList> parseList(const ApiResponse &response);
    /// Sends list() through api; done runs on context's thread with the ids or the error.
    static RequestHandle fetch(ApiClient *api, QObject *context, Callback done);
};

} // namespace Sanzaru::Core

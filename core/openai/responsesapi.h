// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "openai/apirequest.h"

#include <QJsonObject>

namespace Sanzaru::Core {

/// Requests of the Responses API used with the image_generation tool (openai-wire.md §5).
class ResponsesApi
{
public:
    static ApiRequest create(const QJsonObject &body);
    static Result<ApiRequest> retrieve(const QString &responseId);
    static Result<ApiRequest> cancel(const QString &responseId);
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "openai/apirequest.h"

#include <QString>

namespace Sanzaru::Core {

/// Requests of the Sora Videos API exactly as the official SDK sends them (openai-wire.md §2).
class VideosApi
{
public:
    struct CreateParams
    {
        QString prompt;
        QString model;
        QString seconds; ///< empty = not sent
        QString size;    ///< empty = not sent
        QString referenceFileName;
        QByteArray referenceContentType;
        QByteArray referenceData; ///< empty = no input_reference part
    };

    static ApiRequest create(const CreateParams &params);
    static Result<ApiRequest> retrieve(const QString &videoId);
    static ApiRequest list(int limit, const QString &after, const QString &order);
    static Result<ApiRequest> remove(const QString &videoId);
    static Result<ApiRequest> remix(const QString &videoId, const QString &prompt);
    /// variant empty → no query string (server default: the MP4).
    static Result<ApiRequest> content(const QString &videoId, const QString &variant);
};

} // namespace Sanzaru::Core

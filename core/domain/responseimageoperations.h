// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "domain/responsejob.h"
#include "tools/imagesaver.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>

namespace Sanzaru::Core {

class ToolCall;
class ToolContext;

/// Images made in the background through the Responses API (its image_generation tool), in typed
/// values: the tools adapt them to JSON, the job queue calls them directly. Calls, cancelling and `done`
/// behave as in VideoOperations.
class ResponseImageOperations
{
public:
    template <typename T> using Done = std::function<void(Result<T>)>;

    struct CreateRequest
    {
        QString prompt;
        QString model;              ///< the mainline model that calls the image tool
        QJsonObject toolConfig;     ///< the image_generation tool, its model filled in
        QString previousResponseId; ///< empty = none
        QStringList inputImages;    ///< in the image folder
        QString maskFileName;       ///< in the image folder; empty = none
    };

    /// Reads the inputs off the event loop (every size checked before anything is read), uploads the mask
    /// (POST /files) when there is one, then POST /responses with background: true.
    static void create(ToolCall *call, const ToolContext *context, const CreateRequest &request,
                       Done<ResponseJob> done);
    /// GET /responses/{id}
    static void status(ToolCall *call, const ToolContext *context, const QString &responseId,
                       Done<ResponseJob> done);
    /// GET /responses/{id}, then decodes the image and saves it off the event loop. fileName empty:
    /// img_<unix seconds>.<format>, never overwriting. The saved image carries a small preview.
    static void download(ToolCall *call, const ToolContext *context, const QString &responseId,
                         const QString &fileName, Done<SavedImage> done);
};

} // namespace Sanzaru::Core

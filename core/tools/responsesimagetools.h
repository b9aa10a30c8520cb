// SPDX-License-Identifier: MIT
#pragma once

#include "domain/responseimageoperations.h"
#include "tools/tooldefinition.h"

#include <QList>

namespace Sanzaru::Core {

/// create_image, get_image_status, download_image: the Responses API with the image_generation tool
/// (sanzaru digest §2.8–2.10).
class ResponsesImageTools
{
public:
    static QList<ToolDefinition> definitions();
    /// gpt-image-2 (and its dated snapshots) cannot make transparent backgrounds.
    static bool rejectsTransparency(const QString &imageModel);
    static QString transparencyError();
    /// create_image's validated arguments as the operation's request: an empty tool_config becomes the
    /// image_generation tool, and a tool without a model gets the default image model.
    static ResponseImageOperations::CreateRequest createRequest(const QJsonObject &arguments);
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include "domain/imageoperations.h"
#include "tools/tooldefinition.h"

#include <QList>

namespace Sanzaru::Core {

/// generate_image and edit_image: the Images API, answering when the picture is saved
/// (sanzaru digest §2.11–2.12).
class ImagesApiTools
{
public:
    static QList<ToolDefinition> definitions();

    /// The tools' validated arguments as the operations' requests.
    static ImageOperations::GenerateRequest generateRequest(const QJsonObject &arguments);
    static ImageOperations::EditRequest editRequest(const QJsonObject &arguments);
    /// {"filename", "size", "format", "model", "usage"}: what both tools return.
    static QJsonObject toJson(const ImageOperations::Image &image);
};

} // namespace Sanzaru::Core

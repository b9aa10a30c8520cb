// SPDX-License-Identifier: MIT
#pragma once

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
};

} // namespace Sanzaru::Core

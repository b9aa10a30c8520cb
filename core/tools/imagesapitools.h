// SPDX-License-Identifier: MIT
#pragma once

#include "tools/tooldefinition.h"

#include <QList>

namespace Sanzaru::Core {

/// generate_image and edit_image: the Images API, answering when the picture is saved
/// (sanzaru digest §2.11–2.12).
class ImagesApiTools
{
public:
    static QList<ToolDefinition> definitions();
};

} // namespace Sanzaru::Core

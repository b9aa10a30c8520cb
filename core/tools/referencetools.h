// SPDX-License-Identifier: MIT
#pragma once

#include "tools/tooldefinition.h"

#include <QList>

namespace Sanzaru::Core {

/// list_reference_images and prepare_reference_image (sanzaru digest §2.13–2.14).
class ReferenceTools
{
public:
    static QList<ToolDefinition> definitions();
    /// "<stem>_<WxH>.png": stem = name minus its last ".ext" (in the last path component only).
    static QString defaultOutputName(const QString &inputName, const QString &targetSize);
};

} // namespace Sanzaru::Core

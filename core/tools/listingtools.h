// SPDX-License-Identifier: MIT
#pragma once

#include "storage/mediafolder.h"

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QStringList>

namespace Sanzaru::Core {

class ToolCall;
class ToolContext;

/// The listing shared by list_local_videos and list_reference_images (sanzaru digest §2.7, §2.14).
class ListingTools
{
public:
    /// file_type → extensions, e.g. {"jpeg", {".jpg", ".jpeg"}}; "all" means the union.
    using FileTypes = QList<QPair<QString, QStringList>>;

    static QJsonObject inputSchema(const QStringList &fileTypes);
    static QJsonObject outputSchema();
    /// Lists on the pool and finishes the call with {"data": [...]}.
    static void listFolder(ToolCall *call, ToolContext *context, const MediaFolder &folder, const FileTypes &types);
};

} // namespace Sanzaru::Core

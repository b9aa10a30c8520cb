// SPDX-License-Identifier: MIT
#pragma once

#include "domain/videooperations.h"
#include "tools/tooldefinition.h"

#include <QList>

namespace Sanzaru::Core {

/// create_video, get_video_status, download_video, list_videos, delete_video, remix_video,
/// list_local_videos (sanzaru digest §2.1–2.7).
class VideoTools
{
public:
    static QList<ToolDefinition> definitions();
    /// The Video object as an output schema (shared with remix and status).
    static QJsonObject videoSchema();

    /// create_video's validated arguments as the operation's request.
    static VideoOperations::CreateRequest createRequest(const QJsonObject &arguments);
    /// remix_video's validated arguments as the operation's request.
    static VideoOperations::RemixRequest remixRequest(const QJsonObject &arguments);
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include "tools/tooldefinition.h"

#include <QList>

namespace Sanzaru::Core {

/// view_media and _get_media_data (sanzaru digest §2.15–2.16).
class MediaViewerTools
{
public:
    static QList<ToolDefinition> definitions();
    /// Python mimetypes' answer for the extensions we meet, else the media type's fallback.
    static QString mimeType(const QString &fileName, const QString &mediaType);

    static constexpr qint64 defaultChunkSize = 2 * 1024 * 1024;
    static constexpr qint64 maxChunkSize = 16 * 1024 * 1024;
};

} // namespace Sanzaru::Core

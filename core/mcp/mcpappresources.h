// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace Sanzaru::Core {

/// The MCP resources this server offers: the MCP Apps media viewer (ui://sanzaru/media-viewer.html,
/// `text/html;profile=mcp-app`), a self-contained page compiled into the binary. view_media names it in
/// its `_meta.ui.resourceUri`, so MCP-App hosts render it for that tool and it reads the file through the
/// host with _get_media_data.
class McpAppResources
{
public:
    static QString viewerUri();   ///< "ui://sanzaru/media-viewer.html"
    static QString appMimeType(); ///< "text/html;profile=mcp-app"
    /// `{"ui":{"prefersBorder":true,"csp":{"resourceDomains":["blob:"]}}}`, as sanzaru
    static QJsonObject viewerMeta();
    /// The `resources` array of a resources/list result.
    static QJsonArray list();
    /// The `contents` array of a resources/read result, or nothing for an unknown URI.
    static std::optional<QJsonArray> read(const QString &uri);
};

} // namespace Sanzaru::Core

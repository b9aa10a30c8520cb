// SPDX-License-Identifier: MIT
#include "mcpappresources.h"

#include <QFile>

namespace Sanzaru::Core {

QString McpAppResources::viewerUri()
{
    return QStringLiteral("ui://sanzaru/media-viewer.html");
}

QString McpAppResources::appMimeType()
{
    return QStringLiteral("text/html;profile=mcp-app");
}

QJsonObject McpAppResources::viewerMeta()
{
    // blob: because the viewer shows the bytes it assembled through a blob: URL in <video>/<img>.
    return QJsonObject{
        {QStringLiteral("ui"),
         QJsonObject{{QStringLiteral("prefersBorder"), true},
                     {QStringLiteral("csp"), QJsonObject{{QStringLiteral("resourceDomains"),
                                                          QJsonArray{QStringLiteral("blob:")}}}}}}};
}

QJsonArray McpAppResources::list()
{
    return QJsonArray{QJsonObject{
        {QStringLiteral("uri"), viewerUri()},
        {QStringLiteral("name"), QStringLiteral("media_viewer_html")},
        {QStringLiteral("title"), QStringLiteral("Media viewer")},
        {QStringLiteral("description"),
         QStringLiteral(
             "MCP App that plays a video or shows an image from the media folder (used by view_media)")},
        {QStringLiteral("mimeType"), appMimeType()},
        {QStringLiteral("_meta"), viewerMeta()}}};
}

std::optional<QJsonArray> McpAppResources::read(const QString &uri)
{
    if (uri != viewerUri())
        return std::nullopt;
    QFile page(QStringLiteral(":/mcpapp/media-viewer.html"));
    if (!page.open(QIODevice::ReadOnly))
        return std::nullopt; // cannot happen: compiled in
    return QJsonArray{QJsonObject{{QStringLiteral("uri"), viewerUri()},
                                  {QStringLiteral("mimeType"), appMimeType()},
                                  {QStringLiteral("text"), QString::fromUtf8(page.readAll())},
                                  {QStringLiteral("_meta"), viewerMeta()}}};
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "mcpclientconfig.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace Sanzaru::Core {

namespace {

QString shellQuote(const QString &text)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_@%+=:,./-]+$"));
    if (plain.match(text).hasMatch())
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

} // namespace

QStringList McpClientConfig::clients()
{
    return {QStringLiteral("claude-desktop"), QStringLiteral("claude-code"), QStringLiteral("cursor")};
}

QString McpClientConfig::displayName(const QString &client)
{
    if (client == QStringLiteral("claude-desktop"))
        return QStringLiteral("Claude Desktop");
    if (client == QStringLiteral("claude-code"))
        return QStringLiteral("Claude Code");
    if (client == QStringLiteral("cursor"))
        return QStringLiteral("Cursor");
    return {};
}

QString McpClientConfig::keyPlaceholder()
{
    // Never the key from the environment or the keychain: the output is meant to be pasted and shared.
    return QStringLiteral("YOUR_OPENAI_API_KEY");
}

QString McpClientConfig::videoBaseUrlPlaceholder()
{
    return QStringLiteral("https://YOUR_VIDEO_GATEWAY/v1");
}

QString McpClientConfig::videoKeyPlaceholder()
{
    return QStringLiteral("YOUR_VIDEO_PROVIDER_API_KEY");
}

QStringList McpClientConfig::placeholders()
{
    return {keyPlaceholder(), QStringLiteral("YOUR_VIDEO_GATEWAY"), videoKeyPlaceholder()};
}

QString McpClientConfig::defaultMediaPath(const QProcessEnvironment &env)
{
    const QString set = env.value(QStringLiteral("SANZARU_MEDIA_PATH")).trimmed();
    return set.isEmpty() ? QDir::homePath() + QStringLiteral("/sanzaru-media") : set;
}

QString McpClientConfig::httpClient()
{
    return QStringLiteral("http");
}

McpClientConfig::Output McpClientConfig::generateHttp(quint16 port, const QString &token)
{
    const QJsonObject server{{QStringLiteral("type"), QStringLiteral("http")},
                             {QStringLiteral("url"), QStringLiteral("http://127.0.0.1:%1/mcp").arg(port)},
                             {QStringLiteral("headers"), QJsonObject{{QStringLiteral("Authorization"),
                                                                      QStringLiteral("Bearer ") + token}}}};
    const QByteArray json = QJsonDocument(QJsonObject{{QStringLiteral("mcpServers"),
                                                       QJsonObject{{QStringLiteral("sanzaru-qt"), server}}}})
                                .toJson(QJsonDocument::Indented);
    return Output{
        QString::fromUtf8(json),
        QStringLiteral("the client's MCP config (Claude Code: .mcp.json; Cursor: ~/.cursor/mcp.json; "
                       "merge into its \"mcpServers\") and run `sanzaru-qt serve --http %1`")
            .arg(port)};
}

std::optional<McpClientConfig::Output>
McpClientConfig::generate(const QString &client, const QString &binaryPath, const QString &mediaPath)
{
    if (client == QStringLiteral("claude-code")) {
        return Output{
            QStringLiteral(
                "claude mcp add --transport stdio sanzaru-qt --env OPENAI_API_KEY=%1 "
                "--env SANZARU_VIDEO_BASE_URL=%2 --env SANZARU_VIDEO_API_KEY=%3 --env %4 -- %5 mcp\n")
                .arg(keyPlaceholder(), videoBaseUrlPlaceholder(), videoKeyPlaceholder(),
                     shellQuote(QStringLiteral("SANZARU_MEDIA_PATH=") + mediaPath), shellQuote(binaryPath)),
            QString()};
    }
    QString where;
    if (client == QStringLiteral("claude-desktop"))
        where = QStringLiteral("~/.config/Claude/claude_desktop_config.json (merge into its \"mcpServers\")");
    else if (client == QStringLiteral("cursor"))
        where = QStringLiteral(
            "~/.cursor/mcp.json or <project>/.cursor/mcp.json (merge into its \"mcpServers\")");
    else
        return std::nullopt;
    const QJsonObject server{
        {QStringLiteral("command"), binaryPath},
        {QStringLiteral("args"), QJsonArray{QStringLiteral("mcp")}},
        {QStringLiteral("env"),
         QJsonObject{{QStringLiteral("OPENAI_API_KEY"), keyPlaceholder()},
                     {QStringLiteral("SANZARU_VIDEO_BASE_URL"), videoBaseUrlPlaceholder()},
                     {QStringLiteral("SANZARU_VIDEO_API_KEY"), videoKeyPlaceholder()},
                     {QStringLiteral("SANZARU_MEDIA_PATH"), mediaPath}}}};
    const QByteArray json = QJsonDocument(QJsonObject{{QStringLiteral("mcpServers"),
                                                       QJsonObject{{QStringLiteral("sanzaru-qt"), server}}}})
                                .toJson(QJsonDocument::Indented);
    return Output{QString::fromUtf8(json), where};
}

} // namespace Sanzaru::Core

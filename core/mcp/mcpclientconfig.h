// SPDX-License-Identifier: MIT
#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <optional>

namespace Sanzaru::Core {

/// The set-up text for an MCP client that launches `sanzaru-qt mcp`: the JSON entry for Claude Desktop
/// and Cursor, the `claude mcp add` command for Claude Code. One generator for both the command line
/// (`sanzaru-qt mcp --print-config CLIENT`) and the window's "Connect an MCP client" dialog, so the two
/// never differ. The set-up shown is OpenAI for images and a gateway for video; keys and the gateway are
/// always placeholders: the text is meant to be pasted and shared.
/// The "http" entry is for clients that connect to `sanzaru-qt serve --http PORT` by URL; it carries the
/// endpoint's bearer token, which is a secret (see McpHttpTokenStore).
class McpClientConfig
{
public:
    struct Output
    {
        QString text;      ///< exactly what --print-config prints on stdout
        QString pasteInto; ///< where the JSON goes ("" for claude-code, which is a shell command)
    };

    /// "claude-desktop", "claude-code", "cursor".
    static QStringList clients();
    /// "Claude Desktop", "Claude Code", "Cursor"; empty for an unknown client.
    static QString displayName(const QString &client);
    /// std::nullopt for an unknown client.
    static std::optional<Output> generate(const QString &client, const QString &binaryPath,
                                          const QString &mediaPath);
    /// SANZARU_MEDIA_PATH, or ~/sanzaru-media when unset.
    static QString
    defaultMediaPath(const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
    static QString keyPlaceholder();

    /// "http": the Streamable HTTP endpoint (not among clients(): those launch a command).
    static QString httpClient();
    /// The port the set-up text names when none is given (any free port works; the text says so).
    static constexpr quint16 defaultHttpPort = 8765;
    /// {"mcpServers": {"sanzaru-qt": {"type": "http", "url", "headers": {"Authorization": "Bearer …"}}}},
    /// the shape Claude Code's .mcp.json and Cursor's mcp.json take.
    static Output generateHttp(quint16 port, const QString &token);
    /// The video provider (a gateway: OpenAI shut its video API down) and its own key.
    static QString videoBaseUrlPlaceholder();
    static QString videoKeyPlaceholder();
    /// Every placeholder the text holds, for the "replace …" hint.
    static QStringList placeholders();
};

} // namespace Sanzaru::Core

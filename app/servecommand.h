// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QStringList>

#include <memory>

namespace Sanzaru::Core {
class McpHttpServer;
class McpHttpTokenStore;
class McpLocalServer;
} // namespace Sanzaru::Core

namespace Sanzaru::App {

class QuitSignals;
class Services;

/// `sanzaru-qt serve [--http PORT]`: the MCP endpoint without a window, on the per-user local socket and
/// optionally on http://127.0.0.1:PORT/mcp. Prints MCP_SOCKET=… (and MCP_HTTP_URL=…,
/// MCP_HTTP_TOKEN_FILE=…) on stdout once listening; runs until SIGTERM/SIGINT.
/// `serve --print-token` prints the HTTP bearer token alone (created when missing); `serve --rotate-token`
/// replaces it (running servers accept only the new one from their next request on).
class ServeCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServeCommand)

public:
    ServeCommand();
    ~ServeCommand() override;

    /// Starts the command; on a usage or listen error the application quits with 2 or 1.
    void start(const QStringList &arguments);

private:
    static int printToken(bool rotate);

    std::unique_ptr<Services> m_services;
    std::unique_ptr<Core::McpHttpTokenStore> m_tokens;
    Core::McpLocalServer *m_local = nullptr;
    Core::McpHttpServer *m_http = nullptr;
    QuitSignals *m_signals = nullptr;
};

} // namespace Sanzaru::App

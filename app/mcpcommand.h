// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QStringList>

#include <memory>

namespace Sanzaru::Core {
class McpStdioRelay;
class McpStdioServer;
} // namespace Sanzaru::Core

namespace Sanzaru::App {

class Services;

/// `sanzaru-qt mcp`: MCP over stdio for clients that launch a command. Relays to the running instance's
/// local socket when there is one (its window shows the jobs), else serves in-process.
/// `sanzaru-qt mcp --print-config claude-desktop|claude-code|cursor` prints the client set-up.
class McpCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(McpCommand)

public:
    McpCommand();
    ~McpCommand() override;

    /// Starts the command; the application quits with the exit code when done.
    void start(const QStringList &arguments);

private:
    void serveInProcess();
    static int printConfig(const QString &client);
    static int printHttpConfig(const QString &port);

    std::unique_ptr<Services> m_services;
    Core::McpStdioRelay *m_relay = nullptr;
    Core::McpStdioServer *m_server = nullptr;
};

} // namespace Sanzaru::App

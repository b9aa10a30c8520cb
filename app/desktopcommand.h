// SPDX-License-Identifier: MIT
#pragma once

#include <memory>

namespace Sanzaru::Core {
class McpLocalServer;
} // namespace Sanzaru::Core

namespace Sanzaru::Ui {
class MainWindow;
} // namespace Sanzaru::Ui

namespace Sanzaru::App {

class QuitSignals;
class Services;

/// `sanzaru-qt` with no command: the desktop window, which also hosts the MCP endpoint on the per-user
/// local socket. A second instance does not steal the socket: it says so on stderr and leaves.
class DesktopCommand
{
public:
    DesktopCommand();
    ~DesktopCommand();
    DesktopCommand(const DesktopCommand &) = delete;
    DesktopCommand &operator=(const DesktopCommand &) = delete;

    /// Builds the services, the endpoint and the window. Returns false (exit code in *exitCode) when
    /// the application should not run.
    bool start(int *exitCode);

private:
    std::unique_ptr<Services> m_services;
    std::unique_ptr<Core::McpLocalServer> m_mcp;
    std::unique_ptr<Ui::MainWindow> m_window;
    std::unique_ptr<QuitSignals> m_signals;
};

} // namespace Sanzaru::App

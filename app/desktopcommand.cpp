// SPDX-License-Identifier: MIT
#include "desktopcommand.h"

#include "mainwindow.h"
#include "quitsignals.h"
#include "services.h"

#include "mcp/mcplocalserver.h"
#include "mcp/mcpsocketpath.h"

#include <cstdio>

namespace Sanzaru::App {

using namespace Sanzaru::Core;

DesktopCommand::DesktopCommand() = default;

DesktopCommand::~DesktopCommand()
{
    m_window.reset();
    m_mcp.reset(); // cancels the clients' calls while the services still exist
}

bool DesktopCommand::start(int *exitCode)
{
    m_services = std::make_unique<Services>();
    m_mcp = std::make_unique<McpLocalServer>(m_services->registry());
    switch (m_mcp->listen(McpSocketPath::fromEnvironment())) {
    case McpLocalServer::ListenResult::Listening:
        break;
    case McpLocalServer::ListenResult::AlreadyRunning:
        // Raising the running window is for later; for now do not start a second app.
        std::fprintf(stderr, "sanzaru-qt: %s\n", qPrintable(m_mcp->errorString()));
        *exitCode = 0;
        return false;
    case McpLocalServer::ListenResult::Failed:
        // The window is still useful without the endpoint.
        std::fprintf(stderr, "sanzaru-qt: MCP endpoint disabled: %s\n", qPrintable(m_mcp->errorString()));
        break;
    }
    m_signals = std::make_unique<QuitSignals>();
    m_window = std::make_unique<Ui::MainWindow>();
    m_window->setMcpServer(m_mcp.get());
    m_window->show();
    return true;
}

} // namespace Sanzaru::App

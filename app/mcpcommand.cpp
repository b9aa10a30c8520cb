// SPDX-License-Identifier: MIT
#include "mcpcommand.h"

#include "services.h"

#include "mcp/mcpclientconfig.h"
#include "mcp/mcpsocketpath.h"
#include "mcp/mcpstdiorelay.h"
#include "mcp/mcpstdioserver.h"

#include <QCoreApplication>

#include <cstdio>

namespace Sanzaru::App {

using namespace Sanzaru::Core;

namespace {

void quit(int exitCode)
{
    QMetaObject::invokeMethod(
        qApp, [exitCode] { QCoreApplication::exit(exitCode); }, Qt::QueuedConnection);
}

void print(const QByteArray &text)
{
    std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
    std::fflush(stdout);
}

} // namespace

McpCommand::McpCommand() = default;
McpCommand::~McpCommand() = default;

int McpCommand::printConfig(const QString &client)
{
    const std::optional<McpClientConfig::Output> config = McpClientConfig::generate(
        client, QCoreApplication::applicationFilePath(), McpClientConfig::defaultMediaPath());
    if (!config) {
        std::fprintf(stderr, "sanzaru-qt: --print-config takes claude-desktop, claude-code or cursor\n");
        return 2;
    }
    print(config->text.toUtf8());
    // The hint goes to stderr so stdout stays pasteable JSON.
    if (!config->pasteInto.isEmpty())
        std::fprintf(stderr, "# paste into %s and replace %s\n", qPrintable(config->pasteInto),
                     qPrintable(McpClientConfig::placeholders().join(QStringLiteral(", "))));
    return 0;
}

void McpCommand::start(const QStringList &arguments)
{
    if (!arguments.isEmpty()) {
        if (arguments.size() == 2 && arguments.first() == QStringLiteral("--print-config"))
            return quit(printConfig(arguments.at(1)));
        std::fprintf(stderr, "Usage: sanzaru-qt mcp [--print-config claude-desktop|claude-code|cursor]\n");
        return quit(2);
    }
    m_relay = new McpStdioRelay(this);
    connect(m_relay, &McpStdioRelay::noInstance, this, &McpCommand::serveInProcess);
    connect(m_relay, &McpStdioRelay::finished, this, [](int exitCode) { quit(exitCode); });
    m_relay->start(McpSocketPath::fromEnvironment());
}

void McpCommand::serveInProcess()
{
    if (m_server)
        return;
    m_services = std::make_unique<Services>(Services::ToolSet::ConfiguredFolders);
    m_server = new McpStdioServer(m_services->registry(), this);
    connect(m_server, &McpStdioServer::finished, this, [](int exitCode) { quit(exitCode); });
    m_server->start();
}

} // namespace Sanzaru::App

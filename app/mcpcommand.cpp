// SPDX-License-Identifier: MIT
#include "mcpcommand.h"

#include "services.h"

#include "mcp/mcpclientconfig.h"
#include "mcp/mcphttptokenstore.h"
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
        std::fprintf(stderr,
                     "sanzaru-qt: --print-config takes claude-desktop, claude-code, cursor or http\n");
        return 2;
    }
    print(config->text.toUtf8());
    // The hint goes to stderr so stdout stays pasteable JSON.
    if (!config->pasteInto.isEmpty())
        std::fprintf(stderr, "# paste into %s and replace %s\n", qPrintable(config->pasteInto),
                     qPrintable(McpClientConfig::placeholders().join(QStringLiteral(", "))));
    // Where `mcp` looks for the running app (the socket folder may have fallen back, see McpSocketPath).
    std::fprintf(stderr, "# MCP socket: %s\n", qPrintable(McpSocketPath::fromEnvironment().path()));
    return 0;
}

int McpCommand::printHttpConfig(const QString &port)
{
    bool ok = port.isEmpty();
    const int number = ok ? McpClientConfig::defaultHttpPort : port.toInt(&ok);
    if (!ok || number < 1 || number > 65535) {
        std::fprintf(stderr, "sanzaru-qt: --print-config http takes a port from 1 to 65535\n");
        return 2;
    }
    McpHttpTokenStore store(McpHttpTokenStore::defaultFilePath());
    const Result<QByteArray> token = store.token();
    if (!token) {
        std::fprintf(stderr, "sanzaru-qt: %s\n", qPrintable(token.error().message));
        return 1;
    }
    const McpClientConfig::Output config =
        McpClientConfig::generateHttp(quint16(number), QString::fromLatin1(token.value()));
    print(config.text.toUtf8());
    std::fprintf(stderr, "# paste into %s; the token is a secret\n", qPrintable(config.pasteInto));
    return 0;
}

void McpCommand::start(const QStringList &arguments)
{
    if (!arguments.isEmpty()) {
        if (arguments.size() >= 2 && arguments.size() <= 3 &&
            arguments.first() == QStringLiteral("--print-config") &&
            arguments.at(1) == McpClientConfig::httpClient())
            return quit(printHttpConfig(arguments.value(2)));
        if (arguments.size() == 2 && arguments.first() == QStringLiteral("--print-config"))
            return quit(printConfig(arguments.at(1)));
        std::fprintf(
            stderr, "Usage: sanzaru-qt mcp [--print-config claude-desktop|claude-code|cursor|http [PORT]]\n");
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

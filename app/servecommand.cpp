// SPDX-License-Identifier: MIT
#include "servecommand.h"

#include "quitsignals.h"
#include "services.h"

#include "mcp/mcphttpserver.h"
#include "mcp/mcphttptokenstore.h"
#include "mcp/mcplocalserver.h"
#include "mcp/mcpsocketpath.h"

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

} // namespace

ServeCommand::ServeCommand() = default;

ServeCommand::~ServeCommand()
{
    // Endpoints first: their sessions cancel calls that still use the services.
    delete m_http;
    delete m_local;
}

int ServeCommand::printToken(bool rotate)
{
    McpHttpTokenStore store(McpHttpTokenStore::defaultFilePath());
    const Result<QByteArray> token = rotate ? store.rotate() : store.token();
    if (!token) {
        std::fprintf(stderr, "sanzaru-qt: %s\n", qPrintable(token.error().message));
        return 1;
    }
    if (rotate) {
        std::fprintf(stderr,
                     "sanzaru-qt: new MCP HTTP token written to %s; running servers accept only it from "
                     "their next request on (print it with `sanzaru-qt serve --print-token`)\n",
                     qPrintable(store.filePath()));
        return 0;
    }
    std::printf("%s\n", token.value().constData());
    std::fflush(stdout);
    return 0;
}

void ServeCommand::start(const QStringList &arguments)
{
    if (arguments == QStringList{QStringLiteral("--print-token")})
        return quit(printToken(false));
    if (arguments == QStringList{QStringLiteral("--rotate-token")})
        return quit(printToken(true));
    int httpPort = -1;
    if (arguments.size() == 2 && arguments.first() == QStringLiteral("--http")) {
        bool ok = false;
        httpPort = arguments.at(1).toInt(&ok);
        if (!ok || httpPort < 0 || httpPort > 65535)
            httpPort = -2;
    }
    if ((!arguments.isEmpty() && httpPort < 0)) {
        std::fprintf(stderr, "Usage: sanzaru-qt serve [--http PORT]   (PORT 0 picks a free port)\n"
                             "       sanzaru-qt serve --print-token | --rotate-token\n");
        return quit(2);
    }
    m_signals = new QuitSignals(this);
    m_services = std::make_unique<Services>(Services::ToolSet::ConfiguredFolders);

    m_local = new McpLocalServer(m_services->registry());
    const McpSocketPath location = McpSocketPath::fromEnvironment();
    const McpLocalServer::ListenResult result = m_local->listen(location);
    if (result != McpLocalServer::ListenResult::Listening) {
        std::fprintf(stderr, "sanzaru-qt: %s\n", qPrintable(m_local->errorString()));
        return quit(1);
    }
    std::printf("MCP_SOCKET=%s\n", qPrintable(location.path()));

    if (httpPort >= 0) {
        m_tokens = std::make_unique<McpHttpTokenStore>(McpHttpTokenStore::defaultFilePath());
        if (const Result<QByteArray> token = m_tokens->token(); !token) {
            std::fprintf(stderr, "sanzaru-qt: %s\n", qPrintable(token.error().message));
            return quit(1);
        }
        m_http = new McpHttpServer(m_services->registry(), m_tokens.get());
        if (!m_http->listen(quint16(httpPort))) {
            std::fprintf(stderr, "sanzaru-qt: %s\n", qPrintable(m_http->errorString()));
            return quit(1);
        }
        std::printf("MCP_HTTP_URL=%s\n", qPrintable(m_http->url()));
        std::printf("MCP_HTTP_TOKEN_FILE=%s\n", qPrintable(m_tokens->filePath()));
    }
    std::fflush(stdout);
}

} // namespace Sanzaru::App

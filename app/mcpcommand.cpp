// SPDX-License-Identifier: MIT
#include "mcpcommand.h"

#include "services.h"

#include "mcp/mcpsocketpath.h"
#include "mcp/mcpstdiorelay.h"
#include "mcp/mcpstdioserver.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QRegularExpression>

#include <cstdio>

namespace Sanzaru::App {

using namespace Sanzaru::Core;

namespace {

// A placeholder, never the key from the environment: the output is meant to be pasted and shared.
const QString keyPlaceholder = QStringLiteral("YOUR_OPENAI_API_KEY");

void quit(int exitCode)
{
    QMetaObject::invokeMethod(
        qApp, [exitCode] { QCoreApplication::exit(exitCode); }, Qt::QueuedConnection);
}

QString mediaPath()
{
    const QString set =
        QProcessEnvironment::systemEnvironment().value(QStringLiteral("SANZARU_MEDIA_PATH")).trimmed();
    return set.isEmpty() ? QDir::homePath() + QStringLiteral("/sanzaru-media") : set;
}

QString shellQuote(const QString &text)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_@%+=:,./-]+$"));
    if (plain.match(text).hasMatch())
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
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
    const QString binary = QCoreApplication::applicationFilePath();
    if (client == QStringLiteral("claude-code")) {
        print(QStringLiteral(
                  "claude mcp add --transport stdio sanzaru-qt --env OPENAI_API_KEY=%1 --env %2 -- %3 mcp\n")
                  .arg(keyPlaceholder, shellQuote(QStringLiteral("SANZARU_MEDIA_PATH=") + mediaPath()),
                       shellQuote(binary))
                  .toUtf8());
        return 0;
    }
    QString where;
    if (client == QStringLiteral("claude-desktop"))
        where = QStringLiteral("~/.config/Claude/claude_desktop_config.json (merge into its \"mcpServers\")");
    else if (client == QStringLiteral("cursor"))
        where = QStringLiteral(
            "~/.cursor/mcp.json or <project>/.cursor/mcp.json (merge into its \"mcpServers\")");
    else {
        std::fprintf(stderr, "sanzaru-qt: --print-config takes claude-desktop, claude-code or cursor\n");
        return 2;
    }
    const QJsonObject server{
        {QStringLiteral("command"), binary},
        {QStringLiteral("args"), QJsonArray{QStringLiteral("mcp")}},
        {QStringLiteral("env"), QJsonObject{{QStringLiteral("OPENAI_API_KEY"), keyPlaceholder},
                                            {QStringLiteral("SANZARU_MEDIA_PATH"), mediaPath()}}}};
    print(QJsonDocument(QJsonObject{{QStringLiteral("mcpServers"),
                                     QJsonObject{{QStringLiteral("sanzaru-qt"), server}}}})
              .toJson(QJsonDocument::Indented));
    // The hint goes to stderr so stdout stays pasteable JSON.
    std::fprintf(stderr, "# paste into %s and replace %s\n", qPrintable(where), qPrintable(keyPlaceholder));
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
    m_services = std::make_unique<Services>();
    m_server = new McpStdioServer(m_services->registry(), this);
    connect(m_server, &McpStdioServer::finished, this, [](int exitCode) { quit(exitCode); });
    m_server->start();
}

} // namespace Sanzaru::App

// SPDX-License-Identifier: MIT
#include "toolcommand.h"

#include "mcp/mcpsocketclient.h"
#include "mcp/mcpsocketpath.h"
#include "tools/toolcall.h"
#include "tools/toolregistry.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTimer>

#include <cstdio>

namespace Sanzaru::App {

using namespace Sanzaru::Core;

namespace {

Q_LOGGING_CATEGORY(lcCli, "sanzaru.cli", QtInfoMsg)

QByteArray errorJson(const QJsonObject &error)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("error"), error}}).toJson(QJsonDocument::Indented);
}

QByteArray errorJson(const Error &error)
{
    return errorJson(error.toJson());
}

Error unknownTool(const QString &name)
{
    return Error::badInput(
        QStringLiteral("Unknown tool '%1'; `sanzaru-qt tool --list` lists them").arg(name));
}

QString firstText(const QJsonObject &toolResult)
{
    for (const QJsonValue &block : toolResult.value(QStringLiteral("content")).toArray())
        if (block.toObject().value(QStringLiteral("type")).toString() == QStringLiteral("text"))
            return block.toObject().value(QStringLiteral("text")).toString();
    return {};
}

/// A successful CallToolResult as an in-process run prints it. McpSession's text block is
/// QJsonDocument(result).toJson(Indented), the same bytes ToolCommand prints, so it is used verbatim
/// when it matches structuredContent; structuredContent re-serialized is the fallback.
QByteArray successJson(const QJsonObject &toolResult)
{
    const QJsonValue structured = toolResult.value(QStringLiteral("structuredContent"));
    const QByteArray text = firstText(toolResult).toUtf8();
    const QJsonDocument parsed = QJsonDocument::fromJson(text);
    if (parsed.isObject() && (!structured.isObject() || parsed.object() == structured.toObject()))
        return text;
    if (structured.isObject())
        return QJsonDocument(structured.toObject()).toJson(QJsonDocument::Indented);
    return QJsonDocument(toolResult).toJson(QJsonDocument::Indented);
}

/// An isError CallToolResult as {"error": {...}}: the instance's structured error when it sends one,
/// else the message from its text block (McpSession writes "Error executing tool NAME: MESSAGE").
QByteArray toolErrorJson(const QJsonObject &toolResult, const QString &name)
{
    const QJsonObject structured = toolResult.value(QStringLiteral("_meta"))
                                       .toObject()
                                       .value(QStringLiteral("sanzaru-qt/error"))
                                       .toObject();
    if (!structured.isEmpty())
        return errorJson(structured);
    QString message = firstText(toolResult);
    const QString prefix = QStringLiteral("Error executing tool %1: ").arg(name);
    if (message.startsWith(prefix))
        message = message.mid(prefix.size());
    if (message.isEmpty())
        message = QStringLiteral("The tool failed in the running sanzaru-qt instance");
    return errorJson(QJsonObject{{QStringLiteral("kind"), QStringLiteral("tool_error")},
                                 {QStringLiteral("message"), message}});
}

} // namespace

ToolCommand::ToolCommand() = default;

ToolCommand::~ToolCommand() = default;

void ToolCommand::printAndQuit(const QByteArray &json, int exitCode)
{
    std::fwrite(json.constData(), 1, size_t(json.size()), stdout);
    std::fflush(stdout);
    QTimer::singleShot(0, qApp, [exitCode] { QCoreApplication::exit(exitCode); });
}

void ToolCommand::start(const QStringList &commandArguments)
{
    QStringList arguments = commandArguments;
    const bool local = !arguments.isEmpty() && arguments.first() == QStringLiteral("--local");
    if (local)
        arguments.removeFirst();
    if (arguments.isEmpty() || arguments.first() == QStringLiteral("--list")) {
        QJsonArray tools;
        for (const ToolDefinition &tool : m_services.registry()->tools())
            tools.append(QJsonObject{{QStringLiteral("name"), tool.name},
                                     {QStringLiteral("title"), tool.title},
                                     {QStringLiteral("description"), tool.description},
                                     {QStringLiteral("inputSchema"), tool.inputSchema}});
        printAndQuit(
            QJsonDocument(QJsonObject{{QStringLiteral("tools"), tools}}).toJson(QJsonDocument::Indented),
            arguments.isEmpty() ? 2 : 0);
        return;
    }
    const QString name = arguments.at(0);
    QByteArray text = arguments.size() > 1 ? arguments.at(1).toUtf8() : QByteArrayLiteral("{}");
    if (text == "-") {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            return printAndQuit(
                errorJson(Error::io(QStringLiteral("Cannot read the arguments from standard input"))), 2);
        text = in.readAll();
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return printAndQuit(
            errorJson(Error::badInput(
                QStringLiteral("The arguments must be a JSON object, e.g. '{\"prompt\": \"...\"}'%1")
                    .arg(parseError.error != QJsonParseError::NoError ? QStringLiteral(" (%1 at offset %2)")
                                                                            .arg(parseError.errorString())
                                                                            .arg(parseError.offset)
                                                                      : QString()))),
            2);
    // Usage errors are this binary's to decide, wherever the tool then runs.
    if (!m_services.registry()->find(name))
        return printAndQuit(errorJson(unknownTool(name)), 2);

    if (local)
        runInProcess(name, doc.object());
    else
        runThroughInstance(name, doc.object());
}

void ToolCommand::runInProcess(const QString &name, const QJsonObject &arguments)
{
    ToolCall *call = m_services.registry()->call(name, arguments, this);
    connect(call, &ToolCall::progressed, this, [](double progress, double total, const QString &message) {
        qCDebug(lcCli) << "progress" << progress << "of" << total << message;
    });
    connect(call, &ToolCall::finished, this, [this, call] {
        const Result<QJsonObject> &result = call->result();
        if (result)
            printAndQuit(QJsonDocument(*result).toJson(QJsonDocument::Indented), 0);
        else
            printAndQuit(errorJson(result.error()), 1);
    });
}

void ToolCommand::runThroughInstance(const QString &name, const QJsonObject &arguments)
{
    m_client = new McpSocketClient(this);
    connect(m_client, &McpSocketClient::progressed, this,
            [](double progress, double total, const QString &message) {
                qCDebug(lcCli) << "progress" << progress << "of" << total << message;
            });
    connect(m_client, &McpSocketClient::finished, this,
            [this, name, arguments] { relayFinished(name, arguments); });
    m_client->callTool(McpSocketPath::fromEnvironment(), name, arguments);
}

void ToolCommand::relayFinished(const QString &name, const QJsonObject &arguments)
{
    switch (m_client->status()) {
    case McpSocketClient::Status::Pending:
        return;
    case McpSocketClient::Status::NotRunning:
        // Nothing was sent, so running here cannot run the tool twice.
        qCDebug(lcCli) << "running" << name << "in-process:" << m_client->error().message;
        return runInProcess(name, arguments);
    case McpSocketClient::Status::Completed:
        qCDebug(lcCli) << name << "ran in the sanzaru-qt instance on" << m_client->socketPath();
        if (m_client->isToolError())
            return printAndQuit(toolErrorJson(m_client->toolResult(), name), 1);
        return printAndQuit(successJson(m_client->toolResult()), 0);
    case McpSocketClient::Status::Failed:
        // An instance of another version may not know a tool this binary knows.
        if (m_client->rpcErrorCode() == -32602 &&
            m_client->error().message.startsWith(QStringLiteral("Unknown tool")))
            return printAndQuit(errorJson(unknownTool(name)), 2);
        return printAndQuit(errorJson(m_client->error()), 1);
    }
}

} // namespace Sanzaru::App

// SPDX-License-Identifier: MIT
#include "toolinvoker.h"

#include "services.h"

#include "mcp/mcpsocketclient.h"
#include "mcp/mcpsocketpath.h"
#include "tools/toolcall.h"
#include "tools/toolregistry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTimer>

namespace Sanzaru::App {

using namespace Sanzaru::Core;

namespace {

Q_LOGGING_CATEGORY(lcInvoker, "sanzaru.cli", QtInfoMsg)

ToolOutcome errorOutcome(const QJsonObject &error, ToolOutcome::Kind kind = ToolOutcome::Kind::ToolError)
{
    return {kind, error,
            QJsonDocument(QJsonObject{{QStringLiteral("error"), error}}).toJson(QJsonDocument::Indented)};
}

ToolOutcome unknownTool(const QString &name)
{
    return errorOutcome(
        Error::badInput(QStringLiteral("Unknown tool '%1'; `sanzaru-qt tool --list` lists them").arg(name))
            .toJson(),
        ToolOutcome::Kind::Usage);
}

QString firstText(const QJsonObject &toolResult)
{
    for (const QJsonValue &block : toolResult.value(QStringLiteral("content")).toArray())
        if (block.toObject().value(QStringLiteral("type")).toString() == QStringLiteral("text"))
            return block.toObject().value(QStringLiteral("text")).toString();
    return {};
}

/// A successful CallToolResult as an in-process run prints it. McpSession's text block is
/// QJsonDocument(result).toJson(Indented), the same bytes an in-process run prints, so it is used
/// verbatim when it matches structuredContent; structuredContent re-serialized is the fallback.
ToolOutcome successOutcome(const QJsonObject &toolResult)
{
    const QJsonValue structured = toolResult.value(QStringLiteral("structuredContent"));
    const QByteArray text = firstText(toolResult).toUtf8();
    const QJsonDocument parsed = QJsonDocument::fromJson(text);
    if (parsed.isObject() && (!structured.isObject() || parsed.object() == structured.toObject()))
        return {ToolOutcome::Kind::Ok, parsed.object(), text};
    const QJsonObject object = structured.isObject() ? structured.toObject() : toolResult;
    return {ToolOutcome::Kind::Ok, object, QJsonDocument(object).toJson(QJsonDocument::Indented)};
}

/// An isError CallToolResult: the instance's structured error when it sends one, else its text block
/// as it stands.
ToolOutcome toolErrorOutcome(const QJsonObject &toolResult)
{
    const QJsonObject structured = toolResult.value(QStringLiteral("_meta"))
                                       .toObject()
                                       .value(QStringLiteral("sanzaru-qt/error"))
                                       .toObject();
    if (!structured.isEmpty())
        return errorOutcome(structured);
    QString message = firstText(toolResult);
    if (message.isEmpty())
        message = QStringLiteral("The tool failed in the running sanzaru-qt instance");
    return errorOutcome(QJsonObject{{QStringLiteral("kind"), QStringLiteral("tool_error")},
                                    {QStringLiteral("message"), message}});
}

} // namespace

ToolInvoker::ToolInvoker(Services *services, bool local, QObject *parent)
    : QObject(parent)
    , m_services(services)
    , m_local(local)
{}

void ToolInvoker::invoke(const QString &name, const QJsonObject &arguments, Callback done)
{
    if (!m_services->registry()->find(name)) {
        QTimer::singleShot(0, this, [done, name] { done(unknownTool(name)); });
        return;
    }
    if (m_local)
        runInProcess(name, arguments, std::move(done));
    else
        runThroughInstance(name, arguments, std::move(done));
}

void ToolInvoker::runInProcess(const QString &name, const QJsonObject &arguments, Callback done)
{
    m_usedInstance = false;
    ToolCall *call = m_services->registry()->call(name, arguments, this);
    connect(call, &ToolCall::progressed, this, [](double progress, double total, const QString &message) {
        qCDebug(lcInvoker) << "progress" << progress << "of" << total << message;
    });
    connect(call, &ToolCall::finished, this, [call, done] {
        call->deleteLater();
        const Result<QJsonObject> &result = call->result();
        if (result)
            done({ToolOutcome::Kind::Ok, *result, QJsonDocument(*result).toJson(QJsonDocument::Indented)});
        else
            done(errorOutcome(result.error().toJson()));
    });
}

void ToolInvoker::runThroughInstance(const QString &name, const QJsonObject &arguments, Callback done)
{
    auto *client = new McpSocketClient(this);
    connect(client, &McpSocketClient::progressed, this,
            [](double progress, double total, const QString &message) {
                qCDebug(lcInvoker) << "progress" << progress << "of" << total << message;
            });
    connect(client, &McpSocketClient::finished, this, [this, client, name, arguments, done] {
        client->deleteLater();
        switch (client->status()) {
        case McpSocketClient::Status::Pending:
            return;
        case McpSocketClient::Status::NotRunning:
            // Nothing was sent, so running here cannot run the tool twice.
            qCDebug(lcInvoker) << "running" << name << "in-process:" << client->error().message;
            return runInProcess(name, arguments, done);
        case McpSocketClient::Status::Completed:
            m_usedInstance = true;
            qCDebug(lcInvoker) << name << "ran in the sanzaru-qt instance on" << client->socketPath();
            return done(client->isToolError() ? toolErrorOutcome(client->toolResult())
                                              : successOutcome(client->toolResult()));
        case McpSocketClient::Status::Failed:
            // An instance of another version may not know a tool this binary knows.
            if (client->error().kind == ErrorKind::UnknownTool)
                return done(unknownTool(name));
            return done(errorOutcome(client->error().toJson()));
        }
    });
    client->callTool(McpSocketPath::fromEnvironment(), name, arguments);
}

} // namespace Sanzaru::App

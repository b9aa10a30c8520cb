// SPDX-License-Identifier: MIT
#include "toolregistry.h"

#include "tools/argumentvalidator.h"
#include "tools/imagesapitools.h"
#include "tools/mediaviewertools.h"
#include "tools/referencetools.h"
#include "tools/responsesimagetools.h"
#include "tools/schema.h"
#include "tools/toolcall.h"
#include "tools/toolcontext.h"
#include "tools/videotools.h"

#include <QJsonArray>
#include <QTimer>

namespace Sanzaru::Core {

QJsonObject ToolAnnotations::toJson(const QString &title) const
{
    return QJsonObject{{QStringLiteral("title"), title},
                       {QStringLiteral("readOnlyHint"), readOnly},
                       {QStringLiteral("destructiveHint"), destructive},
                       {QStringLiteral("idempotentHint"), idempotent},
                       {QStringLiteral("openWorldHint"), openWorld}};
}

namespace {

Result<void> runPrechecks(const ToolDefinition::Prechecks &prechecks, const QJsonObject &arguments)
{
    if (!prechecks)
        return {};
    QStringList messages;
    for (const ArgumentIssue &issue : prechecks(arguments))
        messages.append(issue.message);
    if (messages.isEmpty())
        return {};
    return Error::badInput(messages.join(QStringLiteral("; ")));
}

} // namespace

ToolRegistry::ToolRegistry(ToolContext *context, ToolGroups groups)
    : m_context(context)
{
    if (groups.video)
        m_tools += VideoTools::definitions();
    if (groups.image) {
        m_tools += ResponsesImageTools::definitions();
        m_tools += ImagesApiTools::definitions();
        m_tools += ReferenceTools::definitions();
    }
    if (groups.video || groups.image)
        m_tools += MediaViewerTools::definitions();
    // One rule for every tool, advertised where clients read it: null means absent.
    for (ToolDefinition &tool : m_tools)
        tool.inputSchema = Schema::nullableOptionals(tool.inputSchema);
}

const ToolDefinition *ToolRegistry::find(const QString &name) const
{
    for (const ToolDefinition &tool : m_tools)
        if (tool.name == name)
            return &tool;
    return nullptr;
}

ToolCall *ToolRegistry::call(const QString &name, const QJsonObject &arguments, QObject *parent) const
{
    auto *call = new ToolCall(name, arguments, parent);
    const ToolDefinition *tool = find(name);
    ToolContext *context = m_context;
    // Start on the next event-loop turn so the caller can connect to finished() first.
    if (!tool) {
        QTimer::singleShot(0, call, [call, error = unknownTool(name)] { call->finish(error); });
        return call;
    }
    Result<QJsonObject> validated = ArgumentValidator::validate(name, tool->inputSchema, arguments);
    auto run = tool->run;
    const std::optional<Provider> apiKey = tool->apiKey;
    const ToolDefinition::Prechecks prechecks = tool->prechecks;
    QTimer::singleShot(0, call, [call, context, run, apiKey, prechecks, validated = std::move(validated)] {
        if (call->isFinished())
            return;
        if (!validated) {
            call->finish(validated.error());
            return;
        }
        call->setArguments(*validated);
        call->startWhenReleased([call, context, run, apiKey, prechecks] {
            if (call->isFinished())
                return;
            if (apiKey) {
                if (Result<QString> key = context->requireApiKey(*apiKey); !key)
                    return call->finish(key.error());
            }
            if (Result<void> checked = runPrechecks(prechecks, call->arguments()); !checked)
                return call->finish(checked.error());
            run(call, context);
        });
    });
    return call;
}

Result<QJsonObject> ToolRegistry::checkArguments(const QString &name, const QJsonObject &arguments) const
{
    const ToolDefinition *tool = find(name);
    if (!tool)
        return unknownTool(name);
    Result<QJsonObject> validated = ArgumentValidator::validate(name, tool->inputSchema, arguments);
    if (!validated)
        return validated;
    if (Result<void> checked = runPrechecks(tool->prechecks, *validated); !checked)
        return checked.error();
    return validated;
}

Error ToolRegistry::unknownTool(const QString &name) const
{
    QStringList names;
    for (const ToolDefinition &t : m_tools)
        names.append(t.name);
    return Error::badInput(
        QStringLiteral("Unknown tool '%1'. Available tools: %2").arg(name, names.join(QStringLiteral(", "))));
}

} // namespace Sanzaru::Core

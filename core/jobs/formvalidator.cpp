// SPDX-License-Identifier: MIT
#include "formvalidator.h"

#include "jobs/jobkindtraits.h"
#include "tools/argumentvalidator.h"
#include "tools/toolregistry.h"

#include <QJsonArray>

namespace Sanzaru::Core {

namespace {

// ArgumentValidator joins all problems behind this prefix; the form shows each under its field.
QString problemOf(const QString &toolName, const QString &message)
{
    const QString prefix = QStringLiteral("Invalid arguments for %1: ").arg(toolName);
    return message.startsWith(prefix) ? message.mid(prefix.size()) : message;
}

} // namespace

FormValidator::FormValidator(const ToolRegistry *tools)
    : m_tools(tools)
{}

QString FormValidator::promptRequiredMessage()
{
    return QStringLiteral(
        "Enter a prompt. (The tool itself accepts an empty prompt, but that only buys a random "
        "result or an API error.)");
}

QList<ArgumentIssue> FormValidator::validate(JobKind kind, const QJsonObject &args) const
{
    QList<ArgumentIssue> issues;
    const QString toolName = startToolName(kind);
    const ToolDefinition *tool = m_tools ? m_tools->find(toolName) : nullptr;
    if (!tool) {
        issues.append({QString(), QStringLiteral("Unknown tool '%1'").arg(toolName)});
        return issues;
    }
    if (traitsOf(kind).prompted && args.value(QStringLiteral("prompt")).toString().trimmed().isEmpty())
        issues.append({QStringLiteral("prompt"), promptRequiredMessage()});

    const QJsonObject schema = tool->inputSchema;
    const Result<QJsonObject> validated = ArgumentValidator::validate(toolName, schema, args);
    if (!validated) {
        // Again one property at a time, so every problem is tied to its field.
        const QJsonObject props = schema.value(QStringLiteral("properties")).toObject();
        const QJsonArray required = schema.value(QStringLiteral("required")).toArray();
        for (auto it = props.begin(); it != props.end(); ++it) {
            if (!args.contains(it.key()) && !required.contains(it.key()))
                continue;
            QJsonObject single{{QStringLiteral("type"), QStringLiteral("object")},
                               {QStringLiteral("properties"), QJsonObject{{it.key(), it.value()}}}};
            if (required.contains(it.key()))
                single.insert(QStringLiteral("required"), QJsonArray{it.key()});
            QJsonObject one;
            if (args.contains(it.key()))
                one.insert(it.key(), args.value(it.key()));
            const Result<QJsonObject> r = ArgumentValidator::validate(toolName, single, one);
            if (!r)
                issues.append({it.key(), problemOf(toolName, r.error().message)});
        }
        return issues;
    }
    // A form sending a name the tool does not know is a bug the tool would hide (it drops such names).
    const QJsonObject props = schema.value(QStringLiteral("properties")).toObject();
    for (auto it = args.begin(); it != args.end(); ++it)
        if (!props.contains(it.key()))
            issues.append(
                {it.key(), QStringLiteral("'%1' is not a parameter of %2").arg(it.key(), toolName)});
    if (tool->prechecks)
        issues += tool->prechecks(*validated);
    return issues;
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>

#include <functional>

namespace Sanzaru::Core {

class ToolCall;
class ToolContext;

/// MCP tool annotations (hints), stated honestly.
struct ToolAnnotations
{
    bool readOnly = false;
    bool destructive = false;
    bool idempotent = false;
    bool openWorld = false; ///< talks to the OpenAI API
    QJsonObject toJson(const QString &title) const;
};

/// The one definition of a tool, shared by the window, the MCP endpoint and the CLI.
struct ToolDefinition
{
    using Handler = std::function<void(ToolCall *call, ToolContext *context)>;

    QString name;
    QString title;
    QString description;
    QJsonObject inputSchema;
    QJsonObject outputSchema;
    ToolAnnotations annotations;
    QJsonObject meta; ///< MCP _meta (e.g. app-only visibility)
    Handler run;
};

} // namespace Sanzaru::Core

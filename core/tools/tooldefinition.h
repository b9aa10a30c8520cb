// SPDX-License-Identifier: MIT
#pragma once

#include "config/config.h"
#include "tools/toolprechecks.h"

#include <QJsonObject>
#include <QString>

#include <functional>
#include <optional>

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
    using Prechecks = std::function<QList<ArgumentIssue>(const QJsonObject &arguments)>;

    QString name;
    QString title;
    QString description;
    QJsonObject inputSchema;
    QJsonObject outputSchema;
    ToolAnnotations annotations;
    QJsonObject meta; ///< MCP _meta (e.g. app-only visibility)
    Handler run;
    /// The provider whose API key the tool needs. The registry answers with its Config error before
    /// run is called, so no handler checks it again; nullopt for tools that never call the API.
    std::optional<Provider> apiKey = std::nullopt;
    /// The tool's checks of its validated arguments that need neither the disk nor the network. The
    /// registry refuses a call they find problems in (every message, joined) before run is called; the
    /// forms show the same problems before a submit. Empty for tools without such checks.
    Prechecks prechecks = nullptr;
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "tools/tooldefinition.h"

#include <QList>
#include <QString>

namespace Sanzaru::Core {

class ToolCall;
class ToolContext;

/// Which tool groups a registry lists. sanzaru's rule (digest §1.2): the video tools when a video folder
/// is configured, the image and reference tools when an image folder is, the media viewer with either.
struct ToolGroups
{
    bool video = true;
    bool image = true;
};

/// The one list of tools: the 16 sanzaru tools with their schemas, annotations and handlers.
class ToolRegistry
{
public:
    explicit ToolRegistry(ToolContext *context, ToolGroups groups = {});

    const QList<ToolDefinition> &tools() const { return m_tools; }
    /// The services the tools run on (folders, API client), for code that follows their results.
    const ToolContext *context() const { return m_context; }
    const ToolDefinition *find(const QString &name) const;

    /// Validates the arguments and starts the tool. The returned call is owned by parent and
    /// finishes later (never inside this function), also for unknown tools and invalid arguments.
    ToolCall *call(const QString &name, const QJsonObject &arguments, QObject *parent = nullptr) const;

    /// The arguments a call of the tool would run with (validated, defaults filled in), or the error the
    /// call would finish with: unknown tool, invalid arguments or a problem the tool's prechecks find.
    /// The API key is not checked.
    Result<QJsonObject> checkArguments(const QString &name, const QJsonObject &arguments) const;

private:
    Error unknownTool(const QString &name) const;

    ToolContext *m_context;
    QList<ToolDefinition> m_tools;
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include <functional>

namespace Sanzaru::App {

class Services;

/// What one tool call produced, as both front ends that run single tools (`tool`, the agent CLI) need it.
struct ToolOutcome
{
    enum class Kind { Ok, ToolError, Usage };
    Kind kind = Kind::Ok;
    /// Ok: the tool's result; otherwise the error object {"kind", "message", ...}.
    QJsonObject object;
    /// The bytes `tool` prints: the result JSON, or {"error": {...}}.
    QByteArray json;
    bool ok() const { return kind == Kind::Ok; }
};

/// Runs one tool through the running app instance (its MCP socket, so the job shows in its queue) or,
/// when none answers or `local` is set, in this process. The one way the command-line front ends call
/// tools; usage errors (unknown tool) are decided here before anything is sent.
class ToolInvoker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ToolInvoker)

public:
    using Callback = std::function<void(const ToolOutcome &)>;

    ToolInvoker(Services *services, bool local, QObject *parent = nullptr);

    /// Starts the call; `done` runs once, never synchronously.
    void invoke(const QString &name, const QJsonObject &arguments, Callback done);
    /// Whether the last call went through a running instance.
    bool usedInstance() const { return m_usedInstance; }

private:
    void runInProcess(const QString &name, const QJsonObject &arguments, Callback done);
    void runThroughInstance(const QString &name, const QJsonObject &arguments, Callback done);

    Services *m_services;
    bool m_local;
    bool m_usedInstance = false;
};

} // namespace Sanzaru::App

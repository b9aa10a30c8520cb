// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace Sanzaru::Core {

/// A picture a tool result carries besides its JSON (for MCP image content and the window's preview).
struct ToolImage
{
    QByteArray data;
    QString mimeType;
};

/// One invocation of a tool. It finishes exactly once (finished() is emitted once, never synchronously
/// from ToolRegistry::call), reports progress on the way, and can be cancelled from its thread:
/// cancel() runs the tool's cancel hooks (aborting requests and computations) and finishes the call
/// with ErrorKind::Cancelled. cancel() is safe to call twice and after completion.
class ToolCall final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ToolCall)

public:
    ToolCall(const QString &toolName, const QJsonObject &arguments, QObject *parent = nullptr);

    QString toolName() const { return m_toolName; }
    /// Validated arguments with defaults filled in.
    const QJsonObject &arguments() const { return m_arguments; }
    void setArguments(const QJsonObject &arguments) { m_arguments = arguments; }

    void finish(Result<QJsonObject> result);
    bool isFinished() const { return m_result.has_value(); }
    /// Valid once finished.
    const Result<QJsonObject> &result() const { return *m_result; }

    void reportProgress(double progress, double total, const QString &message);
    /// A message without new progress (a wait before a retry), sent as a progress notification at the
    /// current progress.
    void reportWait(const QString &message);

    void cancel();
    bool isCancelled() const { return m_cancelled->load(); }
    /// For worker threads: checked between stages of a computation; outlives the call.
    std::shared_ptr<const std::atomic_bool> cancelToken() const { return m_cancelled; }
    /// Runs on cancel(), in this object's thread.
    void onCancel(std::function<void()> hook) { m_cancelHooks.append(std::move(hook)); }

    /// Keeps the tool from starting until the returned function is called (a second call does nothing;
    /// calling it after the call is gone is safe). The job queue holds an MCP client's paid call until
    /// its queue job is saved, so the queue file knows every request that may have reached the API.
    std::function<void()> holdStart();
    /// Runs start now, or once every hold is released (ToolRegistry starts each tool through it).
    void startWhenReleased(std::function<void()> start);

    void addImage(const ToolImage &image) { m_images.append(image); }
    const QList<ToolImage> &images() const { return m_images; }

signals:
    void progressed(double progress, double total, const QString &message);
    void finished();

private:
    QString m_toolName;
    QJsonObject m_arguments;
    std::optional<Result<QJsonObject>> m_result;
    std::shared_ptr<std::atomic_bool> m_cancelled = std::make_shared<std::atomic_bool>(false);
    QList<std::function<void()>> m_cancelHooks;
    QList<ToolImage> m_images;
    double m_lastProgress = -1;
    int m_holds = 0;
    std::function<void()> m_heldStart;
};

} // namespace Sanzaru::Core

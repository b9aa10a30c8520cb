// SPDX-License-Identifier: MIT
#include "toolcall.h"

#include <QPointer>

#include <utility>

namespace Sanzaru::Core {

ToolCall::ToolCall(const QString &toolName, const QJsonObject &arguments, QObject *parent)
    : QObject(parent)
    , m_toolName(toolName)
    , m_arguments(arguments)
{}

void ToolCall::finish(Result<QJsonObject> result)
{
    if (m_result)
        return;
    if (m_cancelled->load() && result.ok())
        result = Error::cancelled();
    m_result.emplace(std::move(result));
    m_cancelHooks.clear();
    emit finished();
}

void ToolCall::reportProgress(double progress, double total, const QString &message)
{
    // Progress only moves forward (MCP requires increasing values), and nothing follows completion.
    if (m_result || m_cancelled->load() || progress < m_lastProgress)
        return;
    m_lastProgress = progress;
    emit progressed(progress, total, message);
}

void ToolCall::reportWait(const QString &message)
{
    if (m_result || m_cancelled->load())
        return;
    emit progressed(std::max(m_lastProgress, 0.0), 0, message);
}

void ToolCall::cancel()
{
    if (m_result || m_cancelled->exchange(true))
        return;
    const auto hooks = std::move(m_cancelHooks);
    m_cancelHooks.clear();
    for (const auto &hook : hooks)
        hook();
    finish(Error::cancelled(QStringLiteral("The %1 call was cancelled").arg(m_toolName)));
}

std::function<void()> ToolCall::holdStart()
{
    ++m_holds;
    auto released = std::make_shared<bool>(false);
    return [self = QPointer<ToolCall>(this), released] {
        if (*released || !self)
            return;
        *released = true;
        if (--self->m_holds == 0 && self->m_heldStart)
            std::exchange(self->m_heldStart, {})();
    };
}

void ToolCall::startWhenReleased(std::function<void()> start)
{
    if (m_holds > 0)
        m_heldStart = std::move(start);
    else
        start();
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "mcp/lineframer.h"
#include "mcp/mcpsocketpath.h"

#include <QJsonObject>
#include <QObject>
#include <QString>

class QLocalSocket;
class QTimer;

namespace Sanzaru::Core {

/// An MCP client for one tool call on a running instance's local socket (what `sanzaru-qt tool` uses so
/// that its job shows in the desktop queue): connect, initialize (2025-11-25), notifications/initialized,
/// one tools/call, then disconnect. Fully asynchronous; finished() is emitted exactly once and never from
/// inside callTool().
///
/// The outcome separates "nobody took the call" from "the call failed": NotRunning means the tools/call
/// request was never sent (no socket, nobody listening, another user's process, a failed or timed-out
/// handshake), so running the tool somewhere else cannot run it twice. Once the request is out, any
/// failure is Failed.
class McpSocketClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(McpSocketClient)

public:
    enum class Status {
        Pending,    ///< callTool() not called yet, or the call is under way
        Completed,  ///< the instance answered with a CallToolResult (which may have isError: true)
        NotRunning, ///< no instance took the call; it was not sent (see error() for why)
        Failed,     ///< the call was sent and no result came back: JSON-RPC error, lost connection, timeout
    };

    static constexpr int defaultHandshakeTimeoutMs = 10000;

    explicit McpSocketClient(QObject *parent = nullptr);
    ~McpSocketClient() override;

    /// Connect + initialize must complete within this time, else the outcome is NotRunning.
    void setHandshakeTimeout(int ms) { m_handshakeTimeoutMs = ms; }
    /// Limit for the tool call itself once sent; 0 (the default) waits as long as the instance works on
    /// it, like an in-process call (video downloads and image generation take minutes).
    void setCallTimeout(int ms) { m_callTimeoutMs = ms; }
    void setMaxMessageBytes(qsizetype bytes) { m_framer = LineFramer(bytes); }

    /// Starts the call. Call once per object.
    void callTool(const McpSocketPath &location, const QString &name, const QJsonObject &arguments);

    Status status() const { return m_status; }
    /// Completed: the CallToolResult ({content, structuredContent?, isError, ...}).
    const QJsonObject &toolResult() const { return m_result; }
    bool isToolError() const { return m_result.value(QStringLiteral("isError")).toBool(); }
    /// NotRunning / Failed: what happened, as a user sentence (kind network, timeout, bad_input, ...).
    const Error &error() const { return m_error; }
    /// Failed because the instance answered tools/call with a JSON-RPC error: its code (e.g. -32602 for an
    /// unknown tool); 0 otherwise.
    int rpcErrorCode() const { return m_rpcErrorCode; }
    QString socketPath() const { return m_path; }

signals:
    /// notifications/progress for this call (the client always asks for progress).
    void progressed(double progress, double total, const QString &message);
    /// Exactly once per callTool(), always queued.
    void finished();

private:
    enum class Stage { Idle, Connecting, Initializing, Calling, Done };

    void onConnected();
    void onReadyRead();
    void onGone();
    void handleMessage(const QByteArray &line);
    void send(const QJsonObject &message);
    void sendCall();
    void finish(Status status, const Error &error = {});

    QLocalSocket *m_socket = nullptr;
    QTimer *m_timer = nullptr;
    LineFramer m_framer;
    Stage m_stage = Stage::Idle;
    Status m_status = Status::Pending;
    QString m_path;
    QString m_toolName;
    QJsonObject m_arguments;
    QJsonObject m_result;
    Error m_error;
    int m_rpcErrorCode = 0;
    int m_handshakeTimeoutMs = defaultHandshakeTimeoutMs;
    int m_callTimeoutMs = 0;
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include "mcp/httprequestreader.h"
#include "mcp/mcphttplimits.h"

#include <QList>
#include <QObject>
#include <QPair>
#include <QTimer>

class QTcpSocket;

namespace Sanzaru::Core {

/// One TCP connection of the MCP HTTP endpoint: parses requests and hands them out one at a time (the
/// next pipelined request only after the previous one was answered, so answers keep HTTP/1.1 order), and
/// writes each answer as one Content-Length framed response. Parser errors are answered and close the
/// connection. Memory is bounded: nothing more is read off the socket (whose buffer is capped) while a
/// request waits for its answer, and bodies and heads are capped by the reader. A connection that does
/// not deliver a complete request within the idle timeout (new, kept alive, or trickling bytes) is
/// closed, with 408 if part of a request had arrived.
class McpHttpConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(McpHttpConnection)

public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    /// Takes ownership of the connected socket.
    McpHttpConnection(QTcpSocket *socket, const McpHttpLimits &limits, QObject *parent = nullptr);

    /// Answers the request handed out by requestReady(). JSON bodies get Content-Type application/json.
    void respond(int status, const QByteArray &body = {}, const Headers &headers = {});
    bool isBusy() const { return m_busy; }

signals:
    void requestReady(const Sanzaru::Core::McpHttpRequest &request);
    void closed();

private:
    void readAvailable();
    void dispatchNext();
    void idleTimeout();
    void finish();

    QTcpSocket *m_socket;
    HttpRequestReader m_reader;
    QTimer m_idle;
    QList<McpHttpRequest> m_queue;
    bool m_busy = false;
    bool m_keepAlive = true;
    bool m_closing = false;
    bool m_finished = false;
};

} // namespace Sanzaru::Core

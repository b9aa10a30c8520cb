// SPDX-License-Identifier: MIT
#pragma once

#include "mcp/httprequestreader.h"

#include <QList>
#include <QObject>
#include <QPair>

class QTcpSocket;

namespace Sanzaru::Core {

/// One TCP connection of the MCP HTTP endpoint: parses requests and hands them out one at a time (the
/// next pipelined request only after the previous one was answered, so answers keep HTTP/1.1 order), and
/// writes each answer as one Content-Length framed response. Parser errors are answered and close the
/// connection.
class McpHttpConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(McpHttpConnection)

public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    /// Takes ownership of the connected socket.
    McpHttpConnection(QTcpSocket *socket, qint64 maxBodyBytes, QObject *parent = nullptr);

    /// Answers the request handed out by requestReady(). JSON bodies get Content-Type application/json.
    void respond(int status, const QByteArray &body = {}, const Headers &headers = {});
    bool isBusy() const { return m_busy; }

signals:
    void requestReady(const Sanzaru::Core::McpHttpRequest &request);
    void closed();

private:
    void readAvailable();
    void dispatchNext();

    QTcpSocket *m_socket;
    HttpRequestReader m_reader;
    QList<McpHttpRequest> m_queue;
    bool m_busy = false;
    bool m_keepAlive = true;
    bool m_closing = false;
};

} // namespace Sanzaru::Core

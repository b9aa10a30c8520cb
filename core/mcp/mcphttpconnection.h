// SPDX-License-Identifier: MIT
#pragma once

#include "mcp/httprequestreader.h"
#include "mcp/mcphttplimits.h"

#include <QList>
#include <QObject>
#include <QPair>
#include <QTimer>

#include <memory>

class QFile;

class QTcpSocket;

namespace Sanzaru::Core {

/// One TCP connection of the MCP HTTP endpoint: parses requests and hands them out one at a time (the
/// next pipelined request only after the previous one was answered, so answers keep HTTP/1.1 order), and
/// writes each answer as one Content-Length framed response. Parser errors are answered and close the
/// connection. Memory is bounded: nothing more is read off the socket (whose buffer is capped) while a
/// request waits for its answer, and bodies and heads are capped by the reader. A connection that does
/// not deliver a complete request within the idle timeout (new, kept alive, or trickling bytes) is
/// closed, with 408 if part of a request had arrived. A file answer (respondFile) is read and sent as the
/// socket drains; a peer that takes none of it for the idle timeout is dropped.
class McpHttpConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(McpHttpConnection)

public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    /// Takes ownership of the connected socket.
    McpHttpConnection(QTcpSocket *socket, const McpHttpLimits &limits, QObject *parent = nullptr);
    ~McpHttpConnection() override;

    /// Answers the request handed out by requestReady(). Bodies get Content-Type application/json unless
    /// headers name another.
    void respond(int status, const QByteArray &body = {}, const Headers &headers = {});
    /// Answers with length bytes of file from offset, read and written in small pieces as the socket
    /// drains (never the whole file in memory). headers carry Content-Type and the like; Content-Length
    /// is length. withBody false (HEAD) sends the head alone.
    void respondFile(int status, const Headers &headers, std::unique_ptr<QFile> file, qint64 offset,
                     qint64 length, bool withBody);
    bool isBusy() const { return m_busy; }

signals:
    void requestReady(const Sanzaru::Core::McpHttpRequest &request);
    void closed();

private:
    void readAvailable();
    void dispatchNext();
    void idleTimeout();
    void finish();
    void writeHead(int status, qint64 contentLength, const QByteArray &contentType, const Headers &headers);
    void completeResponse();
    void pumpFile();

    QTcpSocket *m_socket;
    HttpRequestReader m_reader;
    QTimer m_idle;
    QList<McpHttpRequest> m_queue;
    bool m_busy = false;
    bool m_keepAlive = true;
    bool m_closing = false;
    bool m_finished = false;
    std::unique_ptr<QFile> m_file; ///< a file answer being streamed
    qint64 m_fileRemaining = 0;
};

} // namespace Sanzaru::Core

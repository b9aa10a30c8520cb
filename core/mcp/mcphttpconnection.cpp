// SPDX-License-Identifier: MIT
#include "mcphttpconnection.h"

#include "mcp/mcpiolog.h"
#include "mcp/mcpwire.h"

#include <QTcpSocket>

namespace Sanzaru::Core {

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 202:
        return "Accepted";
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 406:
        return "Not Acceptable";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Status";
    }
}

} // namespace

McpHttpConnection::McpHttpConnection(QTcpSocket *socket, qint64 maxBodyBytes, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_reader(maxBodyBytes)
{
    m_socket->setParent(this);
    connect(m_socket, &QTcpSocket::readyRead, this, &McpHttpConnection::readAvailable);
    connect(m_socket, &QTcpSocket::disconnected, this, &McpHttpConnection::closed);
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &McpHttpConnection::readAvailable, Qt::QueuedConnection);
}

void McpHttpConnection::readAvailable()
{
    if (m_closing)
        return;
    m_reader.feed(m_socket->readAll());
    if (m_reader.takeContinueRequest())
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    while (m_reader.hasRequest())
        m_queue.append(m_reader.takeRequest());
    if (m_reader.hasError() && m_queue.isEmpty() && !m_busy) {
        qCDebug(lcMcpIo) << "bad HTTP request:" << m_reader.errorStatus() << m_reader.errorText();
        m_keepAlive = false;
        m_busy = true;
        respond(m_reader.errorStatus(), McpWire::idLessError(McpWire::InvalidRequest, m_reader.errorText()));
        return;
    }
    dispatchNext();
}

void McpHttpConnection::dispatchNext()
{
    if (m_busy || m_closing)
        return;
    if (m_queue.isEmpty()) {
        if (m_reader.hasError()) // answer the parse error now that the requests before it are answered
            readAvailable();
        return;
    }
    m_busy = true;
    const McpHttpRequest request = m_queue.takeFirst();
    m_keepAlive = request.keepAlive;
    emit requestReady(request);
}

void McpHttpConnection::respond(int status, const QByteArray &body, const Headers &headers)
{
    if (!m_busy || m_closing)
        return;
    m_busy = false;
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    if (!body.isEmpty())
        head += "Content-Type: application/json\r\n";
    head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    head += "Cache-Control: no-store\r\n";
    for (const auto &[name, value] : headers)
        head += name + ": " + value + "\r\n";
    if (!m_keepAlive)
        head += "Connection: close\r\n";
    head += "\r\n";
    m_socket->write(head);
    m_socket->write(body);
    if (!m_keepAlive) {
        m_closing = true;
        m_socket->disconnectFromHost(); // after the bytes above are sent
        return;
    }
    // Queued: a client pipelining many requests must not recurse through respond() → requestReady().
    QMetaObject::invokeMethod(this, &McpHttpConnection::dispatchNext, Qt::QueuedConnection);
}

} // namespace Sanzaru::Core

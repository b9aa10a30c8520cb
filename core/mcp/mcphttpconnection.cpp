// SPDX-License-Identifier: MIT
#include "mcphttpconnection.h"

#include "mcp/mcpiolog.h"
#include "mcp/mcpwire.h"

#include <QFile>
#include <QTcpSocket>

#include <algorithm>

namespace Sanzaru::Core {

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 202:
        return "Accepted";
    case 206:
        return "Partial Content";
    case 416:
        return "Range Not Satisfiable";
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 401:
        return "Unauthorized";
    case 406:
        return "Not Acceptable";
    case 408:
        return "Request Timeout";
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

McpHttpConnection::McpHttpConnection(QTcpSocket *socket, const McpHttpLimits &limits, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_reader(limits.maxBodyBytes, limits.maxHeadBytes)
{
    m_socket->setParent(this);
    // Qt stops reading from the kernel when this fills up, so a client pushing bytes while its request
    // is being answered is held back by TCP flow control instead of our memory.
    m_socket->setReadBufferSize(64 * 1024);
    m_idle.setSingleShot(true);
    m_idle.setInterval(limits.idleTimeoutMs);
    connect(&m_idle, &QTimer::timeout, this, &McpHttpConnection::idleTimeout);
    connect(m_socket, &QTcpSocket::readyRead, this, &McpHttpConnection::readAvailable);
    connect(m_socket, &QTcpSocket::disconnected, this, &McpHttpConnection::finish);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &McpHttpConnection::pumpFile);
    m_idle.start();
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &McpHttpConnection::readAvailable, Qt::QueuedConnection);
}

void McpHttpConnection::finish()
{
    m_idle.stop();
    if (!std::exchange(m_finished, true))
        emit closed();
}

void McpHttpConnection::readAvailable()
{
    // One request at a time: the next is read only once this one is answered.
    if (m_closing || m_busy || !m_queue.isEmpty())
        return;
    if (!m_reader.hasError()) {
        m_reader.feed(m_socket->readAll());
        if (m_reader.takeContinueRequest())
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        while (m_reader.hasRequest())
            m_queue.append(m_reader.takeRequest());
    }
    if (m_reader.hasError() && m_queue.isEmpty()) {
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
        // Bytes held back while the last request was answered, or a parse error to answer now that the
        // requests before it are answered.
        if (m_reader.hasError() || m_socket->bytesAvailable() > 0)
            return readAvailable();
        if (!m_idle.isActive()) // never restarted by trickling bytes: the request must complete in time
            m_idle.start();
        return;
    }
    m_idle.stop();
    m_busy = true;
    const McpHttpRequest request = m_queue.takeFirst();
    m_keepAlive = request.keepAlive;
    emit requestReady(request);
}

void McpHttpConnection::idleTimeout()
{
    if (m_file) { // a file answer the peer stopped reading for a whole idle period: free the slot
        qCDebug(lcMcpIo) << "media client stalled; closing the connection";
        m_file.reset();
        m_closing = true;
        m_socket->abort();
        finish();
        return;
    }
    if (m_busy && !m_closing)
        return; // a request is being answered; the timer only runs between requests
    if (!m_closing && m_reader.hasPartialRequest()) {
        qCDebug(lcMcpIo) << "HTTP request not completed in time; closing the connection";
        m_keepAlive = false;
        m_busy = true;
        respond(408,
                McpWire::idLessError(McpWire::InvalidRequest,
                                     QStringLiteral("Request Timeout: the request did not arrive in time")));
        return;
    }
    // Idle, or closing and the peer does not take the last answer: free it now.
    m_closing = true;
    m_socket->abort();
    finish();
}

McpHttpConnection::~McpHttpConnection() = default;

void McpHttpConnection::writeHead(int status, qint64 contentLength, const QByteArray &contentType,
                                  const Headers &headers)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    if (!contentType.isEmpty())
        head += "Content-Type: " + contentType + "\r\n";
    head += "Content-Length: " + QByteArray::number(contentLength) + "\r\n";
    head += "Cache-Control: no-store\r\n";
    for (const auto &[name, value] : headers)
        head += name + ": " + value + "\r\n";
    // No Keep-Alive hint: clients' own idle limits (4-5 s) are far below ours, and a hint would make them
    // hold idle connections, which count against the connection cap, for as long as we allow.
    if (!m_keepAlive)
        head += "Connection: close\r\n";
    head += "\r\n";
    m_socket->write(head);
}

void McpHttpConnection::respond(int status, const QByteArray &body, const Headers &headers)
{
    if (!m_busy || m_closing || m_file)
        return;
    const bool typed = std::any_of(headers.cbegin(), headers.cend(), [](const auto &header) {
        return header.first.compare("Content-Type", Qt::CaseInsensitive) == 0;
    });
    writeHead(status, body.size(),
              body.isEmpty() || typed ? QByteArray() : QByteArrayLiteral("application/json"), headers);
    m_socket->write(body);
    completeResponse();
}

void McpHttpConnection::respondFile(int status, const Headers &headers, std::unique_ptr<QFile> file,
                                    qint64 offset, qint64 length, bool withBody)
{
    if (!m_busy || m_closing || m_file)
        return;
    writeHead(status, length, {}, headers);
    if (!withBody || length <= 0)
        return completeResponse();
    if (!file->seek(offset)) {
        m_keepAlive = false; // the head promised bytes we cannot send: the client sees a short answer
        return completeResponse();
    }
    m_file = std::move(file);
    m_fileRemaining = length;
    pumpFile();
}

void McpHttpConnection::pumpFile()
{
    // Backpressure: read the next piece only while little is queued in the socket, so memory stays at
    // a few hundred KiB whatever the file size and however slowly the client reads.
    constexpr qint64 piece = 64 * 1024;
    constexpr qint64 queued = 256 * 1024;
    if (!m_file || m_closing)
        return;
    while (m_fileRemaining > 0 && m_socket->bytesToWrite() < queued) {
        const QByteArray data = m_file->read(std::min(piece, m_fileRemaining));
        if (data.isEmpty()) { // read error or truncated meanwhile: we cannot keep the promised length
            qCWarning(lcMcpIo) << "media file ended early; closing the connection";
            m_fileRemaining = 0;
            m_keepAlive = false;
            break;
        }
        m_socket->write(data);
        m_fileRemaining -= data.size();
        m_idle.start(); // counts from the last progress
    }
    if (m_fileRemaining > 0)
        return;
    m_idle.stop();
    m_file.reset();
    completeResponse();
}

void McpHttpConnection::completeResponse()
{
    m_busy = false;
    if (!m_keepAlive) {
        m_closing = true;
        m_idle.start();                 // a peer that never reads its answer is aborted then
        m_socket->disconnectFromHost(); // after the bytes above are sent
        return;
    }
    // Queued: a client pipelining many requests must not recurse through respond() → requestReady().
    QMetaObject::invokeMethod(this, &McpHttpConnection::dispatchNext, Qt::QueuedConnection);
}

} // namespace Sanzaru::Core

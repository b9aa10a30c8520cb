// SPDX-License-Identifier: MIT
#include "mcplocalconnection.h"

#include "mcp/mcpiolog.h"
#include "mcp/mcpwire.h"

#include <QLocalSocket>
#include <QPointer>

namespace Sanzaru::Core {

namespace {
// A client that stops reading must not make us buffer without bound (answers can carry 16 MiB chunks).
constexpr qint64 maxPendingWriteBytes = 512LL * 1024 * 1024;
} // namespace

McpLocalConnection::McpLocalConnection(QLocalSocket *socket, const ToolRegistry *registry,
                                       qsizetype maxMessageBytes, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_session(registry)
    , m_framer(maxMessageBytes)
{
    m_socket->setParent(this);
    connect(&m_session, &McpSession::messageReady, this, &McpLocalConnection::send);
    connect(&m_session, &McpSession::toolCallStarted, this, &McpLocalConnection::toolCallStarted);
    connect(m_socket, &QLocalSocket::readyRead, this, &McpLocalConnection::readAvailable);
    connect(m_socket, &QLocalSocket::disconnected, this, &McpLocalConnection::onDisconnected);
    // Bytes may have arrived between accept() and these connections.
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &McpLocalConnection::readAvailable, Qt::QueuedConnection);
}

McpLocalConnection::~McpLocalConnection()
{
    m_session.close();
}

void McpLocalConnection::readAvailable()
{
    if (m_closed)
        return;
    QPointer<McpLocalConnection> alive(this);
    while (alive && !m_closed && m_socket->bytesAvailable() > 0) {
        const QByteArray bytes = m_socket->read(1 << 20);
        QList<QByteArray> messages;
        const bool ok = m_framer.feed(bytes, &messages);
        for (const QByteArray &message : std::as_const(messages)) {
            if (!alive || m_closed)
                return;
            m_session.receive(message);
        }
        if (!ok && alive && !m_closed) {
            qCWarning(lcMcpIo) << "local client sent a message over" << m_framer.maxMessageBytes()
                               << "bytes; closing that connection";
            send(McpWire::oversizedError(m_framer.maxMessageBytes()));
            close();
        }
    }
}

void McpLocalConnection::send(const QByteArray &message)
{
    if (m_socket->state() != QLocalSocket::ConnectedState)
        return;
    if (m_socket->bytesToWrite() > maxPendingWriteBytes) {
        qCWarning(lcMcpIo) << "local client does not read its answers; dropping the connection";
        m_session.close();
        m_socket->abort();
        return;
    }
    m_socket->write(message);
    m_socket->write("\n", 1);
}

void McpLocalConnection::close()
{
    if (m_closed)
        return;
    m_closed = true;
    m_session.close();
    m_socket->disconnectFromServer(); // flushes what is queued, then emits disconnected()
}

void McpLocalConnection::onDisconnected()
{
    m_closed = true;
    m_session.close(); // the peer is gone: cancel its calls, nothing more can be delivered
    emit closed();
}

} // namespace Sanzaru::Core

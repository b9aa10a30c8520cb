// SPDX-License-Identifier: MIT
#include "mcplocalserver.h"

#include "mcp/mcpiolog.h"
#include "mcp/mcplocalconnection.h"
#include "mcp/mcpwire.h"

#include <QLocalServer>
#include <QLocalSocket>

#include <utility>

namespace Sanzaru::Core {

McpLocalServer::McpLocalServer(const ToolRegistry *registry, QObject *parent)
    : QObject(parent)
    , m_registry(registry)
{}

McpLocalServer::~McpLocalServer()
{
    close();
}

bool McpLocalServer::isAnswering(const QString &socketPath)
{
    return UserSocketListener::isAnswering(socketPath);
}

void McpLocalServer::setMaxClients(int clients)
{
    m_maxClients = qMax(1, clients);
    m_listener.setAdmission(
        [this] {
            if (m_connections.size() < m_maxClients)
                return true;
            if (m_refused++ % 100 == 0) // one line per hundred, not one per client of a flood
                qCWarning(lcMcpIo) << "refusing local MCP clients: already serving" << m_maxClients
                                   << "(refused so far:" << m_refused << ")";
            return false;
        },
        McpWire::busyError(m_maxClients));
}

McpLocalServer::ListenResult McpLocalServer::listen(const McpSocketPath &location)
{
    close();
    setMaxClients(m_maxClients);
    m_path = location.path();
    const ListenResult result = m_listener.listen(
        location, QStringLiteral("sanzaru-qt is already running (MCP socket %1)").arg(m_path),
        QStringLiteral("MCP socket"), this);
    m_error = m_listener.errorString();
    if (result != ListenResult::Listening)
        return result;
    connect(m_listener.server(), &QLocalServer::newConnection, this, &McpLocalServer::acceptConnections);
    qCInfo(lcMcpIo) << "MCP endpoint listening on" << m_path;
    return ListenResult::Listening;
}

void McpLocalServer::close()
{
    const QList<McpLocalConnection *> connections = std::exchange(m_connections, {});
    for (McpLocalConnection *connection : connections) {
        disconnect(connection, nullptr, this, nullptr);
        delete connection; // its destructor cancels the session's calls
    }
    if (!connections.isEmpty())
        emit clientCountChanged(0);
    m_listener.close();
}

bool McpLocalServer::isListening() const
{
    return m_listener.isListening();
}

int McpLocalServer::callsInFlight() const
{
    int calls = 0;
    for (const McpLocalConnection *connection : m_connections)
        calls += connection->callsInFlight();
    return calls;
}

void McpLocalServer::acceptConnections()
{
    while (m_listener.server() && m_listener.server()->hasPendingConnections()) {
        QLocalSocket *socket = m_listener.server()->nextPendingConnection();
        if (!McpSocketPath::peerIsOwner(socket->socketDescriptor())) {
            qCWarning(lcMcpIo) << "refusing a local MCP client running as another user";
            socket->abort();
            socket->deleteLater();
            continue;
        }
        auto *connection = new McpLocalConnection(socket, m_registry, m_maxMessageBytes, this);
        m_connections.append(connection);
        connect(connection, &McpLocalConnection::toolCallStarted, this, &McpLocalServer::toolCallStarted);
        connect(connection, &McpLocalConnection::closed, this, [this, connection] {
            if (!m_connections.removeOne(connection))
                return;
            connection->deleteLater();
            qCInfo(lcMcpIo) << "MCP client disconnected; clients:" << m_connections.size();
            emit clientDisconnected();
            emit clientCountChanged(int(m_connections.size()));
        });
        qCInfo(lcMcpIo) << "MCP client connected; clients:" << m_connections.size();
        emit clientConnected();
        emit clientCountChanged(int(m_connections.size()));
    }
}

} // namespace Sanzaru::Core

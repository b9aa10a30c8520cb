// SPDX-License-Identifier: MIT
#pragma once

#include "mcp/lineframer.h"
#include "mcp/mcpsocketpath.h"
#include "mcp/usersocketlistener.h"
#include "tools/toolcall.h"

#include <QList>
#include <QObject>
#include <QString>

class QLocalServer;

namespace Sanzaru::Core {

class McpLocalConnection;

class ToolRegistry;

/// The MCP endpoint on the per-user Unix socket: newline-delimited JSON-RPC, one McpSession per
/// connection, up to maxClients() clients at once with any number of calls in flight each. A client
/// beyond the cap gets one -32000 "server busy" line and is disconnected at once (it holds no
/// descriptor), so a flood of connections cannot exhaust the process's file descriptors.
///
/// Only one instance per socket path: a lock file beside the socket (flock, released by the kernel when
/// the holder dies) says whether another instance runs, and a connect probe double-checks; a socket
/// file nobody answers on is left over from a crash and is replaced. The socket is created with
/// UserAccessOption and chmod 0600 inside the private 0700 directory; never in the abstract namespace.
class McpLocalServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(McpLocalServer)

public:
    using ListenResult = UserSocketListener::Outcome;

    explicit McpLocalServer(const ToolRegistry *registry, QObject *parent = nullptr);
    ~McpLocalServer() override;

    static constexpr int defaultMaxClients = 256;

    /// Concurrent connections served; more are refused politely.
    void setMaxClients(int clients);
    int maxClients() const { return m_maxClients; }
    /// Per-message cap for new connections (LineFramer's 64 MiB by default).
    void setMaxMessageBytes(qsizetype bytes) { m_maxMessageBytes = bytes; }

    ListenResult listen(const McpSocketPath &location);
    /// Closes every connection (cancelling their calls), removes the socket file and releases the lock.
    void close();
    bool isListening() const;
    QString socketPath() const { return m_path; }
    QString errorString() const { return m_error; }

    int clientCount() const { return int(m_connections.size()); }
    /// Tool calls in flight over all connections.
    int callsInFlight() const;

    /// Whether a live server answers on this socket path (a non-blocking connect probe).
    static bool isAnswering(const QString &socketPath);

signals:
    void clientConnected();
    void clientDisconnected();
    void clientCountChanged(int count);
    /// A client started a tool call (the desktop app mirrors it in its job queue).
    void toolCallStarted(Sanzaru::Core::ToolCall *call);

private:
    void acceptConnections();

    const ToolRegistry *m_registry;
    UserSocketListener m_listener;
    QList<McpLocalConnection *> m_connections;
    qsizetype m_maxMessageBytes = LineFramer::defaultMaxMessageBytes;
    int m_maxClients = defaultMaxClients;
    qint64 m_refused = 0;
    QString m_path;
    QString m_error;
};

} // namespace Sanzaru::Core

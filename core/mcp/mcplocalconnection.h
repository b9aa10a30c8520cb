// SPDX-License-Identifier: MIT
#pragma once

#include "mcp/lineframer.h"
#include "mcp/mcpsession.h"
#include "tools/toolcall.h"

#include <QObject>

class QLocalSocket;

namespace Sanzaru::Core {


class ToolRegistry;

/// One client on the local socket: its own McpSession (own initialize, own ids in flight) fed by a
/// LineFramer. Every outgoing line is written here, from the session's messageReady, so lines never
/// interleave. An over-long message gets an id-less -32600 and closes this connection only.
class McpLocalConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(McpLocalConnection)

public:
    /// Takes ownership of the connected socket.
    McpLocalConnection(QLocalSocket *socket, const ToolRegistry *registry, qsizetype maxMessageBytes,
                       QObject *parent = nullptr);
    ~McpLocalConnection() override;

    int callsInFlight() const { return m_session.callsInFlight(); }
    /// Cancels the session's calls and closes the socket after flushing what was written.
    void close();

signals:
    void toolCallStarted(Sanzaru::Core::ToolCall *call);
    /// The peer went away or the connection was closed; the owner deletes this object.
    void closed();

private:
    void readAvailable();
    void send(const QByteArray &message);
    void onDisconnected();

    QLocalSocket *m_socket;
    McpSession m_session;
    LineFramer m_framer;
    bool m_closed = false;
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include "mcp/httprequestreader.h"
#include "mcp/lineframer.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <memory>

class QTcpServer;

namespace Sanzaru::Core {

class McpHttpConnection;
class McpSession;
class ToolRegistry;

/// MCP Streamable HTTP (legacy shape, 2025-03-26 … 2025-11-25) on 127.0.0.1 only, endpoint /mcp.
/// POST a JSON-RPC message → one application/json response (notifications and responses → 202);
/// GET → 405 (no server-initiated stream); DELETE ends the session. Sessions: Mcp-Session-Id minted
/// from the system CSPRNG on the initialize answer; unknown → 404, missing → 400; MCP-Protocol-Version
/// checked after initialize (unsupported → 400). DNS-rebinding defence: Host must name this loopback
/// port, Origin (when present) must be http://127.0.0.1:PORT or http://localhost:PORT, else 403.
/// Progress notifications have no place on a JSON response and are dropped.
class McpHttpServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(McpHttpServer)

public:
    static constexpr int maxSessions = 64;

    explicit McpHttpServer(const ToolRegistry *registry, QObject *parent = nullptr);
    ~McpHttpServer() override;

    void setMaxBodyBytes(qint64 bytes) { m_maxBodyBytes = bytes; }
    /// Listens on 127.0.0.1:port (0 = any free port).
    bool listen(quint16 port);
    void close();
    quint16 port() const;
    /// "http://127.0.0.1:PORT/mcp"
    QString url() const;
    QString errorString() const { return m_error; }
    int sessionCount() const { return int(m_sessions.size()); }

private:
    struct Session;
    struct Pending;

    void acceptConnections();
    void handle(McpHttpConnection *connection, const McpHttpRequest &request);
    void handlePost(McpHttpConnection *connection, const McpHttpRequest &request);
    void handleDelete(McpHttpConnection *connection, const McpHttpRequest &request);
    bool hostAllowed(const QByteArray &host) const;
    bool originAllowed(const QByteArray &origin) const;
    Session *createSession(const QString &id);
    void evictIdleSession();
    void dispatch(Session *session, McpHttpConnection *connection, const QByteArray &body,
                  const QStringList &requestKeys, bool initialize);
    void route(Session *session, const QByteArray &message);
    static void reject(McpHttpConnection *connection, int status, const QString &message);
    static QString mintSessionId();

    const ToolRegistry *m_registry;
    QTcpServer *m_server = nullptr;
    qint64 m_maxBodyBytes = LineFramer::defaultMaxMessageBytes;
    QString m_error;
    QHash<QString, std::shared_ptr<Session>> m_sessions;
    std::shared_ptr<Session> m_stateless; ///< 2026-07-28 requests: no session, version in every request
    Session *m_dispatching = nullptr;     ///< the session inside receive(): its answers belong to this POST
    QList<QByteArray> m_collected;
    quint64 m_nextToken = 1;
    qint64 m_clock = 0; ///< logical time for least-recently-used eviction
};

} // namespace Sanzaru::Core

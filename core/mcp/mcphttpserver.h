// SPDX-License-Identifier: MIT
#pragma once

#include "mcp/httprequestreader.h"
#include "mcp/mcphttplimits.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QString>

#include <memory>

class QTcpServer;
class QTcpSocket;

namespace Sanzaru::Core {

class McpHttpConnection;
class McpHttpTokenStore;
class McpSession;
class ToolRegistry;

/// MCP Streamable HTTP (legacy shape, 2025-03-26 … 2025-11-25) on 127.0.0.1 only, endpoint /mcp.
/// POST a JSON-RPC message → one application/json response (notifications and responses → 202);
/// GET → 405 (no server-initiated stream); DELETE ends the session. Sessions: Mcp-Session-Id minted
/// from the system CSPRNG on the initialize answer; unknown → 404, missing → 400; MCP-Protocol-Version
/// checked after initialize (unsupported → 400). DNS-rebinding defence: Host must name this loopback
/// port, Origin (when present) must be http://127.0.0.1:PORT or http://localhost:PORT, else 403.
/// Progress notifications have no place on a JSON response and are dropped.
///
/// Every request must carry `Authorization: Bearer <token>` with the install's token (McpHttpTokenStore,
/// asked on every request so a rotation applies from the next request on); without it, or with another
/// token, the answer is 401 with `WWW-Authenticate: Bearer` and nothing else happens (no session is made,
/// no message reaches a session). Limits (McpHttpLimits): connections beyond the cap get 503 with
/// Retry-After; bodies, heads and idle connections are capped by each connection.
///
/// `GET|HEAD /media/{video|image}/{file}` (McpMediaRoute) serves media files as sanzaru's route does,
/// streamed with Range support, behind the same checks and token.
///
/// Clients are kept apart: a legacy session is reached only with its id, and a stateless 2026-07-28
/// request belongs to the connection that carried it (its own McpSession), so its request ids, and a
/// notifications/cancelled naming them, never meet another client's; closing that connection cancels
/// its call, which is the 2026-07-28 way to cancel over HTTP.
class McpHttpServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(McpHttpServer)

public:
    /// tokens: not owned; must outlive the server.
    McpHttpServer(const ToolRegistry *registry, McpHttpTokenStore *tokens, QObject *parent = nullptr);
    ~McpHttpServer() override;

    /// Applies to connections accepted afterwards (the session limits at once).
    void setLimits(const McpHttpLimits &limits) { m_limits = limits; }
    McpHttpLimits limits() const { return m_limits; }
    void setMaxBodyBytes(qint64 bytes) { m_limits.maxBodyBytes = bytes; }
    /// Listens on 127.0.0.1:port (0 = any free port).
    bool listen(quint16 port);
    void close();
    quint16 port() const;
    /// "http://127.0.0.1:PORT/mcp"
    QString url() const;
    QString errorString() const { return m_error; }
    int sessionCount() const { return int(m_sessions.size()); }
    int connectionCount() const { return m_connectionCount; }

private:
    struct Session;
    struct Pending;

    void acceptConnections();
    void refuse(QTcpSocket *socket);
    void handle(McpHttpConnection *connection, const McpHttpRequest &request);
    bool authorized(McpHttpConnection *connection, const McpHttpRequest &request);
    void handlePost(McpHttpConnection *connection, const McpHttpRequest &request);
    void handleDelete(McpHttpConnection *connection, const McpHttpRequest &request);
    bool hostAllowed(const QByteArray &host) const;
    bool originAllowed(const QByteArray &origin) const;
    std::shared_ptr<Session> makeSession(const QString &id);
    Session *createSession(const QString &id);
    Session *statelessSession(McpHttpConnection *connection);
    bool evictIdleSession();
    void dispatch(Session *session, McpHttpConnection *connection, const QByteArray &body,
                  const QStringList &requestKeys, bool initialize);
    void route(Session *session, const QByteArray &message);
    static void reject(McpHttpConnection *connection, int status, const QString &message);
    static void rejectBusy(McpHttpConnection *connection, const QString &message);
    static QString mintSessionId();

    const ToolRegistry *m_registry;
    McpHttpTokenStore *m_tokens;
    QTcpServer *m_server = nullptr;
    McpHttpLimits m_limits;
    QString m_error;
    QHash<QString, std::shared_ptr<Session>> m_sessions;
    /// 2026-07-28 requests: no session id, so each connection gets its own (see the class comment).
    QHash<McpHttpConnection *, std::shared_ptr<Session>> m_stateless;
    Session *m_dispatching = nullptr; ///< the session inside receive(): its answers belong to this POST
    QList<QByteArray> m_collected;
    quint64 m_nextToken = 1;
    QElapsedTimer m_clock; ///< session idle ages
    int m_connectionCount = 0;
    int m_refusing = 0; ///< sockets being told 503
};

} // namespace Sanzaru::Core

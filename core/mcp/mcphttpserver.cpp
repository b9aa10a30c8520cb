// SPDX-License-Identifier: MIT
#include "mcphttpserver.h"

#include "mcp/mcphttpconnection.h"
#include "mcp/mcphttptokenstore.h"
#include "mcp/mcpiolog.h"
#include "mcp/mcpmediaroute.h"
#include "mcp/mcpsession.h"
#include "mcp/mcpwire.h"
#include "tools/toolregistry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <limits>

namespace Sanzaru::Core {

namespace {

const QByteArray sessionHeader = QByteArrayLiteral("mcp-session-id");
const QByteArray versionHeader = QByteArrayLiteral("mcp-protocol-version");
const QByteArray retryAfterSeconds = QByteArrayLiteral("1");

QString idKey(const QJsonValue &id)
{
    if (id.isString())
        return QStringLiteral("s:") + id.toString();
    if (id.isDouble())
        return QStringLiteral("n:") + QString::number(id.toDouble(), 'g', 17);
    return {};
}

/// Keys of the messages in a POST body that expect an answer (they carry an id and are not responses).
QStringList requestKeysOf(const QJsonDocument &doc)
{
    QStringList keys;
    const QJsonArray items = doc.isArray() ? doc.array() : QJsonArray{doc.object()};
    for (const QJsonValue &item : items) {
        const QJsonObject obj = item.toObject();
        if (obj.contains(QStringLiteral("result")) || obj.contains(QStringLiteral("error")))
            continue;
        const QString key = idKey(obj.value(QStringLiteral("id")));
        if (!key.isEmpty())
            keys.append(key);
    }
    return keys;
}

} // namespace

struct McpHttpServer::Pending
{
    QPointer<McpHttpConnection> connection;
    quint64 token = 0; ///< shared by the keys of one POST (a 2025-03-26 batch has several)
};

struct McpHttpServer::Session
{
    QString id;
    std::unique_ptr<McpSession> mcp;
    QHash<QString, Pending> pending;
    qint64 lastUsedMs = 0;
    bool used = false; ///< a request after the handshake: evicted only after sessionEvictionIdleMs
};

McpHttpServer::McpHttpServer(const ToolRegistry *registry, McpHttpTokenStore *tokens, QObject *parent)
    : QObject(parent)
    , m_registry(registry)
    , m_tokens(tokens)
{
    m_clock.start();
}

McpHttpServer::~McpHttpServer()
{
    close();
}

bool McpHttpServer::listen(quint16 port)
{
    close();
    m_server = new QTcpServer(this);
    // Loopback only, by design: with the bearer token and the Host/Origin checks it is meant for this
    // machine's clients, not a network service.
    if (!m_server->listen(QHostAddress::LocalHost, port)) {
        m_error = QStringLiteral("Cannot listen on 127.0.0.1:%1: %2").arg(port).arg(m_server->errorString());
        delete m_server;
        m_server = nullptr;
        return false;
    }
    connect(m_server, &QTcpServer::newConnection, this, &McpHttpServer::acceptConnections);
    qCInfo(lcMcpIo) << "MCP HTTP endpoint on" << url();
    return true;
}

void McpHttpServer::close()
{
    if (m_server) {
        m_server->close();
        delete m_server;
        m_server = nullptr;
    }
    for (McpHttpConnection *connection : findChildren<McpHttpConnection *>(Qt::FindDirectChildrenOnly))
        delete connection;
    for (QTcpSocket *socket : findChildren<QTcpSocket *>(Qt::FindDirectChildrenOnly))
        delete socket;
    m_sessions.clear(); // ~McpSession cancels their calls
    m_stateless.clear();
}

quint16 McpHttpServer::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

QString McpHttpServer::url() const
{
    return QStringLiteral("http://127.0.0.1:%1/mcp").arg(port());
}

QString McpHttpServer::mintSessionId()
{
    quint32 words[8];
    QRandomGenerator::system()->fillRange(words);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(words), sizeof words).toHex());
}

void McpHttpServer::acceptConnections()
{
    while (m_server && m_server->hasPendingConnections()) {
        QTcpSocket *socket = m_server->nextPendingConnection();
        if (m_connectionCount >= m_limits.maxConnections) {
            refuse(socket);
            continue;
        }
        auto *connection = new McpHttpConnection(socket, m_limits, this);
        ++m_connectionCount;
        connect(connection, &QObject::destroyed, this, [this] { --m_connectionCount; });
        connect(connection, &McpHttpConnection::requestReady, this,
                [this, connection](const McpHttpRequest &request) { handle(connection, request); });
        connect(connection, &McpHttpConnection::closed, this, [this, connection] {
            // 2026-07-28: closing the connection cancels its call (~McpSession cancels what is in flight).
            m_stateless.remove(connection);
            connection->deleteLater();
        });
    }
}

void McpHttpServer::refuse(QTcpSocket *socket)
{
    // Accepting and closing at once keeps our descriptors bounded; the ones told 503 are capped too, and
    // beyond that a connection is reset without an answer.
    if (m_refusing >= m_limits.maxConnections) {
        socket->abort();
        delete socket;
        return;
    }
    ++m_refusing;
    socket->setParent(this);
    connect(socket, &QObject::destroyed, this, [this] { --m_refusing; });
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    connect(socket, &QTcpSocket::readyRead, socket, [socket] { socket->readAll(); }); // drained, not buffered
    QTimer::singleShot(1000, socket, [socket] {
        socket->abort();
        socket->deleteLater();
    });
    const QByteArray body = McpWire::idLessError(
        McpWire::InvalidRequest, QStringLiteral("Service Unavailable: too many connections; retry shortly"));
    socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: " +
                  QByteArray::number(body.size()) + "\r\nRetry-After: " + retryAfterSeconds +
                  "\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n" + body);
    socket->disconnectFromHost();
    qCInfo(lcMcpIo) << "MCP HTTP connection refused: already" << m_connectionCount << "connections";
}

void McpHttpServer::reject(McpHttpConnection *connection, int status, const QString &message)
{
    connection->respond(status, McpWire::idLessError(McpWire::InvalidRequest, message));
}

void McpHttpServer::rejectBusy(McpHttpConnection *connection, const QString &message)
{
    connection->respond(503, McpWire::idLessError(McpWire::InvalidRequest, message),
                        {{"Retry-After", retryAfterSeconds}});
}

bool McpHttpServer::authorized(McpHttpConnection *connection, const McpHttpRequest &request)
{
    const Result<QByteArray> token = m_tokens->token();
    if (!token) {
        // Fail closed: no token we can trust means no access.
        qCWarning(lcMcpIo, "MCP HTTP token unavailable: %s", qUtf8Printable(token.error().message));
        connection->respond(
            500, McpWire::idLessError(
                     McpWire::InvalidRequest,
                     QStringLiteral("The server's token is unavailable: %1").arg(token.error().message)));
        return false;
    }
    const QByteArray header = request.header("authorization");
    const qsizetype space = header.indexOf(' ');
    const bool bearer = space > 0 && header.left(space).compare("Bearer", Qt::CaseInsensitive) == 0;
    if (bearer && McpHttpTokenStore::matches(header.mid(space + 1).trimmed(), token.value()))
        return true;
    // RFC 6750 challenge; no OAuth metadata: this local server's token comes from its owner's files.
    const QByteArray challenge =
        header.isEmpty() ? QByteArrayLiteral("Bearer realm=\"sanzaru-qt\"")
                         : QByteArrayLiteral("Bearer realm=\"sanzaru-qt\", error=\"invalid_token\"");
    connection->respond(
        401,
        McpWire::idLessError(
            McpWire::InvalidRequest,
            QStringLiteral("Unauthorized: send \"Authorization: Bearer <token>\". The owner of this server "
                           "gets the token with `sanzaru-qt serve --print-token` (or in the window's "
                           "\"Connect an MCP client\" dialog).")),
        {{"WWW-Authenticate", challenge}});
    return false;
}

bool McpHttpServer::hostAllowed(const QByteArray &host) const
{
    const QByteArray p = QByteArray::number(port());
    return host == "127.0.0.1:" + p || host == "localhost:" + p || host == "[::1]:" + p;
}

bool McpHttpServer::originAllowed(const QByteArray &origin) const
{
    const QByteArray p = QByteArray::number(port());
    return origin == "http://127.0.0.1:" + p || origin == "http://localhost:" + p;
}

void McpHttpServer::handle(McpHttpConnection *connection, const McpHttpRequest &request)
{
    if (!hostAllowed(request.header("host").toLower()))
        return reject(connection, 403, QStringLiteral("Forbidden: invalid Host header"));
    if (request.hasHeader("origin") && !originAllowed(request.header("origin").toLower()))
        return reject(connection, 403, QStringLiteral("Forbidden: invalid Origin header"));
    if (!authorized(connection, request))
        return;
    if (McpMediaRoute::matches(request.path()))
        return McpMediaRoute::serve(connection, request, m_registry->context());
    if (request.path() != "/mcp")
        return reject(connection, 404, QStringLiteral("Not found: the MCP endpoint is /mcp"));
    if (request.method == "POST")
        return handlePost(connection, request);
    if (request.method == "DELETE")
        return handleDelete(connection, request);
    connection->respond(405,
                        McpWire::idLessError(McpWire::InvalidRequest, QStringLiteral("Method not allowed")),
                        {{"Allow", "POST, DELETE"}});
}

void McpHttpServer::handleDelete(McpHttpConnection *connection, const McpHttpRequest &request)
{
    const QString id = QString::fromLatin1(request.header(sessionHeader));
    if (id.isEmpty())
        return reject(connection, 400, QStringLiteral("Bad Request: Mcp-Session-Id header is required"));
    const std::shared_ptr<Session> session = m_sessions.take(id);
    if (!session)
        return reject(connection, 404, QStringLiteral("Session not found"));
    session->mcp->close();
    for (const Pending &pending : std::as_const(session->pending))
        if (pending.connection && pending.connection != connection)
            reject(pending.connection, 404, QStringLiteral("Session ended"));
    qCInfo(lcMcpIo) << "MCP HTTP session ended by the client; sessions:" << m_sessions.size();
    connection->respond(200);
}

std::shared_ptr<McpHttpServer::Session> McpHttpServer::makeSession(const QString &id)
{
    auto session = std::make_shared<Session>();
    session->id = id;
    session->mcp = std::make_unique<McpSession>(m_registry);
    Session *raw = session.get();
    connect(raw->mcp.get(), &McpSession::messageReady, this, [this, raw](const QByteArray &message) {
        if (m_dispatching == raw)
            m_collected.append(message);
        else
            route(raw, message);
    });
    return session;
}

McpHttpServer::Session *McpHttpServer::createSession(const QString &id)
{
    std::shared_ptr<Session> session = makeSession(id);
    m_sessions.insert(id, session);
    return session.get();
}

McpHttpServer::Session *McpHttpServer::statelessSession(McpHttpConnection *connection)
{
    std::shared_ptr<Session> &slot = m_stateless[connection];
    if (!slot)
        slot = makeSession(QString());
    return slot.get();
}

bool McpHttpServer::evictIdleSession()
{
    // Never a session with a call in flight, never one used within sessionEvictionIdleMs: a flood of
    // handshakes only pushes out other handshake-only sessions (oldest first), then gets 503.
    const qint64 now = m_clock.elapsed();
    QString victim;
    bool victimUsed = true;
    qint64 victimUse = std::numeric_limits<qint64>::max();
    for (auto it = m_sessions.cbegin(); it != m_sessions.cend(); ++it) {
        const Session &session = *it.value();
        if (!session.pending.isEmpty())
            continue;
        if (session.used && now - session.lastUsedMs < m_limits.sessionEvictionIdleMs)
            continue;
        if (std::pair(session.used, session.lastUsedMs) < std::pair(victimUsed, victimUse)) {
            victim = it.key();
            victimUsed = session.used;
            victimUse = session.lastUsedMs;
        }
    }
    if (victim.isEmpty())
        return false;
    qCInfo(lcMcpIo) << "too many MCP HTTP sessions; ending the"
                    << (victimUsed ? "least recently used idle one" : "oldest one never used");
    m_sessions.remove(victim);
    return true;
}

void McpHttpServer::handlePost(McpHttpConnection *connection, const McpHttpRequest &request)
{
    if (!request.header("content-type").toLower().startsWith("application/json"))
        return reject(connection, 415, QStringLiteral("Unsupported Media Type: send application/json"));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return connection->respond(
            400, McpWire::idLessError(McpWire::ParseError, QStringLiteral("Parse error: %1 at offset %2")
                                                               .arg(parseError.errorString())
                                                               .arg(parseError.offset)));
    const QJsonObject object = doc.object();
    const bool initialize = doc.isObject() &&
                            object.value(QStringLiteral("method")) == QStringLiteral("initialize") &&
                            object.contains(QStringLiteral("id"));
    const QString version = QString::fromLatin1(request.header(versionHeader));
    Session *session = nullptr;
    if (initialize) {
        if (m_sessions.size() >= m_limits.maxSessions && !evictIdleSession())
            return rejectBusy(connection, QStringLiteral("Too many MCP sessions, all in use; retry later"));
        session = createSession(mintSessionId());
    } else {
        if (!version.isEmpty() && version != McpSession::modernVersion() &&
            !McpSession::legacyVersions().contains(version))
            return reject(connection, 400,
                          QStringLiteral("Bad Request: unsupported MCP-Protocol-Version %1").arg(version));
        const QString id = QString::fromLatin1(request.header(sessionHeader));
        if (!id.isEmpty()) {
            const auto it = m_sessions.constFind(id);
            if (it == m_sessions.cend())
                return reject(connection, 404, QStringLiteral("Session not found"));
            session = it.value().get();
        } else if (version == McpSession::modernVersion()) {
            session = statelessSession(connection);
        } else {
            return reject(connection, 400, QStringLiteral("Bad Request: Mcp-Session-Id header is required"));
        }
    }
    const QStringList requestKeys = requestKeysOf(doc);
    session->lastUsedMs = m_clock.elapsed();
    if (!initialize && !requestKeys.isEmpty())
        session->used = true;
    dispatch(session, connection, request.body, requestKeys, initialize);
}

void McpHttpServer::dispatch(Session *session, McpHttpConnection *connection, const QByteArray &body,
                             const QStringList &requestKeys, bool initialize)
{
    m_dispatching = session;
    m_collected.clear();
    session->mcp->receive(body);
    m_dispatching = nullptr;
    const QList<QByteArray> collected = std::exchange(m_collected, {});

    // Answers produced while receive() ran belong to this POST; notifications among them (none are
    // expected) cannot travel on a JSON response.
    for (const QByteArray &message : collected) {
        const QJsonDocument answer = QJsonDocument::fromJson(message);
        if (answer.isObject() && answer.object().contains(QStringLiteral("method")))
            continue;
        const QJsonValue id = answer.object().value(QStringLiteral("id"));
        const bool identified = answer.isArray() || id.isString() || id.isDouble();
        McpHttpConnection::Headers headers;
        if (initialize && answer.object().contains(QStringLiteral("result"))) {
            headers.append({"Mcp-Session-Id", session->id.toLatin1()});
            qCInfo(lcMcpIo) << "MCP HTTP session started; sessions:" << m_sessions.size();
        } else if (initialize) {
            m_sessions.remove(session->id);
        }
        return connection->respond(identified ? 200 : 400, message, headers);
    }
    if (initialize) { // cannot happen (initialize answers at once), but never keep a session nobody knows
        m_sessions.remove(session->id);
        return reject(connection, 500, QStringLiteral("initialize produced no answer"));
    }
    if (requestKeys.isEmpty()) {
        // Notifications and responses: accepted. A cancelled request's POST is still open; close it out.
        const QJsonObject object = QJsonDocument::fromJson(body).object();
        if (object.value(QStringLiteral("method")) == QStringLiteral("notifications/cancelled")) {
            const Pending cancelled = session->pending.take(
                idKey(object.value(QStringLiteral("params")).toObject().value(QStringLiteral("requestId"))));
            if (cancelled.connection && cancelled.connection != connection)
                cancelled.connection->respond(202);
        }
        return connection->respond(202);
    }
    const quint64 token = m_nextToken++;
    for (const QString &key : requestKeys)
        session->pending.insert(key, Pending{connection, token});
}

void McpHttpServer::route(Session *session, const QByteArray &message)
{
    const QJsonDocument doc = QJsonDocument::fromJson(message);
    const QJsonArray items = doc.isArray() ? doc.array() : QJsonArray{doc.object()};
    Pending target;
    for (const QJsonValue &item : items) {
        const QJsonObject obj = item.toObject();
        if (obj.contains(QStringLiteral("method")))
            return; // a progress notification: the JSON response path has no room for it
        target = session->pending.value(idKey(obj.value(QStringLiteral("id"))));
        if (target.token)
            break;
    }
    if (!target.token)
        return; // the POST is gone (cancelled, or its session ended)
    for (auto it = session->pending.begin(); it != session->pending.end();)
        it = it.value().token == target.token ? session->pending.erase(it) : std::next(it);
    if (target.connection)
        target.connection->respond(200, message);
}

} // namespace Sanzaru::Core

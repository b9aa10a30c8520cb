// SPDX-License-Identifier: MIT
#include "mcplocalserver.h"

#include "mcp/mcpiolog.h"
#include "mcp/mcplocalconnection.h"

#include <QFile>
#include <QLocalServer>
#include <QLocalSocket>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <utility>

namespace Sanzaru::Core {

namespace {

QString errnoText()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

} // namespace

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
    const QByteArray path = QFile::encodeName(socketPath);
    sockaddr_un address{};
    if (path.size() >= qsizetype(sizeof address.sun_path))
        return false;
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, path.constData(), size_t(path.size()));
    // Non-blocking, so a listener with a full backlog (EAGAIN) cannot stall the event loop; it counts as
    // live.
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    const int rc = ::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address);
    const bool live = rc == 0 || errno == EAGAIN || errno == EINPROGRESS;
    ::close(fd);
    return live;
}

bool McpLocalServer::takeLock(const QString &lockPath)
{
    const int fd =
        ::open(QFile::encodeName(lockPath).constData(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        m_error = QStringLiteral("Cannot open the lock file %1: %2").arg(lockPath, errnoText());
        return false;
    }
    // flock() locks belong to the open file description: a second server in this same process is
    // refused too, and a crashed holder releases the lock with its descriptors.
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return false;
    }
    m_lockFd = fd;
    return true;
}

void McpLocalServer::releaseLock()
{
    if (m_lockFd >= 0)
        ::close(m_lockFd);
    m_lockFd = -1;
}

McpLocalServer::ListenResult McpLocalServer::listen(const McpSocketPath &location)
{
    close();
    m_error.clear();
    m_path = location.path();
    if (const Result<void> ready = location.prepare(); !ready) {
        m_error = ready.error().message;
        return ListenResult::Failed;
    }
    const QString alreadyRunning =
        QStringLiteral("sanzaru-qt is already running (MCP socket %1)").arg(m_path);
    if (!takeLock(m_path + QStringLiteral(".lock"))) {
        if (m_error.isEmpty()) {
            m_error = alreadyRunning;
            return ListenResult::AlreadyRunning;
        }
        return ListenResult::Failed;
    }
    if (isAnswering(m_path)) { // a server that does not take our lock (say, an older build) still wins
        releaseLock();
        m_error = alreadyRunning;
        return ListenResult::AlreadyRunning;
    }
    const QByteArray file = QFile::encodeName(m_path);
    struct stat st
    {
    };
    if (::lstat(file.constData(), &st) == 0) {
        if (!S_ISSOCK(st.st_mode) || st.st_uid != ::getuid()) {
            releaseLock();
            m_error = QStringLiteral("%1 exists and is not a socket of ours; not replacing it").arg(m_path);
            return ListenResult::Failed;
        }
        qCInfo(lcMcpIo) << "removing stale MCP socket" << m_path;
        ::unlink(file.constData());
    }

    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(m_path)) {
        m_error = QStringLiteral("Cannot listen on %1: %2").arg(m_path, m_server->errorString());
        delete m_server;
        m_server = nullptr;
        releaseLock();
        return ListenResult::Failed;
    }
    // UserAccessOption gives the owner rwx; a socket needs no x bit.
    ::chmod(file.constData(), 0600);
    connect(m_server, &QLocalServer::newConnection, this, &McpLocalServer::acceptConnections);
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
    if (m_server) {
        m_server->close(); // removes the socket file
        delete m_server;
        m_server = nullptr;
    }
    releaseLock();
}

bool McpLocalServer::isListening() const
{
    return m_server && m_server->isListening();
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
    while (m_server && m_server->hasPendingConnections()) {
        QLocalSocket *socket = m_server->nextPendingConnection();
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

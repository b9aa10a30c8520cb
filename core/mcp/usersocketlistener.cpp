// SPDX-License-Identifier: MIT
#include "usersocketlistener.h"

#include "mcp/mcpiolog.h"
#include "mcp/mcpsocketpath.h"

#include <QFile>
#include <QLocalServer>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace Sanzaru::Core {

namespace {

QString errnoText()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

} // namespace

UserSocketListener::~UserSocketListener()
{
    close();
}

bool UserSocketListener::isAnswering(const QString &socketPath)
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

bool UserSocketListener::takeLock(const QString &lockPath)
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

void UserSocketListener::releaseLock()
{
    if (m_lockFd >= 0)
        ::close(m_lockFd);
    m_lockFd = -1;
}

UserSocketListener::Outcome UserSocketListener::listen(const McpSocketPath &location,
                                                       const QString &alreadyRunning, const QString &what,
                                                       QObject *serverParent)
{
    close();
    m_error.clear();
    const QString path = location.path();
    if (const Result<void> ready = location.prepare(); !ready) {
        m_error = ready.error().message;
        return Outcome::Failed;
    }
    if (!takeLock(path + QStringLiteral(".lock"))) {
        if (m_error.isEmpty()) {
            m_error = alreadyRunning;
            return Outcome::AlreadyRunning;
        }
        return Outcome::Failed;
    }
    if (isAnswering(path)) { // a server that does not take our lock (say, an older build) still wins
        releaseLock();
        m_error = alreadyRunning;
        return Outcome::AlreadyRunning;
    }
    const QByteArray file = QFile::encodeName(path);
    struct stat st
    {
    };
    if (::lstat(file.constData(), &st) == 0) {
        if (!S_ISSOCK(st.st_mode) || st.st_uid != ::getuid()) {
            releaseLock();
            m_error = QStringLiteral("%1 exists and is not a socket of ours; not replacing it").arg(path);
            return Outcome::Failed;
        }
        qCInfo(lcMcpIo) << qPrintable(QStringLiteral("removing stale %1").arg(what)) << path;
        ::unlink(file.constData());
    }

    m_server = new QLocalServer(serverParent);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(path)) {
        m_error = QStringLiteral("Cannot listen on %1: %2").arg(path, m_server->errorString());
        delete m_server;
        m_server = nullptr;
        releaseLock();
        return Outcome::Failed;
    }
    // UserAccessOption gives the owner rwx; a socket needs no x bit.
    ::chmod(file.constData(), 0600);
    return Outcome::Listening;
}

void UserSocketListener::close()
{
    if (m_server) {
        m_server->close(); // removes the socket file
        delete m_server;
        m_server = nullptr;
    }
    releaseLock();
}

bool UserSocketListener::isListening() const
{
    return m_server && m_server->isListening();
}

} // namespace Sanzaru::Core

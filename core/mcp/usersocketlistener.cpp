// SPDX-License-Identifier: MIT
#include "usersocketlistener.h"

#include "mcp/guardedlocalserver.h"
#include "mcp/mcpiolog.h"
#include "mcp/mcpsocketpath.h"

#include <QFile>
#include <QTimer>

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

    m_server = new GuardedLocalServer(serverParent);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    m_server->setAdmission(m_admit, m_refusalLine);
    if (!m_server->listenGuarded(path)) {
        m_error = QStringLiteral("Cannot listen on %1: %2").arg(path, m_server->errorString());
        delete m_server;
        m_server = nullptr;
        releaseLock();
        return Outcome::Failed;
    }
    // UserAccessOption gives the owner rwx; a socket needs no x bit.
    ::chmod(file.constData(), 0600);
    m_path = path;
    m_what = what;
    QObject::connect(m_server, &GuardedLocalServer::listenerFailed, m_server, [this] { relisten(0); });
    return Outcome::Listening;
}

void UserSocketListener::setAdmission(std::function<bool()> admit, const QByteArray &refusalLine)
{
    m_admit = std::move(admit);
    m_refusalLine = refusalLine;
    if (m_server)
        m_server->setAdmission(m_admit, m_refusalLine);
}

void UserSocketListener::relisten(int attempt)
{
    if (!m_server || m_server->isListening() || m_lockFd < 0)
        return;
    if (attempt == 0)
        qCWarning(lcMcpIo) << qPrintable(QStringLiteral("the %1 listener failed (%2); listening again on %3")
                                             .arg(m_what, m_server->errorString(), m_path));
    // We hold the lock, so whatever socket is at the path is a leftover of ours.
    const QByteArray file = QFile::encodeName(m_path);
    struct stat st
    {
    };
    if (::lstat(file.constData(), &st) == 0 && S_ISSOCK(st.st_mode) && st.st_uid == ::getuid())
        ::unlink(file.constData());
    if (m_server->listenGuarded(m_path)) {
        ::chmod(file.constData(), 0600);
        qCInfo(lcMcpIo) << qPrintable(QStringLiteral("%1 listening again on %2").arg(m_what, m_path));
        return;
    }
    // Still no descriptor (or the directory is gone for a moment): try again, backing off up to 1 s.
    const int delayMs = qMin(1000, 50 << qMin(attempt, 5));
    if (attempt == 0 || attempt % 20 == 0)
        qCWarning(lcMcpIo) << qPrintable(
            QStringLiteral("cannot listen on %1 yet: %2; retrying").arg(m_path, m_server->errorString()));
    QTimer::singleShot(delayMs, m_server, [this, attempt] { relisten(attempt + 1); });
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

QLocalServer *UserSocketListener::server() const
{
    return m_server;
}

bool UserSocketListener::isListening() const
{
    return m_server && m_server->isListening();
}

} // namespace Sanzaru::Core

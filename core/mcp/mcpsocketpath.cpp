// SPDX-License-Identifier: MIT
#include "mcpsocketpath.h"

#include "mcp/mcpiolog.h"
#include "mcp/usersocketlistener.h"

#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace Sanzaru::Core {

namespace {

const QString socketName = QStringLiteral("mcp.sock");

QString errnoText()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

QStringList &candidateOverride()
{
    static QStringList directories;
    return directories;
}

bool ownDirectory(const QString &path)
{
    struct stat st
    {
    };
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 && S_ISDIR(st.st_mode) &&
           st.st_uid == ::getuid();
}

/// Missing (a server creates it) or a real directory of ours.
bool usable(const QString &directory)
{
    struct stat st
    {
    };
    if (::lstat(QFile::encodeName(directory).constData(), &st) != 0)
        return errno == ENOENT;
    return S_ISDIR(st.st_mode) && st.st_uid == ::getuid();
}

QString homeDirectory()
{
    const QByteArray home = qgetenv("HOME");
    if (!home.isEmpty())
        return QFile::decodeName(home);
    if (const passwd *entry = ::getpwuid(::getuid()); entry && entry->pw_dir)
        return QFile::decodeName(entry->pw_dir);
    return {};
}

} // namespace

QStringList McpSocketPath::candidateDirectories()
{
    if (!candidateOverride().isEmpty())
        return candidateOverride();
    const uid_t uid = ::getuid();
    QStringList directories;
    const QString runtime = QStringLiteral("/run/user/%1").arg(uid);
    if (ownDirectory(runtime))
        directories.append(runtime + QStringLiteral("/sanzaru-qt"));
    // Literally /tmp, not TMPDIR: the GUI and a client-launched `mcp` may see different environments.
    directories.append(QStringLiteral("/tmp/sanzaru-qt-%1").arg(uid));
    if (const QString home = homeDirectory(); !home.isEmpty())
        directories.append(home + QStringLiteral("/.cache/sanzaru-qt/run"));
    return directories;
}

void McpSocketPath::setCandidateDirectoriesForTesting(const QStringList &directories)
{
    candidateOverride() = directories;
}

QString McpSocketPath::resolveDirectory(const QString &fileName)
{
    const QStringList candidates = candidateDirectories();
    for (const QString &directory : candidates)
        if (ownDirectory(directory) &&
            UserSocketListener::isAnswering(directory + QLatin1Char('/') + fileName))
            return directory;
    for (const QString &directory : candidates) {
        if (usable(directory))
            return directory;
        qCWarning(lcMcpIo) << qPrintable(
            QStringLiteral("socket folder %1 is not a directory of ours (another user may have created it); "
                           "skipping it")
                .arg(directory));
    }
    return candidates.last(); // nothing usable: prepare() and check() say why
}

McpSocketPath::McpSocketPath(const QString &path, bool dedicated)
    : m_path(path)
    , m_dedicated(dedicated)
{}

QString McpSocketPath::userDirectory()
{
    return resolveDirectory(socketName);
}

McpSocketPath McpSocketPath::fromEnvironment(const QProcessEnvironment &env)
{
    const QString value = env.value(QStringLiteral("SANZARU_QT_SOCKET")).trimmed();
    if (value.isEmpty())
        return McpSocketPath(resolveDirectory(socketName) + QLatin1Char('/') + socketName, true);
    if (!value.contains(QLatin1Char('/')))
        return McpSocketPath(resolveDirectory(value) + QLatin1Char('/') + value, true);
    return custom(value);
}

McpSocketPath McpSocketPath::custom(const QString &socketPath)
{
    return McpSocketPath(socketPath, false);
}

QString McpSocketPath::directory() const
{
    const qsizetype slash = m_path.lastIndexOf(QLatin1Char('/'));
    if (slash < 0)
        return QStringLiteral(".");
    return slash == 0 ? QStringLiteral("/") : m_path.left(slash);
}

McpSocketPath McpSocketPath::sibling(const QString &fileName) const
{
    return McpSocketPath(directory() + QLatin1Char('/') + fileName, m_dedicated);
}

Result<void> McpSocketPath::prepare() const
{
    const QByteArray dir = QFile::encodeName(directory());
    if (m_dedicated) { // the per-user folder may sit below missing ones (~/.cache/sanzaru-qt/run)
        const QString parent = QFileInfo(directory()).path();
        QString prefix;
        for (const QString &part : parent.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
            prefix += QLatin1Char('/') + part;
            ::mkdir(QFile::encodeName(prefix).constData(), 0700); // existing levels stay as they are
        }
    }
    if (::mkdir(dir.constData(), 0700) != 0 && errno != EEXIST)
        return Error::io(
            QStringLiteral("Cannot create the socket directory %1: %2").arg(directory(), errnoText()));
    struct stat st
    {
    };
    if (m_dedicated && ::lstat(dir.constData(), &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == ::getuid() &&
        (st.st_mode & 077) != 0)
        ::chmod(dir.constData(), 0700); // ours alone by design; an older run or umask may have loosened it
    return check();
}

Result<void> McpSocketPath::check() const
{
    const QByteArray file = QFile::encodeName(m_path);
    if (file.size() >= qsizetype(sizeof(sockaddr_un::sun_path)))
        return Error::config(QStringLiteral("The socket path is too long for a Unix socket: %1").arg(m_path));
    const QByteArray dir = QFile::encodeName(directory());
    struct stat st
    {
    };
    if (::lstat(dir.constData(), &st) != 0)
        return Error::notFound(QStringLiteral("The socket directory %1 does not exist").arg(directory()));
    if (!S_ISDIR(st.st_mode))
        return Error::config(
            QStringLiteral("The socket directory %1 is not a directory (or is a symlink)").arg(directory()));
    if (st.st_uid != ::getuid())
        return Error::config(
            QStringLiteral("The socket directory %1 belongs to another user; refusing to use it")
                .arg(directory()));
    if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0 || (m_dedicated && (st.st_mode & 077) != 0))
        return Error::config(
            QStringLiteral("The socket directory %1 is open to other users (mode %2); refusing to use it")
                .arg(directory())
                .arg(st.st_mode & 0777, 4, 8, QLatin1Char('0')));
    return {};
}

bool McpSocketPath::peerIsOwner(qintptr socketDescriptor)
{
#ifdef SO_PEERCRED
    struct ucred cred
    {
    };
    socklen_t length = sizeof cred;
    if (::getsockopt(int(socketDescriptor), SOL_SOCKET, SO_PEERCRED, &cred, &length) != 0)
        return false;
    return cred.uid == ::getuid();
#else
    Q_UNUSED(socketDescriptor);
    return true;
#endif
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "mcphttptokenstore.h"

#include "mcp/mcpiolog.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSettings>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Sanzaru::Core {

namespace {

constexpr qsizetype tokenBytes = 32; // 256 bits

QByteArray encoded(const QString &path)
{
    return QFile::encodeName(path);
}

Error ioError(const QString &what, const QString &path, int err)
{
    const QString text = QString::fromLocal8Bit(std::strerror(err));
    return Error::io(QStringLiteral("%1 %2: %3").arg(what, path, text),
                     QStringLiteral("errno %1: %2").arg(err).arg(text));
}

void closeFd(int fd)
{
    ::close(fd); // never retried on Linux: the descriptor is gone even on EINTR
}

bool writeAll(int fd, const QByteArray &bytes)
{
    const char *data = bytes.constData();
    qsizetype left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, data, size_t(left));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        left -= n;
    }
    return ::fsync(fd) == 0;
}

} // namespace

QString McpHttpTokenStore::defaultFilePath()
{
    const QSettings settings;
    return QFileInfo(settings.fileName()).absolutePath() + QStringLiteral("/mcp-http-token");
}

McpHttpTokenStore::McpHttpTokenStore(QString filePath)
    : m_path(std::move(filePath))
{}

bool McpHttpTokenStore::isWellFormed(QByteArrayView token)
{
    if (token.size() != tokenBytes * 2)
        return false;
    for (const char c : token)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

bool McpHttpTokenStore::matches(QByteArrayView presented, QByteArrayView token)
{
    if (token.isEmpty())
        return false;
    const QByteArray a = QCryptographicHash::hash(presented, QCryptographicHash::Sha256);
    const QByteArray b = QCryptographicHash::hash(token, QCryptographicHash::Sha256);
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return difference == 0;
}

Result<QByteArray> McpHttpTokenStore::token()
{
    return read(true);
}

Result<QByteArray> McpHttpTokenStore::read(bool mayReplace)
{
    struct stat st
    {
    };
    if (::lstat(encoded(m_path).constData(), &st) != 0) {
        if (errno == ENOENT)
            return write(Write::Create);
        return ioError(QStringLiteral("Cannot read the MCP HTTP token file"), m_path, errno);
    }
    if (S_ISLNK(st.st_mode))
        return replaceUnusable(QStringLiteral("is a symbolic link"), mayReplace);
    const Identity seen{qint64(st.st_dev), qint64(st.st_ino), qint64(st.st_size),
                        qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec,
                        qint64(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec};
    if (!m_token.isEmpty() && seen == m_identity)
        return m_token;

    // O_NONBLOCK: a FIFO put in its place must not hang the server; O_NOFOLLOW: no link swapped in since.
    const int fd =
        ::open(encoded(m_path).constData(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return write(Write::Create);
        if (errno == ELOOP)
            return replaceUnusable(QStringLiteral("is a symbolic link"), mayReplace);
        return ioError(QStringLiteral("Cannot read the MCP HTTP token file"), m_path, errno);
    }
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        closeFd(fd);
        return ioError(QStringLiteral("Cannot read the MCP HTTP token file"), m_path, err);
    }
    QString problem;
    if (!S_ISREG(st.st_mode))
        problem = QStringLiteral("is not a regular file");
    else if (st.st_uid != ::geteuid())
        problem = QStringLiteral("belongs to another user");
    else if ((st.st_mode & 077) != 0)
        problem = QStringLiteral("is readable or writable by other users (mode %1)")
                      .arg(QString::number(st.st_mode & 0777, 8));
    QByteArray content;
    if (problem.isEmpty()) {
        char buffer[256];
        ssize_t n;
        do {
            n = ::read(fd, buffer, sizeof buffer);
        } while (n < 0 && errno == EINTR);
        if (n < 0) {
            const int err = errno;
            closeFd(fd);
            return ioError(QStringLiteral("Cannot read the MCP HTTP token file"), m_path, err);
        }
        content = QByteArray(buffer, n).trimmed();
        if (!isWellFormed(content))
            problem = QStringLiteral("does not hold a valid token");
    }
    closeFd(fd);
    if (!problem.isEmpty())
        return replaceUnusable(problem, mayReplace);
    m_token = content;
    m_identity = {qint64(st.st_dev), qint64(st.st_ino), qint64(st.st_size),
                  qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec,
                  qint64(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec};
    return m_token;
}

Result<QByteArray> McpHttpTokenStore::rotate()
{
    return write(Write::Replace);
}

Result<QByteArray> McpHttpTokenStore::replaceUnusable(const QString &why, bool mayReplace)
{
    if (!mayReplace) // the file just written is unusable too (a file system without Unix permissions?)
        return Error::io(
            QStringLiteral("The MCP HTTP token file %1 %2 even after writing it anew").arg(m_path, why));
    // Its content may be known to someone else: never use it, start over with a fresh token.
    qCWarning(lcMcpIo, "MCP HTTP token file %s %s; writing a new token", qUtf8Printable(m_path),
              qUtf8Printable(why));
    return write(Write::Replace);
}

Result<void> McpHttpTokenStore::prepareFolder() const
{
    const QString folder = QFileInfo(m_path).absolutePath();
    const QByteArray name = encoded(folder);
    struct stat st
    {
    };
    if (::stat(name.constData(), &st) != 0) {
        if (errno != ENOENT || !QDir().mkpath(QFileInfo(folder).absolutePath()) ||
            (::mkdir(name.constData(), 0700) != 0 && errno != EEXIST) || ::stat(name.constData(), &st) != 0)
            return ioError(QStringLiteral("Cannot create the folder for the MCP HTTP token"), folder, errno);
    }
    if (!S_ISDIR(st.st_mode))
        return Error::io(QStringLiteral("Cannot keep the MCP HTTP token in %1: not a folder").arg(folder));
    if (st.st_uid != ::geteuid())
        return Error::io(
            QStringLiteral("Refusing to keep the MCP HTTP token in %1: the folder belongs to another user")
                .arg(folder));
    // Whoever may write the folder may swap the token file: our own settings folder is ours alone.
    if ((st.st_mode & 022) != 0 && ::chmod(name.constData(), st.st_mode & 0755) != 0)
        return ioError(QStringLiteral("Cannot make the MCP HTTP token folder private"), folder, errno);
    return {};
}

Result<QByteArray> McpHttpTokenStore::write(Write mode)
{
    if (Result<void> folder = prepareFolder(); !folder)
        return folder.error();
    quint32 words[tokenBytes / 4];
    QRandomGenerator::system()->fillRange(words);
    const QByteArray fresh = QByteArray(reinterpret_cast<const char *>(words), sizeof words).toHex();

    const QString folder = QFileInfo(m_path).absolutePath();
    QString temporary;
    int fd = -1;
    for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
        temporary = QStringLiteral("%1/.%2.%3.tmp")
                        .arg(folder, QFileInfo(m_path).fileName())
                        .arg(QRandomGenerator::system()->generate64(), 16, 16, QLatin1Char('0'));
        // Created 0600 (the umask can only take bits away), so no moment exists where others can read it.
        fd = ::open(encoded(temporary).constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                    0600);
        if (fd < 0 && errno != EEXIST)
            return ioError(QStringLiteral("Cannot create the MCP HTTP token file in"), folder, errno);
    }
    if (fd < 0)
        return ioError(QStringLiteral("Cannot create the MCP HTTP token file in"), folder, EEXIST);
    const bool written = ::fchmod(fd, 0600) == 0 && writeAll(fd, fresh + '\n');
    const int writeErr = errno;
    closeFd(fd);
    const QByteArray from = encoded(temporary);
    const QByteArray to = encoded(m_path);
    if (!written) {
        ::unlink(from.constData());
        return ioError(QStringLiteral("Cannot write the MCP HTTP token file"), m_path, writeErr);
    }
    if (mode == Write::Create) {
        // link() fails if another process created the token meanwhile: then both use that one.
        const int linked = ::link(from.constData(), to.constData());
        const int err = errno;
        ::unlink(from.constData());
        if (linked != 0 && err == EEXIST)
            return read(true);
        if (linked != 0)
            return ioError(QStringLiteral("Cannot create the MCP HTTP token file"), m_path, err);
    } else if (::rename(from.constData(), to.constData()) != 0) {
        const int err = errno;
        ::unlink(from.constData());
        return ioError(QStringLiteral("Cannot replace the MCP HTTP token file"), m_path, err);
    }
    if (const int dir = ::open(encoded(folder).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
        ::fsync(dir);
        closeFd(dir);
    }
    m_token.clear();
    m_identity = {};
    Result<QByteArray> stored = read(false); // also records the new file's identity
    if (stored && !matches(stored.value(), fresh))
        qCInfo(lcMcpIo) << "MCP HTTP token replaced by another process meanwhile";
    return stored;
}

} // namespace Sanzaru::Core

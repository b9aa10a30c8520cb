// SPDX-License-Identifier: MIT
#include "privatefile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Sanzaru::Core {

namespace {

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

PrivateFile::Identity identityOf(const struct stat &st)
{
    return {qint64(st.st_dev), qint64(st.st_ino), qint64(st.st_size),
            qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec,
            qint64(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec};
}

PrivateFile::Contents unusable(const QString &problem)
{
    PrivateFile::Contents c;
    c.state = PrivateFile::State::Unusable;
    c.problem = problem;
    return c;
}

QString problemOf(const struct stat &st)
{
    if (!S_ISREG(st.st_mode))
        return QStringLiteral("is not a regular file");
    if (st.st_uid != ::geteuid())
        return QStringLiteral("belongs to another user");
    if ((st.st_mode & 077) != 0)
        return QStringLiteral("is readable or writable by other users (mode %1)")
            .arg(QString::number(st.st_mode & 0777, 8));
    return {};
}

void syncFolder(const QString &folder)
{
    if (const int dir = ::open(encoded(folder).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
        ::fsync(dir);
        closeFd(dir);
    }
}

} // namespace

Result<PrivateFile::Contents> PrivateFile::probe(const QString &path, const QString &what)
{
    struct stat st
    {
    };
    if (::lstat(encoded(path).constData(), &st) != 0) {
        if (errno == ENOENT)
            return Contents{};
        return ioError(QStringLiteral("Cannot read %1").arg(what), path, errno);
    }
    if (S_ISLNK(st.st_mode))
        return unusable(QStringLiteral("is a symbolic link"));
    Contents c;
    c.state = State::Ok;
    c.identity = identityOf(st);
    return c;
}

Result<PrivateFile::Contents> PrivateFile::read(const QString &path, const QString &what, qsizetype maxBytes)
{
    const QString cannot = QStringLiteral("Cannot read %1").arg(what);
    // O_NONBLOCK: a FIFO put in its place must not hang us; O_NOFOLLOW: no symbolic link is followed.
    const int fd =
        ::open(encoded(path).constData(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return Contents{};
        if (errno == ELOOP)
            return unusable(QStringLiteral("is a symbolic link"));
        return ioError(cannot, path, errno);
    }
    struct stat st
    {
    };
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        closeFd(fd);
        return ioError(cannot, path, err);
    }
    if (const QString problem = problemOf(st); !problem.isEmpty()) {
        closeFd(fd);
        return unusable(problem);
    }
    QByteArray content(maxBytes + 1, Qt::Uninitialized);
    qsizetype got = 0;
    while (got < content.size()) {
        const ssize_t n = ::read(fd, content.data() + got, size_t(content.size() - got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            const int err = errno;
            closeFd(fd);
            return ioError(cannot, path, err);
        }
        if (n == 0)
            break;
        got += n;
    }
    closeFd(fd);
    if (got > maxBytes)
        return unusable(QStringLiteral("is too large"));
    Contents c;
    c.state = State::Ok;
    c.bytes = content.left(got).trimmed();
    c.identity = identityOf(st);
    return c;
}

Result<void> PrivateFile::prepareFolder(const QString &folder, const QString &what)
{
    const QByteArray name = encoded(folder);
    struct stat st
    {
    };
    if (::stat(name.constData(), &st) != 0) {
        if (errno != ENOENT || !QDir().mkpath(QFileInfo(folder).absolutePath()) ||
            (::mkdir(name.constData(), 0700) != 0 && errno != EEXIST) || ::stat(name.constData(), &st) != 0)
            return ioError(QStringLiteral("Cannot create the folder for %1").arg(what), folder, errno);
    }
    if (!S_ISDIR(st.st_mode))
        return Error::io(QStringLiteral("Cannot keep %1 in %2: not a folder").arg(what, folder));
    if (st.st_uid != ::geteuid())
        return Error::io(QStringLiteral("Refusing to keep %1 in %2: the folder belongs to another user")
                             .arg(what, folder));
    if ((st.st_mode & 022) != 0 && ::chmod(name.constData(), st.st_mode & 0755) != 0)
        return ioError(QStringLiteral("Cannot make the folder of %1 private").arg(what), folder, errno);
    return {};
}

Result<bool> PrivateFile::write(const QString &path, const QByteArray &bytes, Write mode, const QString &what)
{
    const QString folder = QFileInfo(path).absolutePath();
    if (Result<void> ready = prepareFolder(folder, what); !ready)
        return ready.error();
    QString temporary;
    int fd = -1;
    for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
        temporary = QStringLiteral("%1/.%2.%3.tmp")
                        .arg(folder, QFileInfo(path).fileName())
                        .arg(QRandomGenerator::system()->generate64(), 16, 16, QLatin1Char('0'));
        // Created 0600 (the umask can only take bits away), so no moment exists where others can read it.
        fd = ::open(encoded(temporary).constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                    0600);
        if (fd < 0 && errno != EEXIST)
            return ioError(QStringLiteral("Cannot create %1 in").arg(what), folder, errno);
    }
    if (fd < 0)
        return ioError(QStringLiteral("Cannot create %1 in").arg(what), folder, EEXIST);
    const bool written = ::fchmod(fd, 0600) == 0 && writeAll(fd, bytes);
    const int writeErr = errno;
    closeFd(fd);
    const QByteArray from = encoded(temporary);
    const QByteArray to = encoded(path);
    if (!written) {
        ::unlink(from.constData());
        return ioError(QStringLiteral("Cannot write %1").arg(what), path, writeErr);
    }
    if (mode == Write::CreateNew) {
        // link() fails if another process created the file meanwhile: then that one stands.
        const int linked = ::link(from.constData(), to.constData());
        const int err = errno;
        ::unlink(from.constData());
        if (linked != 0 && err == EEXIST)
            return false;
        if (linked != 0)
            return ioError(QStringLiteral("Cannot create %1").arg(what), path, err);
    } else if (::rename(from.constData(), to.constData()) != 0) {
        const int err = errno;
        ::unlink(from.constData());
        return ioError(QStringLiteral("Cannot replace %1").arg(what), path, err);
    }
    syncFolder(folder);
    return true;
}

Result<void> PrivateFile::remove(const QString &path, const QString &what)
{
    if (::unlink(encoded(path).constData()) != 0 && errno != ENOENT)
        return ioError(QStringLiteral("Cannot remove %1").arg(what), path, errno);
    syncFolder(QFileInfo(path).absolutePath());
    return {};
}

} // namespace Sanzaru::Core

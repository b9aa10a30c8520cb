// SPDX-License-Identifier: MIT
#include "atomicfile.h"

#include "storagelog.h"

#include <QFile>
#include <QRandomGenerator>

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

namespace Sanzaru::Core {

namespace {

const QLatin1String kTempSuffix(".sanzaru-part");

// The temporary name adds ~26 bytes to the basename; keep it under NAME_MAX (255) so a long but valid
// destination name does not fail with ENAMETOOLONG.
constexpr qsizetype kMaxTempStemBytes = 200;

QString directoryOf(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    if (slash < 0)
        return QStringLiteral(".");
    return slash == 0 ? QStringLiteral("/") : path.left(slash);
}

QString baseNameOf(const QString &path)
{
    return path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
}

} // namespace

AtomicFile::AtomicFile(const QString &destinationPath)
    : m_destination(destinationPath)
{}

AtomicFile::~AtomicFile()
{
    discard();
}

bool AtomicFile::isTemporaryName(const QString &fileName)
{
    return fileName.size() > kTempSuffix.size() + 1 && fileName.startsWith(QLatin1Char('.')) &&
           fileName.endsWith(kTempSuffix);
}

Error AtomicFile::ioError(const QString &what, int err) const
{
    // Message and detail name the file only: errors travel into tool results, which must not leak
    // the folder layout. The full paths go to the log.
    const QString text = qt_error_string(err);
    // A taken name is routine for writeNew, not worth a warning.
    if (err == EEXIST)
        qCDebug(lcSanzaruStorage, "%s %s: %s", qUtf8Printable(what), qUtf8Printable(m_destination),
                qUtf8Printable(text));
    else
        qCWarning(lcSanzaruStorage, "%s %s (temporary %s): %s", qUtf8Printable(what),
                  qUtf8Printable(m_destination), qUtf8Printable(m_tempPath), qUtf8Printable(text));
    return Error::io(QStringLiteral("%1 '%2': %3").arg(what, baseNameOf(m_destination), text),
                     QStringLiteral("errno %1: %2").arg(err).arg(text));
}

Result<void> AtomicFile::open()
{
    if (m_fd >= 0 || !m_tempPath.isEmpty())
        return Error::internal(QStringLiteral("AtomicFile::open() called twice"), m_destination);
    const QString dir = directoryOf(m_destination);
    QString stem = baseNameOf(m_destination);
    if (stem.isEmpty())
        return Error::io(QStringLiteral("Cannot write to a folder path"), m_destination);
    while (QFile::encodeName(stem).size() > kMaxTempStemBytes)
        stem.chop(1);

    m_written = 0;
    m_alreadyExists = false;
    m_synced = false;
    m_committed = false;
    // O_EXCL makes the name ours even if another writer picked the same random part; retry then.
    for (int attempt = 0; attempt < 16; ++attempt) {
        const quint64 random = QRandomGenerator::system()->generate64() & Q_UINT64_C(0xffffffffffff);
        const QString candidate =
            QStringLiteral("%1/.%2.%3%4")
                .arg(dir, stem, QString::number(random, 16).rightJustified(12, QLatin1Char('0')),
                     kTempSuffix);
        const int fd =
            ::open(QFile::encodeName(candidate).constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd >= 0) {
            m_fd = fd;
            m_tempPath = candidate;
            return {};
        }
        if (errno != EEXIST)
            return ioError(QStringLiteral("Cannot create a temporary file for"), errno);
    }
    return ioError(QStringLiteral("Cannot create a temporary file for"), EEXIST);
}

Result<void> AtomicFile::write(const char *data, qint64 size)
{
    if (m_fd < 0)
        return Error::internal(QStringLiteral("AtomicFile::write() without open()"), m_destination);
    while (size > 0) {
        const ssize_t n = ::write(m_fd, data, static_cast<size_t>(size));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return ioError(QStringLiteral("Cannot write"), errno);
        }
        data += n;
        size -= n;
        m_written += n;
    }
    return {};
}

Result<void> AtomicFile::syncAndClose()
{
    int rc;
    do {
        rc = ::fsync(m_fd);
    } while (rc != 0 && errno == EINTR);
    const int syncErr = rc != 0 ? errno : 0;
    // close() is never retried on Linux: the descriptor is gone even when it reports EINTR.
    const int closeErr = ::close(m_fd) != 0 && errno != EINTR ? errno : 0;
    m_fd = -1;
    if (syncErr != 0 || closeErr != 0)
        return ioError(QStringLiteral("Cannot write"), syncErr != 0 ? syncErr : closeErr);
    m_synced = true;
    return {};
}

Result<void> AtomicFile::commit(Commit mode)
{
    if (m_committed)
        return Error::internal(QStringLiteral("AtomicFile::commit() called twice"), m_destination);
    if (m_tempPath.isEmpty())
        return Error::internal(QStringLiteral("AtomicFile::commit() without open()"), m_destination);
    m_alreadyExists = false;
    if (!m_synced) {
        const Result<void> synced = syncAndClose();
        if (!synced) {
            discard();
            return synced;
        }
    }

    const QByteArray from = QFile::encodeName(m_tempPath);
    const QByteArray to = QFile::encodeName(m_destination);
    int rc;
    if (mode == Commit::Replace) {
        // rename() replaces a symlink at the destination instead of writing through it.
        rc = ::rename(from.constData(), to.constData());
    } else {
        rc = ::renameat2(AT_FDCWD, from.constData(), AT_FDCWD, to.constData(), RENAME_NOREPLACE);
        if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {
            // File systems without RENAME_NOREPLACE: link() is just as exclusive (EEXIST if taken).
            rc = ::link(from.constData(), to.constData());
            if (rc == 0)
                ::unlink(from.constData());
        }
    }
    if (rc != 0) {
        const int err = errno;
        if (mode == Commit::NoReplace && err == EEXIST) {
            m_alreadyExists = true;
            return ioError(QStringLiteral("Cannot save"), err);
        }
        const Error e = ioError(QStringLiteral("Cannot save"), err);
        discard();
        return e;
    }
    m_tempPath.clear();
    m_synced = false;
    m_committed = true;

    // Persist the rename itself. The file is already in place, so a failure here is only logged:
    // reporting an error would make the caller believe nothing was written.
    const QByteArray dir = QFile::encodeName(directoryOf(m_destination));
    const int dirFd = ::open(dir.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        if (::fsync(dirFd) != 0 && errno != EINVAL)
            qCWarning(lcSanzaruStorage, "fsync of %s failed: %s", dir.constData(),
                      qUtf8Printable(qt_error_string()));
        ::close(dirFd);
    }
    return {};
}

void AtomicFile::discard()
{
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    if (!m_tempPath.isEmpty()) {
        if (::unlink(QFile::encodeName(m_tempPath).constData()) != 0 && errno != ENOENT)
            qCWarning(lcSanzaruStorage, "Cannot remove temporary file %s: %s", qUtf8Printable(m_tempPath),
                      qUtf8Printable(qt_error_string()));
        m_tempPath.clear();
    }
    m_synced = false;
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "mediafolder.h"

#include "atomicfile.h"
#include "folderlister.h"
#include "storagelog.h"

#include <QDir>
#include <QFile>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Sanzaru::Core {

namespace {

// writeNew gives up after this many taken names; far beyond any real folder, it only bounds a loop
// against a hostile or broken file system.
constexpr int kMaxNewNameAttempts = 10000;

// Control characters are shown escaped: a message must not break lines or hide what was given.
QString quoted(const QString &name)
{
    QString shown;
    shown.reserve(name.size() + 2);
    for (const QChar c : name) {
        if (c == QChar(0))
            shown += QLatin1String("\\0");
        else if (c == QLatin1Char('\n'))
            shown += QLatin1String("\\n");
        else if (c.category() == QChar::Other_Control)
            shown += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else
            shown += c;
    }
    return QLatin1Char('\'') + shown + QLatin1Char('\'');
}

Error invalid(const QString &paramName, const QString &reason)
{
    return Error::badInput(QStringLiteral("Invalid filename for '%1': %2").arg(paramName, reason));
}

QString realPath(const QString &path, int *err)
{
    char buf[PATH_MAX];
    if (::realpath(QFile::encodeName(path).constData(), buf) == nullptr) {
        *err = errno;
        return {};
    }
    *err = 0;
    return QFile::decodeName(buf);
}

// Closes the descriptor on every early return of the readers.
class FdGuard
{
public:
    explicit FdGuard(int fd)
        : m_fd(fd)
    {}
    ~FdGuard() { ::close(m_fd); }
    FdGuard(const FdGuard &) = delete;
    FdGuard &operator=(const FdGuard &) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

} // namespace

QString MediaFolder::refusedNameReason(const QString &name)
{
    for (const QChar c : name) {
        if (c.category() == QChar::Other_Control)
            return QStringLiteral("control character U+%1 in %2")
                .arg(QString::number(c.unicode(), 16).toUpper().rightJustified(4, QLatin1Char('0')),
                     quoted(name));
    }
    if (name.contains(QLatin1Char('\\')))
        return QStringLiteral("backslash in %1 (folders are separated by '/')").arg(quoted(name));
    // A name that starts with "-" reads as an option to any command it is later passed to.
    if (name.startsWith(QLatin1Char('-')) || name.contains(QLatin1String("/-")))
        return QStringLiteral("%1 starts with '-'").arg(quoted(name));
    return {};
}

MediaFolder::MediaFolder(const QString &root, const QString &label)
    : m_root(QDir::cleanPath(root))
    , m_label(label)
{}

QString MediaFolder::canonicalRoot() const
{
    // Per call rather than cached: the folder may be created after this object, and the class
    // promises to hold no mutable state.
    int err = 0;
    const QString canonical = realPath(m_root, &err);
    return canonical.isEmpty() ? m_root : canonical;
}

Result<QStringList> MediaFolder::splitName(const QString &name, const QString &paramName) const
{
    // Every name-taking entry point starts here. An empty or relative root would make names resolve
    // against "/" or the current directory, so refuse to work at all.
    if (!QDir::isAbsolutePath(m_root))
        return Error::config(QStringLiteral("The %1 folder is not configured").arg(m_label));
    if (name.isEmpty())
        return invalid(paramName, QStringLiteral("the name is empty"));
    if (name.contains(QChar(0)))
        return invalid(paramName, QStringLiteral("NUL character in %1").arg(quoted(name)));
    if (const QString reason = refusedNameReason(name); !reason.isEmpty())
        return invalid(paramName, reason);
    if (name.startsWith(QLatin1Char('/')))
        return invalid(paramName, QStringLiteral("path traversal detected in %1 (absolute paths are not "
                                                 "allowed; give a name inside the %2 folder)")
                                      .arg(quoted(name), m_label));
    QStringList parts = name.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    parts.removeAll(QStringLiteral("."));
    if (parts.contains(QStringLiteral("..")))
        return invalid(
            paramName,
            QStringLiteral("path traversal detected in %1 ('..' is not allowed)").arg(quoted(name)));
    if (parts.isEmpty())
        return invalid(paramName, QStringLiteral("%1 does not name a file").arg(quoted(name)));
    if (name.endsWith(QLatin1Char('/')))
        return invalid(paramName,
                       QStringLiteral("%1 ends with '/': give a file name, not a folder").arg(quoted(name)));
    return parts;
}

Result<QString> MediaFolder::resolveParts(const QStringList &parts, const QString &name,
                                          const QString &paramName) const
{
    // Like Python's Path.resolve(strict=False): follow what exists, append the rest as written.
    // The rest has no ".." (splitName), so appending it cannot climb out.
    const QString root = canonicalRoot();
    QString current = root;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QString candidate = current + QLatin1Char('/') + parts.at(i);
        int err = 0;
        const QString real = realPath(candidate, &err);
        if (!real.isEmpty()) {
            current = real;
            continue;
        }
        if (err != ENOENT && err != ENOTDIR)
            return invalid(paramName, QStringLiteral("%1: %2").arg(quoted(name), qt_error_string(err)));
        current = candidate;
        for (qsizetype j = i + 1; j < parts.size(); ++j)
            current += QLatin1Char('/') + parts.at(j);
        break;
    }
    if (current != root && !current.startsWith(root + QLatin1Char('/')))
        return invalid(paramName, QStringLiteral("path traversal detected in %1").arg(quoted(name)));
    return current;
}

Error MediaFolder::symlinkError(const QString &name, const QString &paramName, const QString &link) const
{
    if (link.isEmpty())
        return invalid(paramName,
                       QStringLiteral("%1 file cannot be a symbolic link: %2").arg(m_label, quoted(name)));
    return invalid(paramName,
                   QStringLiteral("%1 file cannot be a symbolic link: %2 goes through the symbolic "
                                  "link %3")
                       .arg(m_label, quoted(name), quoted(link)));
}

Result<QString> MediaFolder::checkChain(const QStringList &parts, const QString &name,
                                        const QString &paramName, Check check) const
{
    // lstat every component below the root: a symlinked sub-folder would let a name that looks
    // inside reach anywhere the link points, now or after someone swaps it.
    QString path = canonicalRoot();
    for (qsizetype i = 0; i < parts.size(); ++i) {
        path += QLatin1Char('/') + parts.at(i);
        const bool last = i == parts.size() - 1;
        if (last && check == Check::ParentsOnly)
            return path;
        const QString prefix = parts.mid(0, i + 1).join(QLatin1Char('/'));
        struct stat st = {};
        if (::lstat(QFile::encodeName(path).constData(), &st) != 0) {
            const int err = errno;
            if (err != ENOENT && err != ENOTDIR)
                return Error::io(QStringLiteral("Cannot access %1 for '%2': %3")
                                     .arg(quoted(name), paramName, qt_error_string(err)));
            if (check == Check::Read)
                return Error::notFound(QStringLiteral("File not found: %1").arg(name),
                                       QStringLiteral("parameter '%1', %2 folder").arg(paramName, m_label));
            if (last)
                return path;
            return Error::notFound(QStringLiteral("Folder not found for '%1': %2 in %3")
                                       .arg(paramName, quoted(prefix), quoted(name)));
        }
        if (S_ISLNK(st.st_mode))
            return symlinkError(name, paramName, last ? QString() : prefix);
        if (!last) {
            if (S_ISDIR(st.st_mode))
                continue;
            if (check == Check::Read)
                return Error::notFound(QStringLiteral("File not found: %1").arg(name));
            return invalid(paramName,
                           QStringLiteral("%1 in %2 is not a folder").arg(quoted(prefix), quoted(name)));
        }
        if (check == Check::Write && S_ISDIR(st.st_mode))
            return invalid(paramName, QStringLiteral("%1 is a folder").arg(quoted(name)));
        if (!S_ISREG(st.st_mode))
            return invalid(paramName, QStringLiteral("%1 is not a regular file").arg(quoted(name)));
    }
    return path;
}

Result<void> MediaFolder::checkName(const QString &name, const QString &paramName) const
{
    if (const Result<QStringList> parts = splitName(name, paramName); !parts)
        return parts.error();
    return {};
}

Result<QString> MediaFolder::resolve(const QString &name, const QString &paramName) const
{
    const Result<QStringList> parts = splitName(name, paramName);
    if (!parts)
        return parts.error();
    return resolveParts(*parts, name, paramName);
}

Result<QString> MediaFolder::resolveExisting(const QString &name, const QString &paramName) const
{
    const Result<QStringList> parts = splitName(name, paramName);
    if (!parts)
        return parts.error();
    if (const Result<QString> resolved = resolveParts(*parts, name, paramName); !resolved)
        return resolved;
    return checkChain(*parts, name, paramName, Check::Read);
}

Result<QString> MediaFolder::resolveForWrite(const QString &name, const QString &paramName) const
{
    const Result<QStringList> parts = splitName(name, paramName);
    if (!parts)
        return parts.error();
    if (const Result<QString> resolved = resolveParts(*parts, name, paramName); !resolved)
        return resolved;
    return checkChain(*parts, name, paramName, Check::Write);
}

Result<int> MediaFolder::openForRead(const QString &name, const QString &paramName) const
{
    const Result<QString> path = resolveExisting(name, paramName);
    if (!path)
        return path.error();
    // O_NOFOLLOW closes the window between the check and the open for the last component;
    // O_NONBLOCK keeps a FIFO swapped in meanwhile from blocking us (the S_ISREG check refuses it).
    const int fd =
        ::open(QFile::encodeName(*path).constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        const int err = errno;
        if (err == ELOOP)
            return symlinkError(name, paramName, {});
        if (err == ENOENT)
            return Error::notFound(QStringLiteral("File not found: %1").arg(name));
        return Error::io(QStringLiteral("Cannot read %1: %2").arg(quoted(name), qt_error_string(err)));
    }
    struct stat st = {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return invalid(paramName, QStringLiteral("%1 is not a regular file").arg(quoted(name)));
    }
    return fd;
}

Result<QByteArray> MediaFolder::readAll(const QString &name, const QString &paramName) const
{
    return readRange(name, paramName, 0, -1);
}

Result<void> MediaFolder::checkSize(const QString &name, const QString &paramName, qint64 maxBytes) const
{
    const Result<FileEntry> entry = stat(name, paramName);
    if (!entry)
        return entry.error();
    if (entry->sizeBytes > maxBytes)
        return Error::badInput(QStringLiteral("File too large for '%1': %2 is %3 MB; the limit is %4 MB")
                                   .arg(paramName, quoted(name))
                                   .arg(double(entry->sizeBytes) / 1e6, 0, 'f', 1)
                                   .arg(double(maxBytes) / 1e6, 0, 'f', maxBytes % 1000000 == 0 ? 0 : 1));
    return {};
}

Result<QByteArray> MediaFolder::readAll(const QString &name, const QString &paramName, qint64 maxBytes) const
{
    // Checked again by the read itself: the file may grow between the two.
    if (Result<void> fits = checkSize(name, paramName, maxBytes); !fits)
        return fits.error();
    Result<QByteArray> data = readRange(name, paramName, 0, maxBytes + 1);
    if (data && data->size() > maxBytes)
        return Error::badInput(
            QStringLiteral("File too large for '%1': %2 grew over the limit of %3 MB while "
                           "it was read")
                .arg(paramName, quoted(name))
                .arg(double(maxBytes) / 1e6, 0, 'f', 1));
    return data;
}

Result<QByteArray> MediaFolder::readRange(const QString &name, const QString &paramName, qint64 offset,
                                          qint64 length) const
{
    if (offset < 0)
        return Error::badInput(QStringLiteral("offset must be non-negative, got %1").arg(offset));
    const Result<int> opened = openForRead(name, paramName);
    if (!opened)
        return opened.error();
    const FdGuard fd(*opened);
    struct stat st = {};
    if (::fstat(fd.get(), &st) != 0)
        return Error::io(QStringLiteral("Cannot read %1: %2").arg(quoted(name), qt_error_string()));
    const qint64 available = std::max<qint64>(0, qint64(st.st_size) - offset);
    // Sized from fstat, not from the caller, so a huge length cannot make us allocate a huge buffer.
    const qint64 wanted = length < 0 ? available : std::min(length, available);
    QByteArray data(wanted, Qt::Uninitialized);
    qint64 done = 0;
    while (done < wanted) {
        const ssize_t n = ::pread(fd.get(), data.data() + done, size_t(wanted - done), off_t(offset + done));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return Error::io(QStringLiteral("Cannot read %1: %2").arg(quoted(name), qt_error_string()));
        }
        if (n == 0) // truncated meanwhile: a short read, as at the end of the file
            break;
        done += n;
    }
    data.truncate(done);
    return data;
}

Result<FileEntry> MediaFolder::stat(const QString &name, const QString &paramName) const
{
    const Result<int> opened = openForRead(name, paramName);
    if (!opened)
        return opened.error();
    const FdGuard fd(*opened);
    struct stat st = {};
    if (::fstat(fd.get(), &st) != 0)
        return Error::io(QStringLiteral("Cannot read %1: %2").arg(quoted(name), qt_error_string()));
    FileEntry e;
    e.filename = name;
    e.sizeBytes = st.st_size;
    e.modifiedTimestamp = st.st_mtim.tv_sec + (st.st_mtim.tv_sec < 0 && st.st_mtim.tv_nsec > 0 ? 1 : 0);
    e.modifiedMsecs = qint64(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
    e.suffix = FolderLister::suffixOf(name);
    return e;
}

bool MediaFolder::exists(const QString &name) const
{
    return resolveExisting(name, QStringLiteral("filename")).ok();
}

Result<QList<FileEntry>> MediaFolder::list(const QString &pattern, const QStringList &extensions,
                                           SortBy sortBy, bool descending, int limit,
                                           const std::atomic_bool *cancel) const
{
    if (!QDir::isAbsolutePath(m_root))
        return QList<FileEntry>();
    return FolderLister(canonicalRoot()).list(pattern, extensions, sortBy, descending, limit, cancel);
}

Result<QString> MediaFolder::writeAtomically(const QString &name, const QString &paramName,
                                             const QByteArray &data) const
{
    const Result<QString> path = resolveForWrite(name, paramName);
    if (!path)
        return path.error();
    AtomicFile file(*path);
    if (Result<void> r = file.open(); !r)
        return r.error();
    if (Result<void> r = file.write(data); !r)
        return r.error();
    if (Result<void> r = file.commit(AtomicFile::Commit::Replace); !r)
        return r.error();
    return name;
}

Result<QString> MediaFolder::writeNew(const QString &stem, const QString &ext, const QByteArray &data) const
{
    const QString param = QStringLiteral("filename");
    const QString dotExt = ext.isEmpty() || ext.startsWith(QLatin1Char('.')) ? ext : QLatin1Char('.') + ext;
    if (dotExt.contains(QLatin1Char('/')) || dotExt.contains(QChar(0)) || dotExt == QLatin1String("."))
        return invalid(param, QStringLiteral("bad extension %1").arg(quoted(ext)));
    if (stem.isEmpty() || stem.endsWith(QLatin1Char('/')))
        return invalid(param, QStringLiteral("the name is empty"));

    const QString first = stem + dotExt;
    const Result<QStringList> parts = splitName(first, param);
    if (!parts)
        return parts.error();
    if (const Result<QString> resolved = resolveParts(*parts, first, param); !resolved)
        return resolved;
    const Result<QString> firstPath = checkChain(*parts, first, param, Check::ParentsOnly);
    if (!firstPath)
        return firstPath;
    const QString dir = firstPath->left(firstPath->lastIndexOf(QLatin1Char('/')));
    const QString baseStem = parts->constLast().chopped(dotExt.size());

    AtomicFile file(*firstPath);
    if (Result<void> r = file.open(); !r)
        return r.error();
    if (Result<void> r = file.write(data); !r)
        return r.error();
    // The exclusive rename is the only test of "free": checking first and renaming later would let
    // a concurrent writer slip in between.
    for (int n = 1; n <= kMaxNewNameAttempts; ++n) {
        const QString suffix = (n == 1 ? QString() : QStringLiteral("-%1").arg(n)) + dotExt;
        file.setDestinationPath(dir + QLatin1Char('/') + baseStem + suffix);
        const Result<void> committed = file.commit(AtomicFile::Commit::NoReplace);
        if (committed) {
            qCDebug(lcSanzaruStorage, "Saved %s", qUtf8Printable(stem + suffix));
            return stem + suffix;
        }
        if (!file.alreadyExists())
            return committed.error();
    }
    return Error::io(QStringLiteral("No free file name for %1").arg(quoted(first)));
}

} // namespace Sanzaru::Core

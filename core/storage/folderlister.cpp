// SPDX-License-Identifier: MIT
#include "folderlister.h"

#include "atomicfile.h"
#include "globpattern.h"
#include "mediafolder.h"
#include "storagelog.h"

#include <QFile>

#include <algorithm>
#include <dirent.h>
#include <sys/stat.h>

namespace Sanzaru::Core {

namespace {

// Deeper trees than this are not media folders; the cap also bounds the work of a hostile "**".
constexpr int kMaxDepth = 64;

struct DirEntry
{
    QByteArray bytes;
    QString name;
    unsigned char type = DT_UNKNOWN;
};

QList<DirEntry> readDirectory(const QByteArray &dir)
{
    QList<DirEntry> entries;
    DIR *d = ::opendir(dir.constData());
    if (d == nullptr)
        return entries;
    while (const dirent *e = ::readdir(d)) {
        const QByteArray bytes(e->d_name);
        if (bytes == "." || bytes == "..")
            continue;
        const QString name = QFile::decodeName(bytes);
        // A name that is not valid in the local encoding could not be passed back to a read tool.
        if (QFile::encodeName(name) != bytes) {
            qCDebug(lcSanzaruStorage, "Skipping undecodable file name in %s", dir.constData());
            continue;
        }
        entries.append({bytes, name, e->d_type});
    }
    ::closedir(d);
    return entries;
}

// Symlinks never count as folders or files here (see the class comment).
bool isRealDirectory(const QByteArray &path, unsigned char type)
{
    if (type != DT_UNKNOWN)
        return type == DT_DIR;
    struct stat st = {};
    return ::lstat(path.constData(), &st) == 0 && S_ISDIR(st.st_mode);
}

} // namespace

FolderLister::FolderLister(const QString &root)
    : m_root(root)
{}

QString FolderLister::suffixOf(const QString &fileName)
{
    const qsizetype dot = fileName.lastIndexOf(QLatin1Char('.'));
    if (dot <= 0 || dot == fileName.size() - 1)
        return {};
    return fileName.mid(dot).toLower();
}

QList<FileEntry> FolderLister::sliceToLimit(QList<FileEntry> entries, int limit)
{
    const qsizetype n = entries.size();
    const qsizetype keep = limit >= 0 ? std::min<qsizetype>(limit, n) : std::max<qsizetype>(0, n + limit);
    entries.resize(keep);
    return entries;
}

Result<QList<FileEntry>> FolderLister::list(const QString &pattern, const QStringList &extensions,
                                            SortBy sortBy, bool descending, int limit,
                                            const std::atomic_bool *cancel, qint64 *steps) const
{
    const GlobPattern glob(pattern);
    if (glob.isTooLong())
        return Error::badInput(QStringLiteral("Invalid pattern: it is %1 characters long; the limit is %2")
                                   .arg(pattern.size())
                                   .arg(GlobPattern::maxLength));
    if (!glob.isValid()) {
        qCDebug(lcSanzaruStorage, "Glob pattern %s leaves the folder; nothing listed",
                qUtf8Printable(pattern));
        return QList<FileEntry>();
    }
    QStringList wanted;
    for (const QString &ext : extensions)
        wanted.append(ext.toLower());

    Walk w{glob, cancel, 0, false, {}};
    walk(QFile::encodeName(m_root), QString(), {0}, 0, w);
    if (steps)
        *steps += w.steps;
    if (w.cancelled)
        return Error::cancelled();
    QList<Hit> &hits = w.hits;

    if (!wanted.isEmpty()) {
        hits.removeIf([&wanted](const Hit &h) { return !wanted.contains(h.entry.suffix); });
    }

    const auto less = [sortBy](const Hit &a, const Hit &b) {
        switch (sortBy) {
        case SortBy::Name:
            return a.nameBytes < b.nameBytes;
        case SortBy::Size:
            return a.entry.sizeBytes < b.entry.sizeBytes;
        case SortBy::Modified:
            return a.mtimeNs < b.mtimeNs;
        }
        return false;
    };
    // Swapped arguments rather than reversing afterwards, so equal keys keep their listing order in
    // both directions (Python's sorted(..., reverse=True) does the same).
    if (descending)
        std::stable_sort(hits.begin(), hits.end(),
                         [&less](const Hit &a, const Hit &b) { return less(b, a); });
    else
        std::stable_sort(hits.begin(), hits.end(), less);

    QList<FileEntry> entries;
    entries.reserve(hits.size());
    for (const Hit &h : std::as_const(hits))
        entries.append(h.entry);
    return sliceToLimit(std::move(entries), limit);
}

void FolderLister::walk(const QByteArray &dir, const QString &relDir, QList<qsizetype> states, int depth,
                        Walk &w) const
{
    if (depth > kMaxDepth || w.cancelled)
        return;
    if (w.cancel && w.cancel->load(std::memory_order_relaxed)) {
        w.cancelled = true;
        return;
    }
    // "**" may match no folder at all: whoever is at a "**" is also at the segment after it.
    for (qsizetype i = 0; i < states.size(); ++i) {
        const qsizetype s = states.at(i);
        if (w.glob.isRecursive(s) && !states.contains(s + 1))
            states.append(s + 1);
    }
    const qsizetype last = w.glob.segmentCount() - 1;
    const QList<DirEntry> entries = readDirectory(dir);

    for (const DirEntry &e : entries) {
        if (w.cancel && w.cancel->load(std::memory_order_relaxed)) {
            w.cancelled = true;
            return;
        }
        ++w.steps;
        if (!MediaFolder::refusedNameReason(e.name).isEmpty())
            continue; // a name no tool would accept back
        QList<qsizetype> next;
        bool fileMatch = false;
        for (const qsizetype s : std::as_const(states)) {
            ++w.steps;
            if (w.glob.isRecursive(s)) {
                if (!next.contains(s))
                    next.append(s); // "**" takes this folder and stays
            } else if (w.glob.matches(s, e.name, &w.steps)) {
                if (s == last)
                    fileMatch = true;
                else if (!next.contains(s + 1))
                    next.append(s + 1);
            }
        }
        const QByteArray path = dir + '/' + e.bytes;
        if (!next.isEmpty() && isRealDirectory(path, e.type))
            walk(path, relDir + e.name + QLatin1Char('/'), next, depth + 1, w);
        if (!fileMatch || AtomicFile::isTemporaryName(e.name))
            continue;
        struct stat st = {};
        if (::lstat(path.constData(), &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        const QString rel = relDir + e.name;
        Hit h;
        h.nameBytes = QFile::encodeName(rel);
        h.mtimeNs = qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
        h.entry.filename = rel;
        h.entry.sizeBytes = st.st_size;
        // int(st_mtime) in Python truncates towards zero, tv_sec is the floor.
        h.entry.modifiedTimestamp =
            st.st_mtim.tv_sec + (st.st_mtim.tv_sec < 0 && st.st_mtim.tv_nsec > 0 ? 1 : 0);
        h.entry.modifiedMsecs = qint64(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
        h.entry.suffix = suffixOf(e.name);
        w.hits.append(std::move(h));
    }
}

} // namespace Sanzaru::Core

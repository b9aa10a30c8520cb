// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "storage/fileentry.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>

namespace Sanzaru::Core {

class GlobPattern;

/// Lists the regular files of a folder that match a glob (see GlobPattern) the way sanzaru's
/// list_local_videos / list_reference_images do, minus their symlink quirk: symlinks (files and
/// folders) are skipped, so nothing listed can resolve outside the folder or fail to read later.
/// Our own temporary files and names the sandbox would refuse (MediaFolder::refusedNameReason) are
/// skipped too. Files are reported by their path relative to the folder ("sub/a.png"), so every
/// listed name can be passed back to the read tools. Stateless apart from the root; thread-safe.
///
/// The walk is a set-of-states automaton over path segments: every folder is read once, whatever
/// the number of "**" in the pattern, so the work is bounded by folders x entries x segments x the
/// segment match cost, never exponential.
class FolderLister
{
public:
    explicit FolderLister(const QString &root);

    /// extensions: with the dot, compared case-insensitively; empty = all. Sorted with stable ties
    /// (descending keeps tie order, like Python's sorted(reverse=True)), then cut like list[:limit].
    /// BadInput for a pattern longer than GlobPattern::maxLength; Cancelled once *cancel is set
    /// (checked for every folder and entry). A pattern that leaves the folder lists nothing.
    /// steps, if given, grows by the work done (entries looked at plus match steps).
    Result<QList<FileEntry>> list(const QString &pattern, const QStringList &extensions, SortBy sortBy,
                                  bool descending, int limit, const std::atomic_bool *cancel = nullptr,
                                  qint64 *steps = nullptr) const;

    /// Python's PurePath.suffix, lower-cased: ".png" for "a.PNG", "" for ".bashrc" or "a.".
    static QString suffixOf(const QString &fileName);
    /// Applies Python slice semantics: items[:limit].
    static QList<FileEntry> sliceToLimit(QList<FileEntry> entries, int limit);

private:
    struct Hit
    {
        FileEntry entry;
        QByteArray nameBytes; ///< UTF-8 order is code point order (QString compares UTF-16 units)
        qint64 mtimeNs = 0;
    };

    struct Walk
    {
        const GlobPattern &glob;
        const std::atomic_bool *cancel;
        qint64 steps = 0;
        bool cancelled = false;
        QList<Hit> hits;
    };
    void walk(const QByteArray &dir, const QString &relDir, QList<qsizetype> states, int depth,
              Walk &w) const;

    QString m_root;
};

} // namespace Sanzaru::Core

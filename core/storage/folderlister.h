// SPDX-License-Identifier: MIT
#pragma once

#include "storage/fileentry.h"

#include <QByteArray>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace Sanzaru::Core {

class GlobPattern;

/// Lists the regular files of a folder that match a glob (see GlobPattern) the way sanzaru's
/// list_local_videos / list_reference_images do, minus their symlink quirk: symlinks (files and
/// folders) are skipped, so nothing listed can resolve outside the folder or fail to read later.
/// Our own temporary files are skipped too. Stateless apart from the root; thread-safe.
class FolderLister
{
public:
    explicit FolderLister(const QString &root);

    /// extensions: with the dot, compared case-insensitively; empty = all. Sorted with stable ties
    /// (descending keeps tie order, like Python's sorted(reverse=True)), then cut like list[:limit].
    QList<FileEntry> list(const QString &pattern, const QStringList &extensions, SortBy sortBy,
                          bool descending, int limit) const;

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

    void walk(const QByteArray &dir, const QString &relDir, qsizetype segment, const GlobPattern &glob,
              int depth, QList<Hit> &hits, QSet<QString> &seen) const;

    QString m_root;
};

} // namespace Sanzaru::Core

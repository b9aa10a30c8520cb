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

/// A sandboxed media folder. Every caller-supplied name is checked: not empty, not absolute, no ".."
/// component, no control character (NUL, newline, ...), no backslash, no component starting with
/// "-", no trailing "/", and the resolved path must stay inside the folder. Reads and writes
/// refuse symlinks (any component below the root); writes are atomic. Error messages name the
/// parameter and the filename as given, never the absolute path. Thread-safe (no mutable state).
class MediaFolder
{
public:
    /// root: absolute folder path; label: "video" or "reference" (used in messages, as sanzaru).
    /// With an empty or relative root every operation fails (Error::config) and list() is empty.
    MediaFolder(const QString &root, const QString &label);

    /// Why a caller-supplied name (or one path component of it) is refused, or empty when it is
    /// acceptable as far as its characters go: control characters, backslashes, a leading "-".
    static QString refusedNameReason(const QString &name);

    QString root() const { return m_root; }
    QString label() const { return m_label; }

    /// The checks on the name alone (no file system access): empty, NUL and control characters,
    /// backslash, leading "-", absolute, "..", trailing "/". BadInput naming paramName.
    Result<void> checkName(const QString &name, const QString &paramName) const;
    /// Validated absolute path (may not exist), symlinks resolved like Python's Path.resolve(). Errors
    /// are BadInput and name paramName, e.g.
    /// "Invalid filename for 'input_reference_filename': path traversal detected in '../x.png'".
    /// Does not refuse symlinks by itself; use resolveExisting()/resolveForWrite() before file access.
    Result<QString> resolve(const QString &name, const QString &paramName) const;
    /// resolve() + must exist as a regular file + no symlink at any component below the root:
    /// NotFound "File not found: <name>", BadInput "Invalid filename for '<param>': <label> file
    /// cannot be a symbolic link: '<name>'" (plus "goes through the symbolic link '<dir>'" for a
    /// symlinked sub-folder).
    Result<QString> resolveExisting(const QString &name, const QString &paramName) const;
    /// resolve() + the destination is not a symlink or directory + its parent folders exist inside and
    /// none is a symlink. Missing sub-folders are NotFound (they are never created).
    Result<QString> resolveForWrite(const QString &name, const QString &paramName) const;

    Result<QByteArray> readAll(const QString &name, const QString &paramName) const;
    /// readAll() that refuses, from the file's size and before reading a byte, a file larger than
    /// maxBytes: BadInput "File too large for '<param>': '<name>' is <n> MB; the limit is <m> MB".
    Result<QByteArray> readAll(const QString &name, const QString &paramName, qint64 maxBytes) const;
    /// The same size check alone (no read), for checking every input before reading any.
    Result<void> checkSize(const QString &name, const QString &paramName, qint64 maxBytes) const;
    /// Up to length bytes at offset (short read at the end is fine; past the end → empty). offset < 0
    /// → BadInput "offset must be non-negative, got <n>" (checked first). length < 0 reads to the end
    /// of the file, as sanzaru's _get_media_data does for a negative chunk_size.
    Result<QByteArray> readRange(const QString &name, const QString &paramName, qint64 offset,
                                 qint64 length) const;
    /// resolveExisting() + open read-only without following a last-component symlink, refusing
    /// anything but a regular file. The caller owns (and closes) the descriptor.
    Result<int> openForRead(const QString &name, const QString &paramName) const;
    /// Size and times of a file that passes resolveExisting() (so, unlike sanzaru, not of a symlink).
    Result<FileEntry> stat(const QString &name, const QString &paramName) const;
    /// False for missing files, symlinks, traversal, anything invalid.
    bool exists(const QString &name) const;

    /// Glob (pathlib semantics: * ? [..], ** recurses; empty → "*"), extension filter (lower-case
    /// with dot, empty = all), sort, order, limit (Python slice semantics). Skips every symlink
    /// (sanzaru lists those pointing inside, which its reads then refuse) and never descends into a
    /// symlinked folder, skips our own temporary files, non-regular files and names this class would
    /// refuse; patterns with ".." or an absolute path list nothing. Reports paths relative to the
    /// folder ("sub/a.png"). BadInput for an overlong pattern, Cancelled once *cancel is set.
    Result<QList<FileEntry>> list(const QString &pattern, const QStringList &extensions, SortBy sortBy,
                                  bool descending, int limit, const std::atomic_bool *cancel = nullptr) const;

    /// Atomically writes data to name (replacing an existing regular file). Returns the name.
    Result<QString> writeAtomically(const QString &name, const QString &paramName,
                                    const QByteArray &data) const;
    /// Atomically writes data under a generated name that never overwrites anything, even with
    /// concurrent writers in other threads or processes: "<stem>.<ext>", then "<stem>-2.<ext>", ...
    /// ext may carry its dot or not. stem may name a sub-folder ("sub/clip"), which must exist.
    /// Returns the name used, relative to the folder (validation errors name the parameter
    /// "filename").
    Result<QString> writeNew(const QString &stem, const QString &ext, const QByteArray &data) const;

private:
    enum class Check { Read, Write, ParentsOnly };

    Result<QStringList> splitName(const QString &name, const QString &paramName) const;
    Result<QString> resolveParts(const QStringList &parts, const QString &name,
                                 const QString &paramName) const;
    QString canonicalRoot() const;
    Result<QString> checkChain(const QStringList &parts, const QString &name, const QString &paramName,
                               Check check) const;
    Error symlinkError(const QString &name, const QString &paramName, const QString &link) const;

    QString m_root;
    QString m_label;
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

namespace Sanzaru::Core {

/// A small secret in a file only its owner can read (the MCP HTTP token, an opted-in API key). Reading
/// refuses a file that is a symbolic link, not a regular file, not ours, or readable or writable by others
/// (it may have leaked or been planted). Writing creates a temporary name 0600 with O_EXCL|O_NOFOLLOW and
/// links or renames it into place, so the secret is never readable by others, not even briefly; the folder
/// is created 0700 and must be ours. `what` names the file in messages ("the MCP HTTP token file"); the
/// content never appears in a message. Functions only; blocking file I/O on small files.
class PrivateFile
{
public:
    /// Changes to these mean the file was replaced or rewritten.
    struct Identity
    {
        qint64 device = -1;
        qint64 inode = -1;
        qint64 size = -1;
        qint64 mtimeNs = -1;
        qint64 ctimeNs = -1;
        bool operator==(const Identity &) const = default;
    };

    enum class State {
        Missing,  ///< no file there
        Unusable, ///< there, but never to be used (problem says why)
        Ok,
    };

    struct Contents
    {
        State state = State::Missing;
        QByteArray bytes; ///< when Ok: the content, trimmed
        Identity identity;
        QString problem; ///< when Unusable: "is a symbolic link", …
    };

    /// The file's identity without reading it (lstat); Missing when absent.
    static Result<Contents> probe(const QString &path, const QString &what);
    /// Reads at most maxBytes (a larger file is Unusable) after the ownership and mode checks.
    static Result<Contents> read(const QString &path, const QString &what, qsizetype maxBytes = 4096);

    enum class Write {
        CreateNew, ///< only when absent: returns false (nothing written) if another process got there first
        Replace,   ///< atomically replaces whatever is there
    };
    /// Returns whether the content was written.
    static Result<bool> write(const QString &path, const QByteArray &bytes, Write mode, const QString &what);
    /// Removing a missing file succeeds.
    static Result<void> remove(const QString &path, const QString &what);

    /// Creates the folder 0700 if missing; refuses one of another user and takes write access away from
    /// others (whoever may write the folder may swap the file).
    static Result<void> prepareFolder(const QString &folder, const QString &what);
};

} // namespace Sanzaru::Core

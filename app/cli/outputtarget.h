// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>

namespace Sanzaru::App::Cli {

/// Where `-o` puts an artifact. The tools write only inside their media folder, so a file goes there
/// under stagingName and is then moved to the target (a directory target keeps the tool's name).
struct OutputTarget
{
    struct Placed
    {
        QString path;
        QString error;
        explicit operator bool() const { return error.isEmpty(); }
        const QString &operator*() const { return path; }
    };

    QString directory;   ///< absolute; created on demand
    QString path;        ///< absolute file path; empty when autoName
    QString stagingName; ///< the name to ask the tool for, inside the media folder
    bool autoName = false;
    QString error;

    /// output: "-o" as given (relative to the current directory; a trailing '/' or an existing directory
    /// means "a file in there"); defaultName: the name for a directory target (empty: the tool's own).
    static OutputTarget resolve(const QString &output, const QString &mediaDir, const QString &defaultName);
    /// Moves the tool's file to the target (replacing a file there) and returns its absolute path.
    Placed place(const QString &producedPath, const QString &producedName) const;
    /// {"path": ABS, "bytes": N}
    static QJsonObject fileObject(const QString &path);
};

} // namespace Sanzaru::App::Cli

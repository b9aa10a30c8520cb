// SPDX-License-Identifier: MIT
#include "outputtarget.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace Sanzaru::App::Cli {

namespace {

QString canonicalDir(const QString &dir)
{
    const QString canonical = QFileInfo(dir).canonicalFilePath();
    return canonical.isEmpty() ? QDir::cleanPath(dir) : canonical;
}

} // namespace

OutputTarget OutputTarget::resolve(const QString &output, const QString &mediaDir, const QString &defaultName)
{
    OutputTarget target;
    const QString absolute = QDir::current().absoluteFilePath(output);
    if (output.endsWith(QLatin1Char('/')) || QFileInfo(absolute).isDir()) {
        target.autoName = defaultName.isEmpty();
        target.directory = QDir::cleanPath(absolute);
        if (!target.autoName)
            target.path = target.directory + QLatin1Char('/') + defaultName;
    } else {
        target.path = QDir::cleanPath(absolute);
        target.directory = QFileInfo(target.path).absolutePath();
    }
    if (!QDir().mkpath(target.directory)) {
        target.error = QStringLiteral("cannot create the folder %1").arg(target.directory);
        return target;
    }
    if (target.autoName)
        return target;
    const QString name = QFileInfo(target.path).fileName();
    // Straight into place when the target is in the media folder; else a name of this process's own.
    target.stagingName = canonicalDir(target.directory) == canonicalDir(mediaDir)
                             ? name
                             : QStringLiteral("cli-%1-%2").arg(QCoreApplication::applicationPid()).arg(name);
    return target;
}

OutputTarget::Placed OutputTarget::place(const QString &producedPath, const QString &producedName) const
{
    const QString destination = autoName ? directory + QLatin1Char('/') + producedName : path;
    if (QFileInfo(producedPath).canonicalFilePath() == QFileInfo(destination).canonicalFilePath())
        return {QFileInfo(destination).absoluteFilePath(), {}};
    if (QFileInfo::exists(destination) && !QFile::remove(destination))
        return {{}, QStringLiteral("cannot replace %1").arg(destination)};
    if (!QFile::rename(producedPath, destination)) {
        // Another file system: copy, then drop the staged file.
        if (!QFile::copy(producedPath, destination))
            return {{}, QStringLiteral("cannot write %1").arg(destination)};
        QFile::remove(producedPath);
    }
    return {QFileInfo(destination).absoluteFilePath(), {}};
}

QJsonObject OutputTarget::fileObject(const QString &path)
{
    return {{QStringLiteral("path"), QFileInfo(path).absoluteFilePath()},
            {QStringLiteral("bytes"), double(QFileInfo(path).size())}};
}

} // namespace Sanzaru::App::Cli

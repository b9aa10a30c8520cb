// SPDX-License-Identifier: MIT
#include "mediapaths.h"

#include "configlog.h"

#include <QDir>
#include <QFile>
#include <QMutexLocker>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <sys/stat.h>

namespace Sanzaru::Core {

namespace {

struct PathType
{
    QLatin1String name;    // "Video download directory"
    QLatin1String varName; // "VIDEO_PATH"
    QLatin1String subDir;  // "videos"
};

const PathType kVideo{QLatin1String("Video download directory"), QLatin1String("VIDEO_PATH"),
                      QLatin1String("videos")};
const PathType kImage{QLatin1String("Image directory"), QLatin1String("IMAGE_PATH"), QLatin1String("images")};

QString errnoText(int err)
{
    return qt_error_string(err);
}

// realpath(3) instead of QFileInfo::canonicalFilePath so a failure keeps its errno.
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

} // namespace

MediaPaths::MediaPaths(const Config &config)
    : m_config(config)
{}

void MediaPaths::setConfig(const Config &config)
{
    QMutexLocker lock(&m_mutex);
    m_config = config;
    m_videoDir.clear();
    m_imageDir.clear();
}

Result<QString> MediaPaths::videoDir()
{
    return resolve(true);
}

Result<QString> MediaPaths::imageDir()
{
    return resolve(false);
}

Result<QString> MediaPaths::resolve(bool video)
{
    // One lock for both types: resolution is rare (once per type per process) and the lock keeps two
    // threads from racing on the auto-create of the same folder.
    QMutexLocker lock(&m_mutex);
    QString &cached = video ? m_videoDir : m_imageDir;
    if (!cached.isEmpty())
        return cached;

    const PathType &type = video ? kVideo : kImage;
    const QString own = (video ? m_config.videoPathVar() : m_config.imagePathVar()).trimmed();
    const QString root = m_config.mediaRoot().trimmed();

    QString value;
    QString varName;
    bool unified = false;
    if (!own.isEmpty()) {
        value = own;
        varName = type.varName;
    } else if (!root.isEmpty()) {
        value = root + QLatin1Char('/') + type.subDir;
        varName = QStringLiteral("SANZARU_MEDIA_PATH");
        unified = true;
    } else {
        return Error::config(
            QStringLiteral("%1 not configured. Set %2 or SANZARU_MEDIA_PATH").arg(type.name, type.varName));
    }

    if (value.contains(QChar(0)))
        return Error::config(
            QStringLiteral("Invalid %1 path '%2': embedded NUL character").arg(type.name, value));

    // Relative values are relative to the current directory, like sanzaru. Trailing slashes go
    // because lstat("link/") follows the link and would hide a symlinked folder.
    QString absolute = QDir::isAbsolutePath(value) ? value : QDir::currentPath() + QLatin1Char('/') + value;
    while (absolute.size() > 1 && absolute.endsWith(QLatin1Char('/')))
        absolute.chop(1);
    const QByteArray encoded = QFile::encodeName(absolute);

    struct stat st = {};
    bool missing = false;
    if (::lstat(encoded.constData(), &st) == 0) {
        if (S_ISLNK(st.st_mode))
            return Error::config(QStringLiteral("%1 cannot be a symbolic link: %2").arg(type.name, value));
    } else if (errno == ENOENT || errno == ENOTDIR) {
        missing = true;
    } else if (errno == EACCES) {
        return Error::config(
            QStringLiteral("Cannot validate %1: permission denied for %2").arg(type.name, value));
    } else {
        return Error::config(
            QStringLiteral("Invalid %1 path '%2': %3").arg(type.name, value, errnoText(errno)));
    }

    if (missing && unified) {
        std::error_code ec;
        std::filesystem::create_directories(std::filesystem::path(encoded.constData()), ec);
        if (ec)
            return Error::config(QStringLiteral("Failed to auto-create %1 at %2: %3")
                                     .arg(type.name, absolute, QString::fromLocal8Bit(ec.message())));
        qCInfo(lcSanzaruConfig, "Created %s at %s", type.name.data(), qUtf8Printable(absolute));
    }

    int err = 0;
    const QString canonical = realPath(absolute, &err);
    if (canonical.isEmpty()) {
        if (err == ENOENT || err == ENOTDIR)
            return Error::config(QStringLiteral("%1: %2 does not exist: %3")
                                     .arg(varName, type.name, QDir::cleanPath(absolute)));
        return Error::config(
            QStringLiteral("Invalid %1 path '%2': %3").arg(type.name, value, errnoText(err)));
    }
    if (::stat(QFile::encodeName(canonical).constData(), &st) != 0)
        return Error::config(QStringLiteral("%1: %2 does not exist: %3").arg(varName, type.name, canonical));
    if (!S_ISDIR(st.st_mode))
        return Error::config(
            QStringLiteral("%1: %2 is not a directory: %3").arg(varName, type.name, canonical));

    qCDebug(lcSanzaruConfig, "%s: %s", type.name.data(), qUtf8Printable(canonical));
    cached = canonical;
    return canonical;
}

} // namespace Sanzaru::Core

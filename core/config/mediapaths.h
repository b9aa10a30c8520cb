// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "config/config.h"

#include <QMutex>
#include <QString>

namespace Sanzaru::Core {

/// Resolves the video and image folders by sanzaru's rules (digest §1.3): the type's own variable beats
/// SANZARU_MEDIA_PATH/{videos,images}; unified sub-folders are created on demand; symlinked folders,
/// missing folders and non-folders are refused with sanzaru's messages. Successful results are cached.
/// Thread-safe.
class MediaPaths
{
public:
    explicit MediaPaths(const Config &config);

    /// New settings (the desktop app's settings dialog); folders are resolved again on next use.
    void setConfig(const Config &config);

    /// Absolute, symlink-resolved video folder or Error::config.
    Result<QString> videoDir();
    /// Absolute, symlink-resolved image ("reference") folder or Error::config.
    Result<QString> imageDir();

private:
    Result<QString> resolve(bool video);

    Config m_config;
    QMutex m_mutex;
    QString m_videoDir;
    QString m_imageDir;
};

} // namespace Sanzaru::Core

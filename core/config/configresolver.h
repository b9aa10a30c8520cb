// SPDX-License-Identifier: MIT
#pragma once

#include "config/appsettings.h"
#include "config/config.h"

#include <QProcessEnvironment>
#include <QString>

namespace Sanzaru::Core {

/// The one place that turns environment → stored settings → defaults into a Config, for every front end
/// (window, `serve`, `mcp`, `tool`). Each value independently: the environment wins, a stored value fills
/// what it left unset, and with no media folder configured anywhere the default media root applies.
class ConfigResolver
{
public:
    /// Keys from the OS keychain (the desktop app reads them) or the opt-in key files.
    struct StoredKeys
    {
        QString image; ///< the OpenAI / image provider key
        QString video; ///< the video provider key
    };

    static Config resolve(const QProcessEnvironment &env, const AppSettings &stored,
                          const StoredKeys &keys = {});
    /// The process environment and the settings stored with QSettings; keys not given come from the
    /// key files (withKeyFiles), so `serve`, `mcp` and `tool` find a key the user chose to keep in a file.
    static Config resolve(const StoredKeys &keys = {});
    /// keys with each empty one filled from its ApiKeyFile, when that file is there and usable (an
    /// unusable one is reported in the log, without its content, and skipped).
    static StoredKeys withKeyFiles(StoredKeys keys);

    /// What a setting shown in the settings dialog can be overridden by.
    enum class Setting { ImageBaseUrl, ImageKey, VideoBaseUrl, VideoKey, MediaFolder };
    /// The environment variable that sets this value (it then wins over the stored one), or empty.
    static QString environmentOverride(Setting setting, const QProcessEnvironment &env);

    /// ~/Videos/sanzaru-qt (the user's movies folder, else the home folder), used when neither
    /// SANZARU_MEDIA_PATH, VIDEO_PATH, IMAGE_PATH nor a stored media folder is set.
    static QString defaultMediaRoot();
};

} // namespace Sanzaru::Core

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
    /// Keys from the OS keychain (the desktop app reads them; other front ends pass none).
    struct StoredKeys
    {
        QString image; ///< the OpenAI / image provider key
        QString video; ///< the video provider key
    };

    static Config resolve(const QProcessEnvironment &env, const AppSettings &stored,
                          const StoredKeys &keys = {});
    /// The process environment and the settings stored with QSettings.
    static Config resolve(const StoredKeys &keys = {});

    /// ~/Videos/sanzaru-qt (the user's movies folder, else the home folder), used when neither
    /// SANZARU_MEDIA_PATH, VIDEO_PATH, IMAGE_PATH nor a stored media folder is set.
    static QString defaultMediaRoot();
};

} // namespace Sanzaru::Core

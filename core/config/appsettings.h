// SPDX-License-Identifier: MIT
#pragma once

#include "config/config.h"
#include "config/joblimits.h"

#include <QString>

class QSettings;

namespace Sanzaru::Core {

/// The non-secret settings the app stores with QSettings: the two providers' base URLs, media folder, job
/// limits. There is deliberately no API key here: keys live in the OS keychain only (see the UI's
/// ApiKeyStore). Stored values come after the environment (ConfigResolver).
class AppSettings
{
public:
    QString baseUrl;      ///< image provider; empty: the default (or OPENAI_BASE_URL)
    QString videoBaseUrl; ///< video provider; empty: the image provider (or SANZARU_VIDEO_BASE_URL)
    QString mediaPath;    ///< empty: the default (or SANZARU_MEDIA_PATH)
    JobLimits limits;

    /// From QSettings() with the application's organization/application names.
    static AppSettings load();
    static AppSettings load(QSettings &settings);
    void save() const;
    void save(QSettings &settings) const;

    /// Fills in what the environment left unset (keys: the keychain's, may be empty).
    void applyTo(Config &config, const QString &apiKey, const QString &videoApiKey = {}) const;

    /// Empty when url is acceptable as a base URL (empty = default, or an absolute http/https URL with a
    /// host); otherwise why not.
    static QString baseUrlProblem(const QString &url);
    /// Limits are clamped to this range when loaded.
    static constexpr int minLimit = 1;
    static constexpr int maxLimit = 16;

    bool operator==(const AppSettings &other) const;
};

} // namespace Sanzaru::Core

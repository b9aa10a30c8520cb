// SPDX-License-Identifier: MIT
#pragma once

#include "config/config.h"
#include "jobs/jobtiming.h"

#include <QString>

class QSettings;

namespace Sanzaru::Core {

/// The non-secret settings the app stores with QSettings: base URL, media folder, job limits. There is
/// deliberately no API key here: the key lives in the OS keychain only (see the UI's ApiKeyStore).
/// Stored values come after the environment (Config::applyStoredDefaults).
class AppSettings
{
public:
    QString baseUrl;   ///< empty: the default (or OPENAI_BASE_URL)
    QString mediaPath; ///< empty: the default (or SANZARU_MEDIA_PATH)
    JobLimits limits;

    /// From QSettings() with the application's organization/application names.
    static AppSettings load();
    static AppSettings load(QSettings &settings);
    void save() const;
    void save(QSettings &settings) const;

    /// Fills in what the environment left unset (apiKey: the keychain's key, may be empty).
    void applyTo(Config &config, const QString &apiKey) const;

    /// Empty when url is acceptable as a base URL (empty = default, or an absolute http/https URL with a
    /// host); otherwise why not.
    static QString baseUrlProblem(const QString &url);
    /// Limits are clamped to this range when loaded.
    static constexpr int minLimit = 1;
    static constexpr int maxLimit = 16;

    bool operator==(const AppSettings &other) const;
};

} // namespace Sanzaru::Core

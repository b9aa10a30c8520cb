// SPDX-License-Identifier: MIT
#include "configresolver.h"

#include "config/apikeyfile.h"
#include "config/configlog.h"

#include <QDir>
#include <QHash>
#include <QStandardPaths>

namespace Sanzaru::Core {

Config ConfigResolver::resolve(const QProcessEnvironment &env, const AppSettings &stored,
                               const StoredKeys &keys)
{
    Config config = Config::fromEnvironment(env);
    stored.applyTo(config, keys.image, keys.video);
    if (config.mediaRoot().isEmpty() && config.videoPathVar().isEmpty() && config.imagePathVar().isEmpty())
        config.setMediaRoot(defaultMediaRoot());
    return config;
}

Config ConfigResolver::resolve(const StoredKeys &keys)
{
    return resolve(QProcessEnvironment::systemEnvironment(), AppSettings::load(), withKeyFiles(keys));
}

ConfigResolver::StoredKeys ConfigResolver::withKeyFiles(StoredKeys keys)
{
    for (auto [key, provider] :
         {std::pair{&keys.image, Provider::Image}, std::pair{&keys.video, Provider::Video}}) {
        if (!key->isEmpty())
            continue;
        const ApiKeyFile file(provider);
        if (!file.exists())
            continue;
        if (Result<QString> stored = file.read())
            *key = *stored;
        else
            qCWarning(lcSanzaruConfig).noquote() << stored.error().message;
    }
    return keys;
}

QString ConfigResolver::environmentOverride(Setting setting, const QProcessEnvironment &env)
{
    // The variables Config::fromEnvironment reads for each setting, in its order of precedence.
    static const QHash<Setting, QStringList> variables{
        {Setting::ImageBaseUrl, {QStringLiteral("OPENAI_BASE_URL")}},
        {Setting::ImageKey, {QStringLiteral("OPENAI_API_KEY")}},
        {Setting::VideoBaseUrl, {QStringLiteral("SANZARU_VIDEO_BASE_URL")}},
        {Setting::VideoKey, {QStringLiteral("SANZARU_VIDEO_API_KEY")}},
        {Setting::MediaFolder,
         {QStringLiteral("SANZARU_MEDIA_PATH"), QStringLiteral("VIDEO_PATH"), QStringLiteral("IMAGE_PATH")}},
    };
    QStringList set;
    for (const QString &name : variables.value(setting))
        if (!env.value(name).trimmed().isEmpty()) // as Config::fromEnvironment: empty counts as unset
            set << name;
    return set.join(QStringLiteral(", "));
}

QString ConfigResolver::defaultMediaRoot()
{
    const QString movies = QStandardPaths::writableLocation(QStandardPaths::MoviesLocation);
    return (movies.isEmpty() ? QDir::homePath() : movies) + QStringLiteral("/sanzaru-qt");
}

} // namespace Sanzaru::Core

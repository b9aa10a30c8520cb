// SPDX-License-Identifier: MIT
#include "configresolver.h"

#include <QDir>
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
    return resolve(QProcessEnvironment::systemEnvironment(), AppSettings::load(), keys);
}

QString ConfigResolver::defaultMediaRoot()
{
    const QString movies = QStandardPaths::writableLocation(QStandardPaths::MoviesLocation);
    return (movies.isEmpty() ? QDir::homePath() : movies) + QStringLiteral("/sanzaru-qt");
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "appsettings.h"

#include <QSettings>
#include <QUrl>

#include <algorithm>

namespace Sanzaru::Core {

namespace {

const QString baseUrlKey = QStringLiteral("api/baseUrl");
const QString videoBaseUrlKey = QStringLiteral("api/videoBaseUrl");
const QString mediaPathKey = QStringLiteral("media/path");
const QString videoLimitKey = QStringLiteral("limits/video");
const QString imageLimitKey = QStringLiteral("limits/image");
const QString prepareLimitKey = QStringLiteral("limits/prepare");
const QString downloadLimitKey = QStringLiteral("limits/download");

int readLimit(QSettings &settings, const QString &key, int fallback)
{
    bool ok = false;
    const int value = settings.value(key, fallback).toInt(&ok);
    // A hand-edited file must not stall the queue (0) or flood the API.
    return ok ? std::clamp(value, AppSettings::minLimit, AppSettings::maxLimit) : fallback;
}

} // namespace

AppSettings AppSettings::load()
{
    QSettings settings;
    return load(settings);
}

AppSettings AppSettings::load(QSettings &settings)
{
    AppSettings s;
    s.baseUrl = settings.value(baseUrlKey).toString().trimmed();
    s.videoBaseUrl = settings.value(videoBaseUrlKey).toString().trimmed();
    s.mediaPath = settings.value(mediaPathKey).toString().trimmed();
    s.limits.video = readLimit(settings, videoLimitKey, s.limits.video);
    s.limits.image = readLimit(settings, imageLimitKey, s.limits.image);
    s.limits.prepare = readLimit(settings, prepareLimitKey, s.limits.prepare);
    s.limits.download = readLimit(settings, downloadLimitKey, s.limits.download);
    return s;
}

void AppSettings::save() const
{
    QSettings settings;
    save(settings);
}

void AppSettings::save(QSettings &settings) const
{
    settings.setValue(baseUrlKey, baseUrl.trimmed());
    settings.setValue(videoBaseUrlKey, videoBaseUrl.trimmed());
    settings.setValue(mediaPathKey, mediaPath.trimmed());
    settings.setValue(videoLimitKey, limits.video);
    settings.setValue(imageLimitKey, limits.image);
    settings.setValue(prepareLimitKey, limits.prepare);
    settings.setValue(downloadLimitKey, limits.download);
    settings.sync();
}

void AppSettings::applyTo(Config &config, const QString &apiKey, const QString &videoApiKey) const
{
    // A bad stored URL is ignored rather than used: the key must not go to a host nobody chose.
    config.applyStoredDefaults(apiKey, baseUrlProblem(baseUrl).isEmpty() ? baseUrl : QString(), mediaPath);
    config.applyStoredVideoDefaults(videoApiKey,
                                    baseUrlProblem(videoBaseUrl).isEmpty() ? videoBaseUrl : QString());
}

QString AppSettings::baseUrlProblem(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return {};
    const QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid())
        return QStringLiteral("Not a valid URL");
    if (url.scheme() != QStringLiteral("http") && url.scheme() != QStringLiteral("https"))
        return QStringLiteral("The base URL must start with http:// or https://");
    if (url.host().isEmpty())
        return QStringLiteral("The base URL needs a host name");
    if (!url.userInfo().isEmpty())
        return QStringLiteral("Put credentials in the API key field, not in the URL");
    return {};
}

bool AppSettings::operator==(const AppSettings &other) const
{
    return baseUrl == other.baseUrl && videoBaseUrl == other.videoBaseUrl && mediaPath == other.mediaPath &&
           limits.video == other.limits.video && limits.image == other.limits.image &&
           limits.prepare == other.limits.prepare && limits.download == other.limits.download;
}

} // namespace Sanzaru::Core

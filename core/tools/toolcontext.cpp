// SPDX-License-Identifier: MIT
#include "toolcontext.h"

#include "openai/apiclient.h"

namespace Sanzaru::Core {

ToolContext::ToolContext(ApiClient *api, MediaPaths *paths, QThreadPool *pool, ApiClient *videoApi)
    : m_api(api)
    , m_videoApi(videoApi)
    , m_paths(paths)
    , m_pool(pool)
{}

ApiClient *ToolContext::api(Provider provider) const
{
    return provider == Provider::Video && m_videoApi ? m_videoApi : m_api;
}

Provider ToolContext::providerFor(const QString &apiPath)
{
    return apiPath == QStringLiteral("/videos") || apiPath.startsWith(QStringLiteral("/videos/"))
               ? Provider::Video
               : Provider::Image;
}

Config ToolContext::config(Provider provider) const
{
    // A client shared by both providers holds the image provider's Config; narrowing it here keeps the
    // key rule in Config alone.
    const Config config = api(provider)->config();
    return config.provider() == provider ? config : config.forProvider(provider);
}

Result<QString> ToolContext::requireApiKey(Provider provider) const
{
    return config(provider).requireApiKey();
}

Result<MediaFolder> ToolContext::videoFolder() const
{
    const Result<QString> dir = m_paths->videoDir();
    if (!dir)
        return dir.error();
    return MediaFolder(*dir, QStringLiteral("video"));
}

Result<MediaFolder> ToolContext::imageFolder() const
{
    const Result<QString> dir = m_paths->imageDir();
    if (!dir)
        return dir.error();
    return MediaFolder(*dir, QStringLiteral("reference"));
}

} // namespace Sanzaru::Core

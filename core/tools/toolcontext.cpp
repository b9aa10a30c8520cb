// SPDX-License-Identifier: MIT
#include "toolcontext.h"

#include "openai/apiclient.h"

namespace Sanzaru::Core {

ToolContext::ToolContext(ApiClient *api, MediaPaths *paths, QThreadPool *pool)
    : m_api(api)
    , m_paths(paths)
    , m_pool(pool)
{
}

Config ToolContext::config() const
{
    return m_api->config();
}

Result<QString> ToolContext::requireApiKey() const
{
    return config().requireApiKey();
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

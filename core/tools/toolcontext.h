// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "config/config.h"
#include "config/mediapaths.h"
#include "storage/mediafolder.h"

#include <QThreadPool>

namespace Sanzaru::Core {

class ApiClient;

/// The services every tool may use, constructed by the front end and passed in (no singletons).
class ToolContext
{
public:
    ToolContext(ApiClient *api, MediaPaths *paths, QThreadPool *pool);

    ApiClient *api() const { return m_api; }
    QThreadPool *pool() const { return m_pool; }
    Config config() const;
    /// The key, or Error::config naming OPENAI_API_KEY.
    Result<QString> requireApiKey() const;

    Result<MediaFolder> videoFolder() const;
    Result<MediaFolder> imageFolder() const;

private:
    ApiClient *m_api;
    MediaPaths *m_paths;
    QThreadPool *m_pool;
};

} // namespace Sanzaru::Core

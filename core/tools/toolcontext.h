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
    /// videoApi null: one client serves both providers.
    ToolContext(ApiClient *api, MediaPaths *paths, QThreadPool *pool, ApiClient *videoApi = nullptr);

    /// The client of one provider: /videos requests go to the video provider, everything else to the
    /// image provider. Each client carries only its own provider's key.
    ApiClient *api(Provider provider = Provider::Image) const;
    /// The provider serving an API path ("/videos…" → Video).
    static Provider providerFor(const QString &apiPath);
    /// Called on the thread that runs the tools, between calls (the desktop app's settings dialog).
    void setVideoApi(ApiClient *videoApi) { m_videoApi = videoApi; }
    QThreadPool *pool() const { return m_pool; }
    /// A one-shot process running a single call for the command line (`tool --local`): nothing shows a
    /// preview and nothing interactive competes for the CPU, so pool steps run at normal priority and
    /// tools skip the preview images. Off by default (the app, the MCP servers).
    void setOneShot(bool oneShot) { m_oneShot = oneShot; }
    bool oneShot() const { return m_oneShot; }
    /// The settings of one provider's client.
    Config config(Provider provider = Provider::Image) const;
    /// The provider's key, or Error::config naming its variable.
    Result<QString> requireApiKey(Provider provider = Provider::Image) const;

    Result<MediaFolder> videoFolder() const;
    Result<MediaFolder> imageFolder() const;

private:
    ApiClient *m_api;
    ApiClient *m_videoApi;
    MediaPaths *m_paths;
    QThreadPool *m_pool;
    bool m_oneShot = false;
};

} // namespace Sanzaru::Core

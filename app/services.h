// SPDX-License-Identifier: MIT
#pragma once

#include "config/config.h"

#include <memory>

class QThreadPool;

namespace Sanzaru::Core {
class ApiClient;
class MediaPaths;
class ToolContext;
class ToolRegistry;
} // namespace Sanzaru::Core

namespace Sanzaru::App {

/// The engine every front end runs on, built from one Config in one place: one API client per distinct
/// provider (image; video when it is another host or key), media folders, tool context and the tool
/// registry. Created by a command and passed down (no singletons).
class Services
{
public:
    /// Which tools the registry lists: every tool (the window, `tool`), or sanzaru's rule for MCP servers
    /// (`mcp`, `serve`): a group only when its folder is configured.
    enum class ToolSet { All, ConfiguredFolders };

    /// Resolved by Core::ConfigResolver (environment, then stored settings, then defaults).
    explicit Services(ToolSet tools = ToolSet::All);
    explicit Services(const Core::Config &config, ToolSet tools = ToolSet::All);
    ~Services();
    Services(const Services &) = delete;
    Services &operator=(const Services &) = delete;

    Core::ToolRegistry *registry() const { return m_registry.get(); }
    Core::MediaPaths *paths() const { return m_paths.get(); }
    Core::ToolContext *context() const { return m_context.get(); }
    QThreadPool *pool() const;
    Core::Config config() const { return m_config; }
    /// New settings (keys, base URLs, media folder) for every later request and file operation.
    void reconfigure(const Core::Config &config);

private:
    Core::Config m_config;
    std::unique_ptr<Core::ApiClient> m_api;      // the image provider (and video when it is the same)
    std::unique_ptr<Core::ApiClient> m_videoApi; // created once the video provider differs; kept after
    std::unique_ptr<Core::MediaPaths> m_paths;
    std::unique_ptr<Core::ToolContext> m_context;
    std::unique_ptr<Core::ToolRegistry> m_registry;
};

} // namespace Sanzaru::App

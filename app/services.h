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

/// The engine every front end runs on, built from one Config in one place: API client, media folders,
/// tool context and the tool registry. Created by a command and passed down (no singletons).
class Services
{
public:
    /// From the environment alone (the CLI, `mcp` and `serve`).
    Services();
    explicit Services(const Core::Config &config);
    ~Services();
    Services(const Services &) = delete;
    Services &operator=(const Services &) = delete;

    Core::ToolRegistry *registry() const { return m_registry.get(); }
    Core::MediaPaths *paths() const { return m_paths.get(); }
    QThreadPool *pool() const;
    Core::Config config() const { return m_config; }
    /// New settings (key, base URL, media folder) for every later request and file operation.
    void reconfigure(const Core::Config &config);

private:
    Core::Config m_config;
    std::unique_ptr<Core::ApiClient> m_api;
    std::unique_ptr<Core::MediaPaths> m_paths;
    std::unique_ptr<Core::ToolContext> m_context;
    std::unique_ptr<Core::ToolRegistry> m_registry;
};

} // namespace Sanzaru::App

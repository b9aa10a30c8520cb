// SPDX-License-Identifier: MIT
#pragma once

#include <memory>

namespace Sanzaru::Core {
class ApiClient;
class MediaPaths;
class ToolContext;
class ToolRegistry;
} // namespace Sanzaru::Core

namespace Sanzaru::App {

/// The engine every front end runs on, built from the environment in one place: API client, media
/// folders, tool context and the tool registry. Created by a command and passed down (no singletons).
class Services
{
public:
    Services();
    ~Services();
    Services(const Services &) = delete;
    Services &operator=(const Services &) = delete;

    Core::ToolRegistry *registry() const { return m_registry.get(); }

private:
    std::unique_ptr<Core::ApiClient> m_api;
    std::unique_ptr<Core::MediaPaths> m_paths;
    std::unique_ptr<Core::ToolContext> m_context;
    std::unique_ptr<Core::ToolRegistry> m_registry;
};

} // namespace Sanzaru::App

// SPDX-License-Identifier: MIT
#include "services.h"

#include "config/configresolver.h"
#include "config/mediapaths.h"
#include "openai/apiclient.h"
#include "tools/toolcontext.h"
#include "tools/toolregistry.h"

#include <QThreadPool>

namespace Sanzaru::App {

using namespace Sanzaru::Core;

Services::Services(ToolSet tools)
    : Services(ConfigResolver::resolve(), tools)
{}

Services::Services(const Config &config, ToolSet tools)
{
    m_api = std::make_unique<ApiClient>(config.forProvider(Provider::Image));
    m_paths = std::make_unique<MediaPaths>(config);
    m_context = std::make_unique<ToolContext>(m_api.get(), m_paths.get(), QThreadPool::globalInstance());
    ToolGroups groups;
    if (tools == ToolSet::ConfiguredFolders)
        groups = ToolGroups{config.hasVideoFolder(), config.hasImageFolder()};
    m_registry = std::make_unique<ToolRegistry>(m_context.get(), groups);
    reconfigure(config);
}

Services::~Services() = default;

QThreadPool *Services::pool() const
{
    return QThreadPool::globalInstance();
}

void Services::reconfigure(const Config &config)
{
    m_config = config;
    m_api->setConfig(config.forProvider(Provider::Image));
    if (config.hasSeparateVideoProvider()) {
        // Its own client, so the image key never travels with a video request and vice versa.
        if (!m_videoApi)
            m_videoApi = std::make_unique<ApiClient>(config.forProvider(Provider::Video));
        else
            m_videoApi->setConfig(config.forProvider(Provider::Video));
        m_context->setVideoApi(m_videoApi.get());
    } else {
        m_context->setVideoApi(nullptr);
    }
    m_paths->setConfig(config);
}

} // namespace Sanzaru::App

// SPDX-License-Identifier: MIT
#include "services.h"

#include "config/mediapaths.h"
#include "openai/apiclient.h"
#include "tools/toolcontext.h"
#include "tools/toolregistry.h"

#include <QThreadPool>

namespace Sanzaru::App {

using namespace Sanzaru::Core;

Services::Services()
    : Services(Config::fromEnvironment())
{}

Services::Services(const Config &config)
    : m_config(config)
{
    m_api = std::make_unique<ApiClient>(config);
    m_paths = std::make_unique<MediaPaths>(config);
    m_context = std::make_unique<ToolContext>(m_api.get(), m_paths.get(), QThreadPool::globalInstance());
    m_registry = std::make_unique<ToolRegistry>(m_context.get());
}

Services::~Services() = default;

QThreadPool *Services::pool() const
{
    return QThreadPool::globalInstance();
}

void Services::reconfigure(const Config &config)
{
    m_config = config;
    m_api->setConfig(config);
    m_paths->setConfig(config);
}

} // namespace Sanzaru::App

// SPDX-License-Identifier: MIT
#include "services.h"

#include "config/config.h"
#include "config/mediapaths.h"
#include "openai/apiclient.h"
#include "tools/toolcontext.h"
#include "tools/toolregistry.h"

#include <QThreadPool>

namespace Sanzaru::App {

using namespace Sanzaru::Core;

Services::Services()
{
    const Config config = Config::fromEnvironment();
    m_api = std::make_unique<ApiClient>(config);
    m_paths = std::make_unique<MediaPaths>(config);
    m_context = std::make_unique<ToolContext>(m_api.get(), m_paths.get(), QThreadPool::globalInstance());
    m_registry = std::make_unique<ToolRegistry>(m_context.get());
}

Services::~Services() = default;

} // namespace Sanzaru::App

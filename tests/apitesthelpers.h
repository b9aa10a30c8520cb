// SPDX-License-Identifier: MIT
#pragma once

#include "config/config.h"
#include "fakeopenaiserver.h"

#include <QProcessEnvironment>

namespace Sanzaru::Testing {

/// A Config pointing at the fake server with its key.
inline Core::Config fakeConfig(const FakeOpenAiServer &server, int stallTimeoutMs = 10000)
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("OPENAI_API_KEY"), QString::fromLatin1(server.apiKey()));
    env.insert(QStringLiteral("OPENAI_BASE_URL"), server.baseUrl().toString());
    Core::Config config = Core::Config::fromEnvironment(env);
    config.setStallTimeoutMs(stallTimeoutMs);
    return config;
}

} // namespace Sanzaru::Testing

// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"

#include <QByteArray>
#include <QString>

namespace Sanzaru::Core {

/// The one place that turns an API error response into an Error value with an actionable sentence.
class ApiErrors
{
public:
    /// status >= 400; body as received; path e.g. "/videos/abc" and the host that answered (for
    /// endpoint-specific advice: OpenAI's own /videos is shut down).
    static Error fromResponse(int status, const QByteArray &body, const QString &method, const QString &path,
                              const QString &host = {});
    /// The one sentence for a 404/410 from /videos at api.openai.com.
    static QString videoShutdownMessage();
};

} // namespace Sanzaru::Core

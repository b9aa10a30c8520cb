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
    /// status >= 400; body as received; path e.g. "/videos/abc" (for endpoint-specific advice).
    static Error fromResponse(int status, const QByteArray &body, const QString &method, const QString &path);
};

} // namespace Sanzaru::Core

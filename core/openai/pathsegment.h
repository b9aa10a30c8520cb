// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"

#include <QString>

namespace Sanzaru::Core {

/// Percent-encodes an id for use as one URL path segment, as the official SDK does (everything but
/// unreserved and sub-delims is escaped, so "/" becomes %2F), and refuses empty ids and "." / ".."
/// (also percent-encoded) so an id can never walk the API's path.
class PathSegment
{
public:
    static Result<QString> encode(const QString &id, const QString &paramName);
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"

#include <QJsonObject>

namespace Sanzaru::Core {

/// Checks tool arguments against the tool's input schema (the subset our schemas use: type incl.
/// unions with null, enum, required, properties, items, minItems/maxItems, minimum/maximum) and
/// returns them with defaults filled in. Like FastMCP, a string holding JSON is accepted for a
/// non-string parameter, and unknown argument names are dropped (sanzaru ignores them). null for a
/// property that is not required means absent, at every level (the default, if any, is filled in):
/// sanzaru declares every optional parameter `X | None = None`.
class ArgumentValidator
{
public:
    static Result<QJsonObject> validate(const QString &toolName, const QJsonObject &schema,
                                        const QJsonObject &arguments);
};

} // namespace Sanzaru::Core

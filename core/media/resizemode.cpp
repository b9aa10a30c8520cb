// SPDX-License-Identifier: MIT
#include "resizemode.h"

namespace Sanzaru::Core {

std::optional<ResizeMode> resizeModeFromString(const QString &name)
{
    if (name == QLatin1String("crop"))
        return ResizeMode::Crop;
    if (name == QLatin1String("pad"))
        return ResizeMode::Pad;
    if (name == QLatin1String("rescale"))
        return ResizeMode::Rescale;
    return std::nullopt;
}

QString resizeModeName(ResizeMode mode)
{
    switch (mode) {
    case ResizeMode::Crop:
        return QStringLiteral("crop");
    case ResizeMode::Pad:
        return QStringLiteral("pad");
    case ResizeMode::Rescale:
        return QStringLiteral("rescale");
    }
    return QStringLiteral("crop");
}

} // namespace Sanzaru::Core

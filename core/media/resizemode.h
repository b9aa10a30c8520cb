// SPDX-License-Identifier: MIT
#pragma once

#include <QSize>
#include <QString>

#include <optional>

namespace Sanzaru::Core {

enum class ResizeMode { Crop, Pad, Rescale };

/// "crop" / "pad" / "rescale".
std::optional<ResizeMode> resizeModeFromString(const QString &name);
QString resizeModeName(ResizeMode mode);

} // namespace Sanzaru::Core

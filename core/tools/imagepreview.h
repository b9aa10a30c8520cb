// SPDX-License-Identifier: MIT
#pragma once

#include "tools/toolcall.h"

#include <QByteArray>

#include <optional>

namespace Sanzaru::Core {

/// A small JPEG of an image result, so MCP clients and the window get a look without the full file.
/// Decodes straight to the small size (QImageReader scaling). Runs on a worker thread.
class ImagePreview
{
public:
    static constexpr int maxEdge = 256;
    static std::optional<ToolImage> fromEncoded(const QByteArray &encoded);
};

} // namespace Sanzaru::Core

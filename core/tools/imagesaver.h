// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "storage/mediafolder.h"
#include "tools/toolcall.h"

#include <optional>

#include <QByteArray>
#include <QJsonObject>
#include <QSize>
#include <QString>

namespace Sanzaru::Core {

struct SavedImage
{
    QString filename;
    QSize size;
    QString format;
    std::optional<ToolImage> preview; ///< small JPEG for MCP clients and the window
};

/// Decodes a base64 image from an API answer and saves it atomically. Runs on a worker thread.
class ImageSaver
{
public:
    /// filename empty → "<defaultStem>.<ext of the detected format>", never overwriting an existing
    /// file (sanzaru's second-resolution names collided). Bytes that are not an image are refused
    /// before anything is written.
    static Result<SavedImage> saveBase64(const MediaFolder &folder, const QByteArray &base64, const QString &filename,
                                         const QString &defaultStem);
    /// {"filename", "size": [w, h], "format"}
    static QJsonObject toJson(const SavedImage &image);
    /// The output schema of toJson().
    static QJsonObject outputSchema();
};

} // namespace Sanzaru::Core

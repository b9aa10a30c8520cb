// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace Sanzaru::Core {

/// The files the Videos API serves for a finished video (GET /videos/{id}/content?variant=…).
enum class VideoAsset {
    Video,       ///< "video", MP4
    Thumbnail,   ///< "thumbnail", WebP
    Spritesheet, ///< "spritesheet", JPEG
};

/// Every asset, the video first: what a full download fetches.
QList<VideoAsset> allVideoAssets();
/// The API's variant word ("video", "thumbnail", "spritesheet").
QString videoAssetId(VideoAsset asset);
std::optional<VideoAsset> videoAssetFromId(const QString &variant);
/// The file extension the asset is saved with, without the dot ("mp4", "webp", "jpg").
QString videoAssetExtension(VideoAsset asset);
/// The default file name of an asset: "{video_id}.{extension}".
QString videoAssetFileName(const QString &videoId, VideoAsset asset);

} // namespace Sanzaru::Core

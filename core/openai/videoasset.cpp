// SPDX-License-Identifier: MIT
#include "videoasset.h"

#include <array>

namespace Sanzaru::Core {

namespace {

struct AssetRow
{
    VideoAsset asset;
    const char *id;
    const char *extension;
};

constexpr std::array assetRows{
    AssetRow{VideoAsset::Video, "video", "mp4"},
    AssetRow{VideoAsset::Thumbnail, "thumbnail", "webp"},
    AssetRow{VideoAsset::Spritesheet, "spritesheet", "jpg"},
};

const AssetRow &rowOf(VideoAsset asset)
{
    for (const AssetRow &row : assetRows) {
        if (row.asset == asset)
            return row;
    }
    return assetRows.front();
}

} // namespace

QList<VideoAsset> allVideoAssets()
{
    QList<VideoAsset> assets;
    for (const AssetRow &row : assetRows)
        assets.append(row.asset);
    return assets;
}

QString videoAssetId(VideoAsset asset)
{
    return QString::fromLatin1(rowOf(asset).id);
}

std::optional<VideoAsset> videoAssetFromId(const QString &variant)
{
    for (const AssetRow &row : assetRows) {
        if (variant == QLatin1String(row.id))
            return row.asset;
    }
    return std::nullopt;
}

QString videoAssetExtension(VideoAsset asset)
{
    return QString::fromLatin1(rowOf(asset).extension);
}

QString videoAssetFileName(const QString &videoId, VideoAsset asset)
{
    return videoId + QLatin1Char('.') + videoAssetExtension(asset);
}

} // namespace Sanzaru::Core

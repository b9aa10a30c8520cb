// SPDX-License-Identifier: MIT
#include "imagesaver.h"

#include "media/base64codec.h"
#include "media/imageprobe.h"
#include "tools/imagepreview.h"
#include "tools/schema.h"
#include "tools/toolsupport.h"

namespace Sanzaru::Core {

Result<SavedImage> ImageSaver::saveBase64(const MediaFolder &folder, const QByteArray &base64, const QString &filename,
                                          const QString &defaultStem)
{
    const std::optional<QByteArray> bytes = Base64Codec::decode(base64);
    if (!bytes || bytes->isEmpty())
        return Error::badInput(QStringLiteral("The API returned image data that is not valid base64; nothing was saved"));
    const ImageInfo info = ImageProbe::probe(*bytes);
    if (!info.size.isValid() || info.format == QStringLiteral("unknown"))
        return Error::badInput(QStringLiteral("The API returned data that is not a readable image; nothing was saved"));
    Result<QString> written = filename.isEmpty()
                                  ? folder.writeNew(defaultStem, ToolSupport::extensionForFormat(info.format), *bytes)
                                  : folder.writeAtomically(filename, QStringLiteral("filename"), *bytes);
    if (!written)
        return written.error();
    return SavedImage{*written, info.size, info.format, ImagePreview::fromEncoded(*bytes)};
}

QJsonObject ImageSaver::toJson(const SavedImage &image)
{
    return QJsonObject{{QStringLiteral("filename"), image.filename},
                       {QStringLiteral("size"), ToolSupport::sizeArray(image.size)},
                       {QStringLiteral("format"), image.format}};
}

QJsonObject ImageSaver::outputSchema()
{
    return Schema::object({{QStringLiteral("filename"), Schema::string({})},
                           {QStringLiteral("size"), Schema::sizePair(QStringLiteral("[width, height]"))},
                           {QStringLiteral("format"), Schema::string(QStringLiteral("png, jpeg, webp"))}},
                          {QStringLiteral("filename"), QStringLiteral("size"), QStringLiteral("format")});
}

} // namespace Sanzaru::Core

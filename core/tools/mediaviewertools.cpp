// SPDX-License-Identifier: MIT
#include "mediaviewertools.h"

#include "media/base64codec.h"
#include "tools/schema.h"
#include "tools/toolsupport.h"

#include <QHash>
#include <QJsonArray>

namespace Sanzaru::Core {

namespace {

Result<MediaFolder> folderFor(ToolContext *context, const QString &mediaType)
{
    if (mediaType == QStringLiteral("video"))
        return context->videoFolder();
    if (mediaType == QStringLiteral("image"))
        return context->imageFolder();
    if (mediaType == QStringLiteral("audio"))
        return Error::badInput(QStringLiteral("sanzaru-qt has no audio folder (audio tools are not part of it); use "
                                              "media_type \"video\" or \"image\""));
    return Error::badInput(QStringLiteral("Unknown media_type: %1").arg(mediaType));
}

void viewMedia(ToolCall *call, ToolContext *context)
{
    const QString mediaType = call->arguments().value(QStringLiteral("media_type")).toString();
    const QString filename = call->arguments().value(QStringLiteral("filename")).toString();
    const Result<MediaFolder> folder = folderFor(context, mediaType);
    if (!folder)
        return call->finish(folder.error());
    const MediaFolder media = *folder;
    ToolSupport::finishInPool(call, context, [media, mediaType, filename]() -> Result<QJsonObject> {
        // sanzaru answers "File not found" for a traversal too; a name the sandbox refuses is said to be
        // refused (a symlink or a missing file stays "not found", as in sanzaru).
        if (const Result<void> named = media.checkName(filename, QStringLiteral("filename")); !named)
            return named.error().kind == ErrorKind::BadInput
                       ? Error::badInput(QStringLiteral("Refused: %1").arg(named.error().message))
                       : named.error();
        if (!media.exists(filename))
            return Error::notFound(QStringLiteral("File not found: %1").arg(filename));
        const Result<FileEntry> entry = media.stat(filename, QStringLiteral("filename"));
        if (!entry)
            return entry.error();
        return QJsonObject{{QStringLiteral("filename"), filename},
                           {QStringLiteral("media_type"), mediaType},
                           {QStringLiteral("size_bytes"), entry->sizeBytes},
                           {QStringLiteral("mime_type"), MediaViewerTools::mimeType(filename, mediaType)}};
    });
}

void getMediaData(ToolCall *call, ToolContext *context)
{
    const QJsonObject args = call->arguments();
    const qint64 offset = qint64(args.value(QStringLiteral("offset")).toDouble());
    if (offset < 0)
        return call->finish(Error::badInput(QStringLiteral("offset must be non-negative, got %1").arg(offset)));
    const qint64 chunk = qint64(args.value(QStringLiteral("chunk_size")).toDouble());
    if (chunk < 1 || chunk > MediaViewerTools::maxChunkSize)
        return call->finish(Error::badInput(QStringLiteral("chunk_size must be between 1 and %1 bytes, got %2")
                                                .arg(MediaViewerTools::maxChunkSize)
                                                .arg(chunk)));
    const QString mediaType = args.value(QStringLiteral("media_type")).toString();
    const QString filename = args.value(QStringLiteral("filename")).toString();
    const Result<MediaFolder> folder = folderFor(context, mediaType);
    if (!folder)
        return call->finish(folder.error());
    const MediaFolder media = *folder;
    ToolSupport::finishInPool(call, context, [=]() -> Result<QJsonObject> {
        const Result<FileEntry> entry = media.stat(filename, QStringLiteral("filename"));
        if (!entry)
            return entry.error();
        const Result<QByteArray> bytes = media.readRange(filename, QStringLiteral("filename"), offset, chunk);
        if (!bytes)
            return bytes.error();
        return QJsonObject{{QStringLiteral("data"), QString::fromLatin1(Base64Codec::encode(*bytes))},
                           {QStringLiteral("offset"), offset},
                           {QStringLiteral("chunk_size"), bytes->size()},
                           {QStringLiteral("total_size"), entry->sizeBytes},
                           {QStringLiteral("is_last"), offset + bytes->size() >= entry->sizeBytes},
                           {QStringLiteral("mime_type"), MediaViewerTools::mimeType(filename, mediaType)}};
    });
}

} // namespace

QString MediaViewerTools::mimeType(const QString &fileName, const QString &mediaType)
{
    static const QHash<QString, QString> known{
        {QStringLiteral(".mp4"), QStringLiteral("video/mp4")},   {QStringLiteral(".webm"), QStringLiteral("video/webm")},
        {QStringLiteral(".mov"), QStringLiteral("video/quicktime")}, {QStringLiteral(".png"), QStringLiteral("image/png")},
        {QStringLiteral(".jpg"), QStringLiteral("image/jpeg")},  {QStringLiteral(".jpeg"), QStringLiteral("image/jpeg")},
        {QStringLiteral(".webp"), QStringLiteral("image/webp")}, {QStringLiteral(".gif"), QStringLiteral("image/gif")},
        {QStringLiteral(".mp3"), QStringLiteral("audio/mpeg")},  {QStringLiteral(".wav"), QStringLiteral("audio/x-wav")}};
    const QString mime = known.value(ToolSupport::extension(fileName));
    if (!mime.isEmpty())
        return mime;
    if (mediaType == QStringLiteral("video"))
        return QStringLiteral("video/mp4");
    if (mediaType == QStringLiteral("audio"))
        return QStringLiteral("audio/mpeg");
    return QStringLiteral("image/png");
}

QList<ToolDefinition> MediaViewerTools::definitions()
{
    const QJsonObject mediaType =
        Schema::stringEnum({QStringLiteral("video"), QStringLiteral("audio"), QStringLiteral("image")},
                           QStringLiteral("video → the video folder, image → the image folder"));
    QList<ToolDefinition> tools;
    tools.append({QStringLiteral("view_media"), QStringLiteral("View media"),
                  QStringLiteral("Describe a local video or image for viewing: size and MIME type. Read the bytes with "
                                 "_get_media_data."),
                  Schema::object({{QStringLiteral("media_type"), mediaType},
                                  {QStringLiteral("filename"), Schema::string(QStringLiteral("File in that folder"))}},
                                 {QStringLiteral("media_type"), QStringLiteral("filename")}),
                  Schema::object({{QStringLiteral("filename"), Schema::string({})},
                                  {QStringLiteral("media_type"), Schema::string({})},
                                  {QStringLiteral("size_bytes"), Schema::integer({})},
                                  {QStringLiteral("mime_type"), Schema::string({})}},
                                 {QStringLiteral("filename"), QStringLiteral("size_bytes"), QStringLiteral("mime_type")}),
                  ToolAnnotations{true, false, true, false},
                  // MCP-App hosts render this page for the result (McpAppResources serves it).
                  QJsonObject{{QStringLiteral("ui"), QJsonObject{{QStringLiteral("resourceUri"),
                                                                  QStringLiteral("ui://sanzaru/media-viewer.html")}}}},
                  viewMedia});
    tools.append({QStringLiteral("_get_media_data"), QStringLiteral("Read media bytes"),
                  QStringLiteral("Read a chunk of a local media file as base64 (used by media viewers). Add the returned "
                                 "chunk_size to offset until is_last."),
                  Schema::object({{QStringLiteral("media_type"), mediaType},
                                  {QStringLiteral("filename"), Schema::string(QStringLiteral("File in that folder"))},
                                  {QStringLiteral("offset"), Schema::withDefault(Schema::integer(QStringLiteral("Byte offset, >= 0")), 0)},
                                  {QStringLiteral("chunk_size"), Schema::withDefault(Schema::integer(QStringLiteral("Bytes to read, 1 to 16 MiB")), double(defaultChunkSize))}},
                                 {QStringLiteral("media_type"), QStringLiteral("filename")}),
                  Schema::object({{QStringLiteral("data"), Schema::string(QStringLiteral("Standard base64"))},
                                  {QStringLiteral("offset"), Schema::integer({})},
                                  {QStringLiteral("chunk_size"), Schema::integer(QStringLiteral("Bytes actually read"))},
                                  {QStringLiteral("total_size"), Schema::integer({})},
                                  {QStringLiteral("is_last"), Schema::boolean({})},
                                  {QStringLiteral("mime_type"), Schema::string({})}},
                                 {QStringLiteral("data"), QStringLiteral("offset"), QStringLiteral("chunk_size"),
                                  QStringLiteral("total_size"), QStringLiteral("is_last")}),
                  ToolAnnotations{true, false, true, false},
                  QJsonObject{{QStringLiteral("ui"), QJsonObject{{QStringLiteral("visibility"), QJsonArray{QStringLiteral("app")}}}}},
                  getMediaData});
    return tools;
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "videotools.h"

#include "domain/videooperations.h"
#include "openai/videoasset.h"
#include "openai/videosapi.h"
#include "tools/listingtools.h"
#include "tools/schema.h"
#include "tools/toolprechecks.h"
#include "tools/toolsupport.h"
#include "tools/videomodeltable.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Sanzaru::Core {

namespace {

QString arg(const ToolCall *call, const char *name)
{
    return call->arguments().value(QLatin1String(name)).toString();
}

QString text(const QJsonObject &arguments, const char *name)
{
    return arguments.value(QLatin1String(name)).toString();
}

// A provider's Video object as the tools return it: passed through (unknown fields, statuses and
// timestamp types included, so the output schema is loose on purpose), with id and status made reliable.
VideoOperations::Done<Video> finishWithVideo(ToolCall *call, const QString &note = {})
{
    return [call, note](Result<Video> video) {
        if (!video)
            return call->finish(video.error());
        QJsonObject json = video->json;
        if (!note.isEmpty())
            json.insert(QStringLiteral("note"), note);
        call->finish(json);
    };
}

void createVideo(ToolCall *call, ToolContext *context)
{
    // The model table's checks ran before this (the definition's prechecks): an accepted wrong request
    // costs money. Unknown models go through with a note in the result.
    const VideoOperations::CreateRequest request = VideoTools::createRequest(call->arguments());
    VideoOperations::create(call, context, request,
                            finishWithVideo(call, VideoModelTable::builtIn().noteFor(request.model)));
}

void getVideoStatus(ToolCall *call, ToolContext *context)
{
    VideoOperations::status(call, context, arg(call, "video_id"), finishWithVideo(call));
}

void downloadVideo(ToolCall *call, ToolContext *context)
{
    const QString variant = arg(call, "variant");
    const VideoOperations::DownloadRequest request{
        arg(call, "video_id"), videoAssetFromId(variant).value_or(VideoAsset::Video), arg(call, "filename")};
    VideoOperations::download(
        call, context, request, [call, variant](Result<VideoOperations::SavedAsset> saved) {
            if (!saved)
                return call->finish(saved.error());
            call->finish(QJsonObject{{QStringLiteral("filename"), saved->fileName},
                                     {QStringLiteral("variant"), variant},
                                     {QStringLiteral("size_bytes"), double(saved->bytes)}});
        });
}

void listVideos(ToolCall *call, ToolContext *context)
{
    const int limit = call->arguments().value(QStringLiteral("limit")).toInt();
    const ApiRequest request = VideosApi::list(limit, arg(call, "after"), arg(call, "order"));
    ToolSupport::sendAndFinish(
        call, context, request, [](const ApiResponse &response) -> Result<QJsonObject> {
            static const QStringList summaryKeys{QStringLiteral("id"),         QStringLiteral("status"),
                                                 QStringLiteral("created_at"), QStringLiteral("seconds"),
                                                 QStringLiteral("size"),       QStringLiteral("model"),
                                                 QStringLiteral("progress")};
            QJsonArray data;
            for (const QJsonValue &item : response.json.value(QStringLiteral("data")).toArray()) {
                QJsonObject summary;
                for (const QString &key : summaryKeys)
                    summary.insert(key, item.toObject().value(key));
                data.append(summary);
            }
            const QJsonValue hasMore = response.json.value(QStringLiteral("has_more"));
            return QJsonObject{
                {QStringLiteral("data"), data},
                {QStringLiteral("has_more"), hasMore.isBool() ? hasMore : QJsonValue(QJsonValue::Null)},
                {QStringLiteral("last"), data.isEmpty()
                                             ? QJsonValue(QJsonValue::Null)
                                             : data.last().toObject().value(QStringLiteral("id"))}};
        });
}

void deleteVideo(ToolCall *call, ToolContext *context)
{
    const QString videoId = arg(call, "video_id");
    ToolSupport::sendAndFinish(
        call, context, VideosApi::remove(videoId),
        [videoId](const ApiResponse &response) -> Result<QJsonObject> {
            QJsonObject out{
                {QStringLiteral("id"), response.json.value(QStringLiteral("id")).toString(videoId)},
                {QStringLiteral("deleted"), response.json.value(QStringLiteral("deleted")).toBool(true)},
                {QStringLiteral("object"), response.json.value(QStringLiteral("object"))}};
            return out;
        });
}

void remixVideo(ToolCall *call, ToolContext *context)
{
    VideoOperations::remix(call, context, VideoTools::remixRequest(call->arguments()), finishWithVideo(call));
}

void listLocalVideos(ToolCall *call, ToolContext *context)
{
    const Result<MediaFolder> folder = context->videoFolder();
    if (!folder)
        return call->finish(folder.error());
    ListingTools::listFolder(call, context, *folder,
                             {{QStringLiteral("mp4"), {QStringLiteral(".mp4")}},
                              {QStringLiteral("webm"), {QStringLiteral(".webm")}},
                              {QStringLiteral("mov"), {QStringLiteral(".mov")}}});
}

ToolDefinition createVideoTool()
{
    ToolDefinition tool = {
        QStringLiteral("create_video"),
        QStringLiteral("Create video"),
        QStringLiteral("Start a video generation job at the video provider (any /v1/videos provider; OpenAI "
                       "shut its own down on 2026-09-24) and return at once with the job (status \"queued\" "
                       "or the provider's word, e.g. \"pending\"). Poll get_video_status every 5-10 s until "
                       "\"completed\" or \"failed\", then call download_video. Known models: %1. Their "
                       "seconds and size are checked before sending; other model ids are sent unchecked. A "
                       "reference image must match the video size exactly in pixels: run "
                       "prepare_reference_image first.")
            .arg(VideoModelTable::builtIn().guidance()),
        Schema::object(
            {{QStringLiteral("prompt"),
              Schema::string(
                  QStringLiteral("What the video shows: subject, action, camera, lighting, style"))},
             {QStringLiteral("model"),
              Schema::withDefault(
                  Schema::string(QStringLiteral(
                      "Any model id the video provider serves, e.g. minimax/h3; the known ones are listed "
                      "in the tool description (sanzaru's default sora-2 was retired by OpenAI)")),
                  QStringLiteral("sora-2"))},
             {QStringLiteral("seconds"),
              Schema::string(QStringLiteral("Duration as a string, e.g. \"6\"; allowed values depend on the "
                                            "model; omit for the provider's default"))},
             {QStringLiteral("size"),
              Schema::string(QStringLiteral("WxH, e.g. 1344x768; allowed sizes depend on the model; omit "
                                            "for the provider's default"))},
             {QStringLiteral("input_reference_filename"),
              Schema::string(QStringLiteral("Optional reference image in the image folder (.jpg, .jpeg, "
                                            ".png, .webp) whose pixel size equals size"))}},
            {QStringLiteral("prompt")}),
        VideoTools::videoSchema(),
        ToolAnnotations{false, false, false, true},
        {},
        createVideo,
        Provider::Video};
    tool.prechecks = ToolPrechecks::createVideo;
    return tool;
}

ToolDefinition downloadVideoTool()
{
    const QJsonObject videoId = Schema::string(QStringLiteral("The video job id (video_...)"));
    ToolDefinition tool = {
        QStringLiteral("download_video"),
        QStringLiteral("Download video"),
        QStringLiteral("Save a completed video's MP4, thumbnail (WEBP) or spritesheet (JPEG) into the video "
                       "folder. Streams to disk; the file appears only when complete."),
        Schema::object(
            {{QStringLiteral("video_id"), videoId},
             {QStringLiteral("filename"),
              Schema::string(
                  QStringLiteral("Name inside the video folder; default {video_id}.{mp4|webp|jpg}"))},
             {QStringLiteral("variant"),
              Schema::withDefault(Schema::stringEnum({QStringLiteral("video"), QStringLiteral("thumbnail"),
                                                      QStringLiteral("spritesheet")},
                                                     QStringLiteral("Which asset")),
                                  QStringLiteral("video"))}},
            {QStringLiteral("video_id")}),
        Schema::object({{QStringLiteral("filename"), Schema::string({})},
                        {QStringLiteral("variant"), Schema::string({})},
                        {QStringLiteral("size_bytes"), Schema::integer({})}},
                       {QStringLiteral("filename"), QStringLiteral("variant")}),
        ToolAnnotations{false, false, true, true},
        {},
        downloadVideo,
        Provider::Video};
    return tool;
}

ToolDefinition listVideosTool()
{
    ToolDefinition tool = {
        QStringLiteral("list_videos"),
        QStringLiteral("List video jobs"),
        QStringLiteral(
            "List the video jobs of the OpenAI account, newest first by default. Pass the previous "
            "page's \"last\" as \"after\" for the next page."),
        Schema::object(
            {{QStringLiteral("limit"),
              Schema::withDefault(Schema::integer(QStringLiteral("Page size, 1-100")), 20)},
             {QStringLiteral("after"),
              Schema::string(QStringLiteral("Cursor: the \"last\" id of the previous page"))},
             {QStringLiteral("order"),
              Schema::withDefault(Schema::stringEnum({QStringLiteral("asc"), QStringLiteral("desc")},
                                                     QStringLiteral("By creation time")),
                                  QStringLiteral("desc"))}}),
        Schema::object(
            {{QStringLiteral("data"), QJsonObject{{QStringLiteral("type"), QStringLiteral("array")}}},
             {QStringLiteral("has_more"), Schema::nullable(Schema::boolean({}))},
             {QStringLiteral("last"), Schema::nullable(Schema::string({}))}},
            {QStringLiteral("data")}),
        ToolAnnotations{true, false, true, true},
        {},
        listVideos,
        Provider::Video};
    return tool;
}

} // namespace

VideoOperations::CreateRequest VideoTools::createRequest(const QJsonObject &arguments)
{
    return {text(arguments, "prompt"), text(arguments, "model"), text(arguments, "seconds"),
            text(arguments, "size"), text(arguments, "input_reference_filename")};
}

VideoOperations::RemixRequest VideoTools::remixRequest(const QJsonObject &arguments)
{
    return {text(arguments, "previous_video_id"), text(arguments, "prompt")};
}

QJsonObject VideoTools::videoSchema()
{
    // What providers really send, not what OpenAI documents: gateways answer other status words, float
    // or missing timestamps, numbers for seconds, null sizes and fields of their own (allowed: no
    // additionalProperties). Only id and status are guaranteed (videoObject makes sure).
    const QJsonObject timestamp =
        Schema::nullable(Schema::number(QStringLiteral("Unix seconds; may have a fraction")));
    const QJsonObject text = Schema::nullable(Schema::string({}));
    QJsonObject seconds =
        Schema::string(QStringLiteral("Duration; a string at OpenAI, some providers send a number"));
    seconds.insert(QStringLiteral("type"),
                   QJsonArray{QStringLiteral("string"), QStringLiteral("number"), QStringLiteral("null")});
    QJsonObject error = Schema::anyObject(
        QStringLiteral("{code, message} when the job failed (some providers send a string)"));
    error.insert(QStringLiteral("type"),
                 QJsonArray{QStringLiteral("object"), QStringLiteral("string"), QStringLiteral("null")});
    return Schema::object(
        {{QStringLiteral("id"), Schema::string(QStringLiteral("Video job id"))},
         {QStringLiteral("object"), text},
         {QStringLiteral("status"),
          Schema::string(QStringLiteral("queued, in_progress, completed or failed at OpenAI; gateways also "
                                        "send pending, processing and words of their own (still running); "
                                        "\"unknown\" when the provider sent none"))},
         {QStringLiteral("progress"),
          Schema::nullable(Schema::number(QStringLiteral("Approximate percent 0-100")))},
         {QStringLiteral("model"), text},
         {QStringLiteral("seconds"), seconds},
         {QStringLiteral("size"), text},
         {QStringLiteral("created_at"), timestamp},
         {QStringLiteral("completed_at"), timestamp},
         {QStringLiteral("expires_at"), timestamp},
         {QStringLiteral("error"), error},
         {QStringLiteral("prompt"), text},
         {QStringLiteral("remixed_from_video_id"), text},
         {QStringLiteral("note"),
          Schema::string(QStringLiteral("create_video only: the model is not in the app's table (sent "
                                        "unchecked) or OpenAI retired it"))}},
        {QStringLiteral("id"), QStringLiteral("status")});
}

QList<ToolDefinition> VideoTools::definitions()
{
    const QJsonObject videoId = Schema::string(QStringLiteral("The video job id (video_...)"));
    QList<ToolDefinition> tools;

    tools.append(createVideoTool());

    tools.append(
        {QStringLiteral("get_video_status"),
         QStringLiteral("Get video status"),
         QStringLiteral("Fetch a video job's status and progress once (no waiting). Poll every 5-10 s."),
         Schema::object({{QStringLiteral("video_id"), videoId}}, {QStringLiteral("video_id")}),
         videoSchema(),
         ToolAnnotations{true, false, true, true},
         {},
         getVideoStatus,
         Provider::Video});

    tools.append(downloadVideoTool());

    tools.append(listVideosTool());

    tools.append(
        {QStringLiteral("delete_video"),
         QStringLiteral("Delete video job"),
         QStringLiteral(
             "Permanently delete a completed or failed video job and its stored assets on the OpenAI "
             "side. Local files are not touched."),
         Schema::object({{QStringLiteral("video_id"), videoId}}, {QStringLiteral("video_id")}),
         Schema::object({{QStringLiteral("id"), Schema::string({})},
                         {QStringLiteral("deleted"), Schema::boolean({})},
                         {QStringLiteral("object"), Schema::string({})}},
                        {QStringLiteral("id"), QStringLiteral("deleted")}),
         ToolAnnotations{false, true, true, true},
         {},
         deleteVideo,
         Provider::Video});

    tools.append(
        {QStringLiteral("remix_video"),
         QStringLiteral("Remix video"),
         QStringLiteral(
             "Start a new video job that changes a completed video according to the prompt. Returns "
             "the new job; poll it like create_video."),
         Schema::object(
             {{QStringLiteral("previous_video_id"), Schema::string(QStringLiteral("A completed video's id"))},
              {QStringLiteral("prompt"), Schema::string(QStringLiteral("The change to make"))}},
             {QStringLiteral("previous_video_id"), QStringLiteral("prompt")}),
         videoSchema(),
         ToolAnnotations{false, false, false, true},
         {},
         remixVideo,
         Provider::Video});

    tools.append({QStringLiteral("list_local_videos"),
                  QStringLiteral("List local videos"),
                  QStringLiteral("List the video files (.mp4, .webm, .mov) in the video folder."),
                  ListingTools::inputSchema({QStringLiteral("mp4"), QStringLiteral("webm"),
                                             QStringLiteral("mov"), QStringLiteral("all")}),
                  ListingTools::outputSchema(),
                  ToolAnnotations{true, false, true, false},
                  {},
                  listLocalVideos});
    return tools;
}

} // namespace Sanzaru::Core

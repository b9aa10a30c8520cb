// SPDX-License-Identifier: MIT
#include "responsesimagetools.h"

#include "domain/responseimageoperations.h"
#include "tools/imagesaver.h"
#include "tools/schema.h"
#include "tools/toolprechecks.h"
#include "tools/toolsupport.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace Sanzaru::Core {

namespace {

void finishWithJob(ToolCall *call, Result<ResponseJob> job)
{
    call->finish(job ? Result<QJsonObject>(job->toJson()) : Result<QJsonObject>(job.error()));
}

QString text(const ToolCall *call, const char *name)
{
    return call->arguments().value(QLatin1String(name)).toString();
}

// The definition's prechecks ran before this.
void createImage(ToolCall *call, ToolContext *context)
{
    ResponseImageOperations::create(call, context, ResponsesImageTools::createRequest(call->arguments()),
                                    [call](Result<ResponseJob> job) { finishWithJob(call, std::move(job)); });
}

void getImageStatus(ToolCall *call, ToolContext *context)
{
    ResponseImageOperations::status(call, context, text(call, "response_id"),
                                    [call](Result<ResponseJob> job) { finishWithJob(call, std::move(job)); });
}

void downloadImage(ToolCall *call, ToolContext *context)
{
    ResponseImageOperations::download(call, context, text(call, "response_id"), text(call, "filename"),
                                      [call](Result<SavedImage> saved) {
                                          if (!saved)
                                              return call->finish(saved.error());
                                          if (saved->preview)
                                              call->addImage(*saved->preview);
                                          call->finish(ImageSaver::toJson(*saved));
                                      });
}

QJsonObject statusSchema()
{
    return Schema::object(
        {{QStringLiteral("id"), Schema::string(QStringLiteral("Response id (resp_...)"))},
         {QStringLiteral("status"),
          Schema::string(
              QStringLiteral("queued, in_progress, completed, failed, cancelled, incomplete or unknown"))},
         {QStringLiteral("created_at"), Schema::nullable(Schema::number(QStringLiteral(
                                            "Unix seconds; null or absent when the provider sends none")))}},
        {QStringLiteral("id"), QStringLiteral("status")});
}

} // namespace

bool ResponsesImageTools::rejectsTransparency(const QString &imageModel)
{
    static const QRegularExpression gptImage2(QStringLiteral("^gpt-image-2(-\\d{4}-\\d{2}-\\d{2})?$"));
    return gptImage2.match(imageModel).hasMatch();
}

QString ResponsesImageTools::transparencyError()
{
    return QStringLiteral(
        "gpt-image-2 does not support transparent backgrounds. Use gpt-image-1.5 for transparent output.");
}

ResponseImageOperations::CreateRequest ResponsesImageTools::createRequest(const QJsonObject &arguments)
{
    ResponseImageOperations::CreateRequest request;
    request.prompt = arguments.value(QStringLiteral("prompt")).toString();
    request.model = arguments.value(QStringLiteral("model")).toString();
    request.toolConfig =
        arguments.value(QStringLiteral("tool_config")).toObject(); // a copy: never the caller's
    if (request.toolConfig.isEmpty())
        request.toolConfig.insert(QStringLiteral("type"), QStringLiteral("image_generation"));
    if (!request.toolConfig.contains(QStringLiteral("model")))
        request.toolConfig.insert(QStringLiteral("model"), ToolPrechecks::defaultResponsesImageModel());
    request.previousResponseId = arguments.value(QStringLiteral("previous_response_id")).toString();
    request.inputImages = ToolPrechecks::stringList(arguments.value(QStringLiteral("input_images")));
    request.maskFileName = arguments.value(QStringLiteral("mask_filename")).toString();
    return request;
}

QList<ToolDefinition> ResponsesImageTools::definitions()
{
    QJsonObject toolConfig = Schema::anyObject(QStringLiteral(
        "The image_generation tool: {type: \"image_generation\", model (default gpt-image-2), size, quality "
        "(low|medium|high|auto), background (transparent|opaque|auto), output_format (png|webp|jpeg), "
        "output_compression, moderation (auto|low), input_fidelity (high|low), action "
        "(generate|edit|auto), partial_images}. Keys are passed to the API unchanged."));
    toolConfig.insert(
        QStringLiteral("properties"),
        QJsonObject{{QStringLiteral("type"), Schema::stringEnum({QStringLiteral("image_generation")}, {})}});
    toolConfig.insert(QStringLiteral("required"), QJsonArray{QStringLiteral("type")});

    QList<ToolDefinition> tools;
    tools.append(
        {QStringLiteral("create_image"),
         QStringLiteral("Create image (Responses API)"),
         QStringLiteral("Start an image generation or edit through the Responses API in the background and "
                        "return at once. Poll get_image_status every 2-5 s, then call download_image. With "
                        "input_images, describe the change rather than the picture; chain refinements with "
                        "previous_response_id."),
         Schema::object(
             {{QStringLiteral("prompt"),
               Schema::string(QStringLiteral("What to draw, or the change to make"))},
              {QStringLiteral("model"),
               Schema::withDefault(
                   Schema::string(QStringLiteral(
                       "The mainline model that calls the image tool (e.g. gpt-5.2), not the image model")),
                   QStringLiteral("gpt-5.2"))},
              {QStringLiteral("tool_config"), toolConfig},
              {QStringLiteral("previous_response_id"),
               Schema::string(QStringLiteral("Refine an earlier response"))},
              {QStringLiteral("input_images"),
               Schema::stringArray(QStringLiteral(
                   "Files in the image folder (.jpg, .jpeg, .png, .webp); the first gets the most detail"))},
              {QStringLiteral("mask_filename"),
               Schema::string(QStringLiteral("PNG with alpha in the image folder; transparent pixels mark "
                                             "the area to edit; needs input_images"))}},
             {QStringLiteral("prompt")}),
         statusSchema(),
         ToolAnnotations{false, false, false, true},
         {},
         createImage,
         Provider::Image});
    tools.last().prechecks = ToolPrechecks::createImage;
    tools.append({QStringLiteral("get_image_status"),
                  QStringLiteral("Get image status"),
                  QStringLiteral("Fetch a background image response's status once (no waiting)."),
                  Schema::object({{QStringLiteral("response_id"),
                                   Schema::string(QStringLiteral("The id create_image returned"))}},
                                 {QStringLiteral("response_id")}),
                  statusSchema(),
                  ToolAnnotations{true, false, true, true},
                  {},
                  getImageStatus,
                  Provider::Image});
    tools.append(
        {QStringLiteral("download_image"),
         QStringLiteral("Download image"),
         QStringLiteral("Save the image of a completed create_image response into the image folder."),
         Schema::object(
             {{QStringLiteral("response_id"), Schema::string(QStringLiteral("The id create_image returned"))},
              {QStringLiteral("filename"),
               Schema::string(QStringLiteral(
                   "Name in the image folder; default img_<unix seconds>.<format>, never overwriting"))}},
             {QStringLiteral("response_id")}),
         ImageSaver::outputSchema(),
         ToolAnnotations{false, false, true, true},
         {},
         downloadImage,
         Provider::Image});
    return tools;
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "responsesimagetools.h"

#include "media/base64codec.h"
#include "media/uploadlimits.h"
#include "openai/imagesapi.h"
#include "openai/responsesapi.h"
#include "tools/imagesaver.h"
#include "tools/schema.h"
#include "tools/toolprechecks.h"
#include "tools/toolsupport.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace Sanzaru::Core {

namespace {

struct PreparedInputs
{
    QJsonArray content;   // input_text + input_image items
    QByteArray maskData;  // empty when no mask
};

QJsonObject statusOf(const ApiResponse &response)
{
    const QJsonValue status = response.json.value(QStringLiteral("status"));
    return QJsonObject{{QStringLiteral("id"), response.json.value(QStringLiteral("id"))},
                       {QStringLiteral("status"), status.isString() ? status.toString() : QStringLiteral("unknown")},
                       {QStringLiteral("created_at"), response.json.value(QStringLiteral("created_at"))}};
}

void postResponse(ToolCall *call, ToolContext *context, QJsonObject body)
{
    ToolSupport::sendAndFinish(call, context, ResponsesApi::create(body),
                               [](const ApiResponse &response) -> Result<QJsonObject> { return statusOf(response); });
}

void createImage(ToolCall *call, ToolContext *context)
{
    const QJsonObject args = call->arguments();
    const QString prompt = args.value(QStringLiteral("prompt")).toString();
    QStringList inputs;
    for (const QJsonValue &v : args.value(QStringLiteral("input_images")).toArray())
        inputs.append(v.toString());
    const QString mask = args.value(QStringLiteral("mask_filename")).toString();
    if (Result<void> needs = ToolPrechecks::maskNeedsInputs(mask, inputs); !needs)
        return call->finish(needs.error());

    QJsonObject tool = args.value(QStringLiteral("tool_config")).toObject(); // a copy: never the caller's
    if (tool.isEmpty())
        tool.insert(QStringLiteral("type"), QStringLiteral("image_generation"));
    if (Result<void> type = ToolPrechecks::toolConfigType(tool); !type)
        return call->finish(type.error());
    if (!tool.contains(QStringLiteral("model")))
        tool.insert(QStringLiteral("model"), ToolPrechecks::defaultResponsesImageModel());
    const QString imageModel = tool.value(QStringLiteral("model")).toString();
    const QString background = tool.value(QStringLiteral("background")).toString();
    if (Result<void> supported = ToolPrechecks::transparency(imageModel, background); !supported)
        return call->finish(supported.error());

    // Every name is checked before anything is read or uploaded.
    if (Result<void> formats = ToolPrechecks::inputImageFormats(inputs); !formats)
        return call->finish(formats.error());
    if (Result<void> maskOk = ToolPrechecks::maskFormat(mask); !maskOk)
        return call->finish(maskOk.error());

    QJsonObject body{{QStringLiteral("model"), args.value(QStringLiteral("model")).toString()},
                     {QStringLiteral("background"), true}};
    const QString previous = args.value(QStringLiteral("previous_response_id")).toString();
    if (!previous.isEmpty())
        body.insert(QStringLiteral("previous_response_id"), previous);
    if (inputs.isEmpty()) {
        body.insert(QStringLiteral("input"), prompt);
        body.insert(QStringLiteral("tools"), QJsonArray{tool});
        return postResponse(call, context, body);
    }

    const Result<MediaFolder> folder = context->imageFolder();
    if (!folder)
        return call->finish(folder.error());
    const MediaFolder images = *folder;
    ToolSupport::inPool<Result<PreparedInputs>>(
        call, context,
        [images, inputs, mask, prompt]() -> Result<PreparedInputs> {
            PreparedInputs prepared;
            prepared.content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("input_text")},
                                                {QStringLiteral("text"), prompt}});
            // Every size first: nothing is read while any input is over the API's limit.
            for (const QString &name : inputs)
                if (Result<void> fits = images.checkSize(name, QStringLiteral("input_images"), UploadLimits::imageBytes); !fits)
                    return fits.error();
            if (!mask.isEmpty())
                if (Result<void> fits = images.checkSize(mask, QStringLiteral("mask_filename"), UploadLimits::imageBytes); !fits)
                    return fits.error();
            for (const QString &name : inputs) {
                const Result<QByteArray> bytes = images.readAll(name, QStringLiteral("input_images"), UploadLimits::imageBytes);
                if (!bytes)
                    return bytes.error();
                const QByteArray mime = ToolSupport::imageMimeType(ToolSupport::extension(name));
                const QByteArray url = "data:" + mime + ";base64," + Base64Codec::encode(*bytes);
                prepared.content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("input_image")},
                                                    {QStringLiteral("image_url"), QString::fromLatin1(url)},
                                                    {QStringLiteral("detail"), QStringLiteral("auto")}});
            }
            if (!mask.isEmpty()) {
                const Result<QByteArray> bytes = images.readAll(mask, QStringLiteral("mask_filename"), UploadLimits::imageBytes);
                if (!bytes)
                    return bytes.error();
                prepared.maskData = *bytes;
            }
            return prepared;
        },
        [call, context, body, tool, mask](Result<PreparedInputs> prepared) mutable {
            if (!prepared)
                return call->finish(prepared.error());
            body.insert(QStringLiteral("input"),
                        QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                               {QStringLiteral("content"), prepared->content}}});
            if (mask.isEmpty()) {
                body.insert(QStringLiteral("tools"), QJsonArray{tool});
                return postResponse(call, context, body);
            }
            const ImagesApi::File file{mask, "image/png", prepared->maskData};
            ToolSupport::send(call, context, ImagesApi::uploadFile(file, QStringLiteral("vision")),
                              [call, context, body, tool](Result<ApiResponse> uploaded) mutable {
                                  if (!uploaded)
                                      return call->finish(Error::badInput(
                                          QStringLiteral("Failed to upload mask file: %1").arg(uploaded.error().message)));
                                  tool.insert(QStringLiteral("input_image_mask"),
                                              QJsonObject{{QStringLiteral("file_id"), uploaded->json.value(QStringLiteral("id"))}});
                                  body.insert(QStringLiteral("tools"), QJsonArray{tool});
                                  postResponse(call, context, body);
                              });
        });
}

void getImageStatus(ToolCall *call, ToolContext *context)
{
    ToolSupport::sendAndFinish(call, context,
                               ResponsesApi::retrieve(call->arguments().value(QStringLiteral("response_id")).toString()),
                               [](const ApiResponse &response) -> Result<QJsonObject> { return statusOf(response); });
}

// The model's own text (e.g. a refusal): the first output item with a content list.
QString responseText(const QJsonArray &output)
{
    for (const QJsonValue &item : output) {
        const QJsonValue content = item.toObject().value(QStringLiteral("content"));
        if (content.isArray()) {
            QStringList texts;
            for (const QJsonValue &part : content.toArray())
                texts.append(part.toObject().value(QStringLiteral("text")).toString());
            return texts.join(QLatin1Char(' '));
        }
    }
    return {};
}

Result<QByteArray> imageResultOf(const QJsonObject &response, const QString &responseId)
{
    const QJsonArray output = response.value(QStringLiteral("output")).toArray();
    QJsonObject imageCall;
    for (const QJsonValue &item : output)
        if (item.toObject().value(QStringLiteral("type")).toString() == QStringLiteral("image_generation_call")) {
            imageCall = item.toObject();
            break;
        }
    if (!imageCall.isEmpty()) {
        const QJsonValue result = imageCall.value(QStringLiteral("result"));
        if (result.isString() && !result.toString().isEmpty())
            return result.toString().toLatin1();
    }
    // No image: say why. A response still running, failed or refused has no image call at all, so
    // the response's own status/error and the model's text are reported too (sanzaru only said
    // "No image generation found" then, hiding the refusal or failure reason).
    const QString responseStatus =
        response.value(QStringLiteral("status")).toString(QStringLiteral("unknown"));
    const QJsonObject &source = imageCall.isEmpty() ? response : imageCall;
    QString message;
    if (!imageCall.isEmpty() || responseStatus != QStringLiteral("completed"))
        message = QStringLiteral("Image generation not completed (status: %1)")
                      .arg(source.value(QStringLiteral("status")).toString(QStringLiteral("unknown")));
    else
        message = QStringLiteral("No image generation found in response %1").arg(responseId);
    const QJsonValue error = source.value(QStringLiteral("error"));
    if (error.isObject())
        message +=
            QStringLiteral("\nError: %1").arg(error.toObject().value(QStringLiteral("message")).toString());
    if (const QString text = responseText(output); !text.isEmpty())
        message += QStringLiteral("\nResponse: %1").arg(text);
    Error e = Error::badInput(message);
    // Still queued/in progress: try again later (bad input for now); anything else is final.
    if (responseStatus != QStringLiteral("queued") && responseStatus != QStringLiteral("in_progress"))
        e.kind = ErrorKind::JobFailed;
    return e;
}

void downloadImage(ToolCall *call, ToolContext *context)
{
    const QString responseId = call->arguments().value(QStringLiteral("response_id")).toString();
    const QString filename = call->arguments().value(QStringLiteral("filename")).toString();
    const Result<MediaFolder> folder = context->imageFolder();
    if (!folder)
        return call->finish(folder.error());
    if (!filename.isEmpty())
        if (Result<QString> dest = folder->resolveForWrite(filename, QStringLiteral("filename")); !dest)
            return call->finish(dest.error());
    const Result<ApiRequest> request = ResponsesApi::retrieve(responseId);
    if (!request)
        return call->finish(request.error());
    const MediaFolder images = *folder;
    ToolSupport::send(call, context, *request, [call, context, images, responseId, filename](Result<ApiResponse> response) {
        if (!response)
            return call->finish(response.error());
        const Result<QByteArray> base64 = imageResultOf(response->json, responseId);
        if (!base64)
            return call->finish(base64.error());
        const QByteArray data = *base64;
        ToolSupport::finishInPool(call, context, [images, data, filename]() -> PoolOutcome {
            const Result<SavedImage> saved = ImageSaver::saveBase64(
                images, data, filename, QStringLiteral("img_%1").arg(ToolSupport::nowSeconds()));
            if (!saved)
                return Result<QJsonObject>(saved.error());
            return {ImageSaver::toJson(*saved), saved->preview};
        });
    });
}

QJsonObject statusSchema()
{
    return Schema::object({{QStringLiteral("id"), Schema::string(QStringLiteral("Response id (resp_...)"))},
                           {QStringLiteral("status"), Schema::string(QStringLiteral("queued, in_progress, completed, failed, cancelled, incomplete or unknown"))},
                           {QStringLiteral("created_at"), Schema::nullable(Schema::number(QStringLiteral("Unix seconds; null or absent when the provider sends none")))}},
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
    return QStringLiteral("gpt-image-2 does not support transparent backgrounds. Use gpt-image-1.5 for transparent output.");
}

QList<ToolDefinition> ResponsesImageTools::definitions()
{
    QJsonObject toolConfig = Schema::anyObject(
        QStringLiteral("The image_generation tool: {type: \"image_generation\", model (default gpt-image-2), size, quality "
                       "(low|medium|high|auto), background (transparent|opaque|auto), output_format (png|webp|jpeg), "
                       "output_compression, moderation (auto|low), input_fidelity (high|low), action "
                       "(generate|edit|auto), partial_images}. Keys are passed to the API unchanged."));
    toolConfig.insert(QStringLiteral("properties"),
                      QJsonObject{{QStringLiteral("type"), Schema::stringEnum({QStringLiteral("image_generation")}, {})}});
    toolConfig.insert(QStringLiteral("required"), QJsonArray{QStringLiteral("type")});

    QList<ToolDefinition> tools;
    tools.append({QStringLiteral("create_image"), QStringLiteral("Create image (Responses API)"),
                  QStringLiteral("Start an image generation or edit through the Responses API in the background and "
                                 "return at once. Poll get_image_status every 2-5 s, then call download_image. With "
                                 "input_images, describe the change rather than the picture; chain refinements with "
                                 "previous_response_id."),
                  Schema::object({{QStringLiteral("prompt"), Schema::string(QStringLiteral("What to draw, or the change to make"))},
                                  {QStringLiteral("model"), Schema::withDefault(Schema::string(QStringLiteral("The mainline model that calls the image tool (e.g. gpt-5.2), not the image model")), QStringLiteral("gpt-5.2"))},
                                  {QStringLiteral("tool_config"), toolConfig},
                                  {QStringLiteral("previous_response_id"), Schema::string(QStringLiteral("Refine an earlier response"))},
                                  {QStringLiteral("input_images"), Schema::stringArray(QStringLiteral("Files in the image folder (.jpg, .jpeg, .png, .webp); the first gets the most detail"))},
                                  {QStringLiteral("mask_filename"), Schema::string(QStringLiteral("PNG with alpha in the image folder; transparent pixels mark the area to edit; needs input_images"))}},
                                 {QStringLiteral("prompt")}),
                  statusSchema(), ToolAnnotations{false, false, false, true}, {}, createImage, Provider::Image});
    tools.append({QStringLiteral("get_image_status"), QStringLiteral("Get image status"),
                  QStringLiteral("Fetch a background image response's status once (no waiting)."),
                  Schema::object({{QStringLiteral("response_id"), Schema::string(QStringLiteral("The id create_image returned"))}},
                                 {QStringLiteral("response_id")}),
                  statusSchema(), ToolAnnotations{true, false, true, true}, {}, getImageStatus, Provider::Image});
    tools.append({QStringLiteral("download_image"), QStringLiteral("Download image"),
                  QStringLiteral("Save the image of a completed create_image response into the image folder."),
                  Schema::object({{QStringLiteral("response_id"), Schema::string(QStringLiteral("The id create_image returned"))},
                                  {QStringLiteral("filename"), Schema::string(QStringLiteral("Name in the image folder; default img_<unix seconds>.<format>, never overwriting"))}},
                                 {QStringLiteral("response_id")}),
                  ImageSaver::outputSchema(), ToolAnnotations{false, false, true, true}, {}, downloadImage, Provider::Image});
    return tools;
}

} // namespace Sanzaru::Core

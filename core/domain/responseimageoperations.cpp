// SPDX-License-Identifier: MIT
#include "responseimageoperations.h"

#include "media/base64codec.h"
#include "media/uploadlimits.h"
#include "openai/imagesapi.h"
#include "openai/responsesapi.h"
#include "tools/toolsupport.h"

#include <QJsonArray>

namespace Sanzaru::Core {

namespace {

using Request = ResponseImageOperations::CreateRequest;
using DoneJob = ResponseImageOperations::Done<ResponseJob>;

struct PreparedInputs
{
    QJsonArray content;  // input_text + input_image items
    QByteArray maskData; // empty when no mask
};

void post(ToolCall *call, const ToolContext *context, const QJsonObject &body, DoneJob done)
{
    ToolSupport::send(call, context, ResponsesApi::create(body),
                      [done = std::move(done)](Result<ApiResponse> response) {
                          done(response ? Result<ResponseJob>(ResponseJob::fromResponse(*response))
                                        : Result<ResponseJob>(response.error()));
                      });
}

QJsonObject bodyOf(const Request &request)
{
    QJsonObject body{{QStringLiteral("model"), request.model}, {QStringLiteral("background"), true}};
    if (!request.previousResponseId.isEmpty())
        body.insert(QStringLiteral("previous_response_id"), request.previousResponseId);
    return body;
}

Result<QByteArray> readImage(const MediaFolder &images, const QString &name, const QString &field)
{
    return images.readAll(name, field, UploadLimits::imageBytes);
}

// Runs on the pool. Every size first: nothing is read while any input is over the API's limit.
Result<PreparedInputs> prepareInputs(const MediaFolder &images, const Request &request)
{
    const QString inputsField = QStringLiteral("input_images");
    const QString maskField = QStringLiteral("mask_filename");
    for (const QString &name : request.inputImages)
        if (Result<void> fits = images.checkSize(name, inputsField, UploadLimits::imageBytes); !fits)
            return fits.error();
    if (!request.maskFileName.isEmpty())
        if (Result<void> fits = images.checkSize(request.maskFileName, maskField, UploadLimits::imageBytes);
            !fits)
            return fits.error();
    PreparedInputs prepared;
    prepared.content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("input_text")},
                                        {QStringLiteral("text"), request.prompt}});
    for (const QString &name : request.inputImages) {
        const Result<QByteArray> bytes = readImage(images, name, inputsField);
        if (!bytes)
            return bytes.error();
        const QByteArray mime = ToolSupport::imageMimeType(ToolSupport::extension(name));
        const QByteArray url = "data:" + mime + ";base64," + Base64Codec::encode(*bytes);
        prepared.content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("input_image")},
                                            {QStringLiteral("image_url"), QString::fromLatin1(url)},
                                            {QStringLiteral("detail"), QStringLiteral("auto")}});
    }
    if (!request.maskFileName.isEmpty()) {
        const Result<QByteArray> bytes = readImage(images, request.maskFileName, maskField);
        if (!bytes)
            return bytes.error();
        prepared.maskData = *bytes;
    }
    return prepared;
}

// The mask goes up as a file first; the image tool refers to it by id.
void uploadMaskThenPost(ToolCall *call, const ToolContext *context, const Request &request, QJsonObject body,
                        const QByteArray &maskData, DoneJob done)
{
    const ImagesApi::File file{request.maskFileName, "image/png", maskData};
    ToolSupport::send(
        call, context, ImagesApi::uploadFile(file, QStringLiteral("vision")),
        [call, context, body, tool = request.toolConfig,
         done = std::move(done)](Result<ApiResponse> uploaded) mutable {
            if (!uploaded)
                return done(Error::badInput(
                    QStringLiteral("Failed to upload mask file: %1").arg(uploaded.error().message)));
            tool.insert(QStringLiteral("input_image_mask"),
                        QJsonObject{{QStringLiteral("file_id"), uploaded->json.value(QStringLiteral("id"))}});
            body.insert(QStringLiteral("tools"), QJsonArray{tool});
            post(call, context, body, std::move(done));
        });
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

QJsonObject imageCallOf(const QJsonArray &output)
{
    for (const QJsonValue &item : output)
        if (item.toObject().value(QStringLiteral("type")).toString() ==
            QStringLiteral("image_generation_call"))
            return item.toObject();
    return {};
}

// No image: say why. A response still running, failed or refused has no image call at all, so the
// response's own status/error and the model's text are reported too (sanzaru only said "No image
// generation found" then, hiding the refusal or failure reason).
Error missingImage(const QJsonObject &response, const QJsonObject &imageCall, const QString &responseId)
{
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
    if (const QString text = responseText(response.value(QStringLiteral("output")).toArray());
        !text.isEmpty())
        message += QStringLiteral("\nResponse: %1").arg(text);
    Error e = Error::badInput(message);
    // Still queued/in progress: try again later (bad input for now); anything else is final.
    if (responseStatus != QStringLiteral("queued") && responseStatus != QStringLiteral("in_progress"))
        e.kind = ErrorKind::JobFailed;
    return e;
}

Result<QByteArray> imageResultOf(const QJsonObject &response, const QString &responseId)
{
    const QJsonObject imageCall = imageCallOf(response.value(QStringLiteral("output")).toArray());
    const QJsonValue result = imageCall.value(QStringLiteral("result"));
    if (result.isString() && !result.toString().isEmpty())
        return result.toString().toLatin1();
    return missingImage(response, imageCall, responseId);
}

} // namespace

void ResponseImageOperations::create(ToolCall *call, const ToolContext *context, const CreateRequest &request,
                                     Done<ResponseJob> done)
{
    QJsonObject body = bodyOf(request);
    if (request.inputImages.isEmpty()) {
        body.insert(QStringLiteral("input"), request.prompt);
        body.insert(QStringLiteral("tools"), QJsonArray{request.toolConfig});
        return post(call, context, body, std::move(done));
    }
    const Result<MediaFolder> folder = context->imageFolder();
    if (!folder)
        return done(folder.error());
    ToolSupport::inPool<Result<PreparedInputs>>(
        call, context, [images = *folder, request] { return prepareInputs(images, request); },
        [call, context, request, body, done = std::move(done)](Result<PreparedInputs> prepared) mutable {
            if (!prepared)
                return done(prepared.error());
            body.insert(QStringLiteral("input"),
                        QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                               {QStringLiteral("content"), prepared->content}}});
            if (!request.maskFileName.isEmpty())
                return uploadMaskThenPost(call, context, request, body, prepared->maskData, std::move(done));
            body.insert(QStringLiteral("tools"), QJsonArray{request.toolConfig});
            post(call, context, body, std::move(done));
        });
}

void ResponseImageOperations::status(ToolCall *call, const ToolContext *context, const QString &responseId,
                                     Done<ResponseJob> done)
{
    const Result<ApiRequest> request = ResponsesApi::retrieve(responseId);
    if (!request)
        return done(request.error());
    ToolSupport::send(call, context, *request, [done = std::move(done)](Result<ApiResponse> response) {
        done(response ? Result<ResponseJob>(ResponseJob::fromResponse(*response))
                      : Result<ResponseJob>(response.error()));
    });
}

void ResponseImageOperations::download(ToolCall *call, const ToolContext *context, const QString &responseId,
                                       const QString &fileName, Done<SavedImage> done)
{
    const Result<MediaFolder> folder = context->imageFolder();
    if (!folder)
        return done(folder.error());
    if (!fileName.isEmpty())
        if (Result<QString> destination = folder->resolveForWrite(fileName, QStringLiteral("filename"));
            !destination)
            return done(destination.error());
    const Result<ApiRequest> request = ResponsesApi::retrieve(responseId);
    if (!request)
        return done(request.error());
    ToolSupport::send(call, context, *request,
                      [call, context, images = *folder, responseId, fileName,
                       done = std::move(done)](Result<ApiResponse> response) mutable {
                          if (!response)
                              return done(response.error());
                          const Result<QByteArray> base64 = imageResultOf(response->json, responseId);
                          if (!base64)
                              return done(base64.error());
                          ToolSupport::inPool<Result<SavedImage>>(
                              call, context,
                              [images, data = *base64, fileName] {
                                  return ImageSaver::saveBase64(
                                      images, data, fileName,
                                      QStringLiteral("img_%1").arg(ToolSupport::nowSeconds()));
                              },
                              std::move(done));
                      });
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "imageoperations.h"

#include "media/uploadlimits.h"
#include "openai/imagesapi.h"
#include "tools/toolsupport.h"

#include <QJsonArray>

namespace Sanzaru::Core {

namespace {

using Done = ImageOperations::Done<ImageOperations::Image>;

struct EditInputs
{
    QList<ImagesApi::File> images;
    std::optional<ImagesApi::File> mask;
};

/// The image folder, with the output name checked before anything is sent.
Result<MediaFolder> outputFolder(const ToolContext *context, const QString &fileName)
{
    Result<MediaFolder> folder = context->imageFolder();
    if (!folder || fileName.isEmpty())
        return folder;
    if (Result<QString> destination = folder->resolveForWrite(fileName, QStringLiteral("filename"));
        !destination)
        return destination.error();
    return folder;
}

// Decodes the first image of an Images API answer and saves it, off the event loop.
void saveFirstImage(ToolCall *call, const ToolContext *context, const MediaFolder &folder,
                    const ApiResponse &response, const QString &fileName, const QString &stem,
                    const QString &model, const QString &missingB64, Done done)
{
    const QJsonArray data = response.json.value(QStringLiteral("data")).toArray();
    if (data.isEmpty())
        return done(Error::badInput(QStringLiteral("No image data returned from API")));
    // Large images arrive as payloads moved out of the JSON (ApiRequest::extractBase64Payloads).
    const QByteArray base64 = response.stringBytes(data.first().toObject().value(QStringLiteral("b64_json")));
    if (base64.isEmpty())
        return done(Error::badInput(missingB64));
    const QJsonValue usage = response.json.value(QStringLiteral("usage"));
    ToolSupport::inPool<Result<ImageOperations::Image>>(
        call, context,
        [folder, base64, fileName, stem, model, usage]() -> Result<ImageOperations::Image> {
            Result<SavedImage> saved = ImageSaver::saveBase64(folder, base64, fileName, stem);
            if (!saved)
                return saved.error();
            return ImageOperations::Image{*saved, model,
                                          usage.isObject() ? usage : QJsonValue(QJsonValue::Null)};
        },
        std::move(done));
}

// Runs on the pool. Every size first: nothing is read while any input is over the API's limit.
Result<EditInputs> readEditInputs(const MediaFolder &images, const QStringList &inputs, const QString &mask)
{
    const QString inputsField = QStringLiteral("input_images");
    const QString maskField = QStringLiteral("mask_filename");
    for (const QString &name : inputs)
        if (Result<void> fits = images.checkSize(name, inputsField, UploadLimits::imageBytes); !fits)
            return fits.error();
    if (!mask.isEmpty())
        if (Result<void> fits = images.checkSize(mask, maskField, UploadLimits::maskBytes); !fits)
            return fits.error();
    EditInputs out;
    for (const QString &name : inputs) {
        const Result<QByteArray> bytes = images.readAll(name, inputsField, UploadLimits::imageBytes);
        if (!bytes)
            return bytes.error();
        out.images.append({name, ToolSupport::imageMimeType(ToolSupport::extension(name)), *bytes});
    }
    if (!mask.isEmpty()) {
        const Result<QByteArray> bytes = images.readAll(mask, maskField, UploadLimits::maskBytes);
        if (!bytes)
            return bytes.error();
        out.mask = ImagesApi::File{mask, "image/png", *bytes};
    }
    return out;
}

QList<QPair<QString, QString>> editFields(const ImageOperations::EditRequest &request)
{
    const ImageOperations::Settings &s = request.settings;
    QList<QPair<QString, QString>> fields{{QStringLiteral("prompt"), s.prompt},
                                          {QStringLiteral("model"), s.model},
                                          {QStringLiteral("size"), s.size},
                                          {QStringLiteral("quality"), s.quality},
                                          {QStringLiteral("background"), s.background},
                                          {QStringLiteral("output_format"), s.outputFormat},
                                          {QStringLiteral("n"), QStringLiteral("1")}};
    if (!request.inputFidelity.isEmpty() &&
        s.model != QStringLiteral("gpt-image-2")) // it takes no input_fidelity
        fields.append({QStringLiteral("input_fidelity"), request.inputFidelity});
    return fields;
}

} // namespace

void ImageOperations::generate(ToolCall *call, const ToolContext *context, const GenerateRequest &request,
                               Done<Image> done)
{
    const Settings &s = request.settings;
    const Result<MediaFolder> folder = outputFolder(context, s.fileName);
    if (!folder)
        return done(folder.error());
    const QJsonObject body{{QStringLiteral("prompt"), s.prompt},
                           {QStringLiteral("model"), s.model},
                           {QStringLiteral("size"), s.size},
                           {QStringLiteral("quality"), s.quality},
                           {QStringLiteral("background"), s.background},
                           {QStringLiteral("output_format"), s.outputFormat},
                           {QStringLiteral("moderation"), request.moderation},
                           {QStringLiteral("n"), 1}};
    call->reportProgress(0, 0, QStringLiteral("Generating image"));
    ToolSupport::send(
        call, context, ImagesApi::generate(body),
        [call, context, images = *folder, s, done = std::move(done)](Result<ApiResponse> response) {
            if (!response)
                return done(response.error());
            call->reportProgress(1, 0, QStringLiteral("Saving image"));
            saveFirstImage(
                call, context, images, *response, s.fileName,
                QStringLiteral("gen_%1").arg(ToolSupport::nowSeconds()), s.model,
                QStringLiteral("No base64 image data returned (GPT models always return b64_json)"), done);
        });
}

void ImageOperations::edit(ToolCall *call, const ToolContext *context, const EditRequest &request,
                           Done<Image> done)
{
    const Result<MediaFolder> folder = outputFolder(context, request.settings.fileName);
    if (!folder)
        return done(folder.error());
    const MediaFolder images = *folder;
    ToolSupport::inPool<Result<EditInputs>>(
        call, context,
        [images, inputs = request.inputImages, mask = request.maskFileName] {
            return readEditInputs(images, inputs, mask);
        },
        [call, context, images, request, done = std::move(done)](Result<EditInputs> inputs) {
            if (!inputs)
                return done(inputs.error());
            const ImagesApi::File *mask = inputs->mask ? &*inputs->mask : nullptr;
            call->reportProgress(0, 0, QStringLiteral("Editing image"));
            ToolSupport::send(call, context, ImagesApi::edit(editFields(request), inputs->images, mask),
                              [call, context, images, request, done](Result<ApiResponse> response) {
                                  if (!response)
                                      return done(response.error());
                                  call->reportProgress(1, 0, QStringLiteral("Saving image"));
                                  saveFirstImage(call, context, images, *response, request.settings.fileName,
                                                 QStringLiteral("edit_%1").arg(ToolSupport::nowSeconds()),
                                                 request.settings.model,
                                                 QStringLiteral("No base64 image data returned"), done);
                              });
        });
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "imagesapitools.h"

#include "media/uploadlimits.h"
#include "openai/imagesapi.h"
#include "tools/imagesaver.h"
#include "tools/responsesimagetools.h"
#include "tools/schema.h"
#include "tools/toolprechecks.h"
#include "tools/toolsupport.h"

#include <QJsonArray>

namespace Sanzaru::Core {

namespace {

const QStringList imageSizes{QStringLiteral("auto"),      QStringLiteral("1024x1024"),
                             QStringLiteral("1536x1024"), QStringLiteral("1024x1536"),
                             QStringLiteral("2048x2048"), QStringLiteral("2048x1152"),
                             QStringLiteral("2560x1440"), QStringLiteral("1440x2560"),
                             QStringLiteral("3840x2160"), QStringLiteral("2160x3840")};

struct EditInputs
{
    QList<ImagesApi::File> images;
    std::optional<ImagesApi::File> mask;
};

// Decodes the first image of an Images API answer and saves it; finishes the call.
void saveFirstImage(ToolCall *call, ToolContext *context, const MediaFolder &folder,
                    const ApiResponse &response, const QString &filename, const QString &stem,
                    const QString &model, const QString &missingB64)
{
    const QJsonArray data = response.json.value(QStringLiteral("data")).toArray();
    if (data.isEmpty())
        return call->finish(Error::badInput(QStringLiteral("No image data returned from API")));
    // Large images arrive as payloads moved out of the JSON (ApiRequest::extractBase64Payloads).
    const QByteArray base64 = response.stringBytes(data.first().toObject().value(QStringLiteral("b64_json")));
    if (base64.isEmpty())
        return call->finish(Error::badInput(missingB64));
    const QJsonValue usage = response.json.value(QStringLiteral("usage"));
    ToolSupport::finishInPool(call, context, [folder, base64, filename, stem, model, usage]() -> PoolOutcome {
        const Result<SavedImage> saved = ImageSaver::saveBase64(folder, base64, filename, stem);
        if (!saved)
            return Result<QJsonObject>(saved.error());
        QJsonObject out = ImageSaver::toJson(*saved);
        out.insert(QStringLiteral("model"), model);
        out.insert(QStringLiteral("usage"), usage.isObject() ? usage : QJsonValue(QJsonValue::Null));
        return {out, saved->preview};
    });
}

// Shared start of both tools (after their prechecks): folder, output name check.
Result<MediaFolder> commonChecks(ToolCall *call, ToolContext *context)
{
    const QJsonObject args = call->arguments();
    Result<MediaFolder> folder = context->imageFolder();
    if (!folder)
        return folder;
    const QString filename = args.value(QStringLiteral("filename")).toString();
    if (!filename.isEmpty())
        if (Result<QString> dest = folder->resolveForWrite(filename, QStringLiteral("filename")); !dest)
            return dest.error();
    return folder;
}

void generateImage(ToolCall *call, ToolContext *context)
{
    const Result<MediaFolder> folder = commonChecks(call, context);
    if (!folder)
        return call->finish(folder.error());
    const QJsonObject args = call->arguments();
    QJsonObject body{{QStringLiteral("prompt"), args.value(QStringLiteral("prompt"))},
                     {QStringLiteral("model"), args.value(QStringLiteral("model"))},
                     {QStringLiteral("size"), args.value(QStringLiteral("size"))},
                     {QStringLiteral("quality"), args.value(QStringLiteral("quality"))},
                     {QStringLiteral("background"), args.value(QStringLiteral("background"))},
                     {QStringLiteral("output_format"), args.value(QStringLiteral("output_format"))},
                     {QStringLiteral("moderation"), args.value(QStringLiteral("moderation"))},
                     {QStringLiteral("n"), 1}};
    const QString filename = args.value(QStringLiteral("filename")).toString();
    const QString model = args.value(QStringLiteral("model")).toString();
    const MediaFolder images = *folder;
    call->reportProgress(0, 0, QStringLiteral("Generating image"));
    ToolSupport::send(call, context, ImagesApi::generate(body), [=](Result<ApiResponse> response) {
        if (!response)
            return call->finish(response.error());
        call->reportProgress(1, 0, QStringLiteral("Saving image"));
        saveFirstImage(call, context, images, *response, filename,
                       QStringLiteral("gen_%1").arg(ToolSupport::nowSeconds()), model,
                       QStringLiteral("No base64 image data returned (GPT models always return b64_json)"));
    });
}

void editImage(ToolCall *call, ToolContext *context)
{
    const Result<MediaFolder> folder = commonChecks(call, context);
    if (!folder)
        return call->finish(folder.error());
    const QJsonObject args = call->arguments();
    QStringList inputs;
    for (const QJsonValue &v : args.value(QStringLiteral("input_images")).toArray())
        inputs.append(v.toString());
    const QString mask = args.value(QStringLiteral("mask_filename")).toString();

    const QString model = args.value(QStringLiteral("model")).toString();
    QList<QPair<QString, QString>> fields;
    for (const char *key : {"prompt", "model", "size", "quality", "background", "output_format"})
        fields.append({QLatin1String(key), args.value(QLatin1String(key)).toString()});
    fields.append({QStringLiteral("n"), QStringLiteral("1")});
    const QString fidelity = args.value(QStringLiteral("input_fidelity")).toString();
    if (!fidelity.isEmpty() && model != QStringLiteral("gpt-image-2")) // gpt-image-2 takes no input_fidelity
        fields.append({QStringLiteral("input_fidelity"), fidelity});
    const QString filename = args.value(QStringLiteral("filename")).toString();
    const MediaFolder images = *folder;

    ToolSupport::inPool<Result<EditInputs>>(
        call, context,
        [images, inputs, mask]() -> Result<EditInputs> {
            EditInputs out;
            // Every size first: nothing is read while any input is over the API's limit.
            for (const QString &name : inputs)
                if (Result<void> fits =
                        images.checkSize(name, QStringLiteral("input_images"), UploadLimits::imageBytes);
                    !fits)
                    return fits.error();
            if (!mask.isEmpty())
                if (Result<void> fits =
                        images.checkSize(mask, QStringLiteral("mask_filename"), UploadLimits::maskBytes);
                    !fits)
                    return fits.error();
            for (const QString &name : inputs) {
                const Result<QByteArray> bytes =
                    images.readAll(name, QStringLiteral("input_images"), UploadLimits::imageBytes);
                if (!bytes)
                    return bytes.error();
                out.images.append({name, ToolSupport::imageMimeType(ToolSupport::extension(name)), *bytes});
            }
            if (!mask.isEmpty()) {
                const Result<QByteArray> bytes =
                    images.readAll(mask, QStringLiteral("mask_filename"), UploadLimits::maskBytes);
                if (!bytes)
                    return bytes.error();
                out.mask = ImagesApi::File{mask, "image/png", *bytes};
            }
            return out;
        },
        [=](Result<EditInputs> inputsRead) {
            if (!inputsRead)
                return call->finish(inputsRead.error());
            const ImagesApi::File *maskFile = inputsRead->mask ? &*inputsRead->mask : nullptr;
            call->reportProgress(0, 0, QStringLiteral("Editing image"));
            ToolSupport::send(call, context, ImagesApi::edit(fields, inputsRead->images, maskFile),
                              [=](Result<ApiResponse> response) {
                                  if (!response)
                                      return call->finish(response.error());
                                  call->reportProgress(1, 0, QStringLiteral("Saving image"));
                                  saveFirstImage(call, context, images, *response, filename,
                                                 QStringLiteral("edit_%1").arg(ToolSupport::nowSeconds()),
                                                 model, QStringLiteral("No base64 image data returned"));
                              });
        });
}

QJsonObject imagesOutputSchema()
{
    QJsonObject schema = ImageSaver::outputSchema();
    QJsonObject props = schema.value(QStringLiteral("properties")).toObject();
    props.insert(QStringLiteral("model"), Schema::string({}));
    props.insert(QStringLiteral("usage"),
                 Schema::nullable(Schema::anyObject(QStringLiteral("Token usage as the API reported it"))));
    schema.insert(QStringLiteral("properties"), props);
    return schema;
}

QJsonObject commonProperties()
{
    return {
        {QStringLiteral("prompt"), Schema::string(QStringLiteral("Up to 32,000 characters"))},
        {QStringLiteral("model"),
         Schema::withDefault(
             Schema::string(QStringLiteral("gpt-image-2, gpt-image-1.5, gpt-image-1-mini, ...")),
             QStringLiteral("gpt-image-2"))},
        {QStringLiteral("size"),
         Schema::withDefault(
             Schema::stringEnum(imageSizes,
                                QStringLiteral("2560x1440 is the reliable ceiling; 4K is experimental")),
             QStringLiteral("auto"))},
        {QStringLiteral("quality"),
         Schema::withDefault(Schema::stringEnum({QStringLiteral("auto"), QStringLiteral("low"),
                                                 QStringLiteral("medium"), QStringLiteral("high")},
                                                {}),
                             QStringLiteral("auto"))},
        {QStringLiteral("background"),
         Schema::withDefault(
             Schema::stringEnum(
                 {QStringLiteral("auto"), QStringLiteral("transparent"), QStringLiteral("opaque")},
                 QStringLiteral("transparent needs png or webp and a model other than gpt-image-2")),
             QStringLiteral("auto"))},
        {QStringLiteral("output_format"),
         Schema::withDefault(
             Schema::stringEnum({QStringLiteral("png"), QStringLiteral("jpeg"), QStringLiteral("webp")}, {}),
             QStringLiteral("png"))}};
}

} // namespace

QList<ToolDefinition> ImagesApiTools::definitions()
{
    QList<ToolDefinition> tools;
    QJsonObject generateProps = commonProperties();
    generateProps.insert(
        QStringLiteral("moderation"),
        Schema::withDefault(Schema::stringEnum({QStringLiteral("auto"), QStringLiteral("low")}, {}),
                            QStringLiteral("auto")));
    generateProps.insert(
        QStringLiteral("filename"),
        Schema::string(QStringLiteral(
            "Name in the image folder; default gen_<unix seconds>.<format>, never overwriting")));
    tools.append({QStringLiteral("generate_image"),
                  QStringLiteral("Generate image"),
                  QStringLiteral(
                      "Generate an image with the Images API and save it into the image folder; answers when "
                      "the file is saved. The default tool for new pictures."),
                  Schema::object(generateProps, {QStringLiteral("prompt")}),
                  imagesOutputSchema(),
                  ToolAnnotations{false, false, false, true},
                  {},
                  generateImage,
                  Provider::Image});
    tools.last().prechecks = ToolPrechecks::generateImage;

    QJsonObject editProps = commonProperties();
    editProps.insert(
        QStringLiteral("input_images"),
        Schema::stringArray(QStringLiteral("1-16 files in the image folder (.jpg, .jpeg, .png, .webp)")));
    editProps.insert(
        QStringLiteral("mask_filename"),
        Schema::string(QStringLiteral(
            "PNG with alpha, same size as the first image; transparent pixels mark the area to edit")));
    editProps.insert(QStringLiteral("input_fidelity"),
                     Schema::nullable(Schema::stringEnum({QStringLiteral("high"), QStringLiteral("low")},
                                                         QStringLiteral("Not sent for gpt-image-2"))));
    editProps.insert(
        QStringLiteral("filename"),
        Schema::string(QStringLiteral(
            "Name in the image folder; default edit_<unix seconds>.<format>, never overwriting")));
    tools.append(
        {QStringLiteral("edit_image"),
         QStringLiteral("Edit image"),
         QStringLiteral("Edit or combine 1-16 images from the image folder with the Images API and save the "
                        "result; answers when the file is saved."),
         Schema::object(editProps, {QStringLiteral("prompt"), QStringLiteral("input_images")}),
         imagesOutputSchema(),
         ToolAnnotations{false, false, false, true},
         {},
         editImage,
         Provider::Image});
    tools.last().prechecks = ToolPrechecks::editImage;
    return tools;
}

} // namespace Sanzaru::Core

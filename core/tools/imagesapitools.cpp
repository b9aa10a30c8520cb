// SPDX-License-Identifier: MIT
#include "imagesapitools.h"

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

QString text(const QJsonObject &arguments, const char *name)
{
    return arguments.value(QLatin1String(name)).toString();
}

ImageOperations::Settings settingsOf(const QJsonObject &arguments)
{
    return {text(arguments, "prompt"),  text(arguments, "model"),      text(arguments, "size"),
            text(arguments, "quality"), text(arguments, "background"), text(arguments, "output_format"),
            text(arguments, "filename")};
}

ImageOperations::Done<ImageOperations::Image> finishWithImage(ToolCall *call)
{
    return [call](Result<ImageOperations::Image> image) {
        if (!image)
            return call->finish(image.error());
        if (image->saved.preview)
            call->addImage(*image->saved.preview);
        call->finish(ImagesApiTools::toJson(*image));
    };
}

// The definition's prechecks ran before this.
void generateImage(ToolCall *call, ToolContext *context)
{
    ImageOperations::generate(call, context, ImagesApiTools::generateRequest(call->arguments()),
                              finishWithImage(call));
}

void editImage(ToolCall *call, ToolContext *context)
{
    ImageOperations::edit(call, context, ImagesApiTools::editRequest(call->arguments()),
                          finishWithImage(call));
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

ImageOperations::GenerateRequest ImagesApiTools::generateRequest(const QJsonObject &arguments)
{
    return {settingsOf(arguments), text(arguments, "moderation")};
}

ImageOperations::EditRequest ImagesApiTools::editRequest(const QJsonObject &arguments)
{
    return {settingsOf(arguments), ToolPrechecks::stringList(arguments.value(QStringLiteral("input_images"))),
            text(arguments, "mask_filename"), text(arguments, "input_fidelity")};
}

QJsonObject ImagesApiTools::toJson(const ImageOperations::Image &image)
{
    QJsonObject out = ImageSaver::toJson(image.saved);
    out.insert(QStringLiteral("model"), image.model);
    out.insert(QStringLiteral("usage"), image.usage);
    return out;
}

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

// SPDX-License-Identifier: MIT
#include "referencetools.h"

#include "media/referenceimagepreparer.h"
#include "tools/imagepreview.h"
#include "tools/listingtools.h"
#include "tools/schema.h"
#include "tools/toolsupport.h"
#include "tools/videomodeltable.h"

#include <QJsonArray>
#include <QMetaObject>
#include <QPointer>

namespace Sanzaru::Core {

namespace {

// sanzaru's four Sora sizes, then the sizes of the other models in the model table (references must match
// the video size exactly, whichever provider renders it).
QStringList targetSizes()
{
    return VideoModelTable::builtIn().referenceSizes();
}

void listReferenceImages(ToolCall *call, ToolContext *context)
{
    const Result<MediaFolder> folder = context->imageFolder();
    if (!folder)
        return call->finish(folder.error());
    ListingTools::listFolder(call, context, *folder,
                             {{QStringLiteral("jpeg"), {QStringLiteral(".jpg"), QStringLiteral(".jpeg")}},
                              {QStringLiteral("png"), {QStringLiteral(".png")}},
                              {QStringLiteral("webp"), {QStringLiteral(".webp")}}});
}

void prepareReferenceImage(ToolCall *call, ToolContext *context)
{
    const QJsonObject args = call->arguments();
    const QString input = args.value(QStringLiteral("input_filename")).toString();
    const QString target = args.value(QStringLiteral("target_size")).toString();
    const QString modeName = args.value(QStringLiteral("resize_mode")).toString();
    QString output = args.value(QStringLiteral("output_filename")).toString();
    if (output.isEmpty())
        output = ReferenceTools::defaultOutputName(input, target);
    const QStringList wh = target.split(QLatin1Char('x'));
    const QSize targetSize(wh.value(0).toInt(), wh.value(1).toInt());
    const ResizeMode mode = resizeModeFromString(modeName).value_or(ResizeMode::Crop);

    const Result<MediaFolder> folder = context->imageFolder();
    if (!folder)
        return call->finish(folder.error());
    const Result<QString> inputPath = folder->resolveExisting(input, QStringLiteral("input_filename"));
    if (!inputPath)
        return call->finish(inputPath.error());
    if (Result<QString> dest = folder->resolveForWrite(output, QStringLiteral("output_filename")); !dest)
        return call->finish(dest.error());

    const MediaFolder images = *folder;
    const QString path = *inputPath;
    const std::shared_ptr<const std::atomic_bool> cancel = call->cancelToken();
    QPointer<ToolCall> guard(call);
    const bool preview = !context->oneShot(); // a one-shot CLI process prints no preview
    ToolSupport::finishInPool(call, context, [=]() -> PoolOutcome {
        const auto phase = [guard](const QString &name) {
            static const QStringList phases{QStringLiteral("decoding"), QStringLiteral("resizing"), QStringLiteral("encoding"), QStringLiteral("writing")};
            const double step = double(phases.indexOf(name));
            QMetaObject::invokeMethod(guard.data(), [guard, step, name] {
                if (guard)
                    guard->reportProgress(step, 4, name);
            }, Qt::QueuedConnection);
        };
        Result<PreparedImage> prepared = ReferenceImagePreparer::prepare(path, input, targetSize, mode, cancel.get(), phase);
        if (!prepared)
            return Result<QJsonObject>(prepared.error());
        if (cancel->load())
            return Result<QJsonObject>(Error::cancelled());
        phase(QStringLiteral("writing"));
        const Result<QString> written = images.writeAtomically(output, QStringLiteral("output_filename"), prepared->png);
        if (!written)
            return Result<QJsonObject>(written.error());
        return {QJsonObject{{QStringLiteral("output_filename"), output},
                            {QStringLiteral("original_size"), ToolSupport::sizeArray(prepared->originalSize)},
                            {QStringLiteral("target_size"), ToolSupport::sizeArray(prepared->targetSize)},
                            {QStringLiteral("resize_mode"), resizeModeName(mode)}},
                preview ? ImagePreview::fromEncoded(prepared->png) : std::nullopt};
    });
}

} // namespace

QString ReferenceTools::defaultOutputName(const QString &inputName, const QString &targetSize)
{
    const qsizetype slash = inputName.lastIndexOf(QLatin1Char('/'));
    const qsizetype dot = inputName.lastIndexOf(QLatin1Char('.'));
    const QString stem = dot > slash + 1 ? inputName.left(dot) : inputName;
    return stem + QLatin1Char('_') + targetSize + QStringLiteral(".png");
}

QList<ToolDefinition> ReferenceTools::definitions()
{
    QList<ToolDefinition> tools;
    tools.append({QStringLiteral("list_reference_images"), QStringLiteral("List reference images"),
                  QStringLiteral("List the images (.jpg, .jpeg, .png, .webp) in the image folder: references, "
                                 "generated and prepared images."),
                  ListingTools::inputSchema({QStringLiteral("jpeg"), QStringLiteral("png"), QStringLiteral("webp"), QStringLiteral("all")}),
                  ListingTools::outputSchema(), ToolAnnotations{true, false, true, false}, {}, listReferenceImages});
    tools.append({QStringLiteral("prepare_reference_image"), QStringLiteral("Prepare reference image"),
                  QStringLiteral("Resize an image from the image folder to a Sora video size and save it as PNG: crop "
                                 "(fill and centre-crop), pad (fit inside black bars, never enlarging) or rescale "
                                 "(stretch). EXIF orientation is applied and transparency becomes black. Use the output "
                                 "as create_video's input_reference_filename with the same size."),
                  Schema::object({{QStringLiteral("input_filename"), Schema::string(QStringLiteral("An image in the image folder (JPEG, PNG, WEBP, GIF, BMP, TIFF)"))},
                                  {QStringLiteral("target_size"), Schema::stringEnum(targetSizes(), QStringLiteral("The video size it will be used with"))},
                                  {QStringLiteral("output_filename"), Schema::string(QStringLiteral("Default <stem>_<target_size>.png"))},
                                  {QStringLiteral("resize_mode"), Schema::withDefault(Schema::stringEnum({QStringLiteral("crop"), QStringLiteral("pad"), QStringLiteral("rescale")}, {}), QStringLiteral("crop"))}},
                                 {QStringLiteral("input_filename"), QStringLiteral("target_size")}),
                  Schema::object({{QStringLiteral("output_filename"), Schema::string({})},
                                  {QStringLiteral("original_size"), Schema::sizePair({})},
                                  {QStringLiteral("target_size"), Schema::sizePair({})},
                                  {QStringLiteral("resize_mode"), Schema::string({})}},
                                 {QStringLiteral("output_filename"), QStringLiteral("original_size"),
                                  QStringLiteral("target_size"), QStringLiteral("resize_mode")}),
                  ToolAnnotations{false, false, true, false}, {}, prepareReferenceImage});
    return tools;
}

} // namespace Sanzaru::Core

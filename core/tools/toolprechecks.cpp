// SPDX-License-Identifier: MIT
#include "toolprechecks.h"

#include "tools/responsesimagetools.h"
#include "tools/toolsupport.h"
#include "tools/videomodeltable.h"

#include <QJsonArray>

namespace Sanzaru::Core {

namespace {

void collect(QList<ArgumentIssue> &issues, const QString &field, const Result<void> &check)
{
    if (!check)
        issues.append({field, check.error().message});
}

QString text(const QJsonObject &arguments, const char *name)
{
    return arguments.value(QLatin1String(name)).toString();
}

} // namespace

QList<ArgumentIssue> ToolPrechecks::videoModel(const QString &model, const QString &seconds,
                                               const QString &size)
{
    return VideoModelTable::builtIn().check(model, seconds, size);
}

Result<void> ToolPrechecks::videoReference(const QString &fileName)
{
    const QString ext = ToolSupport::extension(fileName);
    if (ToolSupport::imageMimeType(ext).isEmpty())
        return Error::badInput(QStringLiteral("Unsupported file type: %1. Use: JPEG, PNG, or WEBP").arg(ext));
    return {};
}

Result<void> ToolPrechecks::transparency(const QString &imageModel, const QString &background)
{
    if (ResponsesImageTools::rejectsTransparency(imageModel) && background == QStringLiteral("transparent"))
        return Error::badInput(ResponsesImageTools::transparencyError());
    return {};
}

Result<void> ToolPrechecks::editImageCount(const QStringList &inputImages)
{
    if (inputImages.isEmpty())
        return Error::badInput(QStringLiteral("At least one input image is required"));
    if (inputImages.size() > 16)
        return Error::badInput(QStringLiteral("Maximum 16 input images allowed for GPT image models (got %1)")
                                   .arg(inputImages.size()));
    return {};
}

Result<void> ToolPrechecks::inputImageFormats(const QStringList &inputImages)
{
    for (const QString &name : inputImages)
        if (ToolSupport::imageMimeType(ToolSupport::extension(name)).isEmpty())
            return Error::badInput(
                QStringLiteral("Unsupported image format: %1 (use JPEG, PNG, WEBP)").arg(name));
    return {};
}

Result<void> ToolPrechecks::maskFormat(const QString &maskFileName)
{
    if (!maskFileName.isEmpty() && ToolSupport::extension(maskFileName) != QStringLiteral(".png"))
        return Error::badInput(QStringLiteral("Mask must be PNG format with alpha channel"));
    return {};
}

Result<void> ToolPrechecks::maskNeedsInputs(const QString &maskFileName, const QStringList &inputImages)
{
    if (!maskFileName.isEmpty() && inputImages.isEmpty())
        return Error::badInput(QStringLiteral("mask_filename requires input_images parameter"));
    return {};
}

Result<void> ToolPrechecks::toolConfigType(const QJsonObject &toolConfig)
{
    if (!toolConfig.isEmpty() &&
        toolConfig.value(QStringLiteral("type")).toString() != QStringLiteral("image_generation"))
        return Error::badInput(QStringLiteral("tool_config.type must be \"image_generation\""));
    return {};
}

QString ToolPrechecks::defaultResponsesImageModel()
{
    return QStringLiteral("gpt-image-2");
}

QStringList ToolPrechecks::stringList(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &v : value.toArray())
        out.append(v.toString());
    return out;
}

QList<ArgumentIssue> ToolPrechecks::createVideo(const QJsonObject &arguments)
{
    QList<ArgumentIssue> found =
        videoModel(text(arguments, "model"), text(arguments, "seconds"), text(arguments, "size"));
    const QString reference = text(arguments, "input_reference_filename");
    if (!reference.isEmpty())
        collect(found, QStringLiteral("input_reference_filename"), videoReference(reference));
    return found;
}

QList<ArgumentIssue> ToolPrechecks::generateImage(const QJsonObject &arguments)
{
    QList<ArgumentIssue> found;
    collect(found, QStringLiteral("background"),
            transparency(text(arguments, "model"), text(arguments, "background")));
    return found;
}

QList<ArgumentIssue> ToolPrechecks::editImage(const QJsonObject &arguments)
{
    const QStringList inputs = stringList(arguments.value(QStringLiteral("input_images")));
    QList<ArgumentIssue> found = generateImage(arguments);
    collect(found, QStringLiteral("input_images"), editImageCount(inputs));
    collect(found, QStringLiteral("input_images"), inputImageFormats(inputs));
    collect(found, QStringLiteral("mask_filename"), maskFormat(text(arguments, "mask_filename")));
    return found;
}

QList<ArgumentIssue> ToolPrechecks::createImage(const QJsonObject &arguments)
{
    const QStringList inputs = stringList(arguments.value(QStringLiteral("input_images")));
    const QString mask = text(arguments, "mask_filename");
    QList<ArgumentIssue> found;
    collect(found, QStringLiteral("mask_filename"), maskNeedsInputs(mask, inputs));
    const QJsonObject tool = arguments.value(QStringLiteral("tool_config")).toObject();
    collect(found, QStringLiteral("tool_config.type"), toolConfigType(tool));
    const QString model = tool.contains(QStringLiteral("model"))
                              ? tool.value(QStringLiteral("model")).toString()
                              : defaultResponsesImageModel();
    collect(found, QStringLiteral("tool_config.background"),
            transparency(model, tool.value(QStringLiteral("background")).toString()));
    collect(found, QStringLiteral("input_images"), inputImageFormats(inputs));
    collect(found, QStringLiteral("mask_filename"), maskFormat(mask));
    return found;
}

} // namespace Sanzaru::Core

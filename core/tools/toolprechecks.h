// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace Sanzaru::Core {

/// A problem with one argument, found before anything is read or sent.
struct ArgumentIssue
{
    QString field;   ///< the argument name ("size", "tool_config.background", "input_images", …)
    QString message; ///< exactly the message the tool would return
};

/// The local checks the paid tools make on their (schema-validated) arguments before any file is read
/// or any request is sent, with sanzaru's messages in sanzaru's order. Each tool declares its list on its
/// definition (ToolDefinition::prechecks): the registry refuses a call with problems before the handler
/// runs, and the desktop forms show every problem at once, with the same messages, before a submit.
class ToolPrechecks
{
public:
    /// create_video: seconds and size against the model table (VideoModelTable); unknown models pass.
    static QList<ArgumentIssue> videoModel(const QString &model, const QString &seconds, const QString &size);
    /// create_video: the reference's extension (text after the last dot, lower-cased).
    static Result<void> videoReference(const QString &fileName);
    /// generate_image, edit_image, create_image: gpt-image-2 cannot make transparent backgrounds.
    static Result<void> transparency(const QString &imageModel, const QString &background);
    /// edit_image: 1..16 input images.
    static Result<void> editImageCount(const QStringList &inputImages);
    /// edit_image, create_image: every input image must be JPEG, PNG or WEBP by extension.
    static Result<void> inputImageFormats(const QStringList &inputImages);
    /// edit_image, create_image: the mask must be a .png (when given).
    static Result<void> maskFormat(const QString &maskFileName);
    /// create_image: a mask needs input images.
    static Result<void> maskNeedsInputs(const QString &maskFileName, const QStringList &inputImages);
    /// create_image: tool_config.type must be "image_generation" (an empty config is filled in).
    static Result<void> toolConfigType(const QJsonObject &toolConfig);

    /// Every problem of one tool's call, in the tool's order (checks that need the key or the disk are
    /// not made here).
    static QList<ArgumentIssue> createVideo(const QJsonObject &arguments);
    static QList<ArgumentIssue> generateImage(const QJsonObject &arguments);
    static QList<ArgumentIssue> editImage(const QJsonObject &arguments);
    static QList<ArgumentIssue> createImage(const QJsonObject &arguments);

    /// The image model create_image uses when tool_config names none.
    static QString defaultResponsesImageModel();
    /// The values the arguments hold as a list of strings (input_images).
    static QStringList stringList(const QJsonValue &value);
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "tools/imagesaver.h"

#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <functional>

namespace Sanzaru::Core {

class ToolCall;
class ToolContext;

/// Pictures made by the Images API in one blocking request, in typed values: the tools adapt them to
/// JSON, the job queue calls them directly. Calls, cancelling and `done` behave as in VideoOperations.
class ImageOperations
{
public:
    template <typename T> using Done = std::function<void(Result<T>)>;

    /// The settings both requests share (the API's words: "auto", "png", …).
    struct Settings
    {
        QString prompt;
        QString model;
        QString size;
        QString quality;
        QString background;
        QString outputFormat;
        QString fileName; ///< in the image folder; empty = a new <stem>_<unix seconds>.<format>
    };

    struct GenerateRequest
    {
        Settings settings;
        QString moderation;
    };

    struct EditRequest
    {
        Settings settings;
        QStringList inputImages; ///< 1..16 files in the image folder
        QString maskFileName;    ///< a PNG in the image folder; empty = none
        QString inputFidelity;   ///< empty = not sent (gpt-image-2 takes none)
    };

    /// The picture a request made, saved, with what the API reported about it.
    struct Image
    {
        SavedImage saved;
        QString model;
        QJsonValue usage; ///< token usage as the API sent it; null when it sent none
    };

    /// POST /images/generations, then the image decoded and saved off the event loop.
    static void generate(ToolCall *call, const ToolContext *context, const GenerateRequest &request,
                         Done<Image> done);
    /// POST /images/edits with the inputs read off the event loop (every size checked first).
    static void edit(ToolCall *call, const ToolContext *context, const EditRequest &request,
                     Done<Image> done);
};

} // namespace Sanzaru::Core

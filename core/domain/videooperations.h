// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "domain/video.h"
#include "openai/videoasset.h"

#include <QString>

#include <functional>

namespace Sanzaru::Core {

class ToolCall;
class ToolContext;

/// What the app does with videos at the video provider, in typed values: the tools adapt them to JSON
/// for MCP and the command line, and the job queue calls them directly.
///
/// Every operation runs under a call (a tool's, or a job's own): the call carries progress and retry
/// notices, and cancelling it aborts the request. `done` runs once on the call's thread (at once for a
/// problem found before anything is sent), and not at all once the call was cancelled. The caller checks
/// the API key (a tool declares it on its definition; a job asks before it starts an operation).
class VideoOperations
{
public:
    template <typename T> using Done = std::function<void(Result<T>)>;

    struct CreateRequest
    {
        QString prompt;
        QString model;
        QString seconds;           ///< empty = the provider's default
        QString size;              ///< empty = the provider's default
        QString referenceFileName; ///< in the image folder; empty = none
    };

    struct RemixRequest
    {
        QString videoId; ///< a completed video
        QString prompt;  ///< the change to make
    };

    struct DownloadRequest
    {
        QString videoId;
        VideoAsset asset = VideoAsset::Video;
        QString fileName; ///< in the video folder; empty = videoAssetFileName(videoId, asset)
    };

    /// A file a download saved (atomically: it appears only when complete).
    struct SavedAsset
    {
        QString fileName;
        QString path;
        VideoAsset asset = VideoAsset::Video;
        qint64 bytes = 0;
    };

    /// POST /videos. A reference image is read off the event loop and must match the video size in pixels
    /// (the model's default size when none is given); a mismatch is refused before anything is sent.
    static void create(ToolCall *call, const ToolContext *context, const CreateRequest &request,
                       Done<Video> done);
    /// GET /videos/{id}
    static void status(ToolCall *call, const ToolContext *context, const QString &videoId, Done<Video> done);
    /// POST /videos/{id}/remix
    static void remix(ToolCall *call, const ToolContext *context, const RemixRequest &request,
                      Done<Video> done);
    /// GET /videos/{id}/content streamed into the video folder; progress in bytes on the call.
    static void download(ToolCall *call, const ToolContext *context, const DownloadRequest &request,
                         Done<SavedAsset> done);
};

} // namespace Sanzaru::Core

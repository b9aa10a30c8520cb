// SPDX-License-Identifier: MIT
#include "videooperations.h"

#include "media/imageprobe.h"
#include "media/uploadlimits.h"
#include "openai/videosapi.h"
#include "tools/toolsupport.h"
#include "tools/videomodeltable.h"

namespace Sanzaru::Core {

namespace {

struct ReferenceUpload
{
    QByteArray data;
    QSize size;
};

void sendForVideo(ToolCall *call, const ToolContext *context, const Result<ApiRequest> &request,
                  VideoOperations::Done<Video> done)
{
    if (!request)
        return done(request.error());
    ToolSupport::send(call, context, *request, [done = std::move(done)](Result<ApiResponse> response) {
        done(response ? Video::fromResponse(*response) : Result<Video>(response.error()));
    });
}

Result<ReferenceUpload> readReference(const MediaFolder &images, const QString &reference)
{
    Result<QByteArray> bytes =
        images.readAll(reference, QStringLiteral("input_reference_filename"), UploadLimits::imageBytes);
    if (!bytes)
        return bytes.error();
    const ImageInfo info = ImageProbe::probe(*bytes);
    if (!info.size.isValid() && info.format != QStringLiteral("unknown"))
        return Error::badInput(
            QStringLiteral("input_reference_filename '%1' is not a supported image format (%2); use JPEG, "
                           "PNG or WEBP")
                .arg(reference, info.format.toUpper()));
    if (!info.size.isValid())
        return Error::badInput(
            QStringLiteral("input_reference_filename '%1' is not a readable image").arg(reference));
    return ReferenceUpload{*bytes, info.size};
}

/// The API insists on an exact pixel match; say so before paying for a failed request. Without a size the
/// model's default applies; a model without a known default fits the image itself.
Result<void> checkReferenceSize(const VideoOperations::CreateRequest &request, QSize size)
{
    const std::optional<VideoModelInfo> model = VideoModelTable::builtIn().find(request.model);
    const QString wanted = !request.size.isEmpty() ? request.size : model ? model->defaultSize : QString();
    const QString actual = QStringLiteral("%1x%2").arg(size.width()).arg(size.height());
    if (wanted.isEmpty() || actual == wanted)
        return {};
    return Error::badInput(
        QStringLiteral("input_reference_filename '%1' is %2 pixels but the video size is %3; the image must "
                       "match exactly. Run prepare_reference_image with target_size \"%3\" first.")
            .arg(request.referenceFileName, actual, wanted));
}

VideosApi::CreateParams paramsOf(const VideoOperations::CreateRequest &request)
{
    VideosApi::CreateParams params;
    params.prompt = request.prompt;
    params.model = request.model;
    params.seconds = request.seconds;
    params.size = request.size;
    return params;
}

} // namespace

void VideoOperations::create(ToolCall *call, const ToolContext *context, const CreateRequest &request,
                             Done<Video> done)
{
    VideosApi::CreateParams params = paramsOf(request);
    if (request.referenceFileName.isEmpty())
        return sendForVideo(call, context, VideosApi::create(params), std::move(done));

    const Result<MediaFolder> folder = context->imageFolder();
    if (!folder)
        return done(folder.error());
    params.referenceFileName = request.referenceFileName;
    params.referenceContentType =
        ToolSupport::imageMimeType(ToolSupport::extension(request.referenceFileName));
    const MediaFolder images = *folder;
    ToolSupport::inPool<Result<ReferenceUpload>>(
        call, context,
        [images, reference = request.referenceFileName] { return readReference(images, reference); },
        [call, context, request, params, done = std::move(done)](Result<ReferenceUpload> upload) mutable {
            if (!upload)
                return done(upload.error());
            if (Result<void> fits = checkReferenceSize(request, upload->size); !fits)
                return done(fits.error());
            params.referenceData = std::move(upload->data);
            sendForVideo(call, context, VideosApi::create(params), std::move(done));
        });
}

void VideoOperations::status(ToolCall *call, const ToolContext *context, const QString &videoId,
                             Done<Video> done)
{
    sendForVideo(call, context, VideosApi::retrieve(videoId), std::move(done));
}

void VideoOperations::remix(ToolCall *call, const ToolContext *context, const RemixRequest &request,
                            Done<Video> done)
{
    sendForVideo(call, context, VideosApi::remix(request.videoId, request.prompt), std::move(done));
}

void VideoOperations::download(ToolCall *call, const ToolContext *context, const DownloadRequest &request,
                               Done<SavedAsset> done)
{
    const QString variant = videoAssetId(request.asset);
    const QString fileName =
        request.fileName.isEmpty() ? videoAssetFileName(request.videoId, request.asset) : request.fileName;
    const Result<ApiRequest> apiRequest = VideosApi::content(request.videoId, variant);
    if (!apiRequest)
        return done(apiRequest.error());
    const Result<MediaFolder> folder = context->videoFolder();
    if (!folder)
        return done(folder.error());
    const Result<QString> destination = folder->resolveForWrite(fileName, QStringLiteral("filename"));
    if (!destination)
        return done(destination.error());
    const QString label = QStringLiteral("Downloading %1 of %2").arg(variant, request.videoId);
    const SavedAsset saved{fileName, *destination, request.asset, 0};
    const RequestHandle handle =
        context->api(Provider::Video)
            ->download(
                *apiRequest, *destination, call,
                [call, label](qint64 received, qint64 total) {
                    call->reportProgress(double(received), total > 0 ? double(total) : 0.0, label);
                },
                [call, saved, done = std::move(done)](Result<ApiResponse> response) {
                    if (call->isFinished())
                        return;
                    if (!response)
                        return done(response.error());
                    SavedAsset written = saved;
                    written.bytes = response->bytesWritten;
                    done(written);
                });
    call->onCancel([handle] { handle.cancel(); });
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "videosapi.h"

#include "openai/multipartbody.h"
#include "openai/pathsegment.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Sanzaru::Core {

namespace {
const QString videoIdParam = QStringLiteral("video_id");
}

ApiRequest VideosApi::create(const CreateParams &params)
{
    // Always multipart, even without a file: that is what the API and the SDK speak.
    MultipartBody body;
    body.addField(QStringLiteral("prompt"), params.prompt);
    body.addField(QStringLiteral("model"), params.model);
    if (!params.seconds.isEmpty())
        body.addField(QStringLiteral("seconds"), params.seconds);
    if (!params.size.isEmpty())
        body.addField(QStringLiteral("size"), params.size);
    if (!params.referenceData.isEmpty())
        body.addFile(QStringLiteral("input_reference"), params.referenceFileName, params.referenceContentType,
                     params.referenceData);
    ApiRequest r;
    r.method = "POST";
    r.path = QStringLiteral("/videos");
    r.contentType = body.contentType();
    r.body = body.finish();
    r.createsPaidJob = true;
    return r;
}

Result<ApiRequest> VideosApi::retrieve(const QString &videoId)
{
    const Result<QString> id = PathSegment::encode(videoId, videoIdParam);
    if (!id)
        return id.error();
    ApiRequest r;
    r.path = QStringLiteral("/videos/") + *id;
    return r;
}

ApiRequest VideosApi::list(int limit, const QString &after, const QString &order)
{
    ApiRequest r;
    r.path = QStringLiteral("/videos");
    r.query.append({QStringLiteral("limit"), QString::number(limit)});
    if (!after.isEmpty())
        r.query.append({QStringLiteral("after"), after});
    if (!order.isEmpty())
        r.query.append({QStringLiteral("order"), order});
    return r;
}

Result<ApiRequest> VideosApi::remove(const QString &videoId)
{
    Result<ApiRequest> r = retrieve(videoId);
    if (r)
        r->method = "DELETE";
    return r;
}

Result<ApiRequest> VideosApi::remix(const QString &videoId, const QString &prompt)
{
    const Result<QString> id = PathSegment::encode(videoId, QStringLiteral("previous_video_id"));
    if (!id)
        return id.error();
    ApiRequest r;
    r.method = "POST";
    r.path = QStringLiteral("/videos/%1/remix").arg(*id);
    r.contentType = "application/json";
    r.body = QJsonDocument(QJsonObject{{QStringLiteral("prompt"), prompt}}).toJson(QJsonDocument::Compact);
    r.createsPaidJob = true;
    return r;
}

Result<ApiRequest> VideosApi::content(const QString &videoId, const QString &variant)
{
    Result<ApiRequest> r = retrieve(videoId);
    if (!r)
        return r;
    r->path += QStringLiteral("/content");
    r->accept = "application/binary";
    if (!variant.isEmpty())
        r->query.append({QStringLiteral("variant"), variant});
    return r;
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "fakevideos.h"

#include "fakefiles.h"
#include "fakeids.h"
#include "fakemedia.h"
#include "recordedrequest.h"

#include <QImage>
#include <QJsonArray>
#include <QUrl>

#include <algorithm>

namespace Sanzaru::Testing {

namespace {

const QStringList Seconds{QStringLiteral("4"), QStringLiteral("8"), QStringLiteral("12")};
const QStringList Sizes{QStringLiteral("720x1280"), QStringLiteral("1280x720"), QStringLiteral("1024x1792"),
                        QStringLiteral("1792x1024")};
const QStringList Variants{QStringLiteral("video"), QStringLiteral("thumbnail"),
                           QStringLiteral("spritesheet")};
const QStringList ImageTypes{QStringLiteral("image/jpeg"), QStringLiteral("image/png"),
                             QStringLiteral("image/webp")};

QSize parseSize(const QString &text)
{
    const QStringList wh = text.split(QLatin1Char('x'));
    return wh.size() == 2 ? QSize(wh[0].toInt(), wh[1].toInt()) : QSize();
}

QString status(const QJsonObject &video)
{
    return video.value(QStringLiteral("status")).toString();
}

bool running(const QJsonObject &video)
{
    static const QStringList states{QStringLiteral("queued"), QStringLiteral("in_progress"),
                                    QStringLiteral("pending"), QStringLiteral("processing")};
    return states.contains(status(video));
}

FakeReply videoNotFound(const QString &id)
{
    return FakeReply::notFound(QStringLiteral("Video with id '%1' not found.").arg(id));
}

FakeReply sizeMismatch()
{
    return FakeReply::badRequest(QStringLiteral("Inpaint image must match the requested width and height"),
                                 QStringLiteral("input_reference"), QStringLiteral("invalid_value"));
}

} // namespace

FakeVideos::FakeVideos(FakeMedia *media, const FakeFiles *files)
    : m_media(media)
    , m_files(files)
{}

QString FakeVideos::insert(QJsonObject object, bool willFail, int step)
{
    const QString id = object.value(QStringLiteral("id")).toString();
    m_videos.insert(id, Entry{object, step, willFail, m_nextOrder++});
    return id;
}

std::optional<FakeReply> FakeVideos::checkReference(const MultipartPart &part, QSize size) const
{
    if (!ImageTypes.contains(QString::fromLatin1(part.mimeType()))) {
        const QString type = part.contentType.isEmpty() ? QStringLiteral("application/octet-stream")
                                                        : QString::fromLatin1(part.mimeType());
        return FakeReply::badRequest(
            QStringLiteral("Invalid file 'input_reference': unsupported mimetype ('%1'). "
                           "Supported file formats are 'image/jpeg', 'image/png', and "
                           "'image/webp'.")
                .arg(type),
            QStringLiteral("input_reference"), QStringLiteral("unsupported_file_mimetype"));
    }
    // Undecodable bytes are let through on purpose: tests may upload placeholder bytes with an image type.
    const QImage image = QImage::fromData(part.data);
    if (!image.isNull() && image.size() != size)
        return sizeMismatch();
    return std::nullopt;
}

std::optional<FakeReply> FakeVideos::checkReferenceText(const MultipartPart &part, QSize size) const
{
    const QString value = part.text();
    const QString name = QString::fromUtf8(part.name);
    if (part.name == "input_reference[file_id]") {
        if (!m_files->contains(value))
            return FakeReply::badRequest(QStringLiteral("No such File object: %1").arg(value), name,
                                         QStringLiteral("invalid_value"));
        const QImage image = QImage::fromData(m_files->content(value));
        if (!image.isNull() && image.size() != size)
            return sizeMismatch();
        return std::nullopt;
    }
    if (value.startsWith(QLatin1String("data:"))) {
        const qsizetype comma = value.indexOf(QLatin1Char(','));
        if (comma < 0 || !value.left(comma).endsWith(QLatin1String(";base64")))
            return FakeReply::badRequest(
                QStringLiteral("Invalid image URL: expected a base64-encoded data URL."), name,
                QStringLiteral("invalid_value"));
        const QImage image = QImage::fromData(QByteArray::fromBase64(value.mid(comma + 1).toLatin1()));
        if (!image.isNull() && image.size() != size)
            return sizeMismatch();
        return std::nullopt;
    }
    const QUrl url(value, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
        return FakeReply::badRequest(QStringLiteral("Invalid image URL: '%1'.").arg(value), name,
                                     QStringLiteral("invalid_value"));
    return std::nullopt;
}

FakeReply FakeVideos::create(const RecordedRequest &request)
{
    // The SDK always sends multipart here, even without a file; the API refuses a JSON body.
    if (request.mimeType() != "multipart/form-data")
        return FakeReply::unsupportedContentType(request.header("content-type"), "multipart/form-data");
    if (!request.multipartValid)
        return FakeReply::badRequest(QStringLiteral("Could not parse multipart form data."));

    QString prompt;
    QString model = gateway() ? FakeGateway::defaultModel() : QStringLiteral("sora-2");
    QString seconds = gateway() ? QString() : QStringLiteral("4");
    QString size = gateway() ? QString() : QStringLiteral("720x1280");
    bool hasPrompt = false;
    QList<const MultipartPart *> references;
    for (const MultipartPart &part : request.parts) {
        const QString name = QString::fromUtf8(part.name);
        if (part.name == "input_reference") {
            if (!part.isFile())
                return FakeReply::invalidType(name, QStringLiteral("a file, but got a string instead"));
            references.append(&part);
            continue;
        }
        if (part.name == "input_reference[image_url]" || part.name == "input_reference[file_id]") {
            references.append(&part);
            continue;
        }
        QString *target = part.name == "prompt"    ? &prompt
                          : part.name == "model"   ? &model
                          : part.name == "seconds" ? &seconds
                          : part.name == "size"    ? &size
                                                   : nullptr;
        if (!target)
            return FakeReply::unknownParameter(name);
        if (part.isFile())
            return FakeReply::invalidType(name, QStringLiteral("a string, but got a file instead"));
        *target = part.text();
        hasPrompt = hasPrompt || part.name == "prompt";
    }
    if (!hasPrompt || prompt.isEmpty())
        return FakeReply::missingParameter(QStringLiteral("prompt"));
    if (gateway()) {
        if (auto rejected = FakeGateway::checkCreate(model, seconds, size))
            return *rejected;
    } else if (!Seconds.contains(seconds))
        return FakeReply::invalidValue(QStringLiteral("seconds"), seconds, Seconds);
    else if (!Sizes.contains(size))
        return FakeReply::invalidValue(QStringLiteral("size"), size, Sizes);
    else if ((size == Sizes[2] || size == Sizes[3]) && !model.startsWith(QLatin1String("sora-2-pro")))
        return FakeReply::badRequest(
            QStringLiteral("Invalid value: '%1'. This size is only supported by sora-2-pro models.")
                .arg(size),
            QStringLiteral("size"), QStringLiteral("invalid_value"));
    if (references.size() > 1)
        return FakeReply::badRequest(QStringLiteral("Provide only one input_reference."),
                                     QStringLiteral("input_reference"), QStringLiteral("invalid_value"));
    // Without a size a gateway fits the reference itself; there is nothing to compare it with.
    if (!references.isEmpty() && !size.isEmpty()) {
        const MultipartPart &ref = *references.first();
        if (auto rejected = ref.isFile() ? checkReference(ref, parseSize(size))
                                         : checkReferenceText(ref, parseSize(size)))
            return *rejected;
    }

    if (gateway()) {
        const QJsonObject object =
            FakeGateway::newVideo(FakeIds::make(QStringLiteral("video_")), model, prompt, seconds, size);
        insert(object, prompt.contains(QLatin1String("[fake:fail]")), 0);
        return FakeReply::json(object);
    }
    const QJsonObject object{{QStringLiteral("id"), FakeIds::make(QStringLiteral("video_"))},
                             {QStringLiteral("object"), QStringLiteral("video")},
                             {QStringLiteral("status"), QStringLiteral("queued")},
                             {QStringLiteral("progress"), 0},
                             {QStringLiteral("created_at"), FakeIds::now()},
                             {QStringLiteral("completed_at"), QJsonValue::Null},
                             {QStringLiteral("expires_at"), QJsonValue::Null},
                             {QStringLiteral("model"), model},
                             {QStringLiteral("prompt"), prompt},
                             {QStringLiteral("seconds"), seconds},
                             {QStringLiteral("size"), size},
                             {QStringLiteral("remixed_from_video_id"), QJsonValue::Null},
                             {QStringLiteral("error"), QJsonValue::Null}};
    insert(object, prompt.contains(QLatin1String("[fake:fail]")), 0);
    return FakeReply::json(object);
}

FakeReply FakeVideos::retrieve(const QString &id)
{
    auto it = m_videos.find(id);
    if (it == m_videos.end())
        return videoNotFound(id);
    Entry &entry = it.value();
    if (entry.step < 3) {
        ++entry.step;
        QJsonObject &o = entry.object;
        if (gateway()) {
            FakeGateway::advance(o, entry.step, entry.willFail);
        } else if (entry.step < 3) {
            o[QStringLiteral("status")] = QStringLiteral("in_progress");
            o[QStringLiteral("progress")] = entry.step == 1 ? 33 : 67;
        } else if (entry.willFail) {
            o[QStringLiteral("status")] = QStringLiteral("failed");
            o[QStringLiteral("completed_at")] = FakeIds::now();
            o[QStringLiteral("error")] =
                QJsonObject{{QStringLiteral("code"), QStringLiteral("moderation_blocked")},
                            {QStringLiteral("message"),
                             QStringLiteral("Your request was blocked by our moderation system.")}};
        } else {
            const qint64 now = FakeIds::now();
            o[QStringLiteral("status")] = QStringLiteral("completed");
            o[QStringLiteral("progress")] = 100;
            o[QStringLiteral("completed_at")] = now;
            o[QStringLiteral("expires_at")] = now + 24 * 3600;
        }
    }
    return FakeReply::json(entry.object);
}

FakeReply FakeVideos::list(const RecordedRequest &request) const
{
    int limit = 20;
    if (request.query.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        limit = request.query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok)
            return FakeReply::invalidType(QStringLiteral("limit"), QStringLiteral("an integer"));
        if (limit < 1 || limit > 100)
            return FakeReply::badRequest(QStringLiteral("Invalid 'limit': must be between 1 and 100."),
                                         QStringLiteral("limit"), QStringLiteral("invalid_value"));
    }
    const QString order = request.query.queryItemValue(QStringLiteral("order"));
    if (!order.isEmpty() && order != QLatin1String("asc") && order != QLatin1String("desc"))
        return FakeReply::invalidValue(QStringLiteral("order"), order,
                                       {QStringLiteral("asc"), QStringLiteral("desc")});

    QList<const Entry *> sorted;
    for (const Entry &entry : m_videos)
        sorted.append(&entry);
    const bool ascending = order == QLatin1String("asc");
    std::sort(sorted.begin(), sorted.end(), [ascending](const Entry *a, const Entry *b) {
        const double ca = a->object.value(QStringLiteral("created_at")).toDouble();
        const double cb = b->object.value(QStringLiteral("created_at")).toDouble();
        if (ca != cb)
            return ascending ? ca < cb : ca > cb;
        return ascending ? a->order < b->order : a->order > b->order;
    });

    qsizetype start = 0;
    const QString after = request.query.queryItemValue(QStringLiteral("after"));
    if (request.query.hasQueryItem(QStringLiteral("after"))) {
        const auto it = std::find_if(sorted.cbegin(), sorted.cend(), [&after](const Entry *e) {
            return e->object.value(QStringLiteral("id")).toString() == after;
        });
        if (it == sorted.cend())
            return FakeReply::badRequest(QStringLiteral("Invalid 'after': no video with id '%1'.").arg(after),
                                         QStringLiteral("after"), QStringLiteral("invalid_value"));
        start = (it - sorted.cbegin()) + 1;
    }
    QJsonArray data;
    for (qsizetype i = start; i < sorted.size() && data.size() < limit; ++i)
        data.append(sorted[i]->object);
    const bool hasMore = start + data.size() < sorted.size();
    const auto idAt = [&data](qsizetype i) {
        return data.isEmpty() ? QJsonValue(QJsonValue::Null)
                              : data.at(i).toObject().value(QStringLiteral("id"));
    };
    return FakeReply::json({{QStringLiteral("object"), QStringLiteral("list")},
                            {QStringLiteral("data"), data},
                            {QStringLiteral("first_id"), idAt(0)},
                            {QStringLiteral("last_id"), idAt(data.size() - 1)},
                            {QStringLiteral("has_more"), hasMore}});
}

FakeReply FakeVideos::remove(const QString &id)
{
    const auto it = m_videos.constFind(id);
    if (it == m_videos.constEnd())
        return videoNotFound(id);
    const QString state = status(it->object);
    if (running(it->object))
        return FakeReply::badRequest(
            QStringLiteral("Video '%1' is still %2; only completed or failed videos can be deleted.")
                .arg(id, state));
    m_videos.remove(id);
    return FakeReply::json({{QStringLiteral("id"), id},
                            {QStringLiteral("object"), QStringLiteral("video.deleted")},
                            {QStringLiteral("deleted"), true}});
}

FakeReply FakeVideos::remix(const QString &id, const RecordedRequest &request)
{
    if (request.mimeType() != "application/json")
        return FakeReply::unsupportedContentType(request.header("content-type"), "application/json");
    if (!request.jsonValid)
        return FakeReply::invalidJson();
    for (auto it = request.json.constBegin(); it != request.json.constEnd(); ++it) {
        if (it.key() != QLatin1String("prompt"))
            return FakeReply::unknownParameter(it.key());
    }
    const QJsonValue prompt = request.json.value(QStringLiteral("prompt"));
    if (prompt.isUndefined() || prompt.isNull() || prompt.toString().isEmpty())
        return prompt.isString() || prompt.isUndefined() || prompt.isNull()
                   ? FakeReply::missingParameter(QStringLiteral("prompt"))
                   : FakeReply::invalidType(QStringLiteral("prompt"), QStringLiteral("a string"));
    const auto source = m_videos.constFind(id);
    if (source == m_videos.constEnd())
        return videoNotFound(id);
    if (status(source->object) != QLatin1String("completed"))
        return FakeReply::badRequest(
            QStringLiteral("Video '%1' is not completed; only completed videos can be "
                           "remixed.")
                .arg(id));
    QJsonObject object = source->object;
    object[QStringLiteral("id")] = FakeIds::make(QStringLiteral("video_"));
    if (gateway()) {
        object[QStringLiteral("status")] = QStringLiteral("pending");
        object.remove(QStringLiteral("progress"));
        object.remove(QStringLiteral("completed_at"));
        object.remove(QStringLiteral("usage"));
        object[QStringLiteral("created_at")] = FakeGateway::now();
    } else {
        object[QStringLiteral("status")] = QStringLiteral("queued");
        object[QStringLiteral("progress")] = 0;
        object[QStringLiteral("created_at")] = FakeIds::now();
        object[QStringLiteral("completed_at")] = QJsonValue::Null;
        object[QStringLiteral("expires_at")] = QJsonValue::Null;
    }
    object[QStringLiteral("prompt")] = prompt.toString();
    object[QStringLiteral("remixed_from_video_id")] = id;
    object[QStringLiteral("error")] = QJsonValue::Null;
    insert(object, prompt.toString().contains(QLatin1String("[fake:fail]")), 0);
    return FakeReply::json(object);
}

FakeReply FakeVideos::content(const QString &id, const RecordedRequest &request)
{
    const auto it = m_videos.constFind(id);
    if (it == m_videos.constEnd())
        return videoNotFound(id);
    QString variant = QStringLiteral("video");
    if (request.query.hasQueryItem(QStringLiteral("variant")))
        variant = request.query.queryItemValue(QStringLiteral("variant"));
    if (!Variants.contains(variant))
        return FakeReply::invalidValue(QStringLiteral("variant"), variant, Variants);
    if (status(it->object) != QLatin1String("completed"))
        return FakeReply::notFound(
            QStringLiteral("Video '%1' has no content: its status is '%2'.").arg(id, status(it->object)));
    QSize size = parseSize(it->object.value(QStringLiteral("size")).toString());
    if (size.isEmpty()) // a seeded video may carry any size string; the stills still need a shape
        size = QSize(720, 1280);
    if (variant == QLatin1String("thumbnail"))
        return FakeReply::bytes("image/webp", {m_media->thumbnailWebp(size)});
    if (variant == QLatin1String("spritesheet"))
        return FakeReply::bytes("image/jpeg", {m_media->spritesheetJpeg(size)});
    return FakeReply::bytes("video/mp4", m_media->videoSegments(id, m_contentSize));
}

QByteArray FakeVideos::contentBytes(const QString &id, const QString &variant)
{
    RecordedRequest request;
    if (!variant.isEmpty())
        request.query.addQueryItem(QStringLiteral("variant"), variant);
    const FakeReply reply = content(id, request);
    return reply.status == 200 ? reply.joinedBody() : QByteArray();
}

QString FakeVideos::addCompleted(const QJsonObject &overrides)
{
    const qint64 now = FakeIds::now();
    QJsonObject object{{QStringLiteral("id"), FakeIds::make(QStringLiteral("video_"))},
                       {QStringLiteral("object"), QStringLiteral("video")},
                       {QStringLiteral("status"), QStringLiteral("completed")},
                       {QStringLiteral("progress"), 100},
                       {QStringLiteral("created_at"), now},
                       {QStringLiteral("completed_at"), now},
                       {QStringLiteral("expires_at"), now + 24 * 3600},
                       {QStringLiteral("model"), QStringLiteral("sora-2")},
                       {QStringLiteral("prompt"), QStringLiteral("A seeded test video")},
                       {QStringLiteral("seconds"), QStringLiteral("4")},
                       {QStringLiteral("size"), QStringLiteral("720x1280")},
                       {QStringLiteral("remixed_from_video_id"), QJsonValue::Null},
                       {QStringLiteral("error"), QJsonValue::Null}};
    if (gateway()) {
        const QString seconds = overrides.value(QStringLiteral("seconds")).toString(QStringLiteral("6"));
        object =
            FakeGateway::newVideo(object.value(QStringLiteral("id")).toString(), FakeGateway::defaultModel(),
                                  object.value(QStringLiteral("prompt")).toString(), seconds, QString());
        FakeGateway::advance(object, 3, false);
    }
    for (auto it = overrides.constBegin(); it != overrides.constEnd(); ++it)
        object.insert(it.key(), it.value());
    // A seeded job that is not terminal still walks the normal state machine from its given status.
    const QString state = status(object);
    const int step = state == QLatin1String("queued") || state == QLatin1String("pending") ? 0
                     : state == QLatin1String("in_progress") || state == QLatin1String("processing")
                         ? (object.value(QStringLiteral("progress")).toDouble() >= 66 ? 2 : 1)
                         : 3;
    return insert(object,
                  object.value(QStringLiteral("prompt")).toString().contains(QLatin1String("[fake:fail]")),
                  step);
}

} // namespace Sanzaru::Testing

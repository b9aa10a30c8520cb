// SPDX-License-Identifier: MIT
#include "fakeimages.h"

#include "fakeids.h"
#include "fakemedia.h"
#include "recordedrequest.h"

#include <QImage>
#include <QJsonArray>
#include <QSet>

namespace Sanzaru::Testing {

namespace {

const QStringList CommonKeys{QStringLiteral("prompt"),
                             QStringLiteral("model"),
                             QStringLiteral("n"),
                             QStringLiteral("size"),
                             QStringLiteral("quality"),
                             QStringLiteral("background"),
                             QStringLiteral("output_format"),
                             QStringLiteral("output_compression"),
                             QStringLiteral("partial_images"),
                             QStringLiteral("stream"),
                             QStringLiteral("user"),
                             QStringLiteral("safety_identifier"),
                             QStringLiteral("complexity"),
                             QStringLiteral("frame_count"),
                             QStringLiteral("frame_duration_ms")};
const QStringList IntegerKeys{QStringLiteral("n"), QStringLiteral("output_compression"),
                              QStringLiteral("partial_images"), QStringLiteral("frame_count"),
                              QStringLiteral("frame_duration_ms")};
const QStringList Qualities{QStringLiteral("auto"),     QStringLiteral("low"),   QStringLiteral("medium"),
                            QStringLiteral("high"),     QStringLiteral("xhigh"), QStringLiteral("max"),
                            QStringLiteral("standard"), QStringLiteral("hd")};
const QStringList Backgrounds{QStringLiteral("auto"), QStringLiteral("transparent"),
                              QStringLiteral("opaque")};
const QStringList Formats{QStringLiteral("png"), QStringLiteral("jpeg"), QStringLiteral("webp")};
const QStringList ImageTypes{QStringLiteral("image/jpeg"), QStringLiteral("image/png"),
                             QStringLiteral("image/webp")};

// The size rule of gpt-image-2/2.5: named sizes, or edges that are multiples of 16, ratio ≤ 3:1, ≤ 3840x2160.
std::optional<QSize> parseImageSize(const QString &text, bool isEdit)
{
    if (text == QLatin1String("auto"))
        return QSize(1024, 1024);
    const QStringList wh = text.split(QLatin1Char('x'));
    bool okW = false;
    bool okH = false;
    const int w = wh.size() == 2 ? wh[0].toInt(&okW) : 0;
    const int h = wh.size() == 2 ? wh[1].toInt(&okH) : 0;
    if (!okW || !okH || w <= 0 || h <= 0)
        return std::nullopt;
    if (isEdit && w == h && (w == 256 || w == 512))
        return QSize(w, h);
    const int longEdge = qMax(w, h);
    const int shortEdge = qMin(w, h);
    if (w % 16 || h % 16 || longEdge > 3 * shortEdge || longEdge > 3840 || qint64(w) * h > 3840LL * 2160)
        return std::nullopt;
    return QSize(w, h);
}

int tokensFor(const QString &quality)
{
    if (quality == QLatin1String("low"))
        return 272;
    if (quality == QLatin1String("medium"))
        return 1056;
    return 4160;
}

FakeReply duplicate(const QString &name)
{
    return FakeReply::badRequest(
        QStringLiteral(
            "Duplicate parameter: '%1'. You provided multiple values for this parameter, whereas only "
            "one is allowed. If you are trying to provide a list of values, use the array syntax "
            "instead e.g. '%1[]=<value>'.")
            .arg(name),
        name, QStringLiteral("duplicate_parameter"));
}

} // namespace

FakeImages::FakeImages(FakeMedia *media)
    : m_media(media)
{}

std::optional<FakeReply> FakeImages::validate(const QJsonObject &o, bool isEdit, QJsonObject *resolved) const
{
    const QJsonValue prompt = o.value(QStringLiteral("prompt"));
    if (prompt.isUndefined() || prompt.isNull() || (prompt.isString() && prompt.toString().isEmpty()))
        return FakeReply::missingParameter(QStringLiteral("prompt"));
    if (!prompt.isString())
        return FakeReply::invalidType(QStringLiteral("prompt"), QStringLiteral("a string"));
    if (prompt.toString().size() > 32000)
        return FakeReply::badRequest(QStringLiteral("Invalid 'prompt': string too long."),
                                     QStringLiteral("prompt"), QStringLiteral("string_above_max_length"));
    for (const QString &key : IntegerKeys) {
        const QJsonValue v = o.value(key);
        if (!v.isUndefined() && !v.isNull() && (!v.isDouble() || v.toDouble() != double(v.toInteger())))
            return FakeReply::invalidType(key, QStringLiteral("an integer"));
    }
    const int n = o.value(QStringLiteral("n")).toInt(1);
    if (n < 1 || n > 10)
        return FakeReply::badRequest(QStringLiteral("Invalid 'n': must be between 1 and 10."),
                                     QStringLiteral("n"), QStringLiteral("invalid_value"));
    const int compression = o.value(QStringLiteral("output_compression")).toInt(100);
    if (compression < 0 || compression > 100)
        return FakeReply::badRequest(
            QStringLiteral("Invalid 'output_compression': must be between 0 and 100."),
            QStringLiteral("output_compression"), QStringLiteral("invalid_value"));
    const QJsonValue stream = o.value(QStringLiteral("stream"));
    if (stream.toBool())
        return FakeReply::badRequest(QStringLiteral("Streaming is not supported by the fake server."),
                                     QStringLiteral("stream"), QStringLiteral("unsupported_value"));

    const QString sizeText = o.value(QStringLiteral("size")).toString(QStringLiteral("auto"));
    const auto size = parseImageSize(sizeText, isEdit);
    if (!size)
        return FakeReply::invalidValue(QStringLiteral("size"), sizeText,
                                       {QStringLiteral("auto"), QStringLiteral("1024x1024"),
                                        QStringLiteral("1536x1024"), QStringLiteral("1024x1536")});
    const QString quality = o.value(QStringLiteral("quality")).toString(QStringLiteral("auto"));
    if (!Qualities.contains(quality))
        return FakeReply::invalidValue(QStringLiteral("quality"), quality, Qualities);
    const QString background = o.value(QStringLiteral("background")).toString(QStringLiteral("auto"));
    if (!Backgrounds.contains(background))
        return FakeReply::invalidValue(QStringLiteral("background"), background, Backgrounds);
    const QString format = o.value(QStringLiteral("output_format")).toString(QStringLiteral("png"));
    if (!Formats.contains(format))
        return FakeReply::invalidValue(QStringLiteral("output_format"), format, Formats);
    if (background == QLatin1String("transparent") && format == QLatin1String("jpeg"))
        return FakeReply::badRequest(
            QStringLiteral("Transparent background requires output_format png or webp."),
            QStringLiteral("background"), QStringLiteral("invalid_value"));
    const QString moderation = o.value(QStringLiteral("moderation")).toString(QStringLiteral("auto"));
    if (moderation != QLatin1String("auto") && moderation != QLatin1String("low"))
        return FakeReply::invalidValue(QStringLiteral("moderation"), moderation,
                                       {QStringLiteral("auto"), QStringLiteral("low")});

    const QSize actual = FakeMedia::imageSize(format.toLatin1(), *size);
    const QString resolvedQuality = quality == QLatin1String("auto") || quality == QLatin1String("hd")
                                        ? QStringLiteral("high")
                                    : quality == QLatin1String("standard") ? QStringLiteral("medium")
                                                                           : quality;
    *resolved = {{QStringLiteral("n"), n},
                 {QStringLiteral("background"), background == QLatin1String("transparent")
                                                    ? QStringLiteral("transparent")
                                                    : QStringLiteral("opaque")},
                 {QStringLiteral("output_format"), format},
                 {QStringLiteral("quality"), resolvedQuality},
                 {QStringLiteral("size"), QStringLiteral("%1x%2").arg(actual.width()).arg(actual.height())}};
    return std::nullopt;
}

FakeReply FakeImages::respond(const QString &prompt, const QJsonObject &resolved, int inputImages)
{
    const int n = resolved.value(QStringLiteral("n")).toInt();
    const QString quality = resolved.value(QStringLiteral("quality")).toString();
    const QStringList wh = resolved.value(QStringLiteral("size")).toString().split(QLatin1Char('x'));
    const QSize size(wh.value(0).toInt(), wh.value(1).toInt());
    QJsonArray data;
    if (!prompt.contains(QLatin1String("[fake:empty]"))) {
        const bool noB64 = prompt.contains(QLatin1String("[fake:nob64]"));
        const QByteArray b64 =
            noB64
                ? QByteArray()
                : m_media->imageBase64(resolved.value(QStringLiteral("output_format")).toString().toLatin1(),
                                       size,
                                       resolved.value(QStringLiteral("background")).toString() ==
                                           QLatin1String("transparent"));
        for (int i = 0; i < n; ++i)
            data.append(noB64 ? QJsonObject()
                              : QJsonObject{{QStringLiteral("b64_json"), QString::fromLatin1(b64)}});
    }
    const int textTokens = int(prompt.size() / 4) + 1;
    const int imageTokens = inputImages * 323;
    const int outputTokens = n * tokensFor(quality);
    const QJsonObject usage{
        {QStringLiteral("input_tokens"), textTokens + imageTokens},
        {QStringLiteral("input_tokens_details"), QJsonObject{{QStringLiteral("image_tokens"), imageTokens},
                                                             {QStringLiteral("text_tokens"), textTokens}}},
        {QStringLiteral("output_tokens"), outputTokens},
        {QStringLiteral("output_tokens_details"),
         QJsonObject{{QStringLiteral("image_tokens"), outputTokens}, {QStringLiteral("text_tokens"), 0}}},
        {QStringLiteral("total_tokens"), textTokens + imageTokens + outputTokens}};
    QJsonObject body = resolved;
    body.remove(QStringLiteral("n"));
    body.insert(QStringLiteral("created"), FakeIds::now());
    body.insert(QStringLiteral("data"), data);
    body.insert(QStringLiteral("usage"), usage);
    return FakeReply::json(body);
}

FakeReply FakeImages::generate(const RecordedRequest &request)
{
    if (request.mimeType() != "application/json")
        return FakeReply::unsupportedContentType(request.header("content-type"), "application/json");
    if (!request.jsonValid)
        return FakeReply::invalidJson();
    static const QStringList extra{QStringLiteral("moderation"), QStringLiteral("svg")};
    // response_format and style are dall-e parameters; GPT image models reject them as unknown.
    for (auto it = request.json.constBegin(); it != request.json.constEnd(); ++it) {
        if (!CommonKeys.contains(it.key()) && !extra.contains(it.key()))
            return FakeReply::unknownParameter(it.key());
    }
    QJsonObject resolved;
    if (auto rejected = validate(request.json, false, &resolved))
        return *rejected;
    return respond(request.json.value(QStringLiteral("prompt")).toString(), resolved, 0);
}

std::optional<FakeReply> FakeImages::checkImagePart(const MultipartPart &part, const QString &param,
                                                    QSize *size) const
{
    if (!part.isFile())
        return FakeReply::invalidType(param, QStringLiteral("a file, but got a string instead"));
    if (!ImageTypes.contains(QString::fromLatin1(part.mimeType()))) {
        const QString type = part.contentType.isEmpty() ? QStringLiteral("application/octet-stream")
                                                        : QString::fromLatin1(part.mimeType());
        return FakeReply::badRequest(
            QStringLiteral("Invalid file '%1': unsupported mimetype ('%2'). Supported file "
                           "formats are 'image/jpeg', 'image/png', and 'image/webp'.")
                .arg(QString::fromUtf8(part.name), type),
            param, QStringLiteral("unsupported_file_mimetype"));
    }
    const QImage image = QImage::fromData(part.data);
    if (image.isNull())
        return FakeReply::badRequest(
            QStringLiteral("Invalid image file or mode for '%1', please check your image "
                           "file.")
                .arg(param),
            param, QStringLiteral("invalid_image_file"));
    if (size)
        *size = image.size();
    return std::nullopt;
}

FakeReply FakeImages::edit(const RecordedRequest &request)
{
    if (request.mimeType() != "multipart/form-data")
        return FakeReply::unsupportedContentType(request.header("content-type"), "multipart/form-data");
    if (!request.multipartValid)
        return FakeReply::badRequest(QStringLiteral("Could not parse multipart form data."));

    static const QStringList editOnly{QStringLiteral("input_fidelity"), QStringLiteral("svg[model]"),
                                      QStringLiteral("svg[reasoning][effort]")};
    QList<const MultipartPart *> single;
    QList<const MultipartPart *> array;
    const MultipartPart *mask = nullptr;
    const MultipartPart *markup = nullptr;
    QJsonObject options;
    QSet<QByteArray> seen;
    for (const MultipartPart &part : request.parts) {
        const QString name = QString::fromUtf8(part.name);
        if (part.name == "image[]") {
            array.append(&part);
            continue;
        }
        // Every other field is scalar: a repeat is the API's duplicate_parameter error (also for "image").
        if (seen.contains(part.name))
            return duplicate(name);
        seen.insert(part.name);
        if (part.name == "image") {
            single.append(&part);
        } else if (part.name == "mask") {
            mask = &part;
        } else if (part.name == "markup") {
            markup = &part;
        } else if (CommonKeys.contains(name) || editOnly.contains(name)) {
            if (part.isFile())
                return FakeReply::invalidType(name, QStringLiteral("a string, but got a file instead"));
            const QString text = part.text();
            if (IntegerKeys.contains(name)) {
                bool ok = false;
                const int value = text.toInt(&ok);
                if (!ok)
                    return FakeReply::invalidType(name, QStringLiteral("an integer"));
                options.insert(name, value);
            } else if (name == QLatin1String("stream")) {
                options.insert(name, text == QLatin1String("true"));
            } else {
                options.insert(name, text);
            }
        } else {
            // Includes "moderation" (generations only) and the dall-e "response_format".
            return FakeReply::unknownParameter(name);
        }
    }
    if (!single.isEmpty() && !array.isEmpty())
        return FakeReply::badRequest(QStringLiteral("Provide either 'image' or 'image[]', not both."),
                                     QStringLiteral("image"), QStringLiteral("invalid_value"));
    if (single.isEmpty() && array.isEmpty())
        return FakeReply::missingParameter(QStringLiteral("image"));
    if (array.size() > 16)
        return FakeReply::badRequest(QStringLiteral("Too many images: at most 16 are allowed."),
                                     QStringLiteral("image"), QStringLiteral("invalid_value"));
    const QString fidelity = options.value(QStringLiteral("input_fidelity")).toString(QStringLiteral("low"));
    if (fidelity != QLatin1String("low") && fidelity != QLatin1String("high"))
        return FakeReply::invalidValue(QStringLiteral("input_fidelity"), fidelity,
                                       {QStringLiteral("high"), QStringLiteral("low")});

    const QList<const MultipartPart *> images = single.isEmpty() ? array : single;
    QSize firstSize;
    for (qsizetype i = 0; i < images.size(); ++i) {
        const QString param = single.isEmpty() ? QStringLiteral("image[%1]").arg(i) : QStringLiteral("image");
        if (auto rejected = checkImagePart(*images[i], param, i == 0 ? &firstSize : nullptr))
            return *rejected;
    }
    if (mask && markup)
        return FakeReply::badRequest(QStringLiteral("'markup' cannot be combined with 'mask'."),
                                     QStringLiteral("markup"), QStringLiteral("invalid_value"));
    if (markup) {
        if (auto rejected = checkImagePart(*markup, QStringLiteral("markup"), nullptr))
            return *rejected;
    }
    if (mask) {
        if (auto rejected = checkImagePart(*mask, QStringLiteral("mask"), nullptr))
            return *rejected;
        const QImage maskImage = QImage::fromData(mask->data);
        if (!maskImage.hasAlphaChannel())
            return FakeReply::badRequest(QStringLiteral("Invalid mask: the mask must be a PNG with an alpha "
                                                        "channel."),
                                         QStringLiteral("mask"), QStringLiteral("invalid_image_format"));
        if (maskImage.size() != firstSize)
            return FakeReply::badRequest(QStringLiteral("Invalid mask: mask size does not match image size."),
                                         QStringLiteral("mask"), QStringLiteral("invalid_value"));
    }
    QJsonObject resolved;
    if (auto rejected = validate(options, true, &resolved))
        return *rejected;
    return respond(options.value(QStringLiteral("prompt")).toString(), resolved, int(images.size()));
}

} // namespace Sanzaru::Testing

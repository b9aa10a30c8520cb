// SPDX-License-Identifier: MIT
#include "fakeresponses.h"

#include "fakefiles.h"
#include "fakeids.h"
#include "fakemedia.h"
#include "recordedrequest.h"

namespace Sanzaru::Testing {

namespace {

const QStringList RequestKeys{QStringLiteral("model"),
                              QStringLiteral("input"),
                              QStringLiteral("tools"),
                              QStringLiteral("background"),
                              QStringLiteral("previous_response_id"),
                              QStringLiteral("instructions"),
                              QStringLiteral("store"),
                              QStringLiteral("metadata"),
                              QStringLiteral("reasoning"),
                              QStringLiteral("tool_choice"),
                              QStringLiteral("max_output_tokens"),
                              QStringLiteral("safety_identifier"),
                              QStringLiteral("prompt_cache_key"),
                              QStringLiteral("service_tier"),
                              QStringLiteral("text"),
                              QStringLiteral("truncation"),
                              QStringLiteral("include"),
                              QStringLiteral("stream"),
                              QStringLiteral("parallel_tool_calls"),
                              QStringLiteral("temperature"),
                              QStringLiteral("top_p"),
                              QStringLiteral("user"),
                              QStringLiteral("max_tool_calls"),
                              QStringLiteral("prompt"),
                              QStringLiteral("conversation"),
                              QStringLiteral("top_logprobs")};
const QStringList ImageToolKeys{QStringLiteral("type"),
                                QStringLiteral("action"),
                                QStringLiteral("background"),
                                QStringLiteral("model"),
                                QStringLiteral("moderation"),
                                QStringLiteral("output_compression"),
                                QStringLiteral("output_format"),
                                QStringLiteral("partial_images"),
                                QStringLiteral("quality"),
                                QStringLiteral("size"),
                                QStringLiteral("input_fidelity"),
                                QStringLiteral("input_image_mask"),
                                QStringLiteral("complexity"),
                                QStringLiteral("frame_count"),
                                QStringLiteral("frame_duration_ms"),
                                QStringLiteral("svg")};

// The text a user typed: a string input, or every input_text of the messages (markers are looked up here).
QString promptText(const QJsonValue &input, const QString &instructions)
{
    QString text = instructions;
    if (input.isString())
        return text + QLatin1Char('\n') + input.toString();
    for (const QJsonValue &message : input.toArray()) {
        const QJsonValue content = message.toObject().value(QStringLiteral("content"));
        if (content.isString())
            text += QLatin1Char('\n') + content.toString();
        for (const QJsonValue &item : content.toArray())
            text += QLatin1Char('\n') + item.toObject().value(QStringLiteral("text")).toString();
    }
    return text;
}

QJsonObject messageItem(const QString &text)
{
    const QJsonObject content{{QStringLiteral("type"), QStringLiteral("output_text")},
                              {QStringLiteral("text"), text},
                              {QStringLiteral("annotations"), QJsonArray()}};
    return {{QStringLiteral("type"), QStringLiteral("message")},
            {QStringLiteral("id"), FakeIds::make(QStringLiteral("msg_"))},
            {QStringLiteral("status"), QStringLiteral("completed")},
            {QStringLiteral("role"), QStringLiteral("assistant")},
            {QStringLiteral("content"), QJsonArray{content}}};
}

QJsonObject imageTool(const QJsonObject &response)
{
    for (const QJsonValue &tool : response.value(QStringLiteral("tools")).toArray()) {
        if (tool.toObject().value(QStringLiteral("type")).toString() == QLatin1String("image_generation"))
            return tool.toObject();
    }
    return {};
}

FakeReply responseNotFound(const QString &id)
{
    return FakeReply::notFound(QStringLiteral("Response with id '%1' not found.").arg(id));
}

} // namespace

FakeResponses::FakeResponses(FakeMedia *media, const FakeFiles *files)
    : m_media(media)
    , m_files(files)
{}

std::optional<FakeReply> FakeResponses::checkInput(const QJsonValue &input) const
{
    if (input.isUndefined() || input.isNull())
        return FakeReply::missingParameter(QStringLiteral("input"));
    if (input.isString())
        return std::nullopt;
    if (!input.isArray())
        return FakeReply::invalidType(QStringLiteral("input"), QStringLiteral("a string or an array"));
    const QJsonArray messages = input.toArray();
    for (qsizetype m = 0; m < messages.size(); ++m) {
        const QJsonArray items = messages.at(m).toObject().value(QStringLiteral("content")).toArray();
        for (qsizetype i = 0; i < items.size(); ++i) {
            const QJsonObject item = items.at(i).toObject();
            const QString param = QStringLiteral("input[%1].content[%2]").arg(m).arg(i);
            if (item.value(QStringLiteral("type")).toString() != QLatin1String("input_image"))
                continue;
            const QString url = item.value(QStringLiteral("image_url")).toString();
            const QString fileId = item.value(QStringLiteral("file_id")).toString();
            if (!fileId.isEmpty() && !m_files->contains(fileId))
                return FakeReply::badRequest(QStringLiteral("No such File object: %1").arg(fileId),
                                             param + QStringLiteral(".file_id"),
                                             QStringLiteral("invalid_value"));
            if (fileId.isEmpty() && !url.startsWith(QLatin1String("data:image/")) &&
                !url.startsWith(QLatin1String("https://")) && !url.startsWith(QLatin1String("http://")))
                return FakeReply::badRequest(QStringLiteral("Invalid image URL: '%1.image_url'.").arg(param),
                                             param + QStringLiteral(".image_url"),
                                             QStringLiteral("invalid_value"));
        }
    }
    return std::nullopt;
}

std::optional<FakeReply> FakeResponses::checkTools(const QJsonValue &tools) const
{
    if (tools.isUndefined() || tools.isNull())
        return std::nullopt;
    if (!tools.isArray())
        return FakeReply::invalidType(QStringLiteral("tools"), QStringLiteral("an array"));
    const QJsonArray list = tools.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject tool = list.at(i).toObject();
        const QString prefix = QStringLiteral("tools[%1].").arg(i);
        if (!tool.contains(QStringLiteral("type")))
            return FakeReply::missingParameter(prefix + QStringLiteral("type"));
        if (tool.value(QStringLiteral("type")).toString() != QLatin1String("image_generation"))
            continue;
        for (auto it = tool.constBegin(); it != tool.constEnd(); ++it) {
            if (!ImageToolKeys.contains(it.key()))
                return FakeReply::unknownParameter(prefix + it.key());
        }
        const QString format = tool.value(QStringLiteral("output_format")).toString(QStringLiteral("png"));
        if (format != QLatin1String("png") && format != QLatin1String("jpeg") &&
            format != QLatin1String("webp"))
            return FakeReply::invalidValue(
                prefix + QStringLiteral("output_format"), format,
                {QStringLiteral("png"), QStringLiteral("jpeg"), QStringLiteral("webp")});
        const QString size = tool.value(QStringLiteral("size")).toString(QStringLiteral("auto"));
        const QStringList wh = size.split(QLatin1Char('x'));
        if (size != QLatin1String("auto") && (wh.size() != 2 || wh[0].toInt() <= 0 || wh[1].toInt() <= 0))
            return FakeReply::invalidValue(prefix + QStringLiteral("size"), size, {});
        const QString maskFile = tool.value(QStringLiteral("input_image_mask"))
                                     .toObject()
                                     .value(QStringLiteral("file_id"))
                                     .toString();
        if (!maskFile.isEmpty() && !m_files->contains(maskFile))
            return FakeReply::badRequest(QStringLiteral("No such File object: %1").arg(maskFile),
                                         prefix + QStringLiteral("input_image_mask.file_id"),
                                         QStringLiteral("invalid_value"));
    }
    return std::nullopt;
}

FakeReply FakeResponses::create(const RecordedRequest &request)
{
    if (request.mimeType() != "application/json")
        return FakeReply::unsupportedContentType(request.header("content-type"), "application/json");
    if (!request.jsonValid)
        return FakeReply::invalidJson();
    const QJsonObject &j = request.json;
    for (auto it = j.constBegin(); it != j.constEnd(); ++it) {
        if (!RequestKeys.contains(it.key()))
            return FakeReply::unknownParameter(it.key());
    }
    if (!j.value(QStringLiteral("model")).isString() || j.value(QStringLiteral("model")).toString().isEmpty())
        return FakeReply::missingParameter(QStringLiteral("model"));
    if (auto rejected = checkInput(j.value(QStringLiteral("input"))))
        return *rejected;
    if (auto rejected = checkTools(j.value(QStringLiteral("tools"))))
        return *rejected;
    const QJsonValue background = j.value(QStringLiteral("background"));
    if (!background.isUndefined() && !background.isNull() && !background.isBool())
        return FakeReply::invalidType(QStringLiteral("background"), QStringLiteral("a boolean"));
    if (j.value(QStringLiteral("stream")).toBool())
        return FakeReply::badRequest(QStringLiteral("Streaming is not supported by the fake server."),
                                     QStringLiteral("stream"), QStringLiteral("unsupported_value"));
    const QJsonValue previous = j.value(QStringLiteral("previous_response_id"));
    if (!previous.isUndefined() && !previous.isNull() && !m_responses.contains(previous.toString()))
        return FakeReply::badRequest(
            QStringLiteral("Previous response with id '%1' not found.").arg(previous.toString()),
            QStringLiteral("previous_response_id"), QStringLiteral("previous_response_not_found"));

    const auto orNull = [&j](const QString &key) {
        const QJsonValue v = j.value(key);
        return v.isUndefined() ? QJsonValue(QJsonValue::Null) : v;
    };
    Entry entry;
    entry.prompt =
        promptText(j.value(QStringLiteral("input")), j.value(QStringLiteral("instructions")).toString());
    entry.object = {
        {QStringLiteral("id"), FakeIds::make(QStringLiteral("resp_"))},
        {QStringLiteral("object"), QStringLiteral("response")},
        {QStringLiteral("created_at"), FakeIds::now()},
        {QStringLiteral("status"), QStringLiteral("queued")},
        {QStringLiteral("background"), background.toBool()},
        {QStringLiteral("model"), j.value(QStringLiteral("model"))},
        {QStringLiteral("tools"), j.value(QStringLiteral("tools")).toArray()},
        {QStringLiteral("tool_choice"), j.value(QStringLiteral("tool_choice")).toVariant().isNull()
                                            ? QJsonValue(QStringLiteral("auto"))
                                            : j.value(QStringLiteral("tool_choice"))},
        {QStringLiteral("output"), QJsonArray()},
        {QStringLiteral("error"), QJsonValue::Null},
        {QStringLiteral("incomplete_details"), QJsonValue::Null},
        {QStringLiteral("instructions"), orNull(QStringLiteral("instructions"))},
        {QStringLiteral("previous_response_id"), orNull(QStringLiteral("previous_response_id"))},
        {QStringLiteral("metadata"), j.value(QStringLiteral("metadata")).toObject()},
        {QStringLiteral("usage"), QJsonValue::Null}};
    // Without background the API answers only once the work is done.
    if (!background.toBool())
        finish(entry);
    m_responses.insert(entry.object.value(QStringLiteral("id")).toString(), entry);
    return FakeReply::json(entry.object);
}

void FakeResponses::finish(Entry &entry)
{
    QJsonObject &o = entry.object;
    const qint64 now = FakeIds::now();
    if (entry.prompt.contains(QLatin1String("[fake:fail]"))) {
        o[QStringLiteral("status")] = QStringLiteral("failed");
        o[QStringLiteral("error")] = QJsonObject{
            {QStringLiteral("code"), QStringLiteral("image_content_policy_violation")},
            {QStringLiteral("message"), QStringLiteral("Your request was rejected by the safety system.")}};
        return;
    }
    QJsonArray output;
    const QJsonObject tool = imageTool(o);
    if (entry.prompt.contains(QLatin1String("[fake:refuse]"))) {
        output.append(messageItem(QStringLiteral("I can't help with that.")));
    } else if (!tool.isEmpty()) {
        const QString format = tool.value(QStringLiteral("output_format")).toString(QStringLiteral("png"));
        const QString sizeText = tool.value(QStringLiteral("size")).toString(QStringLiteral("auto"));
        const QStringList wh = sizeText.split(QLatin1Char('x'));
        const QSize requested = sizeText == QLatin1String("auto")
                                    ? QSize(1024, 1024)
                                    : QSize(wh.value(0).toInt(), wh.value(1).toInt());
        const QSize actual = FakeMedia::imageSize(format.toLatin1(), requested);
        const QString background =
            tool.value(QStringLiteral("background")).toString() == QLatin1String("transparent")
                ? QStringLiteral("transparent")
                : QStringLiteral("opaque");
        const QString quality = tool.value(QStringLiteral("quality")).toString(QStringLiteral("auto"));
        output.append(QJsonObject{
            {QStringLiteral("type"), QStringLiteral("image_generation_call")},
            {QStringLiteral("id"), FakeIds::make(QStringLiteral("ig_"))},
            {QStringLiteral("status"), QStringLiteral("completed")},
            {QStringLiteral("action"),
             tool.value(QStringLiteral("action")).toString(QStringLiteral("generate"))},
            {QStringLiteral("background"), background},
            {QStringLiteral("output_format"), format},
            {QStringLiteral("quality"), quality == QLatin1String("auto") ? QStringLiteral("high") : quality},
            {QStringLiteral("size"), QStringLiteral("%1x%2").arg(actual.width()).arg(actual.height())},
            {QStringLiteral("revised_prompt"), entry.prompt.trimmed()},
            {QStringLiteral("result"),
             QString::fromLatin1(m_media->imageBase64(format.toLatin1(), requested,
                                                      background == QLatin1String("transparent")))}});
        output.append(messageItem(QStringLiteral("Here is the image you asked for.")));
    } else {
        output.append(messageItem(QStringLiteral("OK.")));
    }
    const int inputTokens = int(entry.prompt.size() / 4) + 1;
    const int outputTokens = tool.isEmpty() ? 8 : 1100;
    o[QStringLiteral("status")] = QStringLiteral("completed");
    o[QStringLiteral("completed_at")] = now;
    o[QStringLiteral("output")] = output;
    o[QStringLiteral("usage")] = QJsonObject{
        {QStringLiteral("input_tokens"), inputTokens},
        {QStringLiteral("input_tokens_details"), QJsonObject{{QStringLiteral("cached_tokens"), 0}}},
        {QStringLiteral("output_tokens"), outputTokens},
        {QStringLiteral("output_tokens_details"), QJsonObject{{QStringLiteral("reasoning_tokens"), 0}}},
        {QStringLiteral("total_tokens"), inputTokens + outputTokens}};
}

FakeReply FakeResponses::retrieve(const QString &id)
{
    auto it = m_responses.find(id);
    if (it == m_responses.end())
        return responseNotFound(id);
    Entry &entry = it.value();
    const QString state = entry.object.value(QStringLiteral("status")).toString();
    if (state == QLatin1String("queued") || state == QLatin1String("in_progress")) {
        if (++entry.polls >= 2)
            finish(entry);
        else
            entry.object[QStringLiteral("status")] = QStringLiteral("in_progress");
    }
    return FakeReply::json(entry.object);
}

FakeReply FakeResponses::cancel(const QString &id)
{
    auto it = m_responses.find(id);
    if (it == m_responses.end())
        return responseNotFound(id);
    QJsonObject &o = it->object;
    if (!o.value(QStringLiteral("background")).toBool())
        return FakeReply::badRequest(
            QStringLiteral("Only responses created with background=true can be cancelled."));
    const QString state = o.value(QStringLiteral("status")).toString();
    if (state == QLatin1String("completed") || state == QLatin1String("failed"))
        return FakeReply::badRequest(QStringLiteral("Cannot cancel a response with status '%1'.").arg(state));
    o[QStringLiteral("status")] = QStringLiteral("cancelled");
    return FakeReply::json(o);
}

FakeReply FakeResponses::remove(const QString &id)
{
    if (!m_responses.remove(id))
        return responseNotFound(id);
    return FakeReply::json({{QStringLiteral("id"), id},
                            {QStringLiteral("object"), QStringLiteral("response")},
                            {QStringLiteral("deleted"), true}});
}

} // namespace Sanzaru::Testing

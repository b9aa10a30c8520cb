// SPDX-License-Identifier: MIT
#include "fakegateway.h"

#include <QDateTime>

namespace Sanzaru::Testing {

namespace {

const QString MiniMax = QStringLiteral("minimax/h3");
const QString Veo = QStringLiteral("google/veo-3.1-fast");
const QString Wan = QStringLiteral("wan-ai/wan-2.6-t2v");

QStringList range(int from, int to)
{
    QStringList out;
    for (int i = from; i <= to; ++i)
        out.append(QString::number(i));
    return out;
}

} // namespace

std::optional<FakeDialect> FakeGateway::parse(const QString &name)
{
    if (name == QLatin1String("openai"))
        return FakeDialect::OpenAi;
    if (name == QLatin1String("gateway"))
        return FakeDialect::Gateway;
    return std::nullopt;
}

QString FakeGateway::name(FakeDialect dialect)
{
    return dialect == FakeDialect::Gateway ? QStringLiteral("gateway") : QStringLiteral("openai");
}

QStringList FakeGateway::modelIds()
{
    return {MiniMax, Veo, Wan};
}

QStringList FakeGateway::sizes(const QString &model)
{
    if (model == MiniMax)
        return {QStringLiteral("1344x768"), QStringLiteral("768x1344"), QStringLiteral("768x768"),
                QStringLiteral("1024x768"), QStringLiteral("768x1024"), QStringLiteral("1536x672")};
    return {QStringLiteral("1280x720"), QStringLiteral("720x1280"), QStringLiteral("1920x1080"),
            QStringLiteral("1080x1920")};
}

QStringList FakeGateway::seconds(const QString &model)
{
    if (model == MiniMax)
        return range(4, 15);
    if (model == Veo)
        return {QStringLiteral("4"), QStringLiteral("6"), QStringLiteral("8")};
    return {QStringLiteral("5"), QStringLiteral("10"), QStringLiteral("15")};
}

std::optional<FakeReply> FakeGateway::checkCreate(const QString &model, const QString &seconds,
                                                  const QString &size)
{
    if (!modelIds().contains(model))
        return FakeReply::error(404,
                                QStringLiteral("Model '%1' is not served here. Available video models: %2.")
                                    .arg(model, modelIds().join(QStringLiteral(", "))),
                                QStringLiteral("invalid_request_error"), QStringLiteral("model"),
                                QStringLiteral("model_not_found"));
    if (!seconds.isEmpty() && !FakeGateway::seconds(model).contains(seconds))
        return FakeReply::invalidValue(QStringLiteral("seconds"), seconds, FakeGateway::seconds(model));
    if (!size.isEmpty() && !sizes(model).contains(size))
        return FakeReply::invalidValue(QStringLiteral("size"), size, sizes(model));
    return std::nullopt;
}

QJsonObject FakeGateway::newVideo(const QString &id, const QString &model, const QString &prompt,
                                  const QString &seconds, const QString &size)
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("object"), QStringLiteral("video")},
            {QStringLiteral("status"), QStringLiteral("pending")},
            {QStringLiteral("created_at"), now()},
            {QStringLiteral("model"), model},
            {QStringLiteral("prompt"), prompt},
            {QStringLiteral("seconds"), seconds.isEmpty() ? FakeGateway::seconds(model).first() : seconds},
            {QStringLiteral("size"), size.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(size)},
            {QStringLiteral("error"), QJsonValue::Null},
            // Fields OpenAI never sends; clients must ignore them.
            {QStringLiteral("provider"), model.section(QLatin1Char('/'), 0, 0)},
            {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("gateway"), QStringLiteral("fake")},
                                                     {QStringLiteral("queue_position"), 1}}}};
}

void FakeGateway::advance(QJsonObject &video, int step, bool fail)
{
    if (step < 3) {
        video[QStringLiteral("status")] = QStringLiteral("processing");
        video[QStringLiteral("progress")] = step == 1 ? 33.3 : 66.7;
        return;
    }
    video[QStringLiteral("completed_at")] = now();
    if (fail) {
        video[QStringLiteral("status")] = QStringLiteral("failed");
        video[QStringLiteral("error")] = QJsonObject{
            {QStringLiteral("code"), QStringLiteral("generation_failed")},
            {QStringLiteral("message"), QStringLiteral("The upstream model could not render this prompt.")},
            {QStringLiteral("upstream_status"), 422}};
        return;
    }
    video[QStringLiteral("status")] = QStringLiteral("completed");
    video[QStringLiteral("progress")] = 100;
    video[QStringLiteral("usage")] = QJsonObject{
        {QStringLiteral("duration_seconds"), video.value(QStringLiteral("seconds")).toString().toDouble()}};
}

double FakeGateway::now()
{
    return double(QDateTime::currentMSecsSinceEpoch()) / 1000.0 + 0.0005;
}

} // namespace Sanzaru::Testing

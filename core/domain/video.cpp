// SPDX-License-Identifier: MIT
#include "video.h"

#include "openai/apirequest.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace Sanzaru::Core {

Error Video::failure() const
{
    return remoteFailure(json, status);
}

Result<Video> Video::fromResponse(const ApiResponse &response)
{
    const QJsonValue id = response.json.value(QStringLiteral("id"));
    if (!id.isString() || id.toString().isEmpty()) {
        Error e;
        e.kind = ErrorKind::Api;
        e.httpStatus = response.status;
        e.message = QStringLiteral("The video provider answered without a video id");
        e.detail = QString::fromUtf8(QJsonDocument(response.json).toJson(QJsonDocument::Compact)).left(500);
        return e;
    }
    return fromJson(RemoteStatus::withStatus(response.json));
}

Video Video::fromJson(const QJsonObject &json)
{
    Video video;
    video.json = json;
    video.id = json.value(QStringLiteral("id")).toString();
    video.status = RemoteStatus::fromWord(json.value(QStringLiteral("status")).toString());
    // Gateways send fractional progress; toInt() would read it as 0.
    if (const QJsonValue progress = json.value(QStringLiteral("progress")); progress.isDouble())
        video.progress = progress.toDouble();
    return video;
}

Error remoteFailure(const QJsonObject &json, const RemoteStatus &status)
{
    // Some providers send the error as a plain string instead of {code, message}.
    const QJsonValue remote = json.value(QStringLiteral("error"));
    Error error;
    error.kind = ErrorKind::JobFailed;
    error.apiCode = remote.toObject().value(QStringLiteral("code")).toString();
    error.message =
        remote.isString() ? remote.toString() : remote.toObject().value(QStringLiteral("message")).toString();
    if (error.message.isEmpty())
        error.message =
            QCoreApplication::translate("Sanzaru::Core::Job", "The remote job ended as %1.").arg(status.word);
    return error;
}

} // namespace Sanzaru::Core

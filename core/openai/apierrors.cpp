// SPDX-License-Identifier: MIT
#include "apierrors.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Sanzaru::Core {

QString ApiErrors::videoShutdownMessage()
{
    return QStringLiteral(
        "OpenAI shut its video API down on 2026-09-24, so videos need another provider: set "
        "SANZARU_VIDEO_BASE_URL and SANZARU_VIDEO_API_KEY (or the video provider in Settings) to a "
        "gateway that serves /v1/videos.");
}

Error ApiErrors::fromResponse(int status, const QByteArray &body, const QString &method, const QString &path,
                              const QString &host)
{
    Error e;
    e.kind = ErrorKind::Api;
    e.httpStatus = status;

    QString apiMessage;
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isObject()) {
        QJsonObject err = doc.object();
        if (err.value(QStringLiteral("error")).isObject())
            err = err.value(QStringLiteral("error")).toObject();
        apiMessage = err.value(QStringLiteral("message")).toString();
        if (apiMessage.isEmpty())
            apiMessage = QString::fromUtf8(QJsonDocument(err).toJson(QJsonDocument::Compact));
        e.apiCode = err.value(QStringLiteral("code")).toString();
        e.apiType = err.value(QStringLiteral("type")).toString();
        e.apiParam = err.value(QStringLiteral("param")).toString();
    } else if (!body.trimmed().isEmpty()) {
        apiMessage = QString::fromUtf8(body.left(2000)).trimmed();
    } else {
        apiMessage = QStringLiteral("status code (no body)");
    }
    e.detail = QStringLiteral("%1 %2 -> %3 %4").arg(method, path).arg(status).arg(apiMessage);

    const QString base = QStringLiteral("OpenAI API error %1: %2").arg(status).arg(apiMessage);
    const bool videos = path.startsWith(QStringLiteral("/videos"));
    if (status == 401) {
        e.message = base + QStringLiteral(" Check OPENAI_API_KEY (or the key in the app's settings).");
    } else if (status == 403) {
        e.message = base + QStringLiteral(
                               " The key's organization or project lacks access to this model or endpoint.");
    } else if (status == 429 && e.apiCode == QStringLiteral("insufficient_quota")) {
        e.message = base + QStringLiteral(" The account is out of quota; add credit or use another key.");
    } else if (status == 429) {
        e.message = base + QStringLiteral(" Rate limited even after retries; wait a minute and try again.");
    } else if (videos && (status == 404 || status == 410) &&
               host.compare(QStringLiteral("api.openai.com"), Qt::CaseInsensitive) == 0) {
        e.message = videoShutdownMessage();
    } else if (videos &&
               (status == 410 || (status == 404 && apiMessage.startsWith(QStringLiteral("Invalid URL"))))) {
        e.message =
            QStringLiteral("The Sora video API is not available at this base URL (HTTP %1: %2). OpenAI "
                           "shut it down on 2026-09-24; set SANZARU_VIDEO_BASE_URL and SANZARU_VIDEO_API_KEY "
                           "(or OPENAI_BASE_URL) to a provider that serves /videos.")
                .arg(status)
                .arg(apiMessage);
    } else if (status >= 500) {
        e.message = base + QStringLiteral(" The server failed; try again later.");
    } else {
        e.message = base;
    }
    return e;
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace Sanzaru::Core {

/// One HTTP call to the API, as a value. The path is relative to the base URL and already
/// percent-encoded ("/videos/video_123/content").
struct ApiRequest
{
    QByteArray method = QByteArrayLiteral("GET");
    QString path;
    QList<QPair<QString, QString>> query; ///< only the keys the caller set, in order
    QByteArray body;
    QByteArray contentType;               ///< empty for bodyless requests
    QByteArray accept = QByteArrayLiteral("application/json");
    /// A POST that starts paid work (video create/remix, image generation/edit, background response).
    /// It is never re-sent once the server may have received it, so a lost answer never pays twice.
    bool createsPaidJob = false;
    /// Largest answer body buffered, checked against Content-Length before reading and while reading;
    /// 0 = ApiLimits::defaultAnswerBytes. Image endpoints raise it (ApiLimits::imageAnswerBytes).
    qint64 maxAnswerBytes = 0;
    /// Move large base64 strings out of the JSON answer (see Base64Payloads, ApiResponse::stringBytes).
    bool extractBase64Payloads = false;
};

/// A completed HTTP exchange with a 2xx status.
struct ApiResponse
{
    int status = 0;
    QByteArray body;
    QJsonObject json; ///< parsed when the body is a JSON object
    QByteArray requestId;
    qint64 bytesWritten = 0; ///< downloads: bytes now in the destination file
    QList<QByteArray> payloads; ///< base64 strings moved out of `json` (ApiRequest::extractBase64Payloads)

    /// A string value as Latin-1 bytes, resolving a payload moved out of the JSON; empty if not a string.
    QByteArray stringBytes(const QJsonValue &value) const;
};

} // namespace Sanzaru::Core

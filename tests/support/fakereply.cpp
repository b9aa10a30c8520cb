// SPDX-License-Identifier: MIT
#include "fakereply.h"

#include <QJsonDocument>

namespace Sanzaru::Testing {

namespace {

QJsonValue optionalString(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

// "'a', 'b', and 'c'" — the enumeration style of the API's invalid_value messages.
QString quotedList(const QStringList &values)
{
    QStringList quoted;
    for (const QString &v : values)
        quoted.append(QLatin1Char('\'') + v + QLatin1Char('\''));
    if (quoted.size() <= 2)
        return quoted.join(QStringLiteral(" and "));
    const QString last = quoted.takeLast();
    return quoted.join(QStringLiteral(", ")) + QStringLiteral(", and ") + last;
}

} // namespace

qint64 FakeReply::bodySize() const
{
    qint64 total = 0;
    for (const QByteArray &segment : body)
        total += segment.size();
    return total;
}

QByteArray FakeReply::joinedBody() const
{
    if (body.size() == 1)
        return body.first();
    QByteArray joined;
    joined.reserve(bodySize());
    for (const QByteArray &segment : body)
        joined.append(segment);
    return joined;
}

FakeReply FakeReply::json(const QJsonObject &object, int status)
{
    FakeReply reply;
    reply.status = status;
    reply.contentType = QByteArrayLiteral("application/json");
    reply.body.append(QJsonDocument(object).toJson(QJsonDocument::Indented));
    return reply;
}

FakeReply FakeReply::bytes(const QByteArray &contentType, const QList<QByteArray> &segments)
{
    FakeReply reply;
    reply.contentType = contentType;
    reply.body = segments;
    return reply;
}

FakeReply FakeReply::error(int status, const QString &message, const QString &type, const QJsonValue &param,
                           const QJsonValue &code)
{
    const QJsonObject error{{QStringLiteral("message"), message},
                            {QStringLiteral("type"), type},
                            {QStringLiteral("param"), param},
                            {QStringLiteral("code"), code}};
    return json(QJsonObject{{QStringLiteral("error"), error}}, status);
}

FakeReply FakeReply::errorForStatus(int status)
{
    const QString server = QStringLiteral("server_error");
    switch (status) {
    case 400:
        return badRequest(QStringLiteral("Bad request (injected by the fake server)."));
    case 401:
        return error(401, QStringLiteral("Incorrect API key provided."),
                     QStringLiteral("invalid_request_error"), QJsonValue::Null,
                     QStringLiteral("invalid_api_key"));
    case 403:
        return error(403, QStringLiteral("You are not allowed to sample from this model."),
                     QStringLiteral("invalid_request_error"), QJsonValue::Null,
                     QStringLiteral("permission_denied"));
    case 404:
        return notFound(QStringLiteral("Not found (injected by the fake server)."));
    case 408:
        return error(408, QStringLiteral("Request timed out."), QStringLiteral("timeout"));
    case 409:
        return error(409, QStringLiteral("Conflict (injected by the fake server)."),
                     QStringLiteral("invalid_request_error"), QJsonValue::Null, QStringLiteral("conflict"));
    case 429:
        return error(429, QStringLiteral("Rate limit reached for requests. Please try again later."),
                     QStringLiteral("requests"), QJsonValue::Null, QStringLiteral("rate_limit_exceeded"));
    case 500:
        return error(
            500, QStringLiteral("The server had an error while processing your request. Sorry about that!"),
            server);
    case 502:
        return error(502, QStringLiteral("Bad gateway."), server);
    case 503:
        return error(503, QStringLiteral("The engine is currently overloaded, please try again later."),
                     server);
    default:
        return error(status, QStringLiteral("Injected error %1.").arg(status),
                     status >= 500 ? server : QStringLiteral("invalid_request_error"));
    }
}

FakeReply FakeReply::invalidUrl(const QByteArray &method, const QString &path)
{
    return error(404, QStringLiteral("Invalid URL (%1 %2)").arg(QString::fromLatin1(method), path));
}

FakeReply FakeReply::unknownParameter(const QString &name)
{
    return badRequest(QStringLiteral("Unknown parameter: '%1'.").arg(name), name,
                      QStringLiteral("unknown_parameter"));
}

FakeReply FakeReply::missingParameter(const QString &name)
{
    return badRequest(QStringLiteral("Missing required parameter: '%1'.").arg(name), name,
                      QStringLiteral("missing_required_parameter"));
}

FakeReply FakeReply::invalidValue(const QString &name, const QString &value, const QStringList &allowed)
{
    QString message = QStringLiteral("Invalid value: '%1'.").arg(value);
    if (!allowed.isEmpty())
        message += QStringLiteral(" Supported values are: %1.").arg(quotedList(allowed));
    return badRequest(message, name, QStringLiteral("invalid_value"));
}

FakeReply FakeReply::invalidType(const QString &name, const QString &expected)
{
    return badRequest(QStringLiteral("Invalid type for '%1': expected %2.").arg(name, expected), name,
                      QStringLiteral("invalid_type"));
}

FakeReply FakeReply::badRequest(const QString &message, const QString &param, const QString &code)
{
    return error(400, message, QStringLiteral("invalid_request_error"), optionalString(param),
                 optionalString(code));
}

FakeReply FakeReply::notFound(const QString &message)
{
    return error(404, message, QStringLiteral("invalid_request_error"), QJsonValue::Null,
                 QStringLiteral("not_found"));
}

FakeReply FakeReply::unsupportedContentType(const QByteArray &sent, const QByteArray &expected)
{
    const QString shown = sent.isEmpty() ? QStringLiteral("(none)") : QString::fromLatin1(sent);
    return badRequest(
        QStringLiteral("Unsupported content type: '%1'. This API method only accepts '%2' requests, "
                       "but you specified the header 'Content-Type: %1'. Please try again with a "
                       "supported content type.")
            .arg(shown, QString::fromLatin1(expected)),
        {}, QStringLiteral("unsupported_content_type"));
}

FakeReply FakeReply::invalidJson()
{
    return badRequest(
        QStringLiteral("We could not parse the JSON body of your request. (HINT: This likely means you "
                       "aren't using your HTTP library correctly. The OpenAI API expects a JSON "
                       "payload, but what was sent was not valid JSON.)"));
}

QByteArray FakeReply::reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return QByteArrayLiteral("Continue");
    case 200:
        return QByteArrayLiteral("OK");
    case 204:
        return QByteArrayLiteral("No Content");
    case 400:
        return QByteArrayLiteral("Bad Request");
    case 401:
        return QByteArrayLiteral("Unauthorized");
    case 403:
        return QByteArrayLiteral("Forbidden");
    case 404:
        return QByteArrayLiteral("Not Found");
    case 408:
        return QByteArrayLiteral("Request Timeout");
    case 409:
        return QByteArrayLiteral("Conflict");
    case 413:
        return QByteArrayLiteral("Payload Too Large");
    case 422:
        return QByteArrayLiteral("Unprocessable Entity");
    case 429:
        return QByteArrayLiteral("Too Many Requests");
    case 431:
        return QByteArrayLiteral("Request Header Fields Too Large");
    case 500:
        return QByteArrayLiteral("Internal Server Error");
    case 502:
        return QByteArrayLiteral("Bad Gateway");
    case 503:
        return QByteArrayLiteral("Service Unavailable");
    case 504:
        return QByteArrayLiteral("Gateway Timeout");
    default:
        return QByteArrayLiteral("Status");
    }
}

} // namespace Sanzaru::Testing

// SPDX-License-Identifier: MIT
#pragma once

#include "fakefault.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace Sanzaru::Testing {

/// An HTTP answer before framing. The body is a list of segments so that large shared payloads (video
/// bytes) are written without ever being concatenated.
struct FakeReply
{
    int status = 200;
    QByteArray contentType;
    HeaderList headers;
    QList<QByteArray> body;

    qint64 bodySize() const;
    QByteArray joinedBody() const;
    bool isJson() const { return contentType.startsWith("application/json"); }

    static FakeReply json(const QJsonObject &object, int status = 200);
    static FakeReply bytes(const QByteArray &contentType, const QList<QByteArray> &segments);
    /// {"error":{"message","type","param","code"}} with the given status.
    static FakeReply error(int status, const QString &message,
                           const QString &type = QStringLiteral("invalid_request_error"),
                           const QJsonValue &param = QJsonValue::Null,
                           const QJsonValue &code = QJsonValue::Null);
    /// The body an injected Status fault answers with when the test gave none.
    static FakeReply errorForStatus(int status);

    static FakeReply invalidUrl(const QByteArray &method, const QString &path);
    static FakeReply unknownParameter(const QString &name);
    static FakeReply missingParameter(const QString &name);
    static FakeReply invalidValue(const QString &name, const QString &value, const QStringList &allowed);
    static FakeReply invalidType(const QString &name, const QString &expected);
    static FakeReply badRequest(const QString &message, const QString &param = {}, const QString &code = {});
    static FakeReply notFound(const QString &message);
    static FakeReply unsupportedContentType(const QByteArray &sent, const QByteArray &expected);
    static FakeReply invalidJson();

    static QByteArray reasonPhrase(int status);
};

} // namespace Sanzaru::Testing

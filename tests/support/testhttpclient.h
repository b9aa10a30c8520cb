// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrl>

namespace Sanzaru::Testing {

/// One form field for TestHttpClient::postMultipart (a file part when filename is set).
struct FormField
{
    QByteArray name;
    QByteArray value;
    QByteArray filename;
    QByteArray contentType;

    static FormField text(const QByteArray &name, const QByteArray &value) { return {name, value, {}, {}}; }
    static FormField file(const QByteArray &name, const QByteArray &filename, const QByteArray &contentType,
                          const QByteArray &data)
    {
        return {name, data, filename, contentType};
    }
};

/// What a finished QNetworkReply delivered, captured for assertions.
struct TestHttpReply
{
    bool finished = false;
    int status = 0; ///< 0 when no HTTP head arrived
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QJsonObject json;                     ///< the body when it parsed as a JSON object
    QMap<QByteArray, QByteArray> headers; ///< lower-case names

    QJsonObject errorObject() const { return json.value(QStringLiteral("error")).toObject(); }
    QString errorCode() const { return errorObject().value(QStringLiteral("code")).toString(); }
};

/// A small QNetworkAccessManager driver for tests against FakeOpenAiServer: builds authenticated
/// requests below a base URL and waits for replies by spinning the event loop (never sleeping).
class TestHttpClient
{
public:
    explicit TestHttpClient(const QUrl &baseUrl, const QByteArray &apiKey = QByteArrayLiteral("sk-test"));

    QNetworkAccessManager &manager() { return m_manager; }
    void setApiKey(const QByteArray &key) { m_apiKey = key; }
    /// baseUrl + pathAndQuery ("/videos?limit=2"), with "Authorization: Bearer <key>" unless the key is
    /// empty.
    QNetworkRequest request(const QString &pathAndQuery) const;

    QNetworkReply *send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body = {},
                        const QByteArray &contentType = {});
    QNetworkReply *sendMultipart(const QString &pathAndQuery, const QList<FormField> &fields);
    /// Waits until the reply finished (or timeoutMs passed) and captures it; deletes the reply.
    static TestHttpReply wait(QNetworkReply *reply, int timeoutMs = 20000);

    TestHttpReply get(const QString &pathAndQuery) { return wait(send("GET", pathAndQuery)); }
    TestHttpReply del(const QString &pathAndQuery) { return wait(send("DELETE", pathAndQuery)); }
    TestHttpReply postJson(const QString &pathAndQuery, const QJsonObject &body);
    TestHttpReply postMultipart(const QString &pathAndQuery, const QList<FormField> &fields)
    {
        return wait(sendMultipart(pathAndQuery, fields));
    }

private:
    QNetworkAccessManager m_manager;
    QUrl m_baseUrl;
    QByteArray m_apiKey;
};

} // namespace Sanzaru::Testing

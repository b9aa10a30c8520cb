// SPDX-License-Identifier: MIT
#include "testhttpclient.h"

#include <QBuffer>
#include <QHttpMultiPart>
#include <QJsonDocument>
#include <QTest>

namespace Sanzaru::Testing {

TestHttpClient::TestHttpClient(const QUrl &baseUrl, const QByteArray &apiKey)
    : m_baseUrl(baseUrl)
    , m_apiKey(apiKey)
{
}

QNetworkRequest TestHttpClient::request(const QString &pathAndQuery) const
{
    QNetworkRequest request(QUrl(m_baseUrl.toString() + pathAndQuery));
    if (!m_apiKey.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_apiKey);
    return request;
}

QNetworkReply *TestHttpClient::send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body,
                                    const QByteArray &contentType)
{
    QNetworkRequest req = request(pathAndQuery);
    if (!contentType.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    if (method == "GET")
        return m_manager.get(req);
    if (method == "DELETE")
        return m_manager.deleteResource(req);
    return m_manager.sendCustomRequest(req, method, body);
}

QNetworkReply *TestHttpClient::sendMultipart(const QString &pathAndQuery, const QList<FormField> &fields)
{
    auto *multipart = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    for (const FormField &field : fields) {
        QHttpPart part;
        QByteArray disposition = "form-data; name=\"" + field.name + '"';
        if (!field.filename.isEmpty())
            disposition += "; filename=\"" + field.filename + '"';
        part.setRawHeader("Content-Disposition", disposition);
        if (!field.contentType.isEmpty())
            part.setRawHeader("Content-Type", field.contentType);
        part.setBody(field.value);
        multipart->append(part);
    }
    QNetworkReply *reply = m_manager.post(request(pathAndQuery), multipart);
    multipart->setParent(reply);
    return reply;
}

TestHttpReply TestHttpClient::postJson(const QString &pathAndQuery, const QJsonObject &body)
{
    return wait(send("POST", pathAndQuery, QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json"));
}

TestHttpReply TestHttpClient::wait(QNetworkReply *reply, int timeoutMs)
{
    TestHttpReply result;
    (void)QTest::qWaitFor([reply] { return reply->isFinished(); }, timeoutMs);
    result.finished = reply->isFinished();
    if (!result.finished)
        reply->abort();
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.error = reply->error();
    result.body = reply->readAll();
    for (const auto &[name, value] : reply->rawHeaderPairs())
        result.headers.insert(name.toLower(), value);
    const QJsonDocument doc = QJsonDocument::fromJson(result.body);
    if (doc.isObject())
        result.json = doc.object();
    reply->deleteLater();
    return result;
}

} // namespace Sanzaru::Testing

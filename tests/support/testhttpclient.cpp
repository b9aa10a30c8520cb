// SPDX-License-Identifier: MIT
#include "testhttpclient.h"

#include <QJsonDocument>
#include <QSignalSpy>

namespace Sanzaru::Testing {

TestHttpClient::TestHttpClient(const QUrl &baseUrl, const QByteArray &apiKey)
    : m_baseUrl(baseUrl)
    , m_apiKey(apiKey)
{}

QNetworkRequest TestHttpClient::request(const QString &pathAndQuery) const
{
    QNetworkRequest request(QUrl(m_baseUrl.toString() + pathAndQuery));
    if (!m_apiKey.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_apiKey);
    return request;
}

QNetworkReply *TestHttpClient::send(const QByteArray &method, const QString &pathAndQuery,
                                    const QByteArray &body, const QByteArray &contentType)
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
    // Encoded in memory rather than through QHttpMultiPart, whose device-based upload is slow (about
    // 1.4 MB/s on loopback in Qt 6.4) and whose quoted boundary is only one of the forms clients send.
    const QByteArray boundary = "----sanzaru-test-" + QByteArray::number(quintptr(this), 16);
    QByteArray body;
    for (const FormField &field : fields) {
        body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.name + '"';
        if (!field.filename.isEmpty())
            body += "; filename=\"" + field.filename + '"';
        body += "\r\n";
        if (!field.contentType.isEmpty())
            body += "Content-Type: " + field.contentType + "\r\n";
        body += "\r\n" + field.value + "\r\n";
    }
    body += "--" + boundary + "--\r\n";
    return send("POST", pathAndQuery, body, "multipart/form-data; boundary=" + boundary);
}

TestHttpReply TestHttpClient::postJson(const QString &pathAndQuery, const QJsonObject &body)
{
    return wait(
        send("POST", pathAndQuery, QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json"));
}

TestHttpReply TestHttpClient::wait(QNetworkReply *reply, int timeoutMs)
{
    TestHttpReply result;
    // An event-driven wait: QTest::qWaitFor sleeps 10 ms between polls, and QNAM feeds uploads from this
    // thread chunk by chunk, so polling would throttle a 3 MB upload to seconds.
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        (void)finished.wait(timeoutMs);
    result.finished = reply->isFinished();
    if (!result.finished)
        reply->abort();
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.error = reply->error();
    result.body = reply->isOpen() ? reply->readAll() : QByteArray();
    for (const auto &[name, value] : reply->rawHeaderPairs())
        result.headers.insert(name.toLower(), value);
    const QJsonDocument doc = QJsonDocument::fromJson(result.body);
    if (doc.isObject())
        result.json = doc.object();
    reply->deleteLater();
    return result;
}

} // namespace Sanzaru::Testing

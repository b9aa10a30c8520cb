// SPDX-License-Identifier: MIT
#include "recordedrequest.h"

#include "httprequestparser.h"

#include <QJsonDocument>

namespace Sanzaru::Testing {

QByteArray RecordedRequest::mimeType() const
{
    const QByteArray contentType = header("content-type");
    const qsizetype semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.left(semicolon)).trimmed().toLower();
}

const MultipartPart *RecordedRequest::part(const QByteArray &name) const
{
    for (const MultipartPart &p : parts) {
        if (p.name == name)
            return &p;
    }
    return nullptr;
}

RecordedRequest RecordedRequest::fromHttp(const HttpRequest &request)
{
    RecordedRequest r;
    r.method = request.method;
    const qsizetype question = request.target.indexOf('?');
    r.path = QString::fromLatin1(question < 0 ? request.target : request.target.left(question));
    if (question >= 0) {
        r.rawQuery = request.target.mid(question + 1);
        r.query.setQuery(QString::fromUtf8(r.rawQuery));
    }
    r.headers = request.headers;
    r.body = request.body;
    r.chunked = request.chunked;

    const QByteArray type = r.mimeType();
    if (type == "application/json" || type.endsWith("+json")) {
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(r.body, &error);
        if (error.error == QJsonParseError::NoError && doc.isObject()) {
            r.json = doc.object();
            r.jsonValid = true;
        }
    } else if (type == "multipart/form-data") {
        const QByteArray boundary = MultipartParser::boundaryOf(r.header("content-type"));
        if (auto parts = MultipartParser::parse(r.body, boundary)) {
            r.parts = *parts;
            r.multipartValid = true;
        }
    }
    return r;
}

} // namespace Sanzaru::Testing

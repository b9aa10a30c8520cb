// SPDX-License-Identifier: MIT
#pragma once

#include "multipartparser.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QUrlQuery>

namespace Sanzaru::Testing {

struct HttpRequest;

/// A request as FakeOpenAiServer received it, kept for assertions in tests.
struct RecordedRequest
{
    QByteArray method;
    QString path;        ///< the request path without the query, still percent-encoded ("/v1/videos/video_1")
    QByteArray rawQuery; ///< what followed '?', or empty
    QUrlQuery query;
    QMap<QByteArray, QByteArray> headers; ///< lower-case names
    QByteArray body;                      ///< de-chunked
    QJsonObject json;                     ///< the body when it was a JSON object
    bool jsonValid = false;               ///< the body parsed as a JSON object
    QList<MultipartPart> parts;           ///< the parts when the body was multipart/form-data
    bool multipartValid = false;          ///< the body parsed as multipart/form-data
    bool chunked = false;                 ///< the body came with Transfer-Encoding: chunked

    QByteArray header(const QByteArray &lowerCaseName) const { return headers.value(lowerCaseName); }
    /// The media type of Content-Type without parameters, lower-case.
    QByteArray mimeType() const;
    /// The first part with that field name, or nullptr.
    const MultipartPart *part(const QByteArray &name) const;

    /// Splits the target, decodes JSON or multipart bodies.
    static RecordedRequest fromHttp(const HttpRequest &request);
};

} // namespace Sanzaru::Testing

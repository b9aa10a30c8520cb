// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace Sanzaru::Testing {

/// One part of a multipart/form-data body as the server saw it.
struct MultipartPart
{
    QByteArray name;        ///< the form field name from Content-Disposition, e.g. "image[]"
    QByteArray filename;    ///< empty for text fields
    QByteArray contentType; ///< the part's own Content-Type (empty if absent), parameters kept
    QByteArray data;
    bool hasFilename = false; ///< filename="…" was present (a file part, even if the name is empty)
    QMap<QByteArray, QByteArray> headers; ///< all part headers, lower-case names

    bool isFile() const { return hasFilename; }
    /// The media type without parameters, lower-case ("image/png").
    QByteArray mimeType() const;
    QString text() const { return QString::fromUtf8(data); }
};

/// Parses multipart/form-data bodies (RFC 7578) strictly enough to catch malformed client output.
class MultipartParser
{
public:
    /// The boundary parameter of a "multipart/form-data; boundary=…" Content-Type, or empty.
    static QByteArray boundaryOf(const QByteArray &contentType);
    /// Splits body into parts; returns nullopt and sets *error on malformed input.
    static std::optional<QList<MultipartPart>> parse(const QByteArray &body, const QByteArray &boundary,
                                                     QString *error = nullptr);
    /// Value of a header parameter such as name="x" in `form-data; name="x"`; nullopt when absent.
    static std::optional<QByteArray> headerParameter(const QByteArray &header, const QByteArray &key);
};

} // namespace Sanzaru::Testing

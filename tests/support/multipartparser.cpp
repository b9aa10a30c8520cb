// SPDX-License-Identifier: MIT
#include "multipartparser.h"

namespace Sanzaru::Testing {

namespace {

bool fail(QString *error, const QString &text)
{
    if (error)
        *error = text;
    return false;
}

// Parses the header block of one part ("Name: value" lines separated by CRLF).
bool parsePartHeaders(const QByteArray &block, MultipartPart *part, QString *error)
{
    const QList<QByteArray> lines = block.split('\n');
    for (QByteArray line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return fail(error, QStringLiteral("malformed part header line"));
        part->headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    }
    const QByteArray disposition = part->headers.value(QByteArrayLiteral("content-disposition"));
    if (!disposition.toLower().startsWith("form-data"))
        return fail(error, QStringLiteral("part without Content-Disposition: form-data"));
    const auto name = MultipartParser::headerParameter(disposition, QByteArrayLiteral("name"));
    if (!name)
        return fail(error, QStringLiteral("part without a name"));
    part->name = *name;
    if (const auto filename = MultipartParser::headerParameter(disposition, QByteArrayLiteral("filename"))) {
        part->filename = *filename;
        part->hasFilename = true;
    }
    part->contentType = part->headers.value(QByteArrayLiteral("content-type"));
    return true;
}

} // namespace

QByteArray MultipartPart::mimeType() const
{
    const qsizetype semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.left(semicolon)).trimmed().toLower();
}

QByteArray MultipartParser::boundaryOf(const QByteArray &contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    if (semicolon < 0 || contentType.left(semicolon).trimmed().toLower() != "multipart/form-data")
        return {};
    return headerParameter(contentType, QByteArrayLiteral("boundary")).value_or(QByteArray());
}

std::optional<QByteArray> MultipartParser::headerParameter(const QByteArray &header, const QByteArray &key)
{
    // Walks `; key=value` pairs, honouring quoted strings (which may contain ';' and escaped quotes).
    qsizetype pos = header.indexOf(';');
    while (pos >= 0 && pos < header.size()) {
        ++pos;
        while (pos < header.size() && (header[pos] == ' ' || header[pos] == '\t'))
            ++pos;
        const qsizetype eq = header.indexOf('=', pos);
        if (eq < 0)
            return std::nullopt;
        const QByteArray name = header.mid(pos, eq - pos).trimmed().toLower();
        QByteArray value;
        pos = eq + 1;
        if (pos < header.size() && header[pos] == '"') {
            ++pos;
            while (pos < header.size() && header[pos] != '"') {
                if (header[pos] == '\\' && pos + 1 < header.size())
                    ++pos;
                value.append(header[pos]);
                ++pos;
            }
            pos = header.indexOf(';', pos);
        } else {
            const qsizetype end = header.indexOf(';', pos);
            value = header.mid(pos, end < 0 ? -1 : end - pos).trimmed();
            pos = end;
        }
        if (name == key)
            return value;
    }
    return std::nullopt;
}

std::optional<QList<MultipartPart>> MultipartParser::parse(const QByteArray &body, const QByteArray &boundary,
                                                           QString *error)
{
    if (boundary.isEmpty() || boundary.size() > 70) {
        fail(error, QStringLiteral("missing or invalid multipart boundary"));
        return std::nullopt;
    }
    const QByteArray dashBoundary = "--" + boundary;
    const QByteArray delimiter = "\r\n" + dashBoundary;
    QList<MultipartPart> parts;

    // A preamble before the first boundary is allowed by RFC 2046 and ignored.
    qsizetype pos = 0;
    if (body.startsWith(dashBoundary)) {
        pos = dashBoundary.size();
    } else {
        pos = body.indexOf(delimiter);
        if (pos < 0) {
            fail(error, QStringLiteral("multipart body without an opening boundary"));
            return std::nullopt;
        }
        pos += delimiter.size();
    }
    for (;;) {
        if (body.mid(pos, 2) == "--")
            return parts; // closing delimiter; an epilogue is ignored
        // Transport padding (spaces) may follow a delimiter before its CRLF.
        while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t'))
            ++pos;
        if (body.mid(pos, 2) != "\r\n") {
            fail(error, QStringLiteral("boundary not followed by CRLF"));
            return std::nullopt;
        }
        pos += 2;
        const qsizetype headersEnd = body.indexOf("\r\n\r\n", pos);
        qsizetype dataStart = 0;
        QByteArray headerBlock;
        if (body.mid(pos, 2) == "\r\n") { // a part with no headers at all
            dataStart = pos + 2;
        } else if (headersEnd >= 0) {
            headerBlock = body.mid(pos, headersEnd - pos);
            dataStart = headersEnd + 4;
        } else {
            fail(error, QStringLiteral("unterminated part headers"));
            return std::nullopt;
        }
        const qsizetype next = body.indexOf(delimiter, dataStart);
        if (next < 0) {
            fail(error, QStringLiteral("multipart body without a closing boundary"));
            return std::nullopt;
        }
        MultipartPart part;
        if (!parsePartHeaders(headerBlock, &part, error))
            return std::nullopt;
        part.data = body.mid(dataStart, next - dataStart);
        parts.append(part);
        pos = next + delimiter.size();
    }
}

} // namespace Sanzaru::Testing

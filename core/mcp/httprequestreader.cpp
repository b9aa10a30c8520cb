// SPDX-License-Identifier: MIT
#include "httprequestreader.h"

namespace Sanzaru::Core {

namespace {

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && !QByteArrayView("!#$%&'*+-.^_`|~").contains(c))
            return false;
    }
    return true;
}

} // namespace

QByteArray McpHttpRequest::path() const
{
    const qsizetype query = target.indexOf('?');
    return query < 0 ? target : target.left(query);
}

HttpRequestReader::HttpRequestReader(qint64 maxBodyBytes, qsizetype maxHeadBytes)
    : m_maxBody(maxBodyBytes)
    , m_maxHead(maxHeadBytes)
{}

void HttpRequestReader::setError(int status, const QString &text)
{
    m_errorStatus = status;
    m_errorText = text;
    m_buffer.clear();
}

bool HttpRequestReader::takeContinueRequest()
{
    return std::exchange(m_continuePending, false);
}

void HttpRequestReader::feed(QByteArrayView bytes)
{
    if (hasError())
        return;
    m_buffer.append(bytes.data(), bytes.size());
    for (;;) {
        if (!m_inBody) {
            if (!parseHead())
                return;
            continue;
        }
        const qint64 take = qMin<qint64>(m_remaining, m_buffer.size());
        m_current.body.append(m_buffer.constData(), take);
        m_buffer.remove(0, take);
        m_remaining -= take;
        if (m_remaining > 0)
            return;
        m_inBody = false;
        m_continuePending = false;
        m_ready.append(std::exchange(m_current, {}));
    }
}

bool HttpRequestReader::parseHead()
{
    const qsizetype end = m_buffer.indexOf("\r\n\r\n", qMax<qsizetype>(0, m_scanFrom - 3));
    if (end < 0) {
        m_scanFrom = m_buffer.size();
        if (m_buffer.size() > m_maxHead)
            setError(431, QStringLiteral("Request header fields too large"));
        return false;
    }
    if (end > m_maxHead) {
        setError(431, QStringLiteral("Request header fields too large"));
        return false;
    }
    const QByteArray head = m_buffer.left(end);
    m_buffer.remove(0, end + 4);
    m_scanFrom = 0;
    m_current = {};
    const QList<QByteArray> lines = head.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArrayView line(lines.at(i));
        if (!line.endsWith('\r') && i + 1 < lines.size()) {
            setError(400, QStringLiteral("Bare LF in the request head"));
            return false;
        }
        if (line.endsWith('\r'))
            line.chop(1);
        // A CR inside a line ends it for some parsers and not for others (RFC 9112 §2.2): smuggling material.
        if (line.contains('\r')) {
            setError(400, QStringLiteral("Bare CR in the request head"));
            return false;
        }
        if (i == 0 ? !parseRequestLine(line) : !parseHeaderLine(line))
            return false;
    }

    const QByteArray connection = m_current.header("connection").toLower();
    m_current.keepAlive =
        m_current.version == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive");
    if (m_current.hasHeader("transfer-encoding")) {
        setError(501, QStringLiteral("Transfer-Encoding is not supported; send a Content-Length"));
        return false;
    }
    qint64 length = 0;
    if (m_current.hasHeader("content-length")) {
        const QByteArray text = m_current.header("content-length").trimmed();
        bool ok = !text.isEmpty() && text.size() <= 18;
        for (const char c : text)
            ok = ok && c >= '0' && c <= '9';
        if (!ok) {
            setError(400, QStringLiteral("Invalid Content-Length"));
            return false;
        }
        length = text.toLongLong();
    }
    if (length > m_maxBody) {
        setError(413, QStringLiteral("Request body too large"));
        return false;
    }
    m_remaining = length;
    m_inBody = true;
    m_continuePending = length > m_buffer.size() && m_current.header("expect").toLower() == "100-continue";
    return true;
}

bool HttpRequestReader::parseRequestLine(QByteArrayView line)
{
    const QList<QByteArray> parts = line.toByteArray().split(' ');
    if (parts.size() != 3 || !isToken(parts.at(0)) || parts.at(1).isEmpty() ||
        !parts.at(2).startsWith("HTTP/")) {
        setError(400, QStringLiteral("Malformed request line"));
        return false;
    }
    if (parts.at(2) != "HTTP/1.1" && parts.at(2) != "HTTP/1.0") {
        setError(505, QStringLiteral("HTTP version not supported"));
        return false;
    }
    m_current.method = parts.at(0);
    m_current.target = parts.at(1);
    m_current.version = parts.at(2);
    return true;
}

bool HttpRequestReader::parseHeaderLine(QByteArrayView line)
{
    const qsizetype colon = line.indexOf(':');
    // No obsolete line folding, no space before the colon: both are request-smuggling material.
    if (colon <= 0 || !isToken(line.first(colon))) {
        setError(400, QStringLiteral("Malformed header line"));
        return false;
    }
    const QByteArray name = line.first(colon).toByteArray().toLower();
    const QByteArray value = line.sliced(colon + 1).toByteArray().trimmed();
    if (name == "content-length" && m_current.hasHeader(name) && m_current.header(name) != value) {
        setError(400, QStringLiteral("Conflicting Content-Length headers"));
        return false;
    }
    QByteArray &slot = m_current.headers[name];
    slot = slot.isEmpty() || name == "content-length" ? value : slot + ", " + value;
    return true;
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "httprequestparser.h"

namespace Sanzaru::Testing {

namespace {
constexpr qsizetype MaxHeadBytes = 64 * 1024;
constexpr qint64 MaxReserve = 64 * 1024 * 1024; // do not trust a huge Content-Length with memory up front
} // namespace

HttpRequestParser::HttpRequestParser(qint64 maxBodyBytes)
    : m_maxBodyBytes(maxBodyBytes)
{}

void HttpRequestParser::feed(const QByteArray &bytes)
{
    if (m_state == State::Error)
        return;
    m_buffer.append(bytes);
    while (m_state != State::Error && step()) {
    }
}

HttpRequest HttpRequestParser::takeRequest()
{
    return m_ready.takeFirst();
}

bool HttpRequestParser::takeContinueRequest()
{
    const bool pending = m_continuePending;
    m_continuePending = false;
    return pending;
}

void HttpRequestParser::setError(int status, const QString &text)
{
    m_state = State::Error;
    m_errorStatus = status;
    m_errorText = text;
    m_buffer.clear();
}

bool HttpRequestParser::step()
{
    switch (m_state) {
    case State::Head:
        return parseHead();
    case State::Body:
    case State::ChunkData:
        return moveBody();
    case State::ChunkSize:
        return parseChunkSize();
    case State::ChunkEnd:
        if (m_buffer.size() < 2)
            return false;
        if (!m_buffer.startsWith("\r\n")) {
            setError(400, QStringLiteral("chunk data not followed by CRLF"));
            return false;
        }
        m_buffer.remove(0, 2);
        m_state = State::ChunkSize;
        return true;
    case State::Trailers:
        return parseTrailerLine();
    case State::Error:
        return false;
    }
    return false;
}

bool HttpRequestParser::parseHead()
{
    // RFC 9112 §2.2: ignore empty lines received before a request-line (some clients send a stray CRLF).
    while (m_buffer.startsWith("\r\n"))
        m_buffer.remove(0, 2);
    const qsizetype end = m_buffer.indexOf("\r\n\r\n", m_scanFrom);
    if (end < 0) {
        m_scanFrom = qMax<qsizetype>(0, m_buffer.size() - 3);
        if (m_buffer.size() > MaxHeadBytes)
            setError(431, QStringLiteral("request head too large"));
        return false;
    }
    m_scanFrom = 0;
    const QList<QByteArray> lines = m_buffer.left(end).split('\n');
    m_buffer.remove(0, end + 4);

    m_current = HttpRequest();
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || requestLine[0].isEmpty() || !requestLine[1].startsWith('/')) {
        setError(400, QStringLiteral("malformed request line"));
        return false;
    }
    m_current.method = requestLine[0];
    m_current.target = requestLine[1];
    m_current.version = requestLine[2];
    if (m_current.version != "HTTP/1.1" && m_current.version != "HTTP/1.0") {
        setError(400, QStringLiteral("unsupported HTTP version"));
        return false;
    }
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].endsWith('\r') ? lines[i].chopped(1) : lines[i];
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || line.left(colon).contains(' ')) {
            setError(400, QStringLiteral("malformed header line"));
            return false;
        }
        const QByteArray name = line.left(colon).toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        auto it = m_current.headers.find(name);
        if (it == m_current.headers.end())
            m_current.headers.insert(name, value);
        else
            it.value() += ", " + value;
    }

    const QByteArray connection = m_current.headers.value("connection").toLower();
    m_current.keepAlive =
        m_current.version == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive");
    const QByteArray transferEncoding = m_current.headers.value("transfer-encoding").toLower();
    const bool hasLength = m_current.headers.contains("content-length");
    if (!transferEncoding.isEmpty()) {
        // A request with both framings is a smuggling vector; a real front end rejects it too.
        if (!transferEncoding.trimmed().endsWith("chunked") || hasLength) {
            setError(400, QStringLiteral("unsupported transfer framing"));
            return false;
        }
        m_current.chunked = true;
        m_state = State::ChunkSize;
    } else if (hasLength) {
        bool ok = false;
        const qint64 length = m_current.headers.value("content-length").toLongLong(&ok);
        if (!ok || length < 0) {
            setError(400, QStringLiteral("invalid Content-Length"));
            return false;
        }
        if (length > m_maxBodyBytes) {
            setError(413, QStringLiteral("request body too large"));
            return false;
        }
        m_remaining = length;
        m_current.body.reserve(qMin(length, MaxReserve));
        m_state = State::Body;
    } else {
        finishRequest();
        return true;
    }
    const bool bodyPending = m_current.chunked || m_buffer.size() < m_remaining;
    m_continuePending = bodyPending && m_current.headers.value("expect").toLower() == "100-continue";
    return true;
}

bool HttpRequestParser::moveBody()
{
    if (m_remaining > 0 && m_buffer.isEmpty())
        return false;
    const qint64 take = qMin<qint64>(m_remaining, m_buffer.size());
    if (take == m_buffer.size()) {
        m_current.body.append(m_buffer);
        m_buffer.clear();
    } else {
        m_current.body.append(m_buffer.constData(), take);
        m_buffer.remove(0, take);
    }
    m_remaining -= take;
    if (m_remaining > 0)
        return false;
    if (m_state == State::ChunkData)
        m_state = State::ChunkEnd;
    else
        finishRequest();
    return true;
}

bool HttpRequestParser::parseChunkSize()
{
    const qsizetype eol = m_buffer.indexOf("\r\n");
    if (eol < 0) {
        if (m_buffer.size() > 1024)
            setError(400, QStringLiteral("chunk size line too long"));
        return false;
    }
    QByteArray sizeField = m_buffer.left(eol);
    m_buffer.remove(0, eol + 2);
    const qsizetype semicolon = sizeField.indexOf(';'); // chunk extensions are ignored
    if (semicolon >= 0)
        sizeField.truncate(semicolon);
    bool ok = false;
    const qint64 size = sizeField.trimmed().toLongLong(&ok, 16);
    if (!ok || size < 0) {
        setError(400, QStringLiteral("invalid chunk size"));
        return false;
    }
    if (m_current.body.size() + size > m_maxBodyBytes) {
        setError(413, QStringLiteral("request body too large"));
        return false;
    }
    if (size == 0) {
        m_state = State::Trailers;
    } else {
        m_remaining = size;
        m_state = State::ChunkData;
    }
    return true;
}

bool HttpRequestParser::parseTrailerLine()
{
    const qsizetype eol = m_buffer.indexOf("\r\n");
    if (eol < 0)
        return false;
    const bool last = eol == 0;
    m_buffer.remove(0, eol + 2); // trailer fields are accepted and dropped
    if (last)
        finishRequest();
    return true;
}

void HttpRequestParser::finishRequest()
{
    m_ready.append(m_current);
    m_current = HttpRequest();
    m_remaining = 0;
    m_continuePending = false;
    m_state = State::Head;
}

} // namespace Sanzaru::Testing

// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

namespace Sanzaru::Testing {

/// One complete HTTP/1.x request (body already de-chunked).
struct HttpRequest
{
    QByteArray method;
    QByteArray target;                    ///< request-target as sent: path plus optional "?query"
    QByteArray version;                   ///< "HTTP/1.1" or "HTTP/1.0"
    QMap<QByteArray, QByteArray> headers; ///< lower-case names; repeated headers joined with ", "
    QByteArray body;
    bool chunked = false;  ///< the body came with Transfer-Encoding: chunked
    bool keepAlive = true; ///< the connection may carry another request after this one
};

/// Incremental HTTP/1.1 request parser: feed it bytes as they arrive and take whole requests out.
/// Handles Content-Length and chunked bodies, pipelined requests in one buffer, and Expect: 100-continue.
class HttpRequestParser
{
public:
    explicit HttpRequestParser(qint64 maxBodyBytes = qint64(1) << 30);

    void feed(const QByteArray &bytes);
    bool hasRequest() const { return !m_ready.isEmpty(); }
    HttpRequest takeRequest();

    bool hasError() const { return m_state == State::Error; }
    int errorStatus() const { return m_errorStatus; } ///< 400, 413 or 431
    QString errorText() const { return m_errorText; }
    /// True once per request whose head asked for "100-continue" while its body has not arrived yet.
    bool takeContinueRequest();
    /// Nothing of a next request has been received (so closing the connection loses no request).
    bool isIdle() const { return m_state == State::Head && m_buffer.isEmpty() && m_ready.isEmpty(); }

private:
    enum class State { Head, Body, ChunkSize, ChunkData, ChunkEnd, Trailers, Error };

    bool step();
    bool parseHead();
    bool parseChunkSize();
    bool parseTrailerLine();
    bool moveBody();
    void finishRequest();
    void setError(int status, const QString &text);

    qint64 m_maxBodyBytes;
    QByteArray m_buffer;
    qsizetype m_scanFrom = 0; // where to resume looking for the end of the head
    State m_state = State::Head;
    HttpRequest m_current;
    qint64 m_remaining = 0; // body or chunk bytes still expected
    bool m_continuePending = false;
    QList<HttpRequest> m_ready;
    int m_errorStatus = 0;
    QString m_errorText;
};

} // namespace Sanzaru::Testing

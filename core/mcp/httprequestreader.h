// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <QString>

namespace Sanzaru::Core {

/// One HTTP/1.x request as the MCP HTTP endpoint needs it.
struct McpHttpRequest
{
    QByteArray method;
    QByteArray target;                     ///< as sent: path plus optional "?query"
    QByteArray version;                    ///< "HTTP/1.1" or "HTTP/1.0"
    QHash<QByteArray, QByteArray> headers; ///< lower-case names; repeated headers joined with ", "
    QByteArray body;
    bool keepAlive = true;

    QByteArray header(const QByteArray &lowerName) const { return headers.value(lowerName); }
    bool hasHeader(const QByteArray &lowerName) const { return headers.contains(lowerName); }
    QByteArray path() const;
};

/// Incremental HTTP/1.1 request parser for the local MCP endpoint: Content-Length bodies only (what MCP
/// clients send), pipelined requests, Expect: 100-continue, and hard limits on the head and the body
/// that are checked before the body is buffered. Anything it does not understand is an error with the
/// status to answer before closing the connection (400, 413, 431, 501, 505).
class HttpRequestReader
{
public:
    static constexpr qsizetype defaultMaxHeadBytes = 16 * 1024;

    explicit HttpRequestReader(qint64 maxBodyBytes, qsizetype maxHeadBytes = defaultMaxHeadBytes);

    void feed(QByteArrayView bytes);
    bool hasRequest() const { return !m_ready.isEmpty(); }
    McpHttpRequest takeRequest() { return m_ready.takeFirst(); }

    bool hasError() const { return m_errorStatus != 0; }
    int errorStatus() const { return m_errorStatus; }
    QString errorText() const { return m_errorText; }
    /// Bytes of a request that is not complete yet have arrived.
    bool hasPartialRequest() const { return m_inBody || !m_buffer.isEmpty(); }
    /// True once for a request whose head asked for 100-continue and whose body is still to come.
    bool takeContinueRequest();

private:
    bool parseHead();
    bool parseRequestLine(QByteArrayView line);
    bool parseHeaderLine(QByteArrayView line);
    void setError(int status, const QString &text);

    qint64 m_maxBody;
    qsizetype m_maxHead;
    QByteArray m_buffer;
    qsizetype m_scanFrom = 0;
    bool m_inBody = false;
    qint64 m_remaining = 0;
    bool m_continuePending = false;
    McpHttpRequest m_current;
    QList<McpHttpRequest> m_ready;
    int m_errorStatus = 0;
    QString m_errorText;
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QTcpSocket>

#include <functional>

namespace Sanzaru::Testing {

/// An HTTP response read off a raw socket.
struct RawHttpResponse
{
    int status = 0;
    QMap<QByteArray, QByteArray> headers; ///< lower-case names
    QByteArray body;
};

/// A raw TCP client for HTTP tests that need control QNetworkAccessManager does not give: pipelining,
/// chunked uploads, observing a closed connection. Waits run an event loop that wakes on socket activity.
class RawHttpConnection
{
public:
    explicit RawHttpConnection(quint16 port, int timeoutMs = 10000);

    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    void send(const QByteArray &bytes);
    /// Waits for `count` complete Content-Length-framed responses; returns those that arrived in time.
    QList<RawHttpResponse> readResponses(int count, int timeoutMs = 10000);
    /// Waits until the server closed the connection.
    bool waitForClosed(int timeoutMs = 10000);
    /// Every byte received so far (including those already parsed into responses).
    QByteArray received() const { return m_received; }

private:
    bool waitFor(const std::function<bool()> &done, int timeoutMs);
    void readAvailable();
    bool parseOne(RawHttpResponse *response);

    QTcpSocket m_socket;
    QByteArray m_received;
    QByteArray m_pending; // not yet parsed into a response
    bool m_closed = false;
};

} // namespace Sanzaru::Testing

// SPDX-License-Identifier: MIT
#include "rawhttpconnection.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QHostAddress>
#include <QTimer>

namespace Sanzaru::Testing {

RawHttpConnection::RawHttpConnection(quint16 port, int timeoutMs)
{
    QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this] { readAvailable(); });
    QObject::connect(&m_socket, &QTcpSocket::disconnected, &m_socket, [this] {
        readAvailable();
        m_closed = true;
    });
    QObject::connect(&m_socket, &QTcpSocket::errorOccurred, &m_socket, [this] {
        readAvailable();
        if (m_socket.state() != QAbstractSocket::ConnectedState)
            m_closed = true;
    });
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    (void)waitFor([this] { return isConnected() || m_closed; }, timeoutMs);
}

void RawHttpConnection::send(const QByteArray &bytes)
{
    m_socket.write(bytes);
}

void RawHttpConnection::readAvailable()
{
    if (!m_socket.isOpen())
        return;
    const QByteArray data = m_socket.readAll();
    m_received += data;
    m_pending += data;
}

bool RawHttpConnection::parseOne(RawHttpResponse *response)
{
    const qsizetype end = m_pending.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    const QList<QByteArray> lines = m_pending.left(end).split('\n');
    RawHttpResponse r;
    r.status = lines.first().split(' ').value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            r.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
    }
    const qint64 length = r.headers.value("content-length").toLongLong();
    if (m_pending.size() < end + 4 + length)
        return false;
    r.body = m_pending.mid(end + 4, length);
    m_pending.remove(0, end + 4 + length);
    *response = r;
    return true;
}

QList<RawHttpResponse> RawHttpConnection::readResponses(int count, int timeoutMs)
{
    QList<RawHttpResponse> responses;
    (void)waitFor(
        [&] {
            RawHttpResponse r;
            while (responses.size() < count && parseOne(&r))
                responses.append(r);
            return responses.size() >= count || m_closed;
        },
        timeoutMs);
    return responses;
}

bool RawHttpConnection::waitForClosed(int timeoutMs)
{
    return waitFor([this] { return m_closed; }, timeoutMs);
}

bool RawHttpConnection::waitFor(const std::function<bool()> &done, int timeoutMs)
{
    // Wakes on socket activity instead of polling, so no time is lost between events.
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        const qint64 left = timeoutMs - timer.elapsed();
        if (left <= 0)
            return false;
        QEventLoop loop;
        QTimer::singleShot(int(left), &loop, &QEventLoop::quit);
        QObject::connect(&m_socket, &QTcpSocket::connected, &loop, &QEventLoop::quit);
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &loop, &QEventLoop::quit);
        QObject::connect(&m_socket, &QTcpSocket::disconnected, &loop, &QEventLoop::quit);
        QObject::connect(&m_socket, &QTcpSocket::errorOccurred, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

} // namespace Sanzaru::Testing

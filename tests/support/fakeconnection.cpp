// SPDX-License-Identifier: MIT
#include "fakeconnection.h"

#include "fakeids.h"

#include <QScopeGuard>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <limits>

namespace Sanzaru::Testing {

namespace {
// Keep at most this much queued in the socket: enough to fill loopback buffers, small enough that many
// concurrent multi-megabyte downloads do not each copy their whole payload into a write buffer at once.
constexpr qint64 HighWater = 1024 * 1024;
constexpr qint64 Piece = 256 * 1024;
} // namespace

FakeConnection::FakeConnection(QTcpSocket *socket, Handler handler, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_handler(std::move(handler))
{
    m_socket->setParent(this);
    connect(m_socket, &QTcpSocket::readyRead, this, &FakeConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_busy && m_chunkBytes == 0)
            pump();
    });
    connect(m_socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    if (m_socket->bytesAvailable() > 0)
        QTimer::singleShot(0, this, &FakeConnection::onReadyRead);
}

FakeConnection::~FakeConnection() = default;

void FakeConnection::onReadyRead()
{
    const QByteArray data = m_socket->readAll();
    if (m_stalled || m_closing)
        return; // a stalled or closing connection swallows whatever else arrives
    m_parser.feed(data);
    if (m_parser.takeContinueRequest() && !m_busy && !m_parser.hasRequest())
        m_socket->write(QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"));
    processNext();
}

void FakeConnection::processNext()
{
    // Replies that finish synchronously return here instead of recursing once per pipelined request.
    if (m_processing)
        return;
    m_processing = true;
    const auto done = qScopeGuard([this] { m_processing = false; });
    while (!m_busy && !m_stalled && !m_closing) {
        if (m_parser.hasRequest()) {
            const HttpRequest request = m_parser.takeRequest();
            start(m_handler(request), request.keepAlive);
            continue;
        }
        if (m_parser.hasError()) {
            FakeOutcome outcome;
            outcome.reply = FakeReply::error(m_parser.errorStatus(), m_parser.errorText());
            start(outcome, false);
        }
        return;
    }
}

QByteArray FakeConnection::head(const FakeReply &reply, qint64 contentLength, bool keepAlive) const
{
    QByteArray h =
        "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + FakeReply::reasonPhrase(reply.status) + "\r\n";
    if (!reply.contentType.isEmpty())
        h += "Content-Type: " + reply.contentType + "\r\n";
    if (contentLength >= 0)
        h += "Content-Length: " + QByteArray::number(contentLength) + "\r\n";
    h += "x-request-id: " + FakeIds::requestId() + "\r\n";
    h += "openai-version: 2020-10-01\r\n";
    h += "openai-processing-ms: 1\r\n";
    h += keepAlive ? QByteArrayLiteral("Connection: keep-alive\r\n")
                   : QByteArrayLiteral("Connection: close\r\n");
    for (const auto &[name, value] : reply.headers)
        h += name + ": " + value + "\r\n";
    return h + "\r\n";
}

void FakeConnection::start(const FakeOutcome &outcome, bool keepAlive)
{
    const Fault::Kind kind = outcome.fault ? outcome.fault->kind : Fault::Kind::Status;
    if (outcome.fault &&
        (kind == Fault::Kind::DropBeforeRequest || kind == Fault::Kind::DropBeforeResponse)) {
        // Nothing of a response may reach the client; abort() also drops pipelined requests unanswered.
        m_closing = true;
        m_socket->abort();
        deleteLater();
        return;
    }
    if (outcome.fault && kind == Fault::Kind::StallHeaders) {
        m_stalled = true;
        return;
    }
    if (outcome.fault && kind == Fault::Kind::HoldAnswer) {
        holdThenAnswer(outcome, keepAlive);
        return;
    }

    const qint64 total = outcome.reply.bodySize();
    m_segments = outcome.reply.body;
    m_segment = 0;
    m_offset = 0;
    m_sent = 0;
    m_limit = total;
    m_after = After::Finish;
    m_keepAlive = keepAlive;
    m_chunkBytes = 0;
    m_delayMs = 0;
    m_repeat = false;
    if (outcome.fault && kind == Fault::Kind::EndlessBody) {
        startEndless(outcome);
        return;
    }
    if (outcome.fault) {
        const Fault &f = *outcome.fault;
        if (kind == Fault::Kind::DropMidBody) {
            m_limit = total / 2;
            m_after = After::Close;
        } else if (kind == Fault::Kind::StallBody) {
            m_limit = f.stallAfterBytes < 0 ? total / 2 : qMin(total, f.stallAfterBytes);
            m_after = After::Stall;
        } else if (kind == Fault::Kind::SlowBody) {
            m_chunkBytes = qMax(1, f.chunkBytes);
            m_delayMs = qMax(0, f.delayMs);
        }
    }
    m_busy = true;
    // The head is what a healthy reply would carry: a cut or stall must not be announced in advance.
    m_socket->write(head(outcome.reply, total, m_keepAlive));
    pump();
}

void FakeConnection::holdThenAnswer(const FakeOutcome &outcome, bool keepAlive)
{
    // Busy and silent like a server still rendering the image; pipelined requests wait behind it.
    m_busy = true;
    m_timerPending = true;
    FakeOutcome answer = outcome;
    answer.fault.reset();
    QTimer::singleShot(outcome.fault->delayMs, this, [this, answer, keepAlive] {
        m_timerPending = false;
        m_busy = false;
        start(answer, keepAlive);
    });
}

void FakeConnection::startEndless(const FakeOutcome &outcome)
{
    FakeReply reply = outcome.reply;
    reply.status = 200;
    m_segments = {QByteArray(Piece, 'x')};
    m_limit = std::numeric_limits<qint64>::max();
    m_repeat = true;
    m_keepAlive = false;
    m_busy = true;
    m_socket->write(head(reply, outcome.fault->claimedLength, false));
    pump();
}

void FakeConnection::pump()
{
    if (!m_busy || m_timerPending)
        return;
    while (m_sent < m_limit && m_socket->bytesToWrite() < HighWater) {
        const QByteArray &segment = m_segments.at(m_segment);
        const qint64 want = m_chunkBytes > 0 ? m_chunkBytes : Piece;
        const qint64 n = std::min({want, qint64(segment.size()) - m_offset, m_limit - m_sent});
        m_socket->write(segment.constData() + m_offset, n);
        m_offset += n;
        m_sent += n;
        if (m_offset == segment.size()) {
            ++m_segment;
            m_offset = 0;
            if (m_repeat && m_segment == m_segments.size())
                m_segment = 0;
        }
        if (m_chunkBytes > 0 && m_sent < m_limit) {
            m_timerPending = true;
            QTimer::singleShot(m_delayMs, this, [this] {
                m_timerPending = false;
                pump();
            });
            return;
        }
    }
    if (m_sent >= m_limit)
        finishReply();
}

void FakeConnection::finishReply()
{
    m_busy = false;
    m_segments.clear();
    switch (m_after) {
    case After::Stall:
        m_stalled = true; // keep the socket open and silent
        return;
    case After::Close:
        // A graceful close after the queued half body is flushed: the client sees EOF before Content-Length.
        m_closing = true;
        m_socket->disconnectFromHost();
        return;
    case After::Finish:
        if (!m_keepAlive) {
            m_closing = true;
            m_socket->disconnectFromHost();
            return;
        }
        processNext();
        return;
    }
}

} // namespace Sanzaru::Testing

// SPDX-License-Identifier: MIT
#pragma once

#include "fakefault.h"
#include "fakereply.h"
#include "httprequestparser.h"

#include <QObject>

#include <functional>
#include <optional>

class QTcpSocket;

namespace Sanzaru::Testing {

/// What the server decided for one request: the answer and, when a fault matched, how to misbehave.
struct FakeOutcome
{
    FakeReply reply;
    std::optional<Fault> fault;
};

/// One accepted TCP connection of the fake server. Lives on the server thread; parses requests as they
/// arrive, answers them strictly in order (pipelining-safe), streams large bodies as the socket drains,
/// and plays the network faults. Deletes itself when the peer goes away.
class FakeConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeConnection)

public:
    using Handler = std::function<FakeOutcome(const HttpRequest &)>;

    FakeConnection(QTcpSocket *socket, Handler handler, QObject *parent);
    ~FakeConnection() override;

private:
    enum class After { Finish, Close, Stall };

    void onReadyRead();
    void processNext();
    void start(const FakeOutcome &outcome, bool keepAlive);
    void holdThenAnswer(const FakeOutcome &outcome, bool keepAlive);
    void startEndless(const FakeOutcome &outcome);
    void pump();
    void finishReply();
    QByteArray head(const FakeReply &reply, qint64 contentLength, bool keepAlive) const;

    QTcpSocket *m_socket;
    Handler m_handler;
    HttpRequestParser m_parser;
    bool m_busy = false;    // a reply is being written
    bool m_stalled = false; // a stall fault froze this connection for good
    bool m_closing = false;
    bool m_processing = false; // inside processNext()

    // The reply being written.
    QList<QByteArray> m_segments;
    qsizetype m_segment = 0;
    qint64 m_offset = 0; // within m_segments[m_segment]
    qint64 m_sent = 0;   // body bytes written
    qint64 m_limit = 0;  // body bytes to write before `m_after`
    After m_after = After::Finish;
    bool m_keepAlive = true;
    int m_chunkBytes = 0; // > 0: slow body, one chunk per m_delayMs
    int m_delayMs = 0;
    bool m_timerPending = false;
    bool m_repeat = false; // endless body: the segments start over
};

} // namespace Sanzaru::Testing

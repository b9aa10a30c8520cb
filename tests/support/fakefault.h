// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <utility>

namespace Sanzaru::Testing {

using HeaderList = QList<std::pair<QByteArray, QByteArray>>;

/// A misbehaviour FakeOpenAiServer applies to matching requests (see FakeOpenAiServer::addFault).
struct Fault
{
    enum class Kind {
        Status,             ///< answer `status` with `headers` and an error body; the request is NOT executed
        DropBeforeResponse, ///< execute the request, then close the connection without answering (lost reply)
        DropBeforeRequest,  ///< close the connection as soon as the request arrived; NOT executed
        DropMidBody,   ///< execute; send the head with the full Content-Length, half the body, then close
        SlowBody,      ///< execute; send the body in `chunkBytes` pieces `delayMs` apart (healthy, slow)
        StallBody,     ///< execute; send the head and `stallAfterBytes` of the body, then nothing more
        StallHeaders,  ///< read the request and never answer (connection stays open); NOT executed
        MalformedJson, ///< execute; answer 200 application/json with a truncated JSON body
        HoldAnswer,    ///< execute; send nothing for `delayMs`, then the normal answer (a blocking call)
        EndlessBody,   ///< execute; answer 200 and stream filler until the client goes away, announcing
                       ///< `claimedLength` as Content-Length (-1: none, the body ends at close)
    };

    Kind kind = Kind::Status;
    int times = 1; ///< matching requests this fault applies to; -1 = forever
    int status = 500;
    HeaderList headers; ///< extra reply headers (Status and every kind that answers)
    QByteArray body;    ///< Status: sent instead of the default error body, as application/json (so a
                        ///< Status fault with 200 and a hand-written body doubles as a canned reply)
    int chunkBytes = 1024;
    int delayMs = 20;
    qint64 stallAfterBytes = -1; ///< StallBody: body bytes sent before stalling; -1 = half of the body
    qint64 claimedLength = -1;   ///< EndlessBody: the Content-Length announced; -1 = none

    static Fault httpStatus(int status, const HeaderList &headers = {}, int times = 1);
    static Fault of(Kind kind, int times = 1);
    static Fault slowBody(int chunkBytes, int delayMs, int times = 1);
    /// Answers `status` (301/302/303/307/308) with `Location: location`; the request is NOT executed.
    static Fault redirect(int status, const QByteArray &location, int times = 1);
    /// Holds the (executed) request's answer for `delayMs`, sending nothing meanwhile.
    static Fault holdAnswer(int delayMs, int times = 1);
    /// An answer that never ends (see Kind::EndlessBody).
    static Fault endlessBody(qint64 claimedLength = -1, int times = 1);

    /// Pattern is an exact path, or a prefix when it ends with '*'. "*" matches every path.
    static bool pathMatches(const QString &pattern, const QString &path);
    /// Method pattern: exact (case-sensitive, as HTTP), or empty / "*" for any method.
    static bool methodMatches(const QByteArray &pattern, const QByteArray &method);
    /// Whether the fault executes the request before misbehaving.
    bool executesRequest() const;
};

} // namespace Sanzaru::Testing

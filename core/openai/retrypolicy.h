// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>

#include <optional>

namespace Sanzaru::Core {

/// When and how long to wait before trying a request again: the official SDK's rules (408/409/429/5xx
/// and connection failures, at most 2 retries, retry-after-ms then Retry-After up to 60 s, otherwise
/// min(0.5 s * 2^n, 8 s) minus up to 25 % jitter, x-should-retry obeyed), tightened for paid POSTs.
class RetryPolicy
{
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    /// How far a failed attempt got.
    enum class Failure {
        NotSent,      ///< the connection failed before the request could reach the server
        MaybeReceived ///< the server may have the request (dropped after sending, timeout, mid-body)
    };

    int maxRetries = 2;
    /// Scales the default backoff (tests use small values; 1.0 in production).
    double backoffScale = 1.0;

    /// Retry after an HTTP error status?
    bool shouldRetryStatus(int status, const Headers &headers, bool createsPaidJob) const;
    /// Retry after a connection failure or timeout?
    bool shouldRetryFailure(Failure failure, bool createsPaidJob) const;

    /// Delay before retry number retriesDone+1, honouring the server's retry-after headers.
    int delayMs(int retriesDone, const Headers &headers, const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    /// The server-requested delay, if a valid one (0..60 s) was given.
    static std::optional<int> serverDelayMs(const Headers &headers, const QDateTime &now);

    static QByteArray header(const Headers &headers, const QByteArray &lowerName);
};

} // namespace Sanzaru::Core

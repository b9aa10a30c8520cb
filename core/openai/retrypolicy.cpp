// SPDX-License-Identifier: MIT
#include "retrypolicy.h"

#include <QLocale>
#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

namespace Sanzaru::Core {

QByteArray RetryPolicy::header(const Headers &headers, const QByteArray &lowerName)
{
    for (const auto &[name, value] : headers) {
        if (name.toLower() == lowerName)
            return value.trimmed();
    }
    return {};
}

bool RetryPolicy::shouldRetryStatus(int status, const Headers &headers, bool createsPaidJob) const
{
    const QByteArray forced = header(headers, "x-should-retry");
    if (forced == "true")
        return true;
    if (forced == "false")
        return false;
    if (createsPaidJob) {
        // 408 and 429 say the server did not act on the request; a 409 or 5xx may come after the
        // job was created, and re-sending would pay twice.
        return status == 408 || status == 429;
    }
    return status == 408 || status == 409 || status == 429 || status >= 500;
}

bool RetryPolicy::shouldRetryFailure(Failure failure, bool createsPaidJob) const
{
    return !createsPaidJob || failure == Failure::NotSent;
}

std::optional<int> RetryPolicy::serverDelayMs(const Headers &headers, const QDateTime &now)
{
    constexpr double maxMs = 60000.0;
    bool ok = false;
    const QByteArray ms = header(headers, "retry-after-ms");
    if (!ms.isEmpty()) {
        const double value = ms.toDouble(&ok);
        if (ok && std::isfinite(value) && value >= 0 && value <= maxMs)
            return int(std::ceil(value));
    }
    const QByteArray after = header(headers, "retry-after");
    if (after.isEmpty())
        return std::nullopt;
    const double seconds = after.toDouble(&ok);
    double value = ok ? seconds * 1000.0 : -1.0;
    if (!ok) {
        // An HTTP-date (RFC 7231 IMF-fixdate).
        const QDateTime when = QLocale::c().toDateTime(QString::fromLatin1(after), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
        if (when.isValid()) {
            QDateTime utc = when;
            utc.setTimeSpec(Qt::UTC);
            value = double(now.msecsTo(utc));
        }
    }
    if (std::isfinite(value) && value >= 0 && value <= maxMs)
        return int(std::ceil(value));
    return std::nullopt;
}

int RetryPolicy::delayMs(int retriesDone, const Headers &headers, const QDateTime &now) const
{
    if (const auto server = serverDelayMs(headers, now))
        return *server;
    const double base = std::min(0.5 * std::pow(2.0, retriesDone), 8.0);
    const double jitter = 1.0 - QRandomGenerator::global()->bounded(0.25);
    return int(base * jitter * 1000.0 * backoffScale);
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "fakefault.h"

namespace Sanzaru::Testing {

Fault Fault::httpStatus(int status, const HeaderList &headers, int times)
{
    Fault fault;
    fault.kind = Kind::Status;
    fault.status = status;
    fault.headers = headers;
    fault.times = times;
    return fault;
}

Fault Fault::of(Kind kind, int times)
{
    Fault fault;
    fault.kind = kind;
    fault.times = times;
    return fault;
}

Fault Fault::slowBody(int chunkBytes, int delayMs, int times)
{
    Fault fault = of(Kind::SlowBody, times);
    fault.chunkBytes = qMax(1, chunkBytes);
    fault.delayMs = qMax(0, delayMs);
    return fault;
}

Fault Fault::redirect(int status, const QByteArray &location, int times)
{
    Fault fault = httpStatus(status, {{QByteArrayLiteral("Location"), location}}, times);
    fault.body = QByteArrayLiteral("{}");
    return fault;
}

Fault Fault::holdAnswer(int delayMs, int times)
{
    Fault fault = of(Kind::HoldAnswer, times);
    fault.delayMs = qMax(0, delayMs);
    return fault;
}

Fault Fault::endlessBody(qint64 claimedLength, int times)
{
    Fault fault = of(Kind::EndlessBody, times);
    fault.claimedLength = claimedLength;
    return fault;
}

bool Fault::pathMatches(const QString &pattern, const QString &path)
{
    if (pattern.endsWith(QLatin1Char('*')))
        return path.startsWith(QStringView(pattern).chopped(1));
    return pattern == path;
}

bool Fault::methodMatches(const QByteArray &pattern, const QByteArray &method)
{
    return pattern.isEmpty() || pattern == "*" || pattern == method;
}

bool Fault::executesRequest() const
{
    switch (kind) {
    case Kind::Status:
    case Kind::DropBeforeRequest:
    case Kind::StallHeaders:
        return false;
    case Kind::DropBeforeResponse:
    case Kind::DropMidBody:
    case Kind::SlowBody:
    case Kind::StallBody:
    case Kind::MalformedJson:
    case Kind::HoldAnswer:
    case Kind::EndlessBody:
        return true;
    }
    return false;
}

} // namespace Sanzaru::Testing

// SPDX-License-Identifier: MIT
#include "error.h"

namespace Sanzaru::Core {

namespace {
Error make(ErrorKind kind, const QString &message, const QString &detail)
{
    Error e;
    e.kind = kind;
    e.message = message;
    e.detail = detail;
    return e;
}
} // namespace

Error Error::config(const QString &m, const QString &d) { return make(ErrorKind::Config, m, d); }
Error Error::badInput(const QString &m, const QString &d) { return make(ErrorKind::BadInput, m, d); }
Error Error::notFound(const QString &m, const QString &d) { return make(ErrorKind::NotFound, m, d); }
Error Error::network(const QString &m, const QString &d) { return make(ErrorKind::Network, m, d); }
Error Error::timeout(const QString &m, const QString &d) { return make(ErrorKind::Timeout, m, d); }
Error Error::io(const QString &m, const QString &d) { return make(ErrorKind::Io, m, d); }
Error Error::internal(const QString &m, const QString &d) { return make(ErrorKind::Internal, m, d); }
Error Error::cancelled(const QString &m)
{
    return make(ErrorKind::Cancelled, m.isEmpty() ? QStringLiteral("Cancelled") : m, {});
}

QString Error::kindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::Config: return QStringLiteral("config");
    case ErrorKind::BadInput: return QStringLiteral("bad_input");
    case ErrorKind::NotFound: return QStringLiteral("not_found");
    case ErrorKind::Api: return QStringLiteral("api_error");
    case ErrorKind::Network: return QStringLiteral("network");
    case ErrorKind::Timeout: return QStringLiteral("timeout");
    case ErrorKind::JobFailed: return QStringLiteral("job_failed");
    case ErrorKind::Io: return QStringLiteral("io");
    case ErrorKind::Cancelled: return QStringLiteral("cancelled");
    case ErrorKind::Internal: return QStringLiteral("internal");
    }
    return QStringLiteral("internal");
}

QJsonObject Error::toJson() const
{
    QJsonObject o{{QStringLiteral("kind"), kindName()}, {QStringLiteral("message"), message}};
    if (!detail.isEmpty())
        o.insert(QStringLiteral("detail"), detail);
    if (httpStatus != 0)
        o.insert(QStringLiteral("http_status"), httpStatus);
    if (!apiCode.isEmpty())
        o.insert(QStringLiteral("code"), apiCode);
    if (!apiType.isEmpty())
        o.insert(QStringLiteral("type"), apiType);
    if (!apiParam.isEmpty())
        o.insert(QStringLiteral("param"), apiParam);
    return o;
}

} // namespace Sanzaru::Core

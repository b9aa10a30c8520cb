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
Error Error::unknownTool(const QString &m) { return make(ErrorKind::UnknownTool, m, {}); }
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
    case ErrorKind::UnknownTool: return QStringLiteral("unknown_tool");
    }
    return QStringLiteral("internal");
}

std::optional<ErrorKind> Error::kindFromName(const QString &name)
{
    for (ErrorKind kind : {ErrorKind::Config, ErrorKind::BadInput, ErrorKind::NotFound, ErrorKind::Api,
                           ErrorKind::Network, ErrorKind::Timeout, ErrorKind::JobFailed, ErrorKind::Io,
                           ErrorKind::Cancelled, ErrorKind::Internal, ErrorKind::UnknownTool}) {
        if (kindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

Error Error::fromJson(const QJsonObject &json)
{
    Error error;
    error.kind = kindFromName(json.value(QStringLiteral("kind")).toString()).value_or(ErrorKind::Internal);
    error.message = json.value(QStringLiteral("message")).toString();
    error.detail = json.value(QStringLiteral("detail")).toString();
    error.httpStatus = json.value(QStringLiteral("http_status")).toInt();
    error.apiCode = json.value(QStringLiteral("code")).toString();
    error.apiType = json.value(QStringLiteral("type")).toString();
    error.apiParam = json.value(QStringLiteral("param")).toString();
    error.reason = json.value(QStringLiteral("reason")).toString();
    return error;
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
    if (!reason.isEmpty())
        o.insert(QStringLiteral("reason"), reason);
    return o;
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>

namespace Sanzaru::Core {

/// What went wrong, in categories a caller can act on.
enum class ErrorKind {
    Config,    ///< missing key, media folder not configured
    BadInput,  ///< an argument value the caller must change
    NotFound,  ///< a local file that does not exist
    Api,       ///< the API answered with an error status (httpStatus/apiCode set)
    Network,   ///< connection refused, reset, dropped
    Timeout,   ///< no bytes for the stall interval, or a deadline passed
    JobFailed, ///< the remote job ended as failed
    Io,        ///< local disk error
    Cancelled, ///< the caller cancelled
    Internal,  ///< a bug
};

/// An error as a value: a kind, a sentence for the user, and a detail for logs.
struct Error
{
    ErrorKind kind = ErrorKind::Internal;
    QString message;
    QString detail;
    int httpStatus = 0;
    QString apiCode;
    QString apiType;
    QString apiParam;

    static Error config(const QString &message, const QString &detail = {});
    static Error badInput(const QString &message, const QString &detail = {});
    static Error notFound(const QString &message, const QString &detail = {});
    static Error network(const QString &message, const QString &detail = {});
    static Error timeout(const QString &message, const QString &detail = {});
    static Error io(const QString &message, const QString &detail = {});
    static Error cancelled(const QString &message = {});
    static Error internal(const QString &message, const QString &detail = {});

    /// "config", "bad_input", "not_found", "api_error", "network", "timeout", "job_failed", "io",
    /// "cancelled", "internal".
    static QString kindName(ErrorKind kind);
    QString kindName() const { return kindName(kind); }

    /// {"kind", "message", "detail"?, "http_status"?, "code"?, "type"?, "param"?}
    QJsonObject toJson() const;
};

} // namespace Sanzaru::Core

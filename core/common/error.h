// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace Sanzaru::Core {

/// What went wrong, in categories a caller can act on.
enum class ErrorKind {
    Config,      ///< missing key, media folder not configured
    BadInput,    ///< an argument value the caller must change
    NotFound,    ///< a local file that does not exist
    Api,         ///< the API answered with an error status (httpStatus/apiCode set)
    Network,     ///< connection refused, reset, dropped
    Timeout,     ///< no bytes for the stall interval, or a deadline passed
    JobFailed,   ///< the remote job ended as failed
    Io,          ///< local disk error
    Cancelled,   ///< the caller cancelled
    Internal,    ///< a bug
    UnknownTool, ///< a tool name the registry does not know (e.g. an instance of another version)
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
    /// The bare cause when message wraps it in a sentence for the user (a decoder's "image file is
    /// truncated" inside "Error reading input image: a.png: …"), so callers that say it their own way
    /// need not take the message apart; empty when there is none beyond message.
    QString reason;

    static Error config(const QString &message, const QString &detail = {});
    static Error badInput(const QString &message, const QString &detail = {});
    static Error notFound(const QString &message, const QString &detail = {});
    static Error network(const QString &message, const QString &detail = {});
    static Error timeout(const QString &message, const QString &detail = {});
    static Error io(const QString &message, const QString &detail = {});
    static Error cancelled(const QString &message = {});
    static Error internal(const QString &message, const QString &detail = {});
    static Error unknownTool(const QString &message);

    /// "config", "bad_input", "not_found", "api_error", "network", "timeout", "job_failed", "io",
    /// "cancelled", "internal", "unknown_tool".
    static QString kindName(ErrorKind kind);
    QString kindName() const { return kindName(kind); }
    static std::optional<ErrorKind> kindFromName(const QString &name);

    /// {"kind", "message", "detail"?, "http_status"?, "code"?, "type"?, "param"?, "reason"?}
    QJsonObject toJson() const;
    /// The inverse of toJson(); an unknown kind reads as Internal.
    static Error fromJson(const QJsonObject &json);
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace Sanzaru::App::Cli {

/// The agent CLI's exit codes (sanzaru's contract).
enum ExitCode : int {
    ExitOk = 0,
    ExitRuntime = 1,   ///< API, network, write failure, unknown id
    ExitUsage = 2,     ///< bad flags or arguments
    ExitConfig = 3,    ///< missing key, no media folder
    ExitTimeout = 4,   ///< --timeout passed; the job still runs upstream (resumable)
    ExitJobFailed = 5, ///< the job failed upstream
    ExitPartial = 6,   ///< a fan-out with successes and failures
    ExitInterrupted = 130,
};

/// A failure as the envelope reports it: error.type, message, the exit code, and extra top-level fields.
struct CliFailure
{
    QString type; ///< usage, config, api_error, not_found, job_failed, timeout, download_error, internal
    QString message;
    int exitCode = ExitRuntime;
    QString resume;
    QJsonObject extra;
};

/// Builds and writes envelopes: stdout gets exactly one JSON document per input (pretty on a TTY,
/// compact otherwise or when streaming), stderr a one-line summary of each failure.
class Envelope
{
public:
    static QJsonObject success(const QString &command, const QJsonObject &result, double elapsedSeconds,
                               const QJsonObject &extra = {});
    static QJsonObject failure(const QString &command, const CliFailure &failure);

    /// A tool's error object ({"kind", "message", "http_status"?}) as a CliFailure.
    static CliFailure fromToolError(const QJsonObject &error);

    /// Writes the envelope to stdout; `stream` forces one compact line (fan-out output).
    static void print(const QJsonObject &envelope, bool stream = false);
    /// "sanzaru-qt: MESSAGE" on stderr.
    static void note(const QString &message);
    /// The fan-out exit code: 0 all ok, 6 mixed, else 4 if any timed out, else the highest.
    static int aggregate(const QList<int> &codes);
};

} // namespace Sanzaru::App::Cli

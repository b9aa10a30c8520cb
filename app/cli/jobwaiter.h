// SPDX-License-Identifier: MIT
#pragma once

#include "envelope.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>

#include <functional>
#include <optional>

class QTimer;

namespace Sanzaru::App {
class ToolInvoker;
}

namespace Sanzaru::App::Cli {

/// How long and how often to poll one job (sanzaru's polling.py): video 5 s ×1.5 up to 20 s, image
/// 2 s ×1.5 up to 10 s, ±10 % jitter; a fixed interval is used as given. SANZARU_QT_POLL_SCALE (a
/// factor, e.g. 0.01) shrinks every interval and the heartbeat, for tests; deadlines are not scaled.
struct PollPolicy
{
    bool video = true;
    double timeoutSeconds = 1800;
    std::optional<double> fixedInterval;
    bool quiet = false;
    bool bar = false; ///< redraw one progress bar line instead of a line per change (stderr is a terminal)

    double firstInterval() const { return video ? 5 : 2; }
    double maxInterval() const { return video ? 20 : 10; }
    static double scale();
};

/// Polls one job through its status tool until a terminal state, the deadline, or a fatal error.
/// Transient failures (network, HTTP 408/409/429/5xx) are retried until the deadline. Writes a stderr
/// line per state change and a heartbeat every 30 s unless quiet.
class JobWaiter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobWaiter)

public:
    /// status: the last status object; failure set when the wait did not end in "completed".
    using Callback = std::function<void(const QJsonObject &status, const std::optional<CliFailure> &failure)>;

    JobWaiter(ToolInvoker *invoker, const QString &id, const PollPolicy &policy, QObject *parent = nullptr);
    void start(Callback done);

private:
    void poll();
    void handle(const QJsonObject &status);
    void scheduleNext();
    void finish(const std::optional<CliFailure> &failure);
    void drawBar(bool done) const;

    ToolInvoker *m_invoker;
    QString m_id;
    PollPolicy m_policy;
    Callback m_done;
    QElapsedTimer m_clock;
    double m_interval = 0;
    QString m_lastState;
    QJsonObject m_last;
    QTimer *m_heartbeat = nullptr;
};

} // namespace Sanzaru::App::Cli

// SPDX-License-Identifier: MIT
#include "jobwaiter.h"

#include "toolinvoker.h"

#include <QRandomGenerator>
#include <QTimer>

#include <algorithm>
#include <cstdio>

namespace Sanzaru::App::Cli {

namespace {

bool isRunning(const QString &state)
{
    // Gateways say pending/processing for queued/in_progress.
    return state == QLatin1String("queued") || state == QLatin1String("in_progress") ||
           state == QLatin1String("unknown") || state == QLatin1String("pending") ||
           state == QLatin1String("processing") || state.isEmpty();
}

bool isTransient(const QJsonObject &error)
{
    const QString kind = error.value(QStringLiteral("kind")).toString();
    const int http = error.value(QStringLiteral("http_status")).toInt();
    if (kind == QLatin1String("network") || kind == QLatin1String("timeout"))
        return true;
    return http == 408 || http == 409 || http == 429 || http >= 500;
}

} // namespace

double PollPolicy::scale()
{
    bool ok = false;
    const double factor = qEnvironmentVariable("SANZARU_QT_POLL_SCALE").toDouble(&ok);
    return ok && factor > 0 ? factor : 1.0;
}

JobWaiter::JobWaiter(ToolInvoker *invoker, const QString &id, const PollPolicy &policy, QObject *parent)
    : QObject(parent)
    , m_invoker(invoker)
    , m_id(id)
    , m_policy(policy)
{}

void JobWaiter::start(Callback done)
{
    m_done = std::move(done);
    m_clock.start();
    m_interval = m_policy.firstInterval();
    if (!m_policy.quiet && !m_policy.bar) {
        m_heartbeat = new QTimer(this);
        m_heartbeat->setInterval(std::max(1, int(30000 * PollPolicy::scale())));
        connect(m_heartbeat, &QTimer::timeout, this, [this] {
            Envelope::note(QStringLiteral("%1 %2 %3% t=%4s")
                               .arg(m_id, m_lastState.isEmpty() ? QStringLiteral("waiting") : m_lastState)
                               .arg(m_last.value(QStringLiteral("progress")).toInt())
                               .arg(m_clock.elapsed() / 1000));
        });
        m_heartbeat->start();
    }
    poll();
}

void JobWaiter::poll()
{
    const bool video = m_policy.video;
    const QString tool = video ? QStringLiteral("get_video_status") : QStringLiteral("get_image_status");
    const QJsonObject arguments{{video ? QStringLiteral("video_id") : QStringLiteral("response_id"), m_id}};
    m_invoker->invoke(tool, arguments, [this](const ToolOutcome &outcome) {
        if (outcome.ok())
            return handle(outcome.object);
        if (outcome.kind == ToolOutcome::Kind::ToolError && isTransient(outcome.object))
            return scheduleNext();
        finish(Envelope::fromToolError(outcome.object));
    });
}

void JobWaiter::handle(const QJsonObject &status)
{
    m_last = status;
    const QString state = status.value(QStringLiteral("status")).toString();
    if (state != m_lastState && !m_policy.quiet && !m_policy.bar) {
        const QJsonValue progress = status.value(QStringLiteral("progress"));
        Envelope::note(
            QStringLiteral("%1 %2%3 t=%4s")
                .arg(m_id, state.isEmpty() ? QStringLiteral("unknown") : state,
                     progress.isDouble() ? QStringLiteral(" %1%").arg(progress.toInt()) : QString())
                .arg(m_clock.elapsed() / 1000));
    }
    m_lastState = state;
    if (m_policy.bar && !m_policy.quiet)
        drawBar(!isRunning(state));
    if (isRunning(state))
        return scheduleNext();
    if (state == QLatin1String("completed"))
        return finish(std::nullopt);
    const QString reason =
        status.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
    finish(CliFailure{QStringLiteral("job_failed"),
                      QStringLiteral("%1 ended %2%3")
                          .arg(m_id, state, reason.isEmpty() ? QString() : QStringLiteral(": ") + reason),
                      ExitJobFailed,
                      {},
                      {}});
}

void JobWaiter::scheduleNext()
{
    const double elapsed = m_clock.elapsed() / 1000.0;
    const double remaining = m_policy.timeoutSeconds - elapsed;
    if (remaining <= 0) {
        return finish(CliFailure{
            QStringLiteral("timeout"),
            QStringLiteral("%1 job %2 still running after %3s")
                .arg(m_policy.video ? QStringLiteral("Video") : QStringLiteral("Image"), m_id)
                .arg(elapsed < 10 ? QString::number(elapsed, 'f', 1) : QString::number(qRound(elapsed))),
            ExitTimeout,
            {},
            {}});
    }
    double sleep = m_policy.fixedInterval.value_or(m_interval);
    if (!m_policy.fixedInterval) {
        sleep *= 0.9 + 0.2 * QRandomGenerator::global()->generateDouble();
        m_interval = std::min(m_interval * 1.5, m_policy.maxInterval());
    }
    sleep = std::min(sleep * PollPolicy::scale(), remaining);
    QTimer::singleShot(int(sleep * 1000), this, &JobWaiter::poll);
}

void JobWaiter::drawBar(bool done) const
{
    const int progress = std::clamp(m_last.value(QStringLiteral("progress")).toInt(), 0, 100);
    const int filled = progress * 30 / 100;
    const QByteArray line = "\r[" + QByteArray(filled, '#') + QByteArray(30 - filled, ' ') + "] " +
                            QByteArray::number(progress).rightJustified(3) + "% " + m_id.toUtf8() + ' ' +
                            m_lastState.toUtf8() + " t=" + QByteArray::number(m_clock.elapsed() / 1000) +
                            "s\x1b[K" + (done ? "\n" : "");
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

void JobWaiter::finish(const std::optional<CliFailure> &failure)
{
    if (m_heartbeat)
        m_heartbeat->stop();
    std::optional<CliFailure> result = failure;
    if (result) {
        result->extra.insert(QStringLiteral("id"), m_id);
        if (!m_lastState.isEmpty())
            result->extra.insert(QStringLiteral("last_status"), m_lastState);
        if (m_last.contains(QStringLiteral("progress")))
            result->extra.insert(QStringLiteral("last_progress"), m_last.value(QStringLiteral("progress")));
    }
    m_done(m_last, result);
}

} // namespace Sanzaru::App::Cli

// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

class QSocketNotifier;

namespace Sanzaru::App {

/// Turns SIGTERM and SIGINT into a clean QCoreApplication::quit() (self-pipe + QSocketNotifier), so a
/// stopped `serve` or desktop app removes its socket file and cancels its calls instead of leaving a
/// stale socket behind.
class QuitSignals final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QuitSignals)

public:
    explicit QuitSignals(QObject *parent = nullptr);
    ~QuitSignals() override;

private:
    static void onSignal(int signal);
    static int s_pipe[2];
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Sanzaru::App

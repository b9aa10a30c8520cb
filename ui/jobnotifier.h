// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>

class QSystemTrayIcon;
class QWidget;

namespace Sanzaru::Core {
class JobQueue;
} // namespace Sanzaru::Core

namespace Sanzaru::Ui {

/// Tells the user when a job completes or fails while the window is in the background: a system-tray
/// message where a tray exists (clicking it brings the window back), and always the posted() signal.
class JobNotifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobNotifier)

public:
    JobNotifier(Core::JobQueue *queue, QWidget *window, QObject *parent = nullptr);

    /// Tests and headless runs: treat the window as in the background regardless of focus.
    void setAssumeBackground(bool background) { m_assumeBackground = background; }
    bool hasTray() const { return m_tray != nullptr; }

signals:
    void posted(const QString &title, const QString &message);
    void activated();

private:
    void onJobFinished(const QString &id);

    Core::JobQueue *m_queue;
    QWidget *m_window;
    QSystemTrayIcon *m_tray = nullptr;
    bool m_assumeBackground = false;
};

} // namespace Sanzaru::Ui

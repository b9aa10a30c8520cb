// SPDX-License-Identifier: MIT
#include "jobnotifier.h"

#include "jobs/jobqueue.h"

#include <QApplication>
#include <QSystemTrayIcon>
#include <QWidget>

namespace Sanzaru::Ui {

using namespace Sanzaru::Core;

JobNotifier::JobNotifier(JobQueue *queue, QWidget *window, QObject *parent)
    : QObject(parent)
    , m_queue(queue)
    , m_window(window)
{
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(window->windowIcon(), this);
        m_tray->setToolTip(QStringLiteral("sanzaru-qt"));
        m_tray->show();
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, &JobNotifier::activated);
        connect(m_tray, &QSystemTrayIcon::activated, this, &JobNotifier::activated);
    }
    connect(queue, &JobQueue::jobFinished, this, &JobNotifier::onJobFinished);
}

void JobNotifier::onJobFinished(const QString &id)
{
    const JobRecord *record = m_queue->find(id);
    if (!record || record->state == JobState::Cancelled)
        return;
    const bool background = m_assumeBackground || !m_window->isActiveWindow() || m_window->isMinimized();
    if (!background)
        return;
    const bool ok = record->state == JobState::Completed;
    const QString title = ok ? tr("%1 finished").arg(displayName(record->kind))
                             : tr("%1 failed").arg(displayName(record->kind));
    QString message = ok ? record->prompt() : (record->error ? record->error->message : record->statusText);
    if (message.size() > 160)
        message = message.left(157) + QStringLiteral("…");
    emit posted(title, message);
    if (m_tray)
        m_tray->showMessage(title, message, ok ? QSystemTrayIcon::Information : QSystemTrayIcon::Warning);
}

} // namespace Sanzaru::Ui

// SPDX-License-Identifier: MIT
#include "guardedlocalserver.h"

#include "mcp/mcpiolog.h"

#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Sanzaru::Core {

GuardedLocalServer::GuardedLocalServer(QObject *parent)
    : QLocalServer(parent)
{
    openSpare();
}

GuardedLocalServer::~GuardedLocalServer()
{
    close();
    closeSpare();
}

void GuardedLocalServer::setAdmission(std::function<bool()> admit, const QByteArray &refusalLine)
{
    m_admit = std::move(admit);
    m_refusalLine = refusalLine;
}

void GuardedLocalServer::openSpare()
{
    if (m_spareFd < 0)
        m_spareFd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
}

void GuardedLocalServer::closeSpare()
{
    if (m_spareFd >= 0)
        ::close(m_spareFd);
    m_spareFd = -1;
}

bool GuardedLocalServer::listenGuarded(const QString &path)
{
    bool ok = listen(path);
    if (!ok && m_spareFd >= 0) {
        // Out of descriptors: the spare one is what lets the endpoint come back.
        closeSpare();
        ok = listen(path);
    }
    openSpare();
    if (ok)
        watchListener();
    return ok;
}

void GuardedLocalServer::watchListener()
{
    // QLocalServer gives no signal when it closes itself after a failed accept(); the read notifier on
    // its listening socket, which it deletes then, is the only trace.
    const auto notifiers = findChildren<QSocketNotifier *>(Qt::FindDirectChildrenOnly);
    QSocketNotifier *notifier = nullptr;
    for (QSocketNotifier *candidate : notifiers)
        if (candidate->type() == QSocketNotifier::Read && candidate->isEnabled())
            notifier = candidate;
    if (notifier) {
        connect(
            notifier, &QObject::destroyed, this,
            [this] {
                if (!isListening())
                    emit listenerFailed();
            },
            Qt::QueuedConnection);
        return;
    }
    // Another Qt may keep it elsewhere: look once a second instead.
    auto *timer = new QTimer(this);
    connect(timer, &QTimer::timeout, this, [this, timer] {
        if (isListening())
            return;
        timer->deleteLater();
        emit listenerFailed();
    });
    timer->start(1000);
}

void GuardedLocalServer::incomingConnection(quintptr socketDescriptor)
{
    const int fd = int(socketDescriptor);
    // One more descriptor must stay free after this one, else the next accept() fails and QLocalServer
    // closes for good.
    const int probe = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (probe < 0) {
        qCWarning(lcMcpIo) << "out of file descriptors; refusing a local client";
        return refuse(fd);
    }
    ::close(probe);
    if (m_admit && !m_admit())
        return refuse(fd);
    QLocalServer::incomingConnection(socketDescriptor);
}

void GuardedLocalServer::refuse(int fd)
{
    if (!m_refusalLine.isEmpty()) {
        // A fresh socket's send buffer takes one short line; if it does not, the client just sees EOF.
        const QByteArray line = m_refusalLine + '\n';
        [[maybe_unused]] const ssize_t sent =
            ::send(fd, line.constData(), size_t(line.size()), MSG_DONTWAIT | MSG_NOSIGNAL);
    }
    ::close(fd);
}

} // namespace Sanzaru::Core

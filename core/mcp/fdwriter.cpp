// SPDX-License-Identifier: MIT
#include "fdwriter.h"

#include <QList>
#include <QMutex>
#include <QMutexLocker>
#include <QWaitCondition>

#include <cerrno>
#include <csignal>
#include <sys/uio.h>
#include <thread>
#include <unistd.h>

namespace Sanzaru::Core {

namespace {

struct Item
{
    QByteArray bytes;
    bool newline = false;
    bool finishMark = false;
};

/// writev() until both parts are out; false on an error other than EINTR.
bool writeAll(int fd, const QByteArray &bytes, bool newline)
{
    static const char lf = '\n';
    iovec parts[2] = {{const_cast<char *>(bytes.constData()), size_t(bytes.size())},
                      {const_cast<char *>(&lf), newline ? 1u : 0u}};
    int first = 0;
    while (first < 2) {
        if (parts[first].iov_len == 0) {
            ++first;
            continue;
        }
        const ssize_t n = ::writev(fd, parts + first, 2 - first);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        size_t done = size_t(n);
        while (first < 2 && done >= parts[first].iov_len) {
            done -= parts[first].iov_len;
            parts[first].iov_len = 0;
            ++first;
        }
        if (first < 2) {
            parts[first].iov_base = static_cast<char *>(parts[first].iov_base) + done;
            parts[first].iov_len -= done;
        }
    }
    return true;
}

} // namespace

struct FdWriter::Shared
{
    QMutex mutex;
    QWaitCondition wake;
    QList<Item> queue;
    FdWriter *owner = nullptr;
    bool stop = false;
    int fd = -1;
};

FdWriter::FdWriter(int fd, QObject *parent)
    : QObject(parent)
    , m_shared(std::make_shared<Shared>())
{
    std::signal(SIGPIPE, SIG_IGN);
    m_shared->owner = this;
    m_shared->fd = fd;
    std::thread(run, m_shared).detach();
}

FdWriter::~FdWriter()
{
    QMutexLocker lock(&m_shared->mutex);
    m_shared->owner = nullptr;
    m_shared->stop = true;
    m_shared->wake.wakeOne();
}

void FdWriter::enqueue(const QByteArray &bytes, bool newline)
{
    QMutexLocker lock(&m_shared->mutex);
    m_shared->queue.append(Item{bytes, newline, false});
    m_shared->wake.wakeOne();
}

void FdWriter::write(const QByteArray &bytes)
{
    enqueue(bytes, false);
}

void FdWriter::writeLine(const QByteArray &message)
{
    enqueue(message, true);
}

void FdWriter::finish()
{
    QMutexLocker lock(&m_shared->mutex);
    m_shared->queue.append(Item{{}, false, true});
    m_shared->wake.wakeOne();
}

void FdWriter::run(std::shared_ptr<Shared> shared)
{
    bool broken = false;
    for (;;) {
        QList<Item> items;
        {
            QMutexLocker lock(&shared->mutex);
            while (shared->queue.isEmpty() && !shared->stop)
                shared->wake.wait(&shared->mutex);
            if (shared->queue.isEmpty())
                return; // stopped
            items.swap(shared->queue);
        }
        for (const Item &item : std::as_const(items)) {
            if (item.finishMark) {
                QMutexLocker lock(&shared->mutex);
                if (FdWriter *owner = shared->owner)
                    QMetaObject::invokeMethod(
                        owner, [owner] { emit owner->finished(); }, Qt::QueuedConnection);
                continue;
            }
            if (broken || writeAll(shared->fd, item.bytes, item.newline))
                continue;
            broken = true;
            QMutexLocker lock(&shared->mutex);
            if (FdWriter *owner = shared->owner)
                QMetaObject::invokeMethod(
                    owner, [owner] { emit owner->failed(); }, Qt::QueuedConnection);
        }
    }
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "fdreader.h"

#include <QMutex>
#include <QMutexLocker>

#include <cerrno>
#include <thread>
#include <unistd.h>

namespace Sanzaru::Core {

struct FdReader::Shared
{
    QMutex mutex;
    FdReader *owner = nullptr; ///< cleared by the destructor; events are posted only while it is set
    int fd = -1;
};

FdReader::FdReader(int fd, QObject *parent)
    : QObject(parent)
    , m_fd(fd)
    , m_shared(std::make_shared<Shared>())
{
    m_shared->owner = this;
    m_shared->fd = fd;
}

FdReader::~FdReader()
{
    // Posting happens under this mutex, and ~QObject discards events already posted to us.
    QMutexLocker lock(&m_shared->mutex);
    m_shared->owner = nullptr;
}

void FdReader::start()
{
    if (m_started)
        return;
    m_started = true;
    std::thread(run, m_shared).detach();
}

void FdReader::run(std::shared_ptr<Shared> shared)
{
    constexpr qsizetype chunk = 256 * 1024;
    QByteArray buffer(chunk, Qt::Uninitialized);
    for (;;) {
        const ssize_t n = ::read(shared->fd, buffer.data(), size_t(chunk));
        if (n < 0 && errno == EINTR)
            continue;
        QMutexLocker lock(&shared->mutex);
        FdReader *owner = shared->owner;
        if (!owner)
            return;
        if (n <= 0) {
            QMetaObject::invokeMethod(
                owner, [owner] { emit owner->endOfFile(); }, Qt::QueuedConnection);
            return;
        }
        const QByteArray bytes(buffer.constData(), n);
        QMetaObject::invokeMethod(
            owner, [owner, bytes] { emit owner->dataRead(bytes); }, Qt::QueuedConnection);
    }
}

} // namespace Sanzaru::Core

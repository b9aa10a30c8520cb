// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QObject>

#include <memory>

namespace Sanzaru::Core {

/// Reads a file descriptor (stdin) on a thread of its own and delivers the bytes to this object's thread.
/// The blocking read() happens only there, never on an event loop, and works for pipes, files, ttys and
/// /dev/null alike. The thread is detached: a read that never returns cannot hold up shutdown.
class FdReader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FdReader)

public:
    explicit FdReader(int fd, QObject *parent = nullptr);
    ~FdReader() override;

    /// Starts reading; signals arrive through this object's event loop.
    void start();

signals:
    void dataRead(const QByteArray &bytes);
    /// End of file or a read error; no more dataRead() follows.
    void endOfFile();

private:
    struct Shared;
    static void run(std::shared_ptr<Shared> shared);

    int m_fd;
    std::shared_ptr<Shared> m_shared;
    bool m_started = false;
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QObject>

#include <memory>

namespace Sanzaru::Core {

/// Writes to a file descriptor (stdout) from a thread of its own, in the order write()/writeLine() were
/// called, so a client that reads slowly never blocks the event loop. The thread is the single writer:
/// lines never interleave. SIGPIPE is ignored process-wide (as Qt's socket engine does) so a vanished
/// reader turns into failed(), not a killed process.
class FdWriter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FdWriter)

public:
    explicit FdWriter(int fd, QObject *parent = nullptr);
    ~FdWriter() override;

    void write(const QByteArray &bytes);
    /// The message followed by '\n', written as one unit.
    void writeLine(const QByteArray &message);
    /// Emits finished() once everything queued so far is written (or writing failed).
    void finish();

signals:
    void finished();
    /// The descriptor refused a write (the reader closed it); later writes are dropped.
    void failed();

private:
    struct Shared;
    static void run(std::shared_ptr<Shared> shared);
    void enqueue(const QByteArray &bytes, bool newline);

    std::shared_ptr<Shared> m_shared;
};

} // namespace Sanzaru::Core

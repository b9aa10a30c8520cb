// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"

#include <QString>

namespace Sanzaru::Core {

/// Streams bytes to a hidden temporary file beside the destination and renames it into place on
/// commit(), so the destination only ever holds a complete file (or the old one). Destroying an
/// uncommitted AtomicFile removes the temporary file. Not thread-safe; use from one thread.
class AtomicFile
{
public:
    enum class Commit { Replace, NoReplace };

    explicit AtomicFile(const QString &destinationPath);
    ~AtomicFile();
    AtomicFile(const AtomicFile &) = delete;
    AtomicFile &operator=(const AtomicFile &) = delete;

    Result<void> open();
    Result<void> write(const char *data, qint64 size);
    Result<void> write(const QByteArray &data) { return write(data.constData(), data.size()); }
    /// Flushes, fsyncs and renames into place. Replace: replaces a file (a symlink at the destination
    /// is replaced, never written through). NoReplace: fails with alreadyExists() true if the
    /// destination exists; the temporary file is kept, so the caller may setDestinationPath() (same
    /// folder) and commit again. Any other failure removes the temporary file.
    Result<void> commit(Commit mode = Commit::Replace);
    /// Removes the temporary file. Safe to call twice.
    void discard();

    bool alreadyExists() const { return m_alreadyExists; }
    qint64 bytesWritten() const { return m_written; }
    QString destinationPath() const { return m_destination; }
    void setDestinationPath(const QString &path) { m_destination = path; }

    /// Temporary files are named ".<basename>.<random>.sanzaru-part"; listings skip them.
    static bool isTemporaryName(const QString &fileName);
    /// The temporary file while open (empty before open() and after commit()/discard()).
    QString temporaryPath() const { return m_tempPath; }

private:
    Result<void> syncAndClose();
    Error ioError(const QString &what, int err) const;

    QString m_destination;
    QString m_tempPath;
    int m_fd = -1;
    qint64 m_written = 0;
    bool m_alreadyExists = false;
    bool m_synced = false; ///< data fsynced and the descriptor closed; only a rename is left
    bool m_committed = false;
};

} // namespace Sanzaru::Core

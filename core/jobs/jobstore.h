// SPDX-License-Identifier: MIT
#pragma once

#include "jobs/jobrecord.h"

#include <QFuture>
#include <QList>
#include <QObject>
#include <QString>
#include <QThreadPool>

namespace Sanzaru::Core {

/// The queue file: every job as JSON, written atomically (temp file + fsync + rename) on a worker thread,
/// in order. A file that cannot be read as this format — corrupt, truncated, or written by a newer version —
/// is moved aside (queue.json → queue.json.corrupt-<UTC time> / .v<N>) and reported, never fatal.
class JobStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobStore)

public:
    static constexpr int FormatVersion = 1;

    struct Loaded
    {
        QList<JobRecord> jobs;
        QString warning; ///< set when the file was moved aside or some entries were skipped
    };

    explicit JobStore(const QString &filePath, QObject *parent = nullptr);
    ~JobStore() override;

    /// <AppDataLocation>/queue.json (XDG_DATA_HOME/sanzaru-qt/queue.json on Linux).
    static QString defaultPath();
    QString filePath() const { return m_filePath; }

    /// Reads and parses the file off the calling thread.
    QFuture<Loaded> load() const;

    /// Queues a write of this snapshot; returns its generation. saved() reports each write in order.
    quint64 save(const QList<JobRecord> &jobs);
    /// The newest generation known to be on disk.
    quint64 savedGeneration() const { return m_savedGeneration; }

    static QByteArray serialize(const QList<JobRecord> &jobs);
    /// Parses a queue file's bytes (no file moving).
    static Result<Loaded> parse(const QByteArray &bytes);

signals:
    void saved(quint64 generation, bool ok, const QString &errorMessage);

private:
    QString m_filePath;
    QThreadPool m_writer; ///< one thread: writes happen in order
    quint64 m_generation = 0;
    quint64 m_savedGeneration = 0;
};

} // namespace Sanzaru::Core

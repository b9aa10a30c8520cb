// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QSet>
#include <QString>

class QThreadPool;

namespace Sanzaru::Core {

class JobQueue;

/// Turns a picture the user dropped on the video form into a Sora reference: it is imported into the
/// image folder (unless it already lives there), then prepared to the video size as a PrepareReference
/// job in the queue (so it is visible and cancellable), and the prepared file's name is reported.
class ReferencePreparation final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReferencePreparation)

public:
    ReferencePreparation(JobQueue *queue, QThreadPool *pool, QObject *parent = nullptr);

    void setImageDir(const QString &imageDir) { m_imageDir = imageDir; }
    /// size: "1280x720"…; resizeMode: "crop", "pad" or "rescale".
    void prepare(const QString &path, const QString &size, const QString &resizeMode);

signals:
    /// The prepared reference's name in the image folder.
    void prepared(const QString &fileName);
    void failed(const QString &message);

private:
    void submit(const QString &fileName, const QString &size, const QString &resizeMode);
    void onJobFinished(const QString &id);

    JobQueue *m_queue;
    QThreadPool *m_pool;
    QString m_imageDir;
    QSet<QString> m_pending; ///< preparation jobs this object waits for
};

} // namespace Sanzaru::Core

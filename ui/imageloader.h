// SPDX-License-Identifier: MIT
#pragma once

#include <QFutureWatcher>
#include <QImage>
#include <QObject>
#include <QSize>
#include <QString>

class QThreadPool;

namespace Sanzaru::Ui {

/// Decodes one picture at a time for display, on a worker pool. A new load() supersedes the previous
/// one: its result is dropped even if it finishes later, so a quick succession of selections shows
/// only the last. Pictures larger than the requested bound are shrunk while decoding
/// (QImageReader::setScaledSize), which for JPEG is also much faster than a full decode.
class ImageLoader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageLoader)

public:
    struct Loaded
    {
        QImage image;       ///< null on failure
        QSize originalSize; ///< the full, oriented picture size (valid when known)
        QString error;      ///< a sentence when image is null
    };

    /// pool: not owned.
    explicit ImageLoader(QThreadPool *pool, QObject *parent = nullptr);
    ~ImageLoader() override;

    /// Starts decoding path, bounded to maxEdge on the long side. Returns a ticket that finished()
    /// reports back.
    int load(const QString &path, int maxEdge);
    /// Drops the pending load, if any.
    void cancel();
    bool isLoading() const { return m_watcher.isRunning(); }

    /// The decode itself (runs on the pool; usable from any thread).
    static Loaded decode(const QString &path, int maxEdge);

Q_SIGNALS:
    void finished(int ticket, const Sanzaru::Ui::ImageLoader::Loaded &result);

private:
    QThreadPool *m_pool;
    QFutureWatcher<Loaded> m_watcher;
    int m_ticket = 0;
};

} // namespace Sanzaru::Ui

// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractListModel>
#include <QCache>
#include <QFileSystemWatcher>
#include <QHash>
#include <QImage>
#include <QList>
#include <QSet>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QTimer>

class QThreadPool;

namespace Sanzaru::Core {

/// The picture or video files of one media folder as a flat list model, kept in step with the disk.
///
/// The folder is listed through FolderLister (regular files only: symlinks and our temporary files
/// never show) on a worker pool, never on the model's thread; a QFileSystemWatcher schedules a
/// debounced rescan whenever the folder changes, and each scan is applied as a diff (rows inserted,
/// removed, changed) so views keep their selection. Thumbnails are decoded on the pool on first
/// request (shrink-on-decode to thumbnailEdge()), at most two at a time, and cached by cost; until a
/// thumbnail is ready, DecorationRole is empty. Rows stay in listing order: sort and filter in a
/// QSortFilterProxyModel over the raw roles.
class MediaFolderModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MediaFolderModel)

public:
    /// Raw values for sorting, filtering and painting; DisplayRole is the file name, DecorationRole the
    /// thumbnail (QImage), ToolTipRole a one-line summary.
    enum Role {
        PathRole = Qt::UserRole + 1, ///< QString, absolute path
        NameRole,                    ///< QString, file name
        SizeRole,                    ///< qint64, bytes
        ModifiedRole,                ///< QDateTime, local time
        DimensionsRole,              ///< QSize of a picture (read from its header); invalid for videos
        ThumbnailRole,               ///< QImage, null until decoded (and when there is none)
        HasThumbnailRole,            ///< bool: a thumbnail source exists (it may still be loading)
    };
    Q_ENUM(Role)

    enum class ThumbnailSource {
        File,        ///< the file is a picture: its own pixels
        SiblingWebp, ///< a video: "<stem>.webp" beside it, as download_video saves thumbnails
    };

    /// pool: not owned; it must outlive the model.
    explicit MediaFolderModel(QThreadPool *pool, QObject *parent = nullptr);
    ~MediaFolderModel() override;

    /// Extensions with the dot (".png"), compared case-insensitively; empty lists every file.
    /// Set before setFolder() (a later change rescans).
    void setExtensions(const QStringList &extensions);
    QStringList extensions() const { return m_extensions; }
    void setThumbnailSource(ThumbnailSource source);
    void setThumbnailEdge(int edge);
    int thumbnailEdge() const { return m_thumbnailEdge; }
    /// Milliseconds between the last change on disk and the rescan (default 150).
    void setDebounceInterval(int msecs);

    /// Clears the model and lists dir (absolute); an empty dir shows nothing.
    void setFolder(const QString &dir);
    QString folder() const { return m_folder; }
    /// Schedules a debounced rescan (what the watcher calls).
    void rescan();
    bool isScanning() const { return m_scanRunning; }

    QString pathAt(int row) const;
    /// Row of an absolute path, or -1.
    int rowOfPath(const QString &path) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    /// Dragged rows travel as local file URLs ("text/uri-list"), which the forms and other apps accept.
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    Qt::DropActions supportedDragActions() const override;
    /// Files come in through ReferenceImporter, never as item drops on the model: views must not
    /// claim drags of URLs for themselves.
    Qt::DropActions supportedDropActions() const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;

Q_SIGNALS:
    /// A scan was applied (the rows now match the disk as of the scan).
    void scanFinished();

public:
    /// One listed file, as the worker produces it.
    struct Entry
    {
        QString name;
        QString path;
        qint64 size = 0;
        qint64 modifiedMsecs = 0;
        QSize dimensions;
        QString thumbnailPath; ///< empty when there is none
        quint64 version = 0;   ///< bumped when the file changes, so stale thumbnails are dropped
    };

private:
    void startScan();
    void applyScan(quint64 generation, const QList<Entry> &entries);
    void requestThumbnail(int row) const;
    void pumpThumbnails();
    void thumbnailDone(const QString &path, quint64 version, const QImage &image);
    void watchFolder();

    QThreadPool *m_pool;
    QString m_folder;
    QStringList m_extensions;
    ThumbnailSource m_thumbnailSource = ThumbnailSource::File;
    int m_thumbnailEdge = 160;
    QList<Entry> m_entries;
    QHash<QString, int> m_rowOfPath;
    quint64 m_nextVersion = 1;

    QFileSystemWatcher m_watcher;
    QTimer m_debounce;
    quint64 m_generation = 0; ///< bumped by setFolder(): results of older scans are ignored
    bool m_scanRunning = false;
    bool m_scanAgain = false;

    // Thumbnails load lazily from data() (const), hence mutable.
    mutable QCache<QString, QImage> m_thumbnails; ///< by path; cost in KiB
    mutable QSet<QString> m_failedThumbnails;
    mutable QList<QString> m_pendingThumbnails;
    mutable QSet<QString> m_requestedThumbnails;
    int m_thumbnailsInFlight = 0;
};

} // namespace Sanzaru::Core

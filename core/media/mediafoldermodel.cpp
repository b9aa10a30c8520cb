// SPDX-License-Identifier: MIT
#include "mediafoldermodel.h"

#include "common/backgroundpriority.h"
#include "media/imagedecoder.h"
#include "media/imagesniffer.h"
#include "media/referenceimagepreparer.h"
#include "storage/folderlister.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QImageReader>
#include <QLocale>
#include <QMimeData>
#include <QThreadPool>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

#include <climits>

namespace Sanzaru::Core {

namespace {

// Two decodes keep both cores busy without starving the other pool users (image preparation).
constexpr int kMaxThumbnailsInFlight = 2;
// About 600 thumbnails of 160 px; older ones are decoded again when scrolled back into view.
constexpr int kThumbnailCacheKiB = 64 * 1024;

using Entry = MediaFolderModel::Entry;

QString siblingWebp(const QString &path)
{
    const QFileInfo info(path);
    const QString candidate = info.dir().filePath(info.completeBaseName() + QStringLiteral(".webp"));
    const QFileInfo thumb(candidate);
    // Same rules as the listing: a symlinked thumbnail could point anywhere.
    return thumb.isFile() && !thumb.isSymLink() ? candidate : QString();
}

// Runs on the pool: the listing, plus header reads for the dimensions.
QList<Entry> scanFolder(const QString &dir, const QStringList &extensions,
                        MediaFolderModel::ThumbnailSource source)
{
    BackgroundPriority::applyToCurrentThread();
    QList<Entry> entries;
    if (dir.isEmpty())
        return entries;
    const QList<FileEntry> files =
        FolderLister(dir).list(QStringLiteral("*"), extensions, SortBy::Name, false, INT_MAX).value();
    entries.reserve(files.size());
    for (const FileEntry &file : files) {
        Entry e;
        e.name = file.filename;
        e.path = dir + QLatin1Char('/') + file.filename;
        e.size = file.sizeBytes;
        e.modifiedMsecs = file.modifiedMsecs;
        if (source == MediaFolderModel::ThumbnailSource::File) {
            QFile file;
            QImageReader reader;
            if (ImageSniffer::openRegularFile(file, e.path) &&
                ImageSniffer::bind(reader, &file, ImageSniffer::preparableFormats()) &&
                (reader.setAutoTransform(true), reader.canRead())) {
                e.dimensions = reader.size();
                if (reader.transformation() & QImageIOHandler::TransformationRotate90)
                    e.dimensions.transpose();
            }
            e.thumbnailPath = e.path;
        } else {
            e.thumbnailPath = siblingWebp(e.path);
        }
        entries.append(e);
    }
    return entries;
}

// Runs on the pool. Shrink-on-decode keeps a 12 MP JPEG at a few MB of memory and tens of ms.
QImage decodeThumbnail(const QString &path, int edge)
{
    BackgroundPriority::applyToCurrentThread();
    QFile file;
    QImageReader reader;
    if (!ImageSniffer::openRegularFile(file, path))
        return {};
    const Result<ImageSniffer::Bound> bound =
        ImageSniffer::bind(reader, &file, ImageSniffer::preparableFormats());
    if (!bound)
        return {};
    reader.setAutoTransform(true);
    if (!reader.canRead())
        return {};
    QSize size = reader.size();
    if (size.isValid()) {
        if (size.width() > ImageDecoder::maxEdge || size.height() > ImageDecoder::maxEdge ||
            qint64(size.width()) * size.height() > ReferenceImagePreparer::maxPixels)
            return {};
        const bool turned = reader.transformation() & QImageIOHandler::TransformationRotate90;
        if (turned)
            size.transpose();
        if (size.width() > edge || size.height() > edge) {
            QSize scaled = size.scaled(edge, edge, Qt::KeepAspectRatio).expandedTo(QSize(1, 1));
            // The scaled size applies before the orientation transform.
            if (turned)
                scaled.transpose();
            reader.setScaledSize(scaled);
        }
    }
    QImage image;
    QString error;
    if (!ImageSniffer::read(reader, *bound, &image, &error))
        return {};
    if (image.width() > edge || image.height() > edge)
        image = image.scaled(edge, edge, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return image;
}

QString formatBytes(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1);
}

} // namespace

MediaFolderModel::MediaFolderModel(QThreadPool *pool, QObject *parent)
    : QAbstractListModel(parent)
    , m_pool(pool)
{
    m_thumbnails.setMaxCost(kThumbnailCacheKiB);
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(150);
    connect(&m_debounce, &QTimer::timeout, this, &MediaFolderModel::startScan);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &MediaFolderModel::rescan);
}

MediaFolderModel::~MediaFolderModel() = default;

void MediaFolderModel::setExtensions(const QStringList &extensions)
{
    m_extensions.clear();
    for (const QString &ext : extensions)
        m_extensions.append(ext.toLower());
    if (!m_folder.isEmpty())
        rescan();
}

void MediaFolderModel::setThumbnailSource(ThumbnailSource source)
{
    m_thumbnailSource = source;
    if (!m_folder.isEmpty())
        rescan();
}

void MediaFolderModel::setThumbnailEdge(int edge)
{
    if (edge == m_thumbnailEdge || edge <= 0)
        return;
    m_thumbnailEdge = edge;
    m_thumbnails.clear();
    m_failedThumbnails.clear();
    if (!m_entries.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(m_entries.size()) - 1), {Qt::DecorationRole, ThumbnailRole});
}

void MediaFolderModel::setDebounceInterval(int msecs)
{
    m_debounce.setInterval(msecs);
}

void MediaFolderModel::setFolder(const QString &dir)
{
    beginResetModel();
    m_entries.clear();
    m_rowOfPath.clear();
    m_thumbnails.clear();
    m_failedThumbnails.clear();
    m_pendingThumbnails.clear();
    m_requestedThumbnails.clear();
    m_folder = dir;
    ++m_generation;
    endResetModel();

    if (!m_watcher.directories().isEmpty())
        m_watcher.removePaths(m_watcher.directories());
    m_debounce.stop();
    watchFolder();
    startScan();
}

void MediaFolderModel::watchFolder()
{
    // The watcher drops a folder that was removed; adding it again after a scan picks up a re-created one.
    if (!m_folder.isEmpty() && !m_watcher.directories().contains(m_folder) && QFileInfo(m_folder).isDir())
        m_watcher.addPath(m_folder);
}

void MediaFolderModel::rescan()
{
    m_debounce.start();
}

void MediaFolderModel::startScan()
{
    if (m_scanRunning) {
        m_scanAgain = true;
        return;
    }
    m_scanRunning = true;
    m_scanAgain = false;
    const quint64 generation = m_generation;
    auto *watcher = new QFutureWatcher<QList<Entry>>(this);
    connect(watcher, &QFutureWatcher<QList<Entry>>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        m_scanRunning = false;
        if (!watcher->isCanceled())
            applyScan(generation, watcher->result());
        if (m_scanAgain)
            startScan();
    });
    watcher->setFuture(QtConcurrent::run(m_pool, scanFolder, m_folder, m_extensions, m_thumbnailSource));
}

void MediaFolderModel::applyScan(quint64 generation, const QList<Entry> &entries)
{
    if (generation != m_generation) {
        m_scanAgain = true; // the folder changed while this scan ran: list the new one
        return;
    }
    watchFolder();

    QHash<QString, const Entry *> fresh;
    fresh.reserve(entries.size());
    for (const Entry &e : entries)
        fresh.insert(e.path, &e);

    // Removals first, as contiguous ranges from the bottom so the row numbers above stay valid.
    for (int row = int(m_entries.size()) - 1; row >= 0;) {
        if (fresh.contains(m_entries.at(row).path)) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && !fresh.contains(m_entries.at(first - 1).path))
            --first;
        beginRemoveRows(QModelIndex(), first, row);
        for (int r = first; r <= row; ++r) {
            const QString &path = m_entries.at(r).path;
            m_thumbnails.remove(path);
            m_failedThumbnails.remove(path);
        }
        m_entries.remove(first, row - first + 1);
        endRemoveRows();
        row = first - 1;
    }
    m_rowOfPath.clear();
    for (int row = 0; row < m_entries.size(); ++row)
        m_rowOfPath.insert(m_entries.at(row).path, row);

    // Changes in place.
    for (int row = 0; row < m_entries.size(); ++row) {
        Entry &current = m_entries[row];
        const Entry &now = *fresh.value(current.path);
        if (now.size == current.size && now.modifiedMsecs == current.modifiedMsecs &&
            now.dimensions == current.dimensions && now.thumbnailPath == current.thumbnailPath)
            continue;
        const quint64 version = m_nextVersion++;
        current = now;
        current.version = version;
        m_thumbnails.remove(current.path);
        m_failedThumbnails.remove(current.path);
        m_requestedThumbnails.remove(current.path);
        Q_EMIT dataChanged(index(row), index(row));
    }

    // Additions, in listing order, as one block.
    QList<Entry> added;
    for (const Entry &e : entries) {
        if (!m_rowOfPath.contains(e.path))
            added.append(e);
    }
    if (!added.isEmpty()) {
        const int first = int(m_entries.size());
        beginInsertRows(QModelIndex(), first, first + int(added.size()) - 1);
        for (Entry &e : added) {
            e.version = m_nextVersion++;
            m_rowOfPath.insert(e.path, int(m_entries.size()));
            m_entries.append(e);
        }
        endInsertRows();
    }
    Q_EMIT scanFinished();
}

QString MediaFolderModel::pathAt(int row) const
{
    return row >= 0 && row < m_entries.size() ? m_entries.at(row).path : QString();
}

int MediaFolderModel::rowOfPath(const QString &path) const
{
    return m_rowOfPath.value(path, -1);
}

int MediaFolderModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant MediaFolderModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &e = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
    case NameRole:
        return e.name;
    case Qt::ToolTipRole: {
        QString tip = e.name + QStringLiteral(" — ");
        if (e.dimensions.isValid())
            tip += tr("%1 × %2 px, ").arg(e.dimensions.width()).arg(e.dimensions.height());
        return tip + formatBytes(e.size);
    }
    case Qt::AccessibleDescriptionRole:
        return data(index, Qt::ToolTipRole);
    case PathRole:
        return e.path;
    case SizeRole:
        return e.size;
    case ModifiedRole:
        return QDateTime::fromMSecsSinceEpoch(e.modifiedMsecs);
    case DimensionsRole:
        return e.dimensions;
    case HasThumbnailRole:
        return !e.thumbnailPath.isEmpty();
    case Qt::DecorationRole:
    case ThumbnailRole:
        if (e.thumbnailPath.isEmpty())
            return {};
        if (const QImage *cached = m_thumbnails.object(e.path))
            return *cached;
        requestThumbnail(index.row());
        return role == ThumbnailRole ? QVariant(QImage()) : QVariant();
    default:
        return {};
    }
}

QHash<int, QByteArray> MediaFolderModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(PathRole, "path");
    names.insert(NameRole, "name");
    names.insert(SizeRole, "size");
    names.insert(ModifiedRole, "modified");
    names.insert(DimensionsRole, "dimensions");
    names.insert(ThumbnailRole, "thumbnail");
    names.insert(HasThumbnailRole, "hasThumbnail");
    return names;
}

Qt::ItemFlags MediaFolderModel::flags(const QModelIndex &index) const
{
    const Qt::ItemFlags base = QAbstractListModel::flags(index);
    return index.isValid() ? base | Qt::ItemIsDragEnabled | Qt::ItemNeverHasChildren : base;
}

QStringList MediaFolderModel::mimeTypes() const
{
    return {QStringLiteral("text/uri-list")};
}

QMimeData *MediaFolderModel::mimeData(const QModelIndexList &indexes) const
{
    QList<QUrl> urls;
    for (const QModelIndex &index : indexes) {
        if (index.isValid() && index.model() == this)
            urls.append(QUrl::fromLocalFile(m_entries.at(index.row()).path));
    }
    if (urls.isEmpty())
        return nullptr;
    auto *mime = new QMimeData;
    mime->setUrls(urls);
    return mime;
}

Qt::DropActions MediaFolderModel::supportedDragActions() const
{
    return Qt::CopyAction;
}

Qt::DropActions MediaFolderModel::supportedDropActions() const
{
    return Qt::IgnoreAction;
}

bool MediaFolderModel::canDropMimeData(const QMimeData *, Qt::DropAction, int, int, const QModelIndex &) const
{
    return false;
}

void MediaFolderModel::requestThumbnail(int row) const
{
    const Entry &e = m_entries.at(row);
    if (m_failedThumbnails.contains(e.path) || m_requestedThumbnails.contains(e.path))
        return;
    m_requestedThumbnails.insert(e.path);
    // Newest requests first: they are what the view painted last, i.e. what is on screen now.
    m_pendingThumbnails.prepend(e.path);
    // Start the decodes from the event loop, not from inside the view's paint.
    QMetaObject::invokeMethod(const_cast<MediaFolderModel *>(this), &MediaFolderModel::pumpThumbnails,
                              Qt::QueuedConnection);
}

void MediaFolderModel::pumpThumbnails()
{
    while (m_thumbnailsInFlight < kMaxThumbnailsInFlight && !m_pendingThumbnails.isEmpty()) {
        const QString path = m_pendingThumbnails.takeFirst();
        const int row = rowOfPath(path);
        if (row < 0) {
            m_requestedThumbnails.remove(path);
            continue;
        }
        const Entry &e = m_entries.at(row);
        ++m_thumbnailsInFlight;
        auto *watcher = new QFutureWatcher<QImage>(this);
        connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher, path, version = e.version] {
            watcher->deleteLater();
            --m_thumbnailsInFlight;
            thumbnailDone(path, version, watcher->isCanceled() ? QImage() : watcher->result());
            pumpThumbnails();
        });
        watcher->setFuture(QtConcurrent::run(m_pool, decodeThumbnail, e.thumbnailPath, m_thumbnailEdge));
    }
}

void MediaFolderModel::thumbnailDone(const QString &path, quint64 version, const QImage &image)
{
    m_requestedThumbnails.remove(path);
    const int row = rowOfPath(path);
    if (row < 0 || m_entries.at(row).version != version)
        return; // removed or changed meanwhile; a changed file is requested again when painted
    if (image.isNull()) {
        m_failedThumbnails.insert(path);
        return;
    }
    m_thumbnails.insert(path, new QImage(image), int(std::max<qsizetype>(1, image.sizeInBytes() / 1024)));
    Q_EMIT dataChanged(index(row), index(row), {Qt::DecorationRole, ThumbnailRole});
}

} // namespace Sanzaru::Core

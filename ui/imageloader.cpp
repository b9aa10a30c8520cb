// SPDX-License-Identifier: MIT
#include "imageloader.h"

#include "common/backgroundpriority.h"
#include "media/imagedecoder.h"
#include "media/imagesniffer.h"
#include "media/referenceimagepreparer.h"

#include <QFileInfo>
#include <QImageReader>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

namespace Sanzaru::Ui {

ImageLoader::ImageLoader(QThreadPool *pool, QObject *parent)
    : QObject(parent)
    , m_pool(pool)
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this, [this] {
        if (m_watcher.isCanceled() || m_watcher.future().resultCount() == 0)
            return;
        Q_EMIT finished(m_ticket, m_watcher.result());
    });
}

ImageLoader::~ImageLoader()
{
    cancel();
}

int ImageLoader::load(const QString &path, int maxEdge)
{
    cancel();
    ++m_ticket;
    m_watcher.setFuture(QtConcurrent::run(m_pool, &ImageLoader::decode, path, maxEdge));
    return m_ticket;
}

void ImageLoader::cancel()
{
    // A decode that already runs completes on the pool; once the watcher watches another future
    // (setFuture also drops its queued notifications), that result goes nowhere.
    m_watcher.cancel();
    m_watcher.setFuture(QFuture<Loaded>());
}

ImageLoader::Loaded ImageLoader::decode(const QString &path, int maxEdge)
{
    Core::BackgroundPriority::applyToCurrentThread();
    Loaded loaded;
    const QString name = QFileInfo(path).fileName();
    QFile file;
    QImageReader reader;
    const Core::Result<void> opened = Core::ImageSniffer::openRegularFile(file, path);
    const Core::Result<Core::ImageSniffer::Bound> bound =
        opened ? Core::ImageSniffer::bind(reader, &file, Core::ImageSniffer::preparableFormats())
               : Core::Result<Core::ImageSniffer::Bound>(opened.error());
    reader.setAutoTransform(true);
    if (!bound || !reader.canRead()) {
        loaded.error = QFileInfo::exists(path) ? tr("%1 is not a picture that can be shown.").arg(name)
                                               : tr("%1 no longer exists.").arg(name);
        return loaded;
    }
    QSize size = reader.size();
    if (size.isValid()) {
        if (size.width() > Core::ImageDecoder::maxEdge || size.height() > Core::ImageDecoder::maxEdge ||
            qint64(size.width()) * size.height() > Core::ReferenceImagePreparer::maxPixels) {
            loaded.error = tr("%1 is too large to show (%2 × %3 pixels).")
                               .arg(name)
                               .arg(size.width())
                               .arg(size.height());
            return loaded;
        }
        const bool turned = reader.transformation() & QImageIOHandler::TransformationRotate90;
        QSize oriented = turned ? size.transposed() : size;
        loaded.originalSize = oriented;
        if (maxEdge > 0 && (oriented.width() > maxEdge || oriented.height() > maxEdge)) {
            QSize scaled = oriented.scaled(maxEdge, maxEdge, Qt::KeepAspectRatio).expandedTo(QSize(1, 1));
            // The reader scales before it applies the orientation.
            reader.setScaledSize(turned ? scaled.transposed() : scaled);
        }
    }
    if (QString reason; !Core::ImageSniffer::read(reader, *bound, &loaded.image, &reason)) {
        loaded.error = tr("%1 cannot be shown: %2").arg(name, reason);
        loaded.image = QImage();
        return loaded;
    }
    if (!loaded.originalSize.isValid())
        loaded.originalSize = loaded.image.size();
    return loaded;
}

} // namespace Sanzaru::Ui

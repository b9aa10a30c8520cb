// SPDX-License-Identifier: MIT
#include "imagedropfilter.h"

#include <QDragEnterEvent>
#include <QDragMoveEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QUrl>
#include <QWidget>

namespace Sanzaru::Ui {

namespace {

bool startedInside(const QObject *watched, const QDropEvent *event)
{
    const auto *source = qobject_cast<const QWidget *>(event->source());
    const auto *target = qobject_cast<const QWidget *>(watched);
    return source && target &&
           (source == target || source->isAncestorOf(target) || target->isAncestorOf(source));
}

} // namespace

ImageDropFilter::ImageDropFilter(QObject *parent)
    : QObject(parent)
{}

void ImageDropFilter::attach(QWidget *widget)
{
    widget->setAcceptDrops(true);
    widget->installEventFilter(this);
}

void ImageDropFilter::detach(QWidget *widget)
{
    widget->removeEventFilter(this);
}

QStringList ImageDropFilter::localFiles(const QMimeData *mime)
{
    QStringList paths;
    if (!mime || !mime->hasUrls())
        return paths;
    const QList<QUrl> urls = mime->urls();
    for (const QUrl &url : urls) {
        if (url.isLocalFile() && !url.toLocalFile().isEmpty())
            paths.append(url.toLocalFile());
    }
    return paths;
}

bool ImageDropFilter::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::DragEnter:
    case QEvent::DragMove: {
        auto *drag = static_cast<QDragMoveEvent *>(event);
        // Anything else passes through untouched: the widget may handle its own kinds of drops.
        if (startedInside(watched, drag) || localFiles(drag->mimeData()).isEmpty())
            return false;
        // Always a copy: the user's originals stay where they are.
        drag->setDropAction(Qt::CopyAction);
        drag->accept();
        setDragActive(true);
        return true;
    }
    case QEvent::DragLeave:
        setDragActive(false);
        return false;
    case QEvent::Drop: {
        auto *drop = static_cast<QDropEvent *>(event);
        setDragActive(false);
        const QStringList paths = localFiles(drop->mimeData());
        if (startedInside(watched, drop) || paths.isEmpty())
            return false;
        drop->setDropAction(Qt::CopyAction);
        drop->accept();
        Q_EMIT filesDropped(paths);
        return true;
    }
    default:
        return QObject::eventFilter(watched, event);
    }
}

void ImageDropFilter::setDragActive(bool active)
{
    if (active == m_dragActive)
        return;
    m_dragActive = active;
    Q_EMIT dragActiveChanged(active);
}

} // namespace Sanzaru::Ui

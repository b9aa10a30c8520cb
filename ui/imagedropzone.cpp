// SPDX-License-Identifier: MIT
#include "imagedropzone.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QImageReader>
#include <QLabel>
#include <QMimeData>
#include <QVBoxLayout>

namespace Sanzaru::Ui {

ImageDropZone::ImageDropZone(const QString &text, QWidget *parent)
    : QFrame(parent)
    , m_label(new QLabel(text, this))
{
    setAcceptDrops(true);
    setFrameShape(QFrame::StyledPanel);
    setFrameShadow(QFrame::Sunken);
    setMinimumHeight(48);
    m_label->setAlignment(Qt::AlignCenter);
    m_label->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_label);
}

QString ImageDropZone::imagePath(const QMimeData *data)
{
    if (!data || !data->hasUrls() || data->urls().size() != 1)
        return {};
    const QUrl url = data->urls().constFirst();
    if (!url.isLocalFile())
        return {};
    const QString path = url.toLocalFile();
    // The formats Qt can decode here are the ones the preparation step can read too.
    static const QList<QByteArray> formats = QImageReader::supportedImageFormats();
    const QByteArray suffix = QFileInfo(path).suffix().toLower().toUtf8();
    return !suffix.isEmpty() && formats.contains(suffix) ? path : QString();
}

void ImageDropZone::dragEnterEvent(QDragEnterEvent *event)
{
    if (imagePath(event->mimeData()).isEmpty()) {
        event->ignore();
        return;
    }
    setHighlighted(true);
    event->acceptProposedAction();
}

void ImageDropZone::dragMoveEvent(QDragMoveEvent *event)
{
    if (imagePath(event->mimeData()).isEmpty())
        event->ignore();
    else
        event->acceptProposedAction();
}

void ImageDropZone::dragLeaveEvent(QDragLeaveEvent *event)
{
    setHighlighted(false);
    QFrame::dragLeaveEvent(event);
}

void ImageDropZone::dropEvent(QDropEvent *event)
{
    setHighlighted(false);
    const QString path = imagePath(event->mimeData());
    if (path.isEmpty()) {
        event->ignore();
        return;
    }
    event->acceptProposedAction();
    emit imageDropped(path);
}

void ImageDropZone::setHighlighted(bool on)
{
    setFrameShadow(on ? QFrame::Raised : QFrame::Sunken);
    setBackgroundRole(on ? QPalette::Highlight : QPalette::Window);
    setAutoFillBackground(on);
}

} // namespace Sanzaru::Ui

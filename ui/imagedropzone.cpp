// SPDX-License-Identifier: MIT
#include "imagedropzone.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
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
    // A first filter by name only (the preparation step sniffs the content); never what plugins are
    // installed, which would offer SVG.
    static const QStringList suffixes{QStringLiteral("jpg"),  QStringLiteral("jpeg"), QStringLiteral("png"),
                                      QStringLiteral("webp"), QStringLiteral("gif"),  QStringLiteral("bmp"),
                                      QStringLiteral("tif"),  QStringLiteral("tiff")};
    return suffixes.contains(QFileInfo(path).suffix().toLower()) ? path : QString();
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

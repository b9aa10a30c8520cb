// SPDX-License-Identifier: MIT
#include "imageview.h"

#include "shortcuttable.h"

#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace Sanzaru::Ui {

namespace {

constexpr double kZoomStep = 1.25;

} // namespace

ImageView::ImageView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setFrameShape(QFrame::NoFrame);
    viewport()->setBackgroundRole(QPalette::Dark);
    viewport()->setAutoFillBackground(true);
    setAccessibleName(tr("Picture"));
}

void ImageView::setImage(const QImage &image, QSize originalSize)
{
    m_pixmap = QPixmap::fromImage(image);
    m_originalSize = originalSize.isValid() ? originalSize : image.size();
    setAccessibleDescription(
        image.isNull() ? QString()
                       : tr("%1 × %2 pixels").arg(m_originalSize.width()).arg(m_originalSize.height()));
    if (m_fit)
        m_scale = fitScale();
    updateScrollBars();
    viewport()->update();
    Q_EMIT scaleChanged(m_scale);
}

void ImageView::clear()
{
    m_pixmap = QPixmap();
    m_originalSize = QSize();
    updateScrollBars();
    viewport()->update();
}

QSize ImageView::displayedSize() const
{
    if (!hasImage())
        return {};
    return QSize(std::max(1, int(std::lround(m_originalSize.width() * m_scale))),
                 std::max(1, int(std::lround(m_originalSize.height() * m_scale))));
}

double ImageView::fitScale() const
{
    if (!hasImage() || m_originalSize.isEmpty())
        return 1.0;
    const QSize area = viewport()->size();
    const double s = std::min(double(area.width()) / m_originalSize.width(),
                              double(area.height()) / m_originalSize.height());
    // Never enlarge a small picture to fill the window: that only shows blur.
    return std::clamp(std::min(s, 1.0), minScale, maxScale);
}

void ImageView::zoomIn()
{
    m_fit = false;
    applyScale(m_scale * kZoomStep, QPointF(viewport()->rect().center()));
}

void ImageView::zoomOut()
{
    m_fit = false;
    applyScale(m_scale / kZoomStep, QPointF(viewport()->rect().center()));
}

void ImageView::actualSize()
{
    m_fit = false;
    applyScale(1.0, QPointF(viewport()->rect().center()));
}

void ImageView::fitToWindow()
{
    m_fit = true;
    applyScale(fitScale(), QPointF(viewport()->rect().center()));
}

void ImageView::setScale(double scale)
{
    m_fit = false;
    applyScale(scale, QPointF(viewport()->rect().center()));
}

void ImageView::applyScale(double scale, QPointF anchor)
{
    scale = std::clamp(scale, minScale, maxScale);
    // Keep the picture point under the anchor (cursor or centre) where it is.
    const QRect before = targetRect();
    const double rx = before.width() > 0 ? (anchor.x() - before.left()) / before.width() : 0.5;
    const double ry = before.height() > 0 ? (anchor.y() - before.top()) / before.height() : 0.5;
    const bool changed = !qFuzzyCompare(scale, m_scale);
    m_scale = scale;
    updateScrollBars();
    const QSize shown = displayedSize();
    horizontalScrollBar()->setValue(int(rx * shown.width() - anchor.x()));
    verticalScrollBar()->setValue(int(ry * shown.height() - anchor.y()));
    viewport()->update();
    if (changed)
        Q_EMIT scaleChanged(m_scale);
}

void ImageView::updateScrollBars()
{
    const QSize shown = displayedSize();
    const QSize area = viewport()->size();
    horizontalScrollBar()->setPageStep(area.width());
    verticalScrollBar()->setPageStep(area.height());
    horizontalScrollBar()->setSingleStep(20);
    verticalScrollBar()->setSingleStep(20);
    horizontalScrollBar()->setRange(0, std::max(0, shown.width() - area.width()));
    verticalScrollBar()->setRange(0, std::max(0, shown.height() - area.height()));
}

QRect ImageView::targetRect() const
{
    const QSize shown = displayedSize();
    const QSize area = viewport()->size();
    // Centred while smaller than the window, scrolled otherwise.
    const int x =
        shown.width() < area.width() ? (area.width() - shown.width()) / 2 : -horizontalScrollBar()->value();
    const int y =
        shown.height() < area.height() ? (area.height() - shown.height()) / 2 : -verticalScrollBar()->value();
    return QRect(QPoint(x, y), shown);
}

void ImageView::paintEvent(QPaintEvent *)
{
    if (!hasImage())
        return;
    QPainter painter(viewport());
    // Smooth when shrinking; crisp pixels when magnifying, which is what zooming in is for.
    painter.setRenderHint(QPainter::SmoothPixmapTransform, m_scale <= 1.0);
    painter.drawPixmap(targetRect(), m_pixmap);
}

void ImageView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    if (m_fit) {
        const double s = fitScale();
        const bool changed = !qFuzzyCompare(s, m_scale);
        m_scale = s;
        if (changed)
            Q_EMIT scaleChanged(m_scale);
    }
    updateScrollBars();
}

void ImageView::wheelEvent(QWheelEvent *event)
{
    if (!(event->modifiers() & Qt::ControlModifier) || !hasImage()) {
        QAbstractScrollArea::wheelEvent(event);
        return;
    }
    const int steps = event->angleDelta().y() / 120;
    if (steps == 0) {
        event->accept();
        return;
    }
    m_fit = false;
    applyScale(m_scale * std::pow(kZoomStep, steps), event->position());
    event->accept();
}

void ImageView::keyPressEvent(QKeyEvent *event)
{
    using Id = ShortcutTable::Id;
    if (ShortcutTable::matches(Id::ZoomIn, event))
        zoomIn();
    else if (ShortcutTable::matches(Id::ZoomOut, event))
        zoomOut();
    else if (ShortcutTable::matches(Id::FitToWindow, event))
        fitToWindow();
    else if (ShortcutTable::matches(Id::ActualSize, event))
        actualSize();
    else
        return QAbstractScrollArea::keyPressEvent(event);
    event->accept();
}

} // namespace Sanzaru::Ui

// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractScrollArea>
#include <QImage>
#include <QPixmap>
#include <QSize>

namespace Sanzaru::Ui {

/// A zoomable picture: fit to window (the default), 100 % (one picture pixel per device-independent
/// pixel), zoom in and out in steps, with Ctrl+wheel and the keys +, -, 0 (fit) and 1 (100 %).
///
/// The image may be a reduced decode of a larger picture (the preview shrinks huge files while
/// decoding); setImage() takes the original size too, and scale() is always relative to the original,
/// so "100 %" means the picture's real size whatever was decoded.
class ImageView final : public QAbstractScrollArea
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageView)

public:
    static constexpr double minScale = 0.02;
    static constexpr double maxScale = 16.0;

    explicit ImageView(QWidget *parent = nullptr);

    /// originalSize: the full picture size (invalid = image.size()). Keeps fit mode; otherwise keeps
    /// the current scale.
    void setImage(const QImage &image, QSize originalSize = QSize());
    void clear();

    bool hasImage() const { return !m_pixmap.isNull(); }
    QSize imageSize() const { return m_pixmap.size(); }
    QSize originalSize() const { return m_originalSize; }
    /// Displayed pixels per original picture pixel.
    double scale() const { return m_scale; }
    bool isFitToWindow() const { return m_fit; }
    /// Size of the picture as drawn now, in device-independent pixels.
    QSize displayedSize() const;

public Q_SLOTS:
    void zoomIn();
    void zoomOut();
    void actualSize();
    void fitToWindow();
    void setScale(double scale);

Q_SIGNALS:
    void scaleChanged(double scale);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    double fitScale() const;
    void applyScale(double scale, QPointF anchor);
    void updateScrollBars();
    QRect targetRect() const;

    QPixmap m_pixmap;
    QSize m_originalSize;
    double m_scale = 1.0;
    bool m_fit = true;
};

} // namespace Sanzaru::Ui

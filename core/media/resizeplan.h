// SPDX-License-Identifier: MIT
#pragma once

#include "media/resizemode.h"

#include <QPoint>
#include <QRect>
#include <QRectF>
#include <QSize>

namespace Sanzaru::Core {

/// The geometry of prepare_reference_image: how a source picture becomes a target-sized canvas.
/// sanzaru's geometry, with its crop bug fixed (the scaled picture always covers the target, so no
/// black row or column appears). Pure arithmetic, no pixels.
struct ResizePlan
{
    QSize source;         ///< picture size (EXIF orientation applied)
    QSize target;         ///< canvas size, the output
    QSize scaledSize;     ///< the whole picture once resized (crop: covers target; pad: fits inside)
    QRect window;         ///< part of the scaled picture that is kept (crop: target-sized; else all)
    QPoint position;      ///< where the window lands on the canvas (pad: centred; else 0,0)
    bool resample = true; ///< false when the picture keeps its size (pad of a picture that fits)

    static ResizePlan make(QSize source, QSize target, ResizeMode mode);

    /// Source pixels per scaled pixel, per axis.
    double scaleX() const { return double(source.width()) / scaledSize.width(); }
    double scaleY() const { return double(source.height()) / scaledSize.height(); }

    /// The source rectangle the window is computed from, grown by `margin` source pixels on every
    /// side (for the filter's reach) and clipped to the picture.
    QRect sourceRegion(double margin) const;
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "resizeplan.h"

#include <algorithm>
#include <cmath>

namespace Sanzaru::Core {

namespace {

// round(num / den) for positive operands, in integers so that exact aspect ratios stay exact.
int roundDiv(qint64 num, qint64 den)
{
    return int((2 * num + den) / (2 * den));
}

// Pillow's Image.thumbnail(): the other edge is the floor or the ceiling of the exact value, whichever
// keeps the aspect ratio closer (the floor on a tie), at least 1 pixel.
template <typename Key> int roundAspect(double number, Key key)
{
    const int lo = int(std::floor(number));
    const int hi = int(std::ceil(number));
    return std::max(key(hi) < key(lo) ? hi : lo, 1);
}

QSize thumbnailSize(QSize source, QSize target)
{
    const double aspect = double(source.width()) / source.height();
    const int x = target.width();
    const int y = target.height();
    if (double(x) / y >= aspect) {
        const int w = roundAspect(y * aspect, [&](int n) { return std::abs(aspect - double(n) / y); });
        return {w, y};
    }
    const int h =
        roundAspect(x / aspect, [&](int n) { return n == 0 ? 0.0 : std::abs(aspect - double(x) / n); });
    return {x, h};
}

} // namespace

ResizePlan ResizePlan::make(QSize source, QSize target, ResizeMode mode)
{
    ResizePlan plan;
    plan.source = source;
    plan.target = target;
    const qint64 w = source.width(), h = source.height();
    const qint64 tw = target.width(), th = target.height();
    switch (mode) {
    case ResizeMode::Crop: {
        // Cover, then centre-crop. sanzaru truncated the scaled edge, which for some exact-aspect
        // sources gave 719 rows and a black line; round instead, and never go below the target.
        QSize scaled;
        if (w * th > tw * h)
            scaled = QSize(std::max(int(tw), roundDiv(w * th, h)), int(th));
        else
            scaled = QSize(int(tw), std::max(int(th), roundDiv(h * tw, w)));
        plan.scaledSize = scaled;
        plan.window = QRect(
            QPoint((scaled.width() - target.width()) / 2, (scaled.height() - target.height()) / 2), target);
        break;
    }
    case ResizeMode::Pad: {
        // Shrink-only fit like Pillow's thumbnail(), centred on a black canvas.
        const bool fits = w <= tw && h <= th;
        plan.scaledSize = fits ? source : thumbnailSize(source, target);
        plan.resample = !fits;
        plan.window = QRect(QPoint(0, 0), plan.scaledSize);
        plan.position = QPoint((target.width() - plan.scaledSize.width()) / 2,
                               (target.height() - plan.scaledSize.height()) / 2);
        break;
    }
    case ResizeMode::Rescale:
        plan.scaledSize = target;
        plan.window = QRect(QPoint(0, 0), target);
        break;
    }
    return plan;
}

QRect ResizePlan::sourceRegion(double margin) const
{
    const double x0 = window.x() * scaleX() - margin;
    const double y0 = window.y() * scaleY() - margin;
    const double x1 = (window.x() + window.width()) * scaleX() + margin;
    const double y1 = (window.y() + window.height()) * scaleY() + margin;
    const QRect grown(QPoint(int(std::floor(x0)), int(std::floor(y0))),
                      QPoint(int(std::ceil(x1)) - 1, int(std::ceil(y1)) - 1));
    return grown.intersected(QRect(QPoint(0, 0), source));
}

} // namespace Sanzaru::Core

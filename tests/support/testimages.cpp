// SPDX-License-Identifier: MIT
#include "testimages.h"

#include <QBuffer>
#include <QFile>
#include <QImageWriter>
#include <QPainter>
#include <QRandomGenerator>

#include <cmath>

namespace Sanzaru::Testing {

QImage TestImages::photoLike(QSize size, quint32 seed)
{
    QImage img(size, QImage::Format_RGB888);
    QRandomGenerator rng(seed);
    const int w = size.width();
    const int h = size.height();
    for (int y = 0; y < h; ++y) {
        uchar *line = img.scanLine(y);
        for (int x = 0; x < w; ++x) {
            const double fx = double(x) / w;
            const double fy = double(y) / h;
            // Smooth "sky/ground" gradients, a few soft shapes, and mild sensor-like noise.
            double r = 120 + 90 * std::sin(fx * 3.1 + fy * 1.3);
            double g = 110 + 80 * std::cos(fy * 4.2 - fx * 0.7);
            double b = 140 + 70 * std::sin((fx + fy) * 5.0);
            if ((x / 97 + y / 61) % 7 == 0) {
                r *= 0.6;
                g *= 0.8;
            }
            const int noise = int(rng.bounded(9)) - 4;
            line[3 * x + 0] = uchar(std::clamp(int(r) + noise, 0, 255));
            line[3 * x + 1] = uchar(std::clamp(int(g) + noise, 0, 255));
            line[3 * x + 2] = uchar(std::clamp(int(b) + noise, 0, 255));
        }
    }
    return img;
}

QImage TestImages::solid(QSize size, QColor color, QImage::Format format)
{
    QImage img(size, format);
    img.fill(color);
    return img;
}

QByteArray TestImages::encode(const QImage &image, const char *format, int quality)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    writer.setQuality(quality);
    if (!writer.write(image))
        return {};
    return bytes;
}

bool TestImages::write(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(bytes) == bytes.size();
}

} // namespace Sanzaru::Testing

// SPDX-License-Identifier: MIT
#include "photosynth.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>
#include <vector>

namespace Sanzaru::Benchmarks {

namespace {

// Smooth value noise on a lattice with `cell` pixels per step, values in [-1, 1].
class ValueNoise
{
public:
    ValueNoise(QSize size, int cell, QRandomGenerator &rng)
        : m_cell(cell)
        , m_cols(size.width() / cell + 3)
        , m_rows(size.height() / cell + 3)
        , m_grid(std::size_t(m_cols) * m_rows)
    {
        for (float &v : m_grid)
            v = float(rng.generateDouble() * 2.0 - 1.0);
    }

    float at(int x, int y) const
    {
        const int gx = x / m_cell, gy = y / m_cell;
        const float fx = smooth(float(x % m_cell) / m_cell);
        const float fy = smooth(float(y % m_cell) / m_cell);
        const float *r0 = &m_grid[std::size_t(gy) * m_cols + gx];
        const float *r1 = r0 + m_cols;
        const float top = r0[0] + (r0[1] - r0[0]) * fx;
        const float bottom = r1[0] + (r1[1] - r1[0]) * fx;
        return top + (bottom - top) * fy;
    }

private:
    static float smooth(float t) { return t * t * (3 - 2 * t); }
    int m_cell, m_cols, m_rows;
    std::vector<float> m_grid;
};

// Fractal noise: octaves from `largest` down to 2 px, amplitude ~ sqrt(wavelength) (natural textures
// keep detail at every scale, which is what makes photos hard to compress).
class Fractal
{
public:
    Fractal(QSize size, int largest, QRandomGenerator &rng)
    {
        for (int cell = largest; cell >= 2; cell /= 2) {
            m_octaves.emplace_back(size, cell, rng);
            m_amp.push_back(std::sqrt(float(cell)));
        }
        float sum = 0;
        for (float a : m_amp)
            sum += a;
        for (float &a : m_amp)
            a /= sum;
    }
    float at(int x, int y) const
    {
        float v = 0;
        for (std::size_t i = 0; i < m_octaves.size(); ++i)
            v += m_amp[i] * m_octaves[i].at(x, y);
        return v;
    }

private:
    std::vector<ValueNoise> m_octaves;
    std::vector<float> m_amp;
};

uchar clampByte(float v)
{
    return uchar(std::clamp(int(std::lround(v)), 0, 255));
}

} // namespace

QImage PhotoSynth::make(QSize size, quint32 seed)
{
    QRandomGenerator rng(seed);
    const int w = size.width(), h = size.height();
    const float s = float(w) / 4000.0f; // scene features scale with the picture
    const Fractal clouds(size, std::max(4, int(512 * s)), rng);
    const Fractal ground(size, std::max(4, int(256 * s)), rng);
    const Fractal hue(size, std::max(4, int(1024 * s)), rng);
    const Fractal blades(size, std::max(4, int(16 * s)), rng); // grass-like fine detail
    const ValueNoise horizon(QSize(w, 1), std::max(2, int(400 * s)), rng);

    struct Building
    {
        int x0, x1, top;
        float r, g, b;
    };
    std::vector<Building> buildings;
    for (int i = 0; i < 7; ++i) {
        const int x0 = int(rng.bounded(w));
        const int bw = int((150 + rng.bounded(350)) * s) + 2;
        const float shade = float(90 + rng.bounded(120));
        buildings.push_back({x0, std::min(w, x0 + bw), int(h * (0.30 + 0.12 * rng.generateDouble())), shade,
                             shade * 0.95f, shade * 0.9f});
    }

    QImage img(size, QImage::Format_RGB32);
    for (int y = 0; y < h; ++y) {
        QRgb *line = reinterpret_cast<QRgb *>(img.scanLine(y));
        for (int x = 0; x < w; ++x) {
            const float hz = h * (0.45f + 0.06f * horizon.at(x, 0));
            float r, g, b;
            if (y < hz) {
                const float t = float(y) / hz; // sky: deep blue to hazy near the horizon
                const float c = std::max(0.0f, clouds.at(x, y) * 1.8f + 0.1f);
                r = 70 + 110 * t + 150 * c;
                g = 120 + 90 * t + 130 * c;
                b = 200 + 40 * t + 100 * c;
            } else {
                const float d = (y - hz) / (h - hz); // ground: nearer = more contrast
                const float tex = ground.at(x, y) * (60 + 90 * d) + blades.at(x, y) * (50 + 110 * d);
                const float mix = 0.5f + hue.at(x, y);
                r = 70 + 60 * mix + tex;
                g = 95 + 30 * (1 - mix) + tex;
                b = 40 + 20 * mix + tex * 0.7f;
            }
            for (const Building &bd : buildings) {
                if (x >= bd.x0 && x < bd.x1 && y >= bd.top && y < hz + 20 * s) {
                    const bool window = ((x - bd.x0) % int(40 * s + 4)) > int(22 * s + 2) &&
                                        ((y - bd.top) % int(60 * s + 5)) > int(30 * s + 2);
                    const float grime = 25 * ground.at(y, x % h);
                    r = window ? 40 : bd.r + grime;
                    g = window ? 50 : bd.g + grime;
                    b = window ? 70 : bd.b + grime;
                }
            }
            // Sensor noise, roughly Gaussian (sum of uniforms), sigma ~3.
            const float n = float(int(rng.bounded(7)) + int(rng.bounded(7)) - 6) * 1.1f;
            line[x] = qRgb(clampByte(r + n), clampByte(g + n * 0.9f), clampByte(b + n * 1.1f));
        }
    }
    return img;
}

QByteArray PhotoSynth::withExifOrientation(const QByteArray &jpeg, quint16 orientation)
{
    const char tiff[] = {'M',  'M',  0, 42, 0, 0, 0, 8, // big-endian TIFF, IFD at 8
                         0,    1,                       // one entry: Orientation, SHORT, count 1
                         0x01, 0x12, 0, 3,  0, 0, 0, 1, char(orientation >> 8), char(orientation & 0xff),
                         0,    0,    0, 0,  0, 0}; // no next IFD
    QByteArray app1("Exif\0\0", 6);
    app1.append(tiff, sizeof tiff);
    QByteArray segment("\xFF\xE1", 2);
    segment.append(char((app1.size() + 2) >> 8)).append(char((app1.size() + 2) & 0xff)).append(app1);
    return jpeg.left(2) + segment + jpeg.mid(2);
}

} // namespace Sanzaru::Benchmarks

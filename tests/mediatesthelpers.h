// SPDX-License-Identifier: MIT
#pragma once
// Helpers for tst_media: pixel comparisons, hand-built hostile files, and the black-line cases.

#include "media/pngencoder.h"
#include "testimages.h"

#include <QByteArray>
#include <QFile>
#include <QImage>

#include <algorithm>
#include <cmath>

namespace MediaTest {

using Sanzaru::Core::PngEncoder;
using Sanzaru::Testing::TestImages;

inline QImage decode(const QByteArray &bytes)
{
    return QImage::fromData(bytes);
}

inline int pngColourType(const QByteArray &png)
{
    return png.size() > 25 ? uchar(png.at(25)) : -1;
}

inline QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline double psnr(const QImage &a, const QImage &b)
{
    const QImage x = a.convertToFormat(QImage::Format_RGB888);
    const QImage y = b.convertToFormat(QImage::Format_RGB888);
    double se = 0;
    for (int r = 0; r < x.height(); ++r) {
        const uchar *p = x.constScanLine(r);
        const uchar *q = y.constScanLine(r);
        for (int i = 0; i < x.width() * 3; ++i)
            se += double(p[i] - q[i]) * (p[i] - q[i]);
    }
    const double mse = se / (double(x.width()) * x.height() * 3);
    return mse == 0 ? 99.0 : 10 * std::log10(255.0 * 255.0 / mse);
}

inline int maxDifference(const QImage &a, const QImage &b)
{
    const QImage x = a.convertToFormat(QImage::Format_RGB888);
    const QImage y = b.convertToFormat(QImage::Format_RGB888);
    int worst = 0;
    for (int r = 0; r < x.height(); ++r)
        for (int i = 0; i < x.width() * 3; ++i)
            worst = std::max(worst, std::abs(x.constScanLine(r)[i] - y.constScanLine(r)[i]));
    return worst;
}

// A JPEG with an APP1/Exif segment holding only Orientation, inserted right after SOI.
inline QByteArray withExifOrientation(const QByteArray &jpeg, quint16 orientation)
{
    const char tiff[] = {'M',  'M',  0, 42, 0, 0, 0, 8, // big-endian TIFF, IFD at 8
                         0,    1,                       // one entry
                         0x01, 0x12, 0, 3,  0, 0, 0, 1, 0, char(orientation), 0, 0, // Orientation SHORT
                         0,    0,    0, 0};                                         // no next IFD
    QByteArray app1("Exif\0\0", 6);
    app1.append(tiff, sizeof tiff);
    QByteArray segment("\xFF\xE1", 2);
    segment.append(char((app1.size() + 2) >> 8)).append(char((app1.size() + 2) & 0xff)).append(app1);
    return jpeg.left(2) + segment + jpeg.mid(2);
}

inline quint32 crc32(QByteArrayView bytes)
{
    quint32 c = 0xffffffffu;
    for (char ch : bytes) {
        c ^= uchar(ch);
        for (int k = 0; k < 8; ++k)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
    return ~c;
}

// A valid small PNG whose IHDR (CRC fixed up) claims the given size: a decompression-bomb header.
inline QByteArray pngClaimingSize(quint32 w, quint32 h)
{
    QByteArray png = PngEncoder::encode(TestImages::solid(QSize(8, 8), Qt::white));
    for (int i = 0; i < 4; ++i) {
        png[16 + i] = char(w >> (24 - 8 * i));
        png[20 + i] = char(h >> (24 - 8 * i));
    }
    const quint32 crc = crc32(QByteArrayView(png).sliced(12, 17));
    for (int i = 0; i < 4; ++i)
        png[29 + i] = char(crc >> (24 - 8 * i));
    return png;
}

// The 32 sources (up to 2000x2000) for which sanzaru's truncated cover scaling left a black line:
// {source w, source h, target w, target h}.
inline constexpr int kBlackLineCases[32][4] = {
    {693, 1232, 720, 1280},  {624, 351, 1280, 720},    {1072, 603, 1280, 720},  {1232, 693, 1280, 720},
    {1248, 702, 1280, 720},  {196, 343, 1024, 1792},   {392, 686, 1024, 1792},  {412, 721, 1024, 1792},
    {428, 749, 1024, 1792},  {644, 1127, 1024, 1792},  {784, 1372, 1024, 1792}, {788, 1379, 1024, 1792},
    {824, 1442, 1024, 1792}, {856, 1498, 1024, 1792},  {948, 1659, 1024, 1792}, {956, 1673, 1024, 1792},
    {996, 1743, 1024, 1792}, {1012, 1771, 1024, 1792}, {343, 196, 1792, 1024},  {686, 392, 1792, 1024},
    {721, 412, 1792, 1024},  {749, 428, 1792, 1024},   {1127, 644, 1792, 1024}, {1309, 748, 1792, 1024},
    {1372, 784, 1792, 1024}, {1379, 788, 1792, 1024},  {1442, 824, 1792, 1024}, {1498, 856, 1792, 1024},
    {1659, 948, 1792, 1024}, {1673, 956, 1792, 1024},  {1743, 996, 1792, 1024}, {1771, 1012, 1792, 1024}};

} // namespace MediaTest

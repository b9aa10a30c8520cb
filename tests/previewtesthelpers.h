// SPDX-License-Identifier: MIT
#pragma once
// Helpers for the preview and library tests: a real, playable MP4 built in memory (Motion-JPEG
// frames in an ISO BMFF container, which FFmpeg's mov demuxer and MJPEG decoder read), so the player
// test needs no encoder binary and no fixture file.

#include "testimages.h"

#include <QByteArray>
#include <QColor>
#include <QImage>
#include <QList>
#include <QPainter>
#include <QSize>

namespace PreviewTest {

inline void putU16(QByteArray &b, quint32 v)
{
    b.append(char((v >> 8) & 0xff)).append(char(v & 0xff));
}

inline void putU32(QByteArray &b, quint32 v)
{
    b.append(char(v >> 24))
        .append(char((v >> 16) & 0xff))
        .append(char((v >> 8) & 0xff))
        .append(char(v & 0xff));
}

inline QByteArray box(const char *type, const QByteArray &payload)
{
    QByteArray b;
    putU32(b, quint32(payload.size() + 8));
    b.append(type, 4);
    return b + payload;
}

inline QByteArray fullBox(const char *type, quint8 version, quint32 flags, const QByteArray &payload)
{
    QByteArray head;
    putU32(head, (quint32(version) << 24) | (flags & 0xffffff));
    return box(type, head + payload);
}

inline QByteArray unityMatrix()
{
    QByteArray m;
    for (quint32 v : {0x00010000u, 0u, 0u, 0u, 0x00010000u, 0u, 0u, 0u, 0x40000000u})
        putU32(m, v);
    return m;
}

/// An MP4 of `frames` Motion-JPEG frames at 10 fps (each a different colour), size × quality 80.
inline QByteArray mjpegMp4(QSize size, int frames)
{
    QList<QByteArray> samples;
    for (int i = 0; i < frames; ++i) {
        QImage frame(size, QImage::Format_RGB888);
        frame.fill(QColor::fromHsv((i * 360 / std::max(1, frames)) % 360, 200, 220));
        QPainter(&frame).fillRect(
            QRect(i * size.width() / std::max(1, frames), 0, size.width() / 8, size.height()), Qt::white);
        samples.append(Sanzaru::Testing::TestImages::encode(frame, "JPEG", 80));
    }
    constexpr quint32 timescale = 1000;
    constexpr quint32 delta = 100; // 10 fps
    const quint32 duration = delta * quint32(frames);

    QByteArray ftyp;
    ftyp.append("isom", 4);
    putU32(ftyp, 0x200);
    ftyp.append("isomiso2mp41", 12);
    const QByteArray ftypBox = box("ftyp", ftyp);

    QByteArray mvhd;
    putU32(mvhd, 0); // creation
    putU32(mvhd, 0); // modification
    putU32(mvhd, timescale);
    putU32(mvhd, duration);
    putU32(mvhd, 0x00010000); // rate
    putU16(mvhd, 0x0100);     // volume
    mvhd.append(QByteArray(10, '\0'));
    mvhd.append(unityMatrix());
    mvhd.append(QByteArray(24, '\0'));
    putU32(mvhd, 2); // next track id

    QByteArray tkhd;
    putU32(tkhd, 0);
    putU32(tkhd, 0);
    putU32(tkhd, 1); // track id
    putU32(tkhd, 0);
    putU32(tkhd, duration);
    tkhd.append(QByteArray(8, '\0'));
    putU16(tkhd, 0); // layer
    putU16(tkhd, 0); // alternate group
    putU16(tkhd, 0); // volume
    putU16(tkhd, 0);
    tkhd.append(unityMatrix());
    putU32(tkhd, quint32(size.width()) << 16);
    putU32(tkhd, quint32(size.height()) << 16);

    QByteArray mdhd;
    putU32(mdhd, 0);
    putU32(mdhd, 0);
    putU32(mdhd, timescale);
    putU32(mdhd, duration);
    putU16(mdhd, 0x55c4); // "und"
    putU16(mdhd, 0);

    QByteArray hdlr;
    putU32(hdlr, 0);
    hdlr.append("vide", 4);
    hdlr.append(QByteArray(12, '\0'));
    hdlr.append("VideoHandler", 13); // with its NUL

    QByteArray vmhd(8, '\0');
    QByteArray dref;
    putU32(dref, 1);
    dref.append(fullBox("url ", 0, 1, {}));
    const QByteArray dinf = box("dinf", fullBox("dref", 0, 0, dref));

    QByteArray entry(6, '\0');
    putU16(entry, 1); // data reference index
    entry.append(QByteArray(16, '\0'));
    putU16(entry, quint32(size.width()));
    putU16(entry, quint32(size.height()));
    putU32(entry, 0x00480000);
    putU32(entry, 0x00480000);
    putU32(entry, 0);
    putU16(entry, 1); // frames per sample
    QByteArray compressor(32, '\0');
    compressor[0] = char(12);
    compressor.replace(1, 12, "Photo - JPEG");
    entry.append(compressor);
    putU16(entry, 0x18);   // depth
    putU16(entry, 0xffff); // pre-defined -1
    QByteArray stsd;
    putU32(stsd, 1);
    stsd.append(box("jpeg", entry));

    QByteArray stts;
    putU32(stts, 1);
    putU32(stts, quint32(frames));
    putU32(stts, delta);
    QByteArray stsc;
    putU32(stsc, 1);
    putU32(stsc, 1);
    putU32(stsc, quint32(frames));
    putU32(stsc, 1);
    QByteArray stsz;
    putU32(stsz, 0);
    putU32(stsz, quint32(frames));
    for (const QByteArray &s : samples)
        putU32(stsz, quint32(s.size()));

    const auto buildMoov = [&](quint32 chunkOffset) {
        QByteArray stco;
        putU32(stco, 1);
        putU32(stco, chunkOffset);
        const QByteArray stbl = box("stbl", fullBox("stsd", 0, 0, stsd) + fullBox("stts", 0, 0, stts) +
                                                fullBox("stsc", 0, 0, stsc) + fullBox("stsz", 0, 0, stsz) +
                                                fullBox("stco", 0, 0, stco));
        const QByteArray minf = box("minf", fullBox("vmhd", 0, 1, vmhd) + dinf + stbl);
        const QByteArray mdia = box("mdia", fullBox("mdhd", 0, 0, mdhd) + fullBox("hdlr", 0, 0, hdlr) + minf);
        const QByteArray trak = box("trak", fullBox("tkhd", 0, 3, tkhd) + mdia);
        return box("moov", fullBox("mvhd", 0, 0, mvhd) + trak);
    };
    // The moov size does not depend on the offset's value: build once to measure, then for real.
    const qsizetype moovSize = buildMoov(0).size();
    const QByteArray moov = buildMoov(quint32(ftypBox.size() + moovSize + 8));
    QByteArray mdat;
    for (const QByteArray &s : samples)
        mdat.append(s);
    return ftypBox + moov + box("mdat", mdat);
}

} // namespace PreviewTest

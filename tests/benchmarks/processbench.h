// SPDX-License-Identifier: MIT
#pragma once

#include <QImage>
#include <QString>
#include <QStringList>

namespace Sanzaru::Benchmarks {

/// Whole-process comparison: `sanzaru-qt tool --local prepare_reference_image` against
/// `python3 pillow_prepare.py` (sanzaru's Pillow pipeline) on camera-like 12 MP JPEGs, each run a new
/// process, the two interleaved run by run so both see the same machine load.
class ProcessBench
{
public:
    struct Options
    {
        QString sanzaru;    ///< the sanzaru-qt binary
        QString python;     ///< python3 with Pillow
        QString script;     ///< pillow_prepare.py
        QStringList photos; ///< JPEGs to prepare (the camera-like set when empty)
        int runs = 7;
    };

    /// Prints one block per photo (median/min wall, CPU, ratio, sizes, PSNR); false on a failed run.
    static bool run(const Options &options);
};

/// Peak signal-to-noise ratio of two same-sized pictures over their RGB bytes, in dB (infinite when equal,
/// -1 when either is null or the sizes differ).
double psnr(const QImage &a, const QImage &b);

} // namespace Sanzaru::Benchmarks

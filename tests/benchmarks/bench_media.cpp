// SPDX-License-Identifier: MIT
// Benchmark (not a test) for core/media: 12 MP JPEG → 1280x720 PNG crop, sequential vs concurrent,
// stage times, peak RSS, PNG level sweep, JPEG reduction sweep, base64 decoding, and a comparison
// with Pillow (sanzaru's pipeline, tests/benchmarks/pillow_prepare.py) with --compare-pillow.
#include "media/base64codec.h"
#include "media/imagedecoder.h"
#include "media/lanczosresampler.h"
#include "media/pngencoder.h"
#include "media/referenceimagepreparer.h"
#include "media/resizeplan.h"
#include "photosynth.h"
#include "testimages.h"

#include <QBuffer>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QImageWriter>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent>

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace Sanzaru::Core;

namespace {

const QSize kTarget(1280, 720);

// Peak RSS (VmHWM) in MB; resetPeak() restarts it (Linux clear_refs "5") so each phase is attributable.
double peakMB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    return -1;
}

void resetPeak()
{
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    if (f.open(QIODevice::WriteOnly))
        f.write("5");
}

template<typename F>
double bestMs(int runs, F &&f)
{
    double best = 1e300;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        f();
        best = std::min(best, t.nsecsElapsed() / 1e6);
    }
    return best;
}

double psnr(const QImage &a, const QImage &b)
{
    const QImage x = a.convertToFormat(QImage::Format_RGB888), y = b.convertToFormat(QImage::Format_RGB888);
    if (x.size() != y.size())
        return -1;
    double se = 0;
    for (int r = 0; r < x.height(); ++r)
        for (int i = 0; i < x.width() * 3; ++i) {
            const double d = double(x.constScanLine(r)[i]) - y.constScanLine(r)[i];
            se += d * d;
        }
    const double mse = se / (double(x.width()) * x.height() * 3);
    return mse == 0 ? INFINITY : 10 * std::log10(255.0 * 255.0 / mse);
}

Result<PreparedImage> prepare(const QString &path, ReferenceImagePreparer::PhaseCallback phase = {})
{
    return ReferenceImagePreparer::prepare(path, QFileInfo(path).fileName(), kTarget, ResizeMode::Crop, nullptr,
                                           phase);
}

void stages(const QString &photo)
{
    std::array<double, 4> best{1e9, 1e9, 1e9, 1e9};
    for (int run = 0; run < 7; ++run) {
        QElapsedTimer t;
        t.start();
        std::vector<double> marks;
        auto r = prepare(photo, [&](const QString &) { marks.push_back(t.nsecsElapsed() / 1e6); });
        marks.push_back(t.nsecsElapsed() / 1e6);
        if (!r || marks.size() != 4)
            qFatal("prepare failed");
        best[0] = std::min(best[0], marks[1] - marks[0]);
        best[1] = std::min(best[1], marks[2] - marks[1]);
        best[2] = std::min(best[2], marks[3] - marks[2]);
        best[3] = std::min(best[3], marks[3]);
    }
    std::printf("prepare 12MP → 1280x720 crop, in-process, best of 7: %.1f ms (decode %.1f, resize %.1f, "
                "encode %.1f)\n",
                best[3], best[0], best[1], best[2]);
}

void prepareRuns(const QString &photo, int count, bool sequential, bool concurrent)
{
    QList<int> jobs(count);
    std::iota(jobs.begin(), jobs.end(), 0);
    (void)prepare(photo); // warm caches and the plugin loader
    double seqMs = 0;
    if (sequential) {
        resetPeak();
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < count; ++i)
            if (!prepare(photo))
                qFatal("prepare failed");
        seqMs = t.nsecsElapsed() / 1e6;
        std::printf("sequential  %2d images: %7.1f ms  %5.2f img/s  peak RSS %6.1f MB\n", count, seqMs,
                    count * 1000.0 / seqMs, peakMB());
    }
    if (concurrent) {
        QThreadPool pool;
        pool.setMaxThreadCount(QThread::idealThreadCount());
        resetPeak();
        QElapsedTimer t;
        t.start();
        QtConcurrent::blockingMap(&pool, jobs, [&](int) {
            if (!prepare(photo))
                qFatal("prepare failed");
        });
        const double ms = t.nsecsElapsed() / 1e6;
        std::printf("concurrent  %2d images: %7.1f ms  %5.2f img/s  peak RSS %6.1f MB  (%d threads)", count, ms,
                    count * 1000.0 / ms, peakMB(), pool.maxThreadCount());
        if (seqMs > 0)
            std::printf("  speed-up %.2fx, %.2f of sequential", seqMs / ms, ms / seqMs);
        std::printf("\n");
    }
}

void base64(int count)
{
    QList<QByteArray> payloads;
    QRandomGenerator rng(3);
    for (int i = 0; i < count; ++i) {
        QByteArray raw(2 * 1024 * 1024, Qt::Uninitialized);
        rng.fillRange(reinterpret_cast<quint32 *>(raw.data()), raw.size() / 4);
        payloads << raw.toBase64();
    }
    QThreadPool pool;
    pool.setMaxThreadCount(QThread::idealThreadCount());
    auto qtDecode = [](const QByteArray &b) { return QByteArray::fromBase64(b).size(); };
    auto ourDecode = [](const QByteArray &b) { return Base64Codec::decode(b).value_or(QByteArray()).size(); };
    const double qtSeq = bestMs(3, [&] { for (const auto &p : payloads) qtDecode(p); });
    const double ourSeq = bestMs(3, [&] { for (const auto &p : payloads) ourDecode(p); });
    const double qtConc = bestMs(3, [&] { QtConcurrent::blockingMapped(&pool, payloads, qtDecode); });
    const double ourConc = bestMs(3, [&] { QtConcurrent::blockingMapped(&pool, payloads, ourDecode); });
    std::printf("base64 decode %d x 2 MB: QByteArray::fromBase64 %.1f ms sequential, %.1f ms concurrent; "
                "Base64Codec %.1f ms sequential, %.1f ms concurrent (%.0fx faster)\n",
                count, qtSeq, qtConc, ourSeq, ourConc, qtSeq / ourSeq);
}

QString pythonExe(const QCommandLineParser &args)
{
    if (args.isSet(QStringLiteral("python")))
        return args.value(QStringLiteral("python"));
    return QFile::exists(QStringLiteral("/usr/bin/python3")) ? QStringLiteral("/usr/bin/python3")
                                                             : QStringLiteral("python3");
}

// Runs pillow_prepare.py in-process timing mode; returns Pillow's output image and prints its numbers.
QImage comparePillow(const QString &python, const QString &photo, const QString &outDir)
{
    const QString out = outDir + QStringLiteral("/pillow.png");
    QProcess p;
    p.start(python, {QStringLiteral(SANZARU_BENCH_DIR "/pillow_prepare.py"), photo, QStringLiteral("1280x720"), out,
                     QStringLiteral("crop"), QStringLiteral("--time"), QStringLiteral("--repeat"), QStringLiteral("3")});
    if (!p.waitForFinished(300000) || p.exitCode() != 0) {
        std::printf("pillow: failed: %s\n", p.readAllStandardError().constData());
        return {};
    }
    const QJsonObject t = QJsonDocument::fromJson(p.readAllStandardOutput().trimmed()).object();
    const auto r = prepare(photo);
    const QImage pillow(out), ours = QImage::fromData(r->png);
    std::printf("pillow in-process best of 3: %.1f ms (decode %.1f, resize %.1f, encode %.1f)\n",
                t.value(QStringLiteral("total_ms")).toDouble(), t.value(QStringLiteral("decode_ms")).toDouble(),
                t.value(QStringLiteral("resize_ms")).toDouble(), t.value(QStringLiteral("encode_ms")).toDouble());
    std::printf("png size: ours %lld bytes, pillow %lld bytes (%+.2f%%); PSNR ours vs pillow %.2f dB\n",
                qint64(r->png.size()), QFileInfo(out).size(), 100.0 * (double(r->png.size()) / QFileInfo(out).size() - 1),
                psnr(ours, pillow));
    return pillow;
}

// Decode at 1/1, 1/2, 1/4 + Lanczos: time and PSNR against the full-resolution result and Pillow.
void reductionSweep(const QString &photo, const QImage &pillow)
{
    QImage full;
    for (int d : {1, 2, 4, 8}) {
        QImage out;
        const double ms = bestMs(3, [&] {
            ImageDecoder dec(photo, photo, ReferenceImagePreparer::maxPixels);
            const QSize size = *dec.open();
            const ResizePlan plan = ResizePlan::make(size, kTarget, ResizeMode::Crop);
            const auto decoded = dec.decode(plan.sourceRegion(3.0 * std::max(plan.scaleX(), double(d)) + 2 * d), d);
            const double fx = decoded->image.width() / decoded->coverage.width();
            const double fy = decoded->image.height() / decoded->coverage.height();
            out = LanczosResampler::resample(decoded->image, plan.window.size(),
                                             {-decoded->coverage.x() * fx, plan.scaleX() * fx, plan.window.x()},
                                             {-decoded->coverage.y() * fy, plan.scaleY() * fy, plan.window.y()});
        });
        if (d == 1)
            full = out;
        std::printf("reduction 1/%d: decode+resize %.1f ms, PSNR vs full decode %.2f dB, vs pillow %.2f dB\n", d, ms,
                    psnr(out, full), pillow.isNull() ? 0.0 : psnr(out, pillow));
    }
}

void pngLevels(const QString &photo, const QImage &pillow)
{
    const QImage img = QImage::fromData(prepare(photo)->png).convertToFormat(QImage::Format_RGB888);
    for (int level : {1, 3, 4, 5, 6, 7, 8, 9, 12}) {
        QByteArray png;
        const double ms = bestMs(5, [&] { png = PngEncoder::encode(img, level); });
        std::printf("libdeflate level %2d: %8lld bytes  %6.1f ms\n", level, qint64(png.size()), ms);
    }
    QByteArray qtPng;
    const double qtMs = bestMs(3, [&] {
        qtPng.clear();
        QBuffer buf(&qtPng);
        buf.open(QIODevice::WriteOnly);
        QImageWriter(&buf, "png").write(img);
    });
    std::printf("Qt QImageWriter png:  %8lld bytes  %6.1f ms\n", qint64(qtPng.size()), qtMs);
    if (!pillow.isNull())
        std::printf("(pillow's PNG of its own pixels is reported above)\n");
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser args;
    args.setApplicationDescription(QStringLiteral("core/media benchmark"));
    args.addHelpOption();
    args.addOptions({
        {QStringLiteral("make-photo"), QStringLiteral("Write the synthetic 12 MP test JPEG to <path> and exit."),
         QStringLiteral("path")},
        {QStringLiteral("photo"), QStringLiteral("Use this JPEG instead of a freshly synthesised one."),
         QStringLiteral("path")},
        {QStringLiteral("only"),
         QStringLiteral("One part: stages, sequential, concurrent, base64, pillow, levels, reduction."),
         QStringLiteral("part")},
        {QStringLiteral("count"), QStringLiteral("Images per pass (default 10)."), QStringLiteral("n"),
         QStringLiteral("10")},
        {QStringLiteral("compare-pillow"), QStringLiteral("Also run pillow_prepare.py and compare.")},
        {QStringLiteral("python"), QStringLiteral("Python with Pillow (default /usr/bin/python3)."),
         QStringLiteral("exe")},
    });
    args.process(app);

    QTemporaryDir tmp;
    if (args.isSet(QStringLiteral("make-photo"))) {
        const QImage img = Sanzaru::Benchmarks::PhotoSynth::make(QSize(4000, 3000));
        return Sanzaru::Testing::TestImages::write(args.value(QStringLiteral("make-photo")),
                                                   Sanzaru::Testing::TestImages::encode(img, "JPEG", 90))
                   ? 0
                   : 1;
    }
    QString photo = args.value(QStringLiteral("photo"));
    if (photo.isEmpty()) {
        photo = tmp.filePath(QStringLiteral("photo.jpg"));
        const QImage img = Sanzaru::Benchmarks::PhotoSynth::make(QSize(4000, 3000));
        Sanzaru::Testing::TestImages::write(photo, Sanzaru::Testing::TestImages::encode(img, "JPEG", 90));
    }
    std::printf("photo %s (%lld bytes), %d cores, Lanczos SIMD %s\n", qPrintable(photo), QFileInfo(photo).size(),
                QThread::idealThreadCount(), LanczosResampler::simdActive() ? "AVX2" : "off");

    const QString only = args.value(QStringLiteral("only"));
    auto want = [&](const char *part) { return only.isEmpty() || only == QLatin1String(part); };
    const int count = args.value(QStringLiteral("count")).toInt();
    QImage pillow;
    if (args.isSet(QStringLiteral("compare-pillow")) || only == QLatin1String("pillow"))
        pillow = comparePillow(pythonExe(args), photo, tmp.path());
    if (want("stages"))
        stages(photo);
    if (want("sequential") || want("concurrent"))
        prepareRuns(photo, count, want("sequential"), want("concurrent"));
    if (want("reduction"))
        reductionSweep(photo, pillow);
    if (want("levels"))
        pngLevels(photo, pillow);
    if (want("base64"))
        base64(15);
    return 0;
}

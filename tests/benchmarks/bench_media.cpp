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
#include "processbench.h"
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
#include <ctime>

using namespace Sanzaru::Core;
using Sanzaru::Benchmarks::psnr;

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

// Thread CPU time: on a shared, loaded machine it stays close to what an idle machine's wall clock
// would show, while wall time swings with the load.
double cpuMs(clockid_t clock = CLOCK_THREAD_CPUTIME_ID)
{
    timespec ts{};
    clock_gettime(clock, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct Timing
{
    double wall = 1e300;
    double cpu = 1e300;
};

template <typename F> Timing best(int runs, F &&f)
{
    Timing t;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer wall;
        const double c0 = cpuMs();
        wall.start();
        f();
        t.wall = std::min(t.wall, wall.nsecsElapsed() / 1e6);
        t.cpu = std::min(t.cpu, cpuMs() - c0);
    }
    return t;
}

template <typename F> double bestMs(int runs, F &&f)
{
    return best(runs, std::forward<F>(f)).wall;
}

Result<PreparedImage> prepare(const QString &path, ReferenceImagePreparer::PhaseCallback phase = {})
{
    return ReferenceImagePreparer::prepare(path, QFileInfo(path).fileName(), kTarget, ResizeMode::Crop,
                                           nullptr, phase);
}

void stages(const QString &photo)
{
    // Best of 7 per stage, wall and thread CPU; stage boundaries come from the phase callback.
    std::array<double, 4> wall{1e9, 1e9, 1e9, 1e9}, cpu{1e9, 1e9, 1e9, 1e9};
    for (int run = 0; run < 7; ++run) {
        QElapsedTimer t;
        std::vector<double> w, c;
        auto mark = [&] {
            w.push_back(t.nsecsElapsed() / 1e6);
            c.push_back(cpuMs());
        };
        t.start();
        auto r = prepare(photo, [&](const QString &) { mark(); });
        mark();
        if (!r || w.size() != 4)
            qFatal("prepare failed");
        for (int i = 0; i < 3; ++i) {
            wall[i] = std::min(wall[i], w[i + 1] - w[i]);
            cpu[i] = std::min(cpu[i], c[i + 1] - c[i]);
        }
        wall[3] = std::min(wall[3], w[3]);
        cpu[3] = std::min(cpu[3], c[3] - c[0]);
    }
    std::printf(
        "prepare 12MP → 1280x720 crop, in-process, best of 7: wall %.1f ms (decode %.1f, resize %.1f, "
        "encode %.1f); thread CPU %.1f ms (decode %.1f, resize %.1f, encode %.1f)\n",
        wall[3], wall[0], wall[1], wall[2], cpu[3], cpu[0], cpu[1], cpu[2]);
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
        const double c0 = cpuMs(CLOCK_PROCESS_CPUTIME_ID);
        t.start();
        for (int i = 0; i < count; ++i)
            if (!prepare(photo))
                qFatal("prepare failed");
        seqMs = t.nsecsElapsed() / 1e6;
        std::printf("sequential  %2d images: %7.1f ms  %5.2f img/s  peak RSS %6.1f MB  (CPU %.0f ms)\n",
                    count, seqMs, count * 1000.0 / seqMs, peakMB(), cpuMs(CLOCK_PROCESS_CPUTIME_ID) - c0);
    }
    if (concurrent) {
        QThreadPool pool;
        pool.setMaxThreadCount(QThread::idealThreadCount());
        resetPeak();
        QElapsedTimer t;
        const double c0 = cpuMs(CLOCK_PROCESS_CPUTIME_ID);
        t.start();
        QtConcurrent::blockingMap(&pool, jobs, [&](int) {
            if (!prepare(photo))
                qFatal("prepare failed");
        });
        const double ms = t.nsecsElapsed() / 1e6;
        std::printf(
            "concurrent  %2d images: %7.1f ms  %5.2f img/s  peak RSS %6.1f MB  (CPU %.0f ms, %d threads)",
            count, ms, count * 1000.0 / ms, peakMB(), cpuMs(CLOCK_PROCESS_CPUTIME_ID) - c0,
            pool.maxThreadCount());
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
    const double qtSeq = bestMs(3, [&] {
        for (const auto &p : payloads)
            qtDecode(p);
    });
    const double ourSeq = bestMs(3, [&] {
        for (const auto &p : payloads)
            ourDecode(p);
    });
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
    p.start(python, {QStringLiteral(SANZARU_BENCH_DIR "/pillow_prepare.py"), photo,
                     QStringLiteral("1280x720"), out, QStringLiteral("crop"), QStringLiteral("--time"),
                     QStringLiteral("--repeat"), QStringLiteral("3")});
    if (!p.waitForFinished(300000) || p.exitCode() != 0) {
        std::printf("pillow: failed: %s\n", p.readAllStandardError().constData());
        return {};
    }
    const QJsonObject t = QJsonDocument::fromJson(p.readAllStandardOutput().trimmed()).object();
    const auto r = prepare(photo);
    const QImage pillow(out), ours = QImage::fromData(r->png);
    std::printf(
        "pillow in-process best of 3: wall %.1f ms (decode %.1f, resize %.1f, encode %.1f); thread CPU "
        "%.1f ms\n",
        t.value(QStringLiteral("total_ms")).toDouble(), t.value(QStringLiteral("decode_ms")).toDouble(),
        t.value(QStringLiteral("resize_ms")).toDouble(), t.value(QStringLiteral("encode_ms")).toDouble(),
        t.value(QStringLiteral("cpu_ms")).toDouble());
    std::printf("png size: ours %lld bytes, pillow %lld bytes (%+.2f%%); PSNR ours vs pillow %.2f dB\n",
                qint64(r->png.size()), QFileInfo(out).size(),
                100.0 * (double(r->png.size()) / QFileInfo(out).size() - 1), psnr(ours, pillow));
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
            const auto decoded =
                dec.decode(plan.sourceRegion(3.0 * std::max(plan.scaleX(), double(d)) + 2 * d), d);
            const double fx = decoded->image.width() / decoded->coverage.width();
            const double fy = decoded->image.height() / decoded->coverage.height();
            out = LanczosResampler::resample(
                decoded->image, plan.window.size(),
                {-decoded->coverage.x() * fx, plan.scaleX() * fx, plan.window.x()},
                {-decoded->coverage.y() * fy, plan.scaleY() * fy, plan.window.y()});
        });
        if (d == 1)
            full = out;
        std::printf("reduction 1/%d: decode+resize %.1f ms, PSNR vs full decode %.2f dB, vs pillow %.2f dB\n",
                    d, ms, psnr(out, full), pillow.isNull() ? 0.0 : psnr(out, pillow));
    }
}

// Pillow's default PNG save of the same pixels (size, best-of-3 ms), via python.
std::pair<qint64, double> pillowPngSize(const QString &python, const QString &png)
{
    const QString script = QStringLiteral(
        "import sys,os,time\nfrom PIL import Image\nim=Image.open(sys.argv[1]);im.load();b=1e9\n"
        "for i in range(3):\n t=time.perf_counter();im.save(sys.argv[2]);b=min(b,time.perf_counter()-t)\n"
        "print(os.path.getsize(sys.argv[2]),b*1000)");
    QProcess p;
    p.start(python, {QStringLiteral("-c"), script, png, png + QStringLiteral(".pillow.png")});
    if (!p.waitForFinished(120000) || p.exitCode() != 0)
        return {-1, 0};
    const QList<QByteArray> out = p.readAllStandardOutput().trimmed().split(' ');
    return {out.value(0).toLongLong(), out.value(1).toDouble()};
}

// libdeflate level vs size vs time on three kinds of 1280x720 content, against Pillow's zlib-6 PNG.
void pngLevels(const QString &photo, const QString &python, const QString &dir)
{
    QImage graphic(kTarget, QImage::Format_RGB888); // flat colours and hard edges, like a screenshot
    for (int y = 0; y < graphic.height(); ++y)
        for (int x = 0; x < graphic.width(); ++x)
            graphic.setPixel(x, y,
                             ((x / 40 + y / 30) % 5 == 0)  ? qRgb(250, 250, 250)
                             : (x % 200 < 6 || y % 90 < 3) ? qRgb(20, 20, 20)
                                                           : qRgb(40 + x / 10, 90, 200 - y / 8));
    const QList<std::pair<const char *, QImage>> images = {
        {"photo crop", QImage::fromData(prepare(photo)->png).convertToFormat(QImage::Format_RGB888)},
        {"TestImages::photoLike", Sanzaru::Testing::TestImages::photoLike(kTarget)},
        {"graphic", graphic}};
    for (const auto &[name, img] : images) {
        const QString file = dir + QStringLiteral("/level-input.png");
        Sanzaru::Testing::TestImages::write(file, PngEncoder::encode(img, 12));
        const auto [pillowSize, pillowMs] = pillowPngSize(python, file);
        std::printf("%s: pillow %lld bytes %.1f ms\n", name, pillowSize, pillowMs);
        for (int level : {1, 2, 3, 4, 5, 6, 7, 9}) {
            QByteArray png;
            const Timing t = best(5, [&] { png = PngEncoder::encode(img, level); });
            std::printf(
                "  libdeflate level %d: %8lld bytes (%+5.1f%% vs pillow) %6.1f ms wall, %6.1f ms CPU\n",
                level, qint64(png.size()),
                pillowSize > 0 ? 100.0 * (double(png.size()) / pillowSize - 1) : 0.0, t.wall, t.cpu);
        }
        QByteArray qtPng;
        const double qtMs = bestMs(3, [&] {
            qtPng.clear();
            QBuffer buf(&qtPng);
            buf.open(QIODevice::WriteOnly);
            QImageWriter(&buf, "png").write(img);
        });
        std::printf("  Qt QImageWriter:     %8lld bytes %6.1f ms\n", qint64(qtPng.size()), qtMs);
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser args;
    args.setApplicationDescription(QStringLiteral("core/media benchmark"));
    args.addHelpOption();
    args.addOptions({
        {QStringLiteral("make-photo"),
         QStringLiteral("Write the synthetic 12 MP test JPEG to <path> and exit."), QStringLiteral("path")},
        {QStringLiteral("photo"), QStringLiteral("Use this JPEG instead of a freshly synthesised one."),
         QStringLiteral("path")},
        {QStringLiteral("only"),
         QStringLiteral(
             "One part: stages, sequential, concurrent, base64, pillow, levels, reduction, process "
             "(whole processes: sanzaru-qt tool --local vs pillow_prepare.py, not part of the default run)."),
         QStringLiteral("part")},
        {QStringLiteral("count"), QStringLiteral("Images per pass (default 10)."), QStringLiteral("n"),
         QStringLiteral("10")},
        {QStringLiteral("runs"), QStringLiteral("Runs per side for --only process (default 7)."),
         QStringLiteral("n"), QStringLiteral("7")},
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
    const QString only = args.value(QStringLiteral("only"));
    if (only == QLatin1String("process")) {
        Sanzaru::Benchmarks::ProcessBench::Options o;
        o.sanzaru = QStringLiteral(SANZARU_QT_BINARY);
        o.python = pythonExe(args);
        o.script = QStringLiteral(SANZARU_BENCH_DIR "/pillow_prepare.py");
        if (args.isSet(QStringLiteral("photo")))
            o.photos << args.value(QStringLiteral("photo"));
        o.runs = std::max(1, args.value(QStringLiteral("runs")).toInt());
        return Sanzaru::Benchmarks::ProcessBench::run(o) ? 0 : 1;
    }
    QString photo = args.value(QStringLiteral("photo"));
    if (photo.isEmpty()) {
        photo = tmp.filePath(QStringLiteral("photo.jpg"));
        const QImage img = Sanzaru::Benchmarks::PhotoSynth::make(QSize(4000, 3000));
        Sanzaru::Testing::TestImages::write(photo, Sanzaru::Testing::TestImages::encode(img, "JPEG", 90));
    }
    std::printf("photo %s (%lld bytes), %d cores, Lanczos SIMD %s\n", qPrintable(photo),
                QFileInfo(photo).size(), QThread::idealThreadCount(),
                LanczosResampler::simdActive() ? "AVX2" : "off");

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
        pngLevels(photo, pythonExe(args), tmp.path());
    if (want("base64"))
        base64(15);
    return 0;
}

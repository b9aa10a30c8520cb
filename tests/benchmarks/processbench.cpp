// SPDX-License-Identifier: MIT
#include "processbench.h"

#include "media/jpegstreampreparer.h"
#include "media/referenceimagepreparer.h"
#include "photosynth.h"
#include "testimages.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace Sanzaru::Benchmarks {

namespace {

struct Sample
{
    double wall = 0;
    double cpu = 0;
};

double childCpuMs()
{
    rusage ru{};
    getrusage(RUSAGE_CHILDREN, &ru);
    return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
           (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

// One process, start to exit; CPU is user + system of the reaped child.
bool timeProcess(const QString &program, const QStringList &arguments, const QProcessEnvironment &env,
                 Sample *sample)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    const double c0 = childCpuMs();
    QElapsedTimer t;
    t.start();
    p.start(program, arguments);
    // A benchmark, not product code: blocking here is the point.
    if (!p.waitForFinished(300000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        std::printf("%s failed: %s\n", qPrintable(program), p.readAllStandardOutput().constData());
        return false;
    }
    sample->wall = t.nsecsElapsed() / 1e6;
    sample->cpu = childCpuMs() - c0;
    return true;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Camera-like 12 MP photos (sensor noise, texture, hard edges), JPEG quality 92 like a phone's, in the
// orientations a camera stores: upright, upside down (EXIF 3), and held upright (EXIF 6, stored
// 3000x4000). All display as the same 4000x3000 landscape kind of scene.
QStringList makePhotos(const QString &dir)
{
    struct Spec
    {
        const char *name;
        quint32 seed;
        int orientation;
    };
    const Spec specs[] = {{"camera.jpg", 1, 1}, {"camera-exif3.jpg", 2, 3}, {"camera-exif6.jpg", 3, 6}};
    QStringList paths;
    for (const Spec &s : specs) {
        QImage scene = PhotoSynth::make(QSize(4000, 3000), s.seed);
        if (s.orientation == 3)
            scene = scene.transformed(QTransform().rotate(180));
        else if (s.orientation == 6)
            scene = scene.transformed(QTransform().rotate(-90)); // EXIF 6 turns it back clockwise
        QByteArray jpeg = Sanzaru::Testing::TestImages::encode(scene, "JPEG", 92);
        if (s.orientation != 1)
            jpeg = PhotoSynth::withExifOrientation(jpeg, quint16(s.orientation));
        const QString path = dir + QLatin1Char('/') + QLatin1String(s.name);
        Sanzaru::Testing::TestImages::write(path, jpeg);
        paths << path;
    }
    return paths;
}

QString sanzaruArguments(const QString &input, const QString &output)
{
    return QString::fromUtf8(
        QJsonDocument(QJsonObject{{QStringLiteral("input_filename"), input},
                                  {QStringLiteral("target_size"), QStringLiteral("1280x720")},
                                  {QStringLiteral("resize_mode"), QStringLiteral("crop")},
                                  {QStringLiteral("output_filename"), output}})
            .toJson(QJsonDocument::Compact));
}

bool benchPhoto(const ProcessBench::Options &o, const QString &photo, const QString &dir,
                const QProcessEnvironment &env)
{
    const QString images = dir + QStringLiteral("/images/");
    const QString name = QFileInfo(photo).fileName();
    if (!QFile::exists(images + name) && !QFile::copy(photo, images + name))
        return false;
    const QString ours = QStringLiteral("out-sanzaru.png"), pil = images + QStringLiteral("out-pillow.png");
    const QStringList sArgs{QStringLiteral("tool"), QStringLiteral("--local"),
                            QStringLiteral("prepare_reference_image"), sanzaruArguments(name, ours)};
    const QStringList pArgs{o.script, images + name, QStringLiteral("1280x720"), pil, QStringLiteral("crop")};
    std::vector<double> sw, sc, pw, pc;
    Sample s;
    for (int i = 0; i < o.runs; ++i) {
        // Alternate who goes first so neither always follows the other's cache effects.
        for (int k = 0; k < 2; ++k) {
            const bool oursNow = (i + k) % 2 == 0;
            if (!timeProcess(oursNow ? o.sanzaru : o.python, oursNow ? sArgs : pArgs, env, &s))
                return false;
            (oursNow ? sw : pw).push_back(s.wall);
            (oursNow ? sc : pc).push_back(s.cpu);
        }
    }
    // Pillow's reference for quality: the same pipeline with the EXIF orientation applied (sanzaru's
    // Python ignores it, so its timed output shows the stored pixels). Untimed.
    const QString ref = images + QStringLiteral("out-reference.png");
    if (!timeProcess(o.python,
                     {o.script, images + name, QStringLiteral("1280x720"), ref, QStringLiteral("crop"),
                      QStringLiteral("--exif-transpose")},
                     env, &s))
        return false;
    // In-process: the same preparation inside this process (warm: libraries loaded, pages mapped), the
    // streaming path and the general pipeline; Pillow's own in-process timing (--time, best of runs).
    auto inProcess = [&](bool streaming) {
        Sanzaru::Core::ReferenceImagePreparer::setJpegStreamingEnabled(streaming);
        std::vector<double> ms;
        for (int i = 0; i < o.runs + 1; ++i) {
            QElapsedTimer t;
            t.start();
            const auto r = Sanzaru::Core::ReferenceImagePreparer::prepare(
                images + name, name, QSize(1280, 720), Sanzaru::Core::ResizeMode::Crop);
            if (!r)
                return -1.0;
            if (i > 0) // the first run warms up
                ms.push_back(t.nsecsElapsed() / 1e6);
        }
        Sanzaru::Core::ReferenceImagePreparer::setJpegStreamingEnabled(true);
        return median(ms);
    };
    const double inStream = inProcess(true), inGeneral = inProcess(false);
    // The streaming path with one decoder (no split across the two cores), called directly.
    std::vector<double> single;
    for (int i = 0; i < o.runs + 1; ++i) {
        QElapsedTimer t;
        t.start();
        const auto r = Sanzaru::Core::JpegStreamPreparer::prepare(
            images + name, QSize(1280, 720), Sanzaru::Core::ResizeMode::Crop,
            {1.5, 2, Sanzaru::Core::ReferenceImagePreparer::maxPixels, 1}, nullptr, {});
        if (!r || !r->ok())
            return false;
        if (i > 0)
            single.push_back(t.nsecsElapsed() / 1e6);
    }
    const double inSingle = median(single);
    QProcess pt;
    pt.start(o.python, {o.script, images + name, QStringLiteral("1280x720"),
                        images + QStringLiteral("out-timed.png"), QStringLiteral("crop"),
                        QStringLiteral("--time"), QStringLiteral("--repeat"), QString::number(o.runs)});
    double pillowIn = -1;
    if (pt.waitForFinished(300000) && pt.exitCode() == 0)
        pillowIn = QJsonDocument::fromJson(pt.readAllStandardOutput().trimmed())
                       .object()
                       .value(QStringLiteral("total_ms"))
                       .toDouble(-1);
    const qint64 ourSize = QFileInfo(images + ours).size(), refSize = QFileInfo(ref).size();
    std::printf("%s (%lld bytes) → 1280x720 crop, %d runs each, interleaved, whole processes:\n",
                qPrintable(name), QFileInfo(photo).size(), o.runs);
    std::printf("  sanzaru-qt tool --local: median %6.1f ms (min %6.1f), CPU %6.1f ms\n", median(sw),
                *std::min_element(sw.begin(), sw.end()), median(sc));
    std::printf("  pillow_prepare.py:       median %6.1f ms (min %6.1f), CPU %6.1f ms\n", median(pw),
                *std::min_element(pw.begin(), pw.end()), median(pc));
    std::printf("  ratio (pillow / sanzaru, medians): %.2fx wall, %.2fx CPU\n", median(pw) / median(sw),
                median(pc) / median(sc));
    const double sizeDiff = 100.0 * (double(ourSize) / refSize - 1);
    const double db = psnr(QImage(images + ours), QImage(ref));
    std::printf("  PNG: sanzaru %lld bytes, pillow %lld bytes (%+.2f%%, limit +1%%); PSNR vs pillow %.2f dB "
                "(limit 40)\n",
                ourSize, refSize, sizeDiff, db);
    std::printf(
        "  in-process (warm, median of %d): sanzaru %.1f ms streaming (%.1f ms with one decoder), %.1f ms "
        "general pipeline; pillow %.1f ms (best of %d) → %.2fx\n",
        o.runs, inStream, inSingle, inGeneral, pillowIn, o.runs, pillowIn / inStream);
    const bool pass = median(pw) / median(sw) >= 4.0 && sizeDiff <= 1.0 && db >= 40.0;
    std::printf("  whole process >= 4x pillow, PNG <= +1%%, PSNR >= 40 dB: %s\n", pass ? "yes" : "NO");
    return true;
}

} // namespace

double psnr(const QImage &a, const QImage &b)
{
    const QImage x = a.convertToFormat(QImage::Format_RGB888), y = b.convertToFormat(QImage::Format_RGB888);
    if (x.isNull() || x.size() != y.size())
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

bool ProcessBench::run(const Options &options)
{
    QTemporaryDir dir;
    if (!dir.isValid() || !QDir(dir.path()).mkpath(QStringLiteral("images")) ||
        !QDir(dir.path()).mkpath(QStringLiteral("config")))
        return false;
    const QStringList photos = options.photos.isEmpty() ? makePhotos(dir.path()) : options.photos;
    QFile loadavg(QStringLiteral("/proc/loadavg"));
    if (loadavg.open(QIODevice::ReadOnly))
        std::printf("load average before the runs: %s", loadavg.readAll().constData());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SANZARU_MEDIA_PATH"), dir.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
    bool ok = true;
    for (const QString &photo : photos)
        ok = benchPhoto(options, photo, dir.path(), env) && ok;
    return ok;
}

} // namespace Sanzaru::Benchmarks

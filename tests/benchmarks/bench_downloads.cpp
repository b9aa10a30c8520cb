// SPDX-License-Identifier: MIT
// Benchmark (not a test): N concurrent download_video calls of S-byte videos from the fake OpenAI server,
// run as a separate process so the figures are the client's alone. Prints wall time, aggregate MB/s,
// peak RSS and verifies every file's SHA-256 against the bytes the server serves.
//
//   bench_downloads [--count 32] [--size-mb 8] [--fake PATH_TO_fake-openai]
#include "config/mediapaths.h"
#include "fakemedia.h"
#include "openai/apiclient.h"
#include "openai/videosapi.h"
#include "tools/toolcall.h"
#include "tools/toolcontext.h"
#include "tools/toolregistry.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QTimer>

#include <cstdio>

using namespace Sanzaru::Core;

namespace {

qint64 procStatusKb(const char *key)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(key))
            return line.mid(qstrlen(key)).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

QByteArray sha256OfFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&f);
    return hash.result();
}

// Runs fn's async request and spins the event loop until done (benchmark driver only, never in the app).
template <typename F> void await(F start)
{
    bool done = false;
    start([&done] { done = true; });
    while (!done)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("count"), QStringLiteral("Concurrent downloads"), QStringLiteral("n"),
                      QStringLiteral("32")});
    parser.addOption({QStringLiteral("size-mb"), QStringLiteral("Video size in MiB"), QStringLiteral("mb"),
                      QStringLiteral("8")});
    parser.addOption({QStringLiteral("fake"), QStringLiteral("Path of the fake-openai binary"),
                      QStringLiteral("path"), QStringLiteral(SANZARU_FAKE_OPENAI)});
    parser.process(app);
    const int count = parser.value(QStringLiteral("count")).toInt();
    const qint64 size = parser.value(QStringLiteral("size-mb")).toLongLong() * 1024 * 1024;

    // The server runs in its own process: its memory is not ours.
    QProcess fake;
    fake.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    fake.start(parser.value(QStringLiteral("fake")), {QStringLiteral("--video-size"), QString::number(size)});
    QByteArray urlLine;
    while (!urlLine.contains('\n')) {
        if (fake.state() == QProcess::NotRunning) {
            std::fprintf(stderr, "fake-openai did not start\n");
            return 1;
        }
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        urlLine += fake.readAllStandardOutput();
    }
    const QString baseUrl = QString::fromLatin1(urlLine.mid(urlLine.indexOf('=') + 1).trimmed());

    QTemporaryDir media;
    QProcessEnvironment env;
    env.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-test"));
    env.insert(QStringLiteral("OPENAI_BASE_URL"), baseUrl);
    env.insert(QStringLiteral("SANZARU_MEDIA_PATH"), media.path());
    const Config config = Config::fromEnvironment(env);
    ApiClient api(config);
    MediaPaths paths(config);
    ToolContext context(&api, &paths, QThreadPool::globalInstance());
    ToolRegistry registry(&context);

    // Seed: create the jobs and poll each to completion (the fake advances one step per GET).
    QStringList ids;
    for (int i = 0; i < count; ++i) {
        VideosApi::CreateParams p;
        p.prompt = QStringLiteral("bench %1").arg(i);
        p.model = QStringLiteral("sora-2");
        await([&](auto done) {
            api.send(VideosApi::create(p), &app, [&, done](Result<ApiResponse> r) {
                if (r)
                    ids.append(r->json.value(QStringLiteral("id")).toString());
                done();
            });
        });
    }
    for (const QString &id : ids)
        for (int step = 0; step < 3; ++step)
            await([&](auto done) {
                api.send(*VideosApi::retrieve(id), &app, [done](Result<ApiResponse>) { done(); });
            });
    if (ids.size() != count) {
        std::fprintf(stderr, "could not create the jobs\n");
        return 1;
    }

    const qint64 rssBefore = procStatusKb("VmRSS:");
    QElapsedTimer timer;
    timer.start();
    int finished = 0;
    int failed = 0;
    for (const QString &id : ids) {
        ToolCall *call =
            registry.call(QStringLiteral("download_video"), {{QStringLiteral("video_id"), id}}, &app);
        QObject::connect(call, &ToolCall::finished, &app, [&, call] {
            ++finished;
            if (!call->result().ok()) {
                ++failed;
                std::fprintf(stderr, "failed: %s\n", qPrintable(call->result().error().message));
            }
        });
    }
    while (finished < count)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    const double seconds = timer.nsecsElapsed() / 1e9;
    const qint64 peakKb = procStatusKb("VmHWM:");

    int good = 0;
    Sanzaru::Testing::FakeMedia expectedMedia;
    for (const QString &id : ids) {
        QCryptographicHash expected(QCryptographicHash::Sha256);
        for (const QByteArray &segment : expectedMedia.videoSegments(id, size))
            expected.addData(segment);
        if (sha256OfFile(media.path() + QStringLiteral("/videos/") + id + QStringLiteral(".mp4")) ==
            expected.result())
            ++good;
    }
    const double totalMb = double(size) * count / (1024.0 * 1024.0);
    std::printf("downloads: %d x %.0f MiB concurrent (download_video tool, fake server in its own process)\n",
                count, double(size) / (1024.0 * 1024.0));
    std::printf("  wall time      %8.3f s\n", seconds);
    std::printf("  throughput     %8.1f MiB/s aggregate\n", totalMb / seconds);
    std::printf("  checksums      %d/%d correct, %d failed\n", good, count, failed);
    std::printf("  RSS before     %8.1f MiB\n", rssBefore / 1024.0);
    std::printf("  peak RSS       %8.1f MiB (VmHWM of the whole process)\n", peakKb / 1024.0);
    fake.kill();
    fake.waitForFinished(); // benchmark teardown, not an event-loop path
    return good == count ? 0 : 1;
}

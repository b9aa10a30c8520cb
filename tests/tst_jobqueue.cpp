// SPDX-License-Identifier: MIT
// The job queue's state machine against the fake OpenAI server: every kind end to end, failures,
// deadlines, cancel, limits, write-ahead persistence, restore after a stop, and mirrored MCP calls.

#include "fakefault.h"
#include "jobs/jobqueue.h"
#include "jobs/jobstore.h"
#include "testimages.h"
#include "toolharness.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace Sanzaru::Core;
using namespace Sanzaru::Testing;

namespace {

JobTiming fastTiming()
{
    JobTiming timing;
    timing.videoFirstPollMs = 10;
    timing.videoMaxPollMs = 40;
    timing.imageFirstPollMs = 10;
    timing.imageMaxPollMs = 40;
    timing.jitter = 0;
    return timing;
}

QJsonObject videoArgs(const QString &prompt = QStringLiteral("a red fox in snow"))
{
    return {{QStringLiteral("prompt"), prompt},
            {QStringLiteral("model"), QStringLiteral("sora-2")},
            {QStringLiteral("seconds"), QStringLiteral("4")},
            {QStringLiteral("size"), QStringLiteral("1280x720")}};
}

/// Records every state a job goes through and how often it finished.
struct JobTrace
{
    QList<JobState> states;
    int finished = 0;
};

JobState stateOf(const JobQueue &queue, const QString &id)
{
    const JobRecord *record = queue.find(id);
    return record ? record->state : JobState::Queued;
}

} // namespace

class tst_JobQueue final : public QObject
{
    Q_OBJECT

private:
    void trace(JobQueue &queue, QHash<QString, JobTrace> *traces)
    {
        connect(&queue, &JobQueue::jobChanged, this, [&queue, traces](const QString &id) {
            JobTrace &t = (*traces)[id];
            const JobState state = queue.find(id)->state;
            if (t.states.isEmpty() || t.states.last() != state)
                t.states.append(state);
        });
        connect(&queue, &JobQueue::jobFinished, this,
                [traces](const QString &id) { ++(*traces)[id].finished; });
    }

private slots:
    void videoJobRunsCreatePollDownload()
    {
        ToolHarness h;
        QVERIFY(h.started());
        JobQueue queue(&h.registry(), nullptr);
        queue.setTiming(fastTiming());
        QHash<QString, JobTrace> traces;
        trace(queue, &traces);
        QSignalSpy added(&queue, &JobQueue::jobAdded);

        const QString id = queue.submit(JobKind::Video, videoArgs());
        QCOMPARE(added.count(), 1);
        QVERIFY(id.startsWith(QLatin1String("job-")));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(queue, id), JobState::Completed, 20000);
        const JobRecord &record = *queue.find(id);
        QCOMPARE(traces[id].finished, 1);
        QVERIFY2(traces[id].states.contains(JobState::Submitting), "no Submitting state");
        QVERIFY(traces[id].states.contains(JobState::Running));
        QVERIFY(traces[id].states.contains(JobState::Downloading));
        QCOMPARE(record.progress, 100);
        QVERIFY(!record.remoteId.isEmpty());
        const QString video = record.outputPath(QStringLiteral("video"));
        const QString thumbnail = record.outputPath(QStringLiteral("thumbnail"));
        QCOMPARE(video, h.videoPath(record.remoteId + QStringLiteral(".mp4")));
        QCOMPARE(QFile(video).size(), h.server().videoContentSize());
        QVERIFY(QFile::exists(thumbnail));
        QVERIFY(!QImage(record.outputPath(QStringLiteral("spritesheet"))).isNull());
        QCOMPARE(record.bytesReceived, h.server().videoContentSize());
        QCOMPARE(h.server().requestCount("POST", QStringLiteral("/v1/videos")), 1);
        QVERIFY(record.startedAt.isValid() && record.finishedAt >= record.startedAt);
    }

    void unknownRemoteStatusIsStillRunningAndShownAsSent()
    {
        ToolHarness h;
        h.server().setDialect(FakeDialect::Gateway); // pending → processing 33.3 → 66.7 → completed
        JobQueue queue(&h.registry(), nullptr);
        queue.setTiming(fastTiming());
        QStringList texts;
        QList<int> progress;
        connect(&queue, &JobQueue::jobChanged, this, [&queue, &texts, &progress](const QString &id) {
            const JobRecord *record = queue.find(id);
            if (record->state == JobState::Running &&
                (texts.isEmpty() || texts.last() != record->statusText)) {
                texts.append(record->statusText);
                progress.append(record->progress);
            }
        });
        const QString id =
            queue.submit(JobKind::Video, {{QStringLiteral("prompt"), QStringLiteral("a fox")},
                                          {QStringLiteral("model"), QStringLiteral("minimax/h3")},
                                          {QStringLiteral("seconds"), QStringLiteral("6")}});
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(queue, id), JobState::Completed, 20000);
        QVERIFY2(texts.contains(QStringLiteral("Upstream: pending")),
                 qPrintable(texts.join(QStringLiteral(" | "))));
        QVERIFY2(texts.contains(QStringLiteral("Upstream: processing, 33 %")),
                 qPrintable(texts.join(QStringLiteral(" | "))));
        QVERIFY2(texts.contains(QStringLiteral("Upstream: processing, 67 %")),
                 qPrintable(texts.join(QStringLiteral(" | "))));
        QCOMPARE(queue.find(id)->progress, 100);
        QCOMPARE(QFile(h.videoPath(queue.find(id)->remoteId + QStringLiteral(".mp4"))).size(),
                 h.server().videoContentSize());
    }

    void imageKindsComplete_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QJsonObject>("arguments");
        QTest::newRow("responses") << int(JobKind::ResponsesImage)
                                   << QJsonObject{{QStringLiteral("prompt"), QStringLiteral("a lighthouse")}};
        QTest::newRow("generate") << int(JobKind::ImageGenerate)
                                  << QJsonObject{{QStringLiteral("prompt"), QStringLiteral("a lighthouse")}};
    }

    void imageKindsComplete()
    {
        QFETCH(int, kind);
        QFETCH(QJsonObject, arguments);
        ToolHarness h;
        QVERIFY(h.started());
        JobQueue queue(&h.registry(), nullptr);
        queue.setTiming(fastTiming());
        const QString id = queue.submit(JobKind(kind), arguments);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(queue, id), JobState::Completed, 20000);
        const QString image = queue.find(id)->outputPath(QStringLiteral("image"));
        QVERIFY2(QFile::exists(image), qPrintable(image));
        QVERIFY(image.startsWith(h.imageDir()));
        QVERIFY(!QImage(image).isNull());
    }

    void prepareReferenceRunsLocally()
    {
        ToolHarness h;
        QVERIFY(TestImages::write(h.imagePath(QStringLiteral("photo.jpg")),
                                  TestImages::encode(TestImages::photoLike(QSize(800, 600)), "JPEG")));
        JobQueue queue(&h.registry(), nullptr);
        const QString id = queue.submit(JobKind::PrepareReference,
                                        {{QStringLiteral("input_filename"), QStringLiteral("photo.jpg")},
                                         {QStringLiteral("target_size"), QStringLiteral("1280x720")}});
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(queue, id), JobState::Completed, 20000);
        const QImage prepared(queue.find(id)->outputPath());
        QCOMPARE(prepared.size(), QSize(1280, 720));
        QCOMPARE(h.server().requests().size(), 0);
    }

    void remoteFailureFailsOnce()
    {
        ToolHarness h;
        JobQueue queue(&h.registry(), nullptr);
        queue.setTiming(fastTiming());
        QHash<QString, JobTrace> traces;
        trace(queue, &traces);
        const QString id = queue.submit(JobKind::Video, videoArgs(QStringLiteral("[fake:fail] doomed")));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(queue, id), JobState::Failed, 20000);
        QVERIFY(queue.find(id)->error.has_value());
        QCOMPARE(queue.find(id)->error->kind, ErrorKind::JobFailed);
        QVERIFY(!queue.find(id)->error->message.isEmpty());
        QTest::qWait(100);
        QCOMPARE(traces[id].finished, 1);
        QVERIFY(queue.find(id)->outputs.isEmpty());
    }

    void rejectedCreateIsNotResent()
    {
        ToolHarness h;
        h.server().addFault("POST", QStringLiteral("/v1/videos"), Fault::httpStatus(400));
        JobQueue queue(&h.registry(), nullptr);
        const QString id = queue.submit(JobKind::Video, videoArgs());
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(queue, id), JobState::Failed, 20000);
        QCOMPARE(queue.find(id)->error->kind, ErrorKind::Api);
        QCOMPARE(queue.find(id)->error->httpStatus, 400);
        QCOMPARE(h.server().requestCount("POST", QStringLiteral("/v1/videos")), 1);
    }

    void rateLimitedJobSaysHowLongItWaits()
    {
        ToolHarness h;
        JobQueue queue(&h.registry(), nullptr);
        queue.setTiming(fastTiming());
        // The create is refused with 429 + Retry-After: 2 (not executed, so retried), then accepted.
        h.server().addFault(
            "POST", QStringLiteral("/v1/videos"),
            Fault::httpStatus(429, {{QByteArrayLiteral("Retry-After"), QByteArrayLiteral("2")}}));
        const QString id = queue.submit(JobKind::Video, videoArgs());
        QStringList seen;
        connect(&queue, &JobQueue::jobChanged, this, [&](const QString &changed) {
            if (const JobRecord *r = queue.find(changed); r && !seen.contains(r->statusText))
                seen << r->statusText;
        });
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(queue, id), JobState::Completed, 30000);
        const QStringList waits = seen.filter(QStringLiteral("retrying in 2 s"));
        QVERIFY2(!waits.isEmpty(), qPrintable(seen.join(QStringLiteral(" | "))));
        QVERIFY2(waits.first().startsWith(QLatin1String("Rate limited (HTTP 429)")), qPrintable(waits.first()));
        QCOMPARE(h.server().requestCount("POST", QStringLiteral("/v1/videos")), 2);
    }

    void transientPollErrorsAreRetried()
    {
        ToolHarness h;
        JobQueue queue(&h.registry(), nullptr);
        queue.setTiming(fastTiming());
        // Three failing polls in a row (each after the client's own retries) do not fail the job.
        h.server().addFault("GET", QStringLiteral("/v1/videos/*"), Fault::httpStatus(503, {}, 9));
        const QString id = queue.submit(JobKind::Video, videoArgs());
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(queue, id), JobState::Completed, 30000);
        QCOMPARE(h.server().pendingFaultCount(), 0);
        QCOMPARE(h.server().requestCount("POST", QStringLiteral("/v1/videos")), 1);
    }

    void permanentPollErrorFails()
    {
        ToolHarness h;
        JobQueue queue(&h.registry(), nullptr);
        queue.setTiming(fastTiming());
        h.server().addFault("GET", QStringLiteral("/v1/videos/*"), Fault::httpStatus(404, {}, -1));
        const QString id = queue.submit(JobKind::Video, videoArgs());
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(queue, id), JobState::Failed, 20000);
        QCOMPARE(queue.find(id)->error->httpStatus, 404);
    }

    void deadlineWaitsForManualRetry()
    {
        ToolHarness h;
        JobQueue queue(&h.registry(), nullptr);
        JobTiming timing = fastTiming();
        timing.videoDeadlineMs = 1;
        queue.setTiming(timing);
        QHash<QString, JobTrace> traces;
        trace(queue, &traces);
        const QString id = queue.submit(JobKind::Video, videoArgs());
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(queue, id), JobState::Overdue, 20000);
        const int polls = h.server().requests().size();
        QVERIFY(queue.find(id)->error.has_value());
        QCOMPARE(queue.find(id)->error->kind, ErrorKind::Timeout);
        QVERIFY(queue.find(id)->error->message.contains(QLatin1String("Retry")));
        QCOMPARE(traces[id].finished, 0); // not terminal: nothing silently failed
        QTest::qWait(200);
        QCOMPARE(h.server().requests().size(), polls); // and it stopped polling

        queue.setTiming(fastTiming());
        QCOMPARE(queue.retry(id), id);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(queue, id), JobState::Completed, 20000);
        QCOMPARE(traces[id].finished, 1);
        QCOMPARE(h.server().requestCount("POST", QStringLiteral("/v1/videos")), 1);
    }

    void cancelIsIdempotent()
    {
        ToolHarness h;
        h.server().addFault("POST", QStringLiteral("/v1/videos"), Fault::of(Fault::Kind::StallHeaders));
        JobQueue queue(&h.registry(), nullptr);
        QHash<QString, JobTrace> traces;
        trace(queue, &traces);
        const QString id = queue.submit(JobKind::Video, videoArgs());
        QTRY_COMPARE_WITH_TIMEOUT(h.server().requestCount("POST", QStringLiteral("/v1/videos")), 1, 10000);
        queue.cancel(id);
        queue.cancel(id);
        QCOMPARE(stateOf(queue, id), JobState::Cancelled);
        QCOMPARE(traces[id].finished, 1);
        QVERIFY(queue.retry(id) != id); // a cancelled job is replaced on retry
        QCOMPARE(queue.find(id), nullptr);
    }

    void concurrencyLimitPerKind()
    {
        ToolHarness h;
        JobQueue queue(&h.registry(), nullptr);
        JobLimits limits;
        limits.image = 1;
        queue.setLimits(limits);
        int submitting = 0;
        int maxSubmitting = 0;
        QHash<QString, JobState> last;
        connect(&queue, &JobQueue::jobChanged, this, [&](const QString &id) {
            const JobState now = queue.find(id)->state;
            const JobState before = last.value(id, JobState::Queued);
            if (now == before)
                return;
            last[id] = now;
            submitting += (now == JobState::Submitting) - (before == JobState::Submitting);
            maxSubmitting = std::max(maxSubmitting, submitting);
        });
        QStringList ids;
        for (int i = 0; i < 3; ++i)
            ids << queue.submit(JobKind::ImageGenerate,
                                {{QStringLiteral("prompt"), QStringLiteral("tile %1").arg(i)}});
        QCOMPARE(stateOf(queue, ids.last()), JobState::Queued);
        for (const QString &id : std::as_const(ids))
            QTRY_COMPARE_WITH_TIMEOUT(stateOf(queue, id), JobState::Completed, 20000);
        QCOMPARE(maxSubmitting, 1);
    }

    void paidRequestIsSavedBeforeItIsSent()
    {
        ToolHarness h;
        QTemporaryDir dir;
        h.server().addFault("POST", QStringLiteral("/v1/videos"), Fault::of(Fault::Kind::StallHeaders));
        JobStore store(dir.filePath(QStringLiteral("queue.json")));
        JobQueue queue(&h.registry(), &store);
        const QString id = queue.submit(JobKind::Video, videoArgs());
        QTRY_COMPARE_WITH_TIMEOUT(h.server().requestCount("POST", QStringLiteral("/v1/videos")), 1, 10000);
        // The request reached the server, so the file must already say so.
        QFile file(store.filePath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const Result<JobStore::Loaded> loaded = JobStore::parse(file.readAll());
        QVERIFY(loaded.ok());
        QCOMPARE(loaded->jobs.size(), 1);
        QCOMPARE(loaded->jobs.first().id, id);
        QCOMPARE(loaded->jobs.first().state, JobState::Submitting);
        QVERIFY(loaded->jobs.first().submitted);
        queue.cancel(id);
    }

    void mirroredPaidCallIsSavedBeforeItIsSent()
    {
        // An MCP client's paid call may not reach the API before the queue file lists its mirror: a
        // kill right after the request left would otherwise leave a billed job the app never heard of.
        ToolHarness h;
        QTemporaryDir dir;
        h.server().addFault("POST", QStringLiteral("/v1/images/generations"),
                            Fault::of(Fault::Kind::StallHeaders));
        JobStore store(dir.filePath(QStringLiteral("queue.json")));
        JobQueue queue(&h.registry(), &store);
        ToolOutcome outcome;
        ToolCall *call = h.start(QStringLiteral("generate_image"),
                                 {{QStringLiteral("prompt"), QStringLiteral("saved first")}}, &outcome);
        queue.observe(call);
        QTRY_COMPARE_WITH_TIMEOUT(h.server().requestCount("POST", QStringLiteral("/v1/images/generations")),
                                  1, 10000);
        QFile file(store.filePath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const Result<JobStore::Loaded> loaded = JobStore::parse(file.readAll());
        QVERIFY(loaded.ok());
        QCOMPARE(loaded->jobs.size(), 1);
        QCOMPARE(loaded->jobs.first().origin, JobOrigin::Mcp);
        QCOMPARE(loaded->jobs.first().state, JobState::Submitting);
        QVERIFY(loaded->jobs.first().submitted);
        call->cancel();
        ToolHarness::waitFor(outcome);
    }

    void restoreResumesWithoutResending()
    {
        ToolHarness h;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("queue.json"));
        const QString running =
            h.call(QStringLiteral("create_video"), videoArgs()).json().value(QStringLiteral("id")).toString();
        const QString finishedUpstream = h.server().addCompletedVideo();
        QVERIFY(!running.isEmpty());
        QVERIFY(TestImages::write(h.imagePath(QStringLiteral("ref.png")),
                                  TestImages::encode(TestImages::photoLike(QSize(640, 480)), "PNG")));
        // A download the killed process left half-written.
        QVERIFY(TestImages::write(
            h.videoPath(QLatin1Char('.') + finishedUpstream + QStringLiteral(".mp4.x1y2z3.sanzaru-part")),
            QByteArray(1000, 'x')));
        h.server().clearRequests();

        QList<JobRecord> saved;
        JobRecord polling;
        polling.id = QStringLiteral("job-000000000001");
        polling.kind = JobKind::Video;
        polling.state = JobState::Running;
        polling.arguments = videoArgs();
        polling.remoteId = running;
        polling.submitted = true;
        polling.remoteAt = QDateTime::currentDateTimeUtc();
        saved << polling;
        JobRecord interrupted = polling;
        interrupted.id = QStringLiteral("job-000000000002");
        interrupted.state = JobState::Submitting;
        interrupted.remoteId.clear();
        saved << interrupted;
        JobRecord downloading = polling;
        downloading.id = QStringLiteral("job-000000000003");
        downloading.state = JobState::Downloading;
        downloading.remoteId = finishedUpstream;
        downloading.remoteStatus = RemoteStatus::fromWord(QStringLiteral("completed"));
        saved << downloading;
        JobRecord queued;
        queued.id = QStringLiteral("job-000000000004");
        queued.kind = JobKind::PrepareReference;
        queued.arguments = {{QStringLiteral("input_filename"), QStringLiteral("ref.png")},
                            {QStringLiteral("target_size"), QStringLiteral("720x1280")}};
        saved << queued;
        JobRecord done = polling;
        done.id = QStringLiteral("job-000000000005");
        done.state = JobState::Completed;
        saved << done;
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(JobStore::serialize(saved));
        }

        JobStore store(path);
        JobQueue queue(&h.registry(), &store);
        queue.setTiming(fastTiming());
        QSignalSpy restored(&queue, &JobQueue::restored);
        queue.restore();
        QVERIFY(restored.wait(10000));
        QCOMPARE(restored.first().at(0).toInt(), 5);
        QCOMPARE(restored.first().at(1).toString(), QString());
        QCOMPARE(queue.ids(), (QStringList{polling.id, interrupted.id, downloading.id, queued.id, done.id}));

        QTRY_COMPARE_WITH_TIMEOUT(stateOf(queue, polling.id), JobState::Completed, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(queue, downloading.id), JobState::Completed, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(queue, queued.id), JobState::Completed, 20000);
        QCOMPARE(stateOf(queue, interrupted.id), JobState::Failed);
        QVERIFY(queue.find(interrupted.id)->error->message.contains(QLatin1String("not sent again")));
        QCOMPARE(stateOf(queue, done.id), JobState::Completed);
        QCOMPARE(h.server().requestCount("POST", QStringLiteral("/v1/videos")), 0);
        QCOMPARE(QFile(h.videoPath(finishedUpstream + QStringLiteral(".mp4"))).size(),
                 h.server().videoContentSize());
        QCOMPARE(QDir(h.videoDir()).entryList({QStringLiteral("*.sanzaru-part")}, QDir::Files | QDir::Hidden),
                 QStringList());
        QTRY_VERIFY_WITH_TIMEOUT(store.savedGeneration() > 0, 5000);
    }

    void restoredMirroredDownloadFetchesWhatTheClientAsked()
    {
        // An MCP client's download_video(filename) cut off by a kill: the restored job fetches that one
        // variant under that name and removes that name's leftover part file — not the window's
        // video + thumbnail + spritesheet under default names beside a stale temporary file.
        ToolHarness h;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("queue.json"));
        const QString videoId = h.server().addCompletedVideo();
        QVERIFY(TestImages::write(h.videoPath(QStringLiteral(".mine.mp4.0a1b2c3d4e5f.sanzaru-part")),
                                  QByteArray(1000, 'x')));
        JobRecord downloading;
        downloading.id = QStringLiteral("job-000000000001");
        downloading.kind = JobKind::Download;
        downloading.origin = JobOrigin::Mcp;
        downloading.autoDownload = false;
        downloading.state = JobState::Downloading;
        downloading.arguments = {{QStringLiteral("video_id"), videoId},
                                 {QStringLiteral("filename"), QStringLiteral("mine.mp4")}};
        downloading.remoteId = videoId;
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(JobStore::serialize({downloading}));
        }
        JobStore store(path);
        JobQueue queue(&h.registry(), &store);
        queue.setTiming(fastTiming());
        queue.restore();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(queue, downloading.id), JobState::Completed, 20000);
        QCOMPARE(ToolHarness::entries(h.videoDir()), QStringList{QStringLiteral("mine.mp4")});
        QCOMPARE(ToolHarness::readFile(h.videoPath(QStringLiteral("mine.mp4"))),
                 h.server().videoContent(videoId));
        QCOMPARE(queue.find(downloading.id)->outputPath(QStringLiteral("video")),
                 h.videoPath(QStringLiteral("mine.mp4")));
    }

    void restoreRemovesWhatAKilledCallLeftHalfWritten()
    {
        // The app is killed while an MCP client's generate_image(filename) is writing: after the restart
        // the job says the request may have been sent, and the killed write's temporary file is gone.
        ToolHarness h;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("queue.json"));
        QByteArray savedAtKill;
        {
            h.server().addFault("POST", QStringLiteral("/v1/images/generations"),
                                Fault::of(Fault::Kind::StallHeaders));
            JobStore store(path);
            JobQueue queue(&h.registry(), &store);
            ToolOutcome outcome;
            ToolCall *call = h.start(QStringLiteral("generate_image"),
                                     {{QStringLiteral("prompt"), QStringLiteral("cut off")},
                                      {QStringLiteral("filename"), QStringLiteral("pic.png")}},
                                     &outcome);
            queue.observe(call);
            QTRY_COMPARE_WITH_TIMEOUT(
                h.server().requestCount("POST", QStringLiteral("/v1/images/generations")), 1, 10000);
            savedAtKill = ToolHarness::readFile(path);
            call->cancel();
            ToolHarness::waitFor(outcome);
        }
        QVERIFY(ToolHarness::writeFile(path, savedAtKill));
        QVERIFY(ToolHarness::writeFile(h.imagePath(QStringLiteral(".pic.png.0a1b2c3d4e5f.sanzaru-part")),
                                       QByteArray(1000, 'x')));
        QTest::qWait(20); // files of the killed process are older than the restart

        JobStore store(path);
        JobQueue queue(&h.registry(), &store);
        QSignalSpy restored(&queue, &JobQueue::restored);
        queue.restore();
        QVERIFY(restored.wait(10000));
        QCOMPARE(queue.count(), 1);
        const QString id = queue.ids().first();
        QTRY_COMPARE(stateOf(queue, id), JobState::Failed);
        QVERIFY(queue.find(id)->error->message.contains(QLatin1String("not sent again")));
        QTRY_COMPARE_WITH_TIMEOUT(ToolHarness::entries(h.imageDir()), QStringList(), 5000);
    }

    void unreadableQueueFileIsMovedAside_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("suffix");
        QTest::newRow("garbage") << QByteArray("{\"format\": \"sanzaru-qt.queue\", \"jobs\": [")
                                 << QStringLiteral(".corrupt-");
        QTest::newRow("other format") << QByteArray("{\"hello\": 1}") << QStringLiteral(".corrupt-");
        QTest::newRow("future version")
            << QByteArray("{\"format\":\"sanzaru-qt.queue\",\"version\":99,\"jobs\":[]}")
            << QStringLiteral(".v99-");
    }

    void unreadableQueueFileIsMovedAside()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, suffix);
        ToolHarness h;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("queue.json"));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content);
        }
        JobStore store(path);
        JobQueue queue(&h.registry(), &store);
        QSignalSpy restored(&queue, &JobQueue::restored);
        queue.restore();
        QVERIFY(restored.wait(10000));
        QCOMPARE(restored.first().at(0).toInt(), 0);
        const QString warning = restored.first().at(1).toString();
        QVERIFY2(warning.contains(QLatin1String("kept as")), qPrintable(warning));
        QVERIFY(!QFile::exists(path));
        const QStringList aside =
            QDir(dir.path()).entryList({QStringLiteral("queue.json") + suffix + QLatin1Char('*')});
        QCOMPARE(aside.size(), 1);
        QFile kept(dir.filePath(aside.first()));
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), content); // nothing lost

        // The queue works on: a new job is saved to a fresh file.
        queue.submit(JobKind::PrepareReference,
                     {{QStringLiteral("input_filename"), QStringLiteral("none.png")}});
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(path), 5000);
    }

    void mirrorsMcpCallsAndAttachesTheirDownloads()
    {
        ToolHarness h;
        JobQueue queue(&h.registry(), nullptr);
        queue.setTiming(fastTiming());
        ToolOutcome created;
        queue.observe(h.start(QStringLiteral("create_video"), videoArgs(), &created));
        QCOMPARE(queue.count(), 1);
        const QString id = queue.ids().first();
        QCOMPARE(queue.find(id)->origin, JobOrigin::Mcp);
        ToolHarness::waitFor(created);
        QVERIFY(created.ok());
        const QString videoId = created.json().value(QStringLiteral("id")).toString();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(queue, id), JobState::Completed, 20000);
        QCOMPARE(queue.find(id)->remoteId, videoId);
        QVERIFY(queue.find(id)->outputs.isEmpty()); // the MCP client decides what to download
        QCOMPARE(h.server().requestCount("GET", QStringLiteral("/v1/videos/") + videoId +
                                                    QStringLiteral("/content")),
                 0);

        ToolOutcome downloaded;
        queue.observe(
            h.start(QStringLiteral("download_video"), {{QStringLiteral("video_id"), videoId}}, &downloaded));
        ToolHarness::waitFor(downloaded);
        QVERIFY(downloaded.ok());
        QCOMPARE(queue.count(), 1); // attached, not a second job
        QTRY_COMPARE(queue.find(id)->outputPath(QStringLiteral("video")),
                     h.videoPath(videoId + QStringLiteral(".mp4")));

        // The client saved the video into this job, so the window has nothing left to download.
        QVERIFY(!queue.find(id)->canDownload());
        QCOMPARE(queue.download(id), QString());
        QCOMPARE(queue.count(), 1);
    }

    void mcpVideoIsOneJobPolledOnceAndDownloadedIntoItsRow()
    {
        // An MCP client's create_video while the window runs: one row, whose remote job upstream is asked
        // about once per client poll (the client's status calls are the row's polls), and the window's
        // Download fills that row; a restart finds the file on it.
        ToolHarness h;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("queue.json"));
        QString id;
        QString videoId;
        {
            JobStore store(path);
            JobQueue queue(&h.registry(), &store);
            JobTiming timing = fastTiming();
            timing.videoFirstPollMs = 400; // slower than the client below polls
            timing.videoMaxPollMs = 400;
            queue.setTiming(timing);
            ToolOutcome created;
            queue.observe(h.start(QStringLiteral("create_video"), videoArgs(), &created));
            ToolHarness::waitFor(created);
            QVERIFY2(created.ok(), created.describe().constData());
            videoId = created.json().value(QStringLiteral("id")).toString();
            QCOMPARE(queue.count(), 1);
            id = queue.ids().first();

            int clientPolls = 0;
            QString status;
            while (status != QLatin1String("completed") && clientPolls < 20) {
                ToolOutcome polled;
                queue.observe(h.start(QStringLiteral("get_video_status"),
                                      {{QStringLiteral("video_id"), videoId}}, &polled));
                ToolHarness::waitFor(polled);
                QVERIFY2(polled.ok(), polled.describe().constData());
                ++clientPolls;
                status = polled.json().value(QStringLiteral("status")).toString();
                QTest::qWait(30);
            }
            QCOMPARE(status, QStringLiteral("completed"));
            QTRY_COMPARE_WITH_TIMEOUT(stateOf(queue, id), JobState::Completed, 5000);
            QTest::qWait(600); // longer than the queue's own interval: a second poller would show now
            const QString statusPath = QStringLiteral("/v1/videos/") + videoId;
            QCOMPARE(h.server().requestCount("GET", statusPath), clientPolls);
            QCOMPARE(queue.count(), 1);
            QVERIFY(queue.find(id)->outputs.isEmpty());
            QVERIFY(queue.find(id)->canDownload());

            // The window's Download: into this row, no new one.
            QCOMPARE(queue.download(id), id);
            QCOMPARE(queue.count(), 1);
            QTRY_COMPARE_WITH_TIMEOUT(queue.find(id)->outputPath(QStringLiteral("video")),
                                      h.videoPath(videoId + QStringLiteral(".mp4")), 20000);
            QTRY_COMPARE_WITH_TIMEOUT(stateOf(queue, id), JobState::Completed, 20000);
            QCOMPARE(queue.count(), 1);
            QVERIFY(QFile::exists(queue.find(id)->outputPath(QStringLiteral("thumbnail"))));
            QVERIFY(!queue.find(id)->canDownload());
            QCOMPARE(h.server().requestCount("GET", statusPath), clientPolls);
        }
        JobStore store(path);
        JobQueue restored(&h.registry(), &store);
        QSignalSpy done(&restored, &JobQueue::restored);
        restored.restore();
        QVERIFY(done.wait(10000));
        QCOMPARE(restored.ids(), QStringList{id});
        const QString video = restored.find(id)->outputPath(QStringLiteral("video"));
        QCOMPARE(video, h.videoPath(videoId + QStringLiteral(".mp4")));
        QCOMPARE(QFile(video).size(), h.server().videoContentSize());
        QCOMPARE(restored.find(id)->origin, JobOrigin::Mcp);
    }

    void mcpCallFailureShowsAsFailedJob()
    {
        ToolHarness h;
        JobQueue queue(&h.registry(), nullptr);
        ToolOutcome outcome;
        queue.observe(h.start(QStringLiteral("generate_image"),
                              {{QStringLiteral("prompt"), QStringLiteral("x")},
                               {QStringLiteral("background"), QStringLiteral("transparent")}},
                              &outcome));
        ToolHarness::waitFor(outcome);
        QVERIFY(!outcome.ok());
        const QString id = queue.ids().first();
        QTRY_COMPARE(stateOf(queue, id), JobState::Failed);
        QCOMPARE(queue.find(id)->error->message, outcome.errorMessage());
    }

    void retryAfterFailedDownloadDoesNotPayAgain()
    {
        ToolHarness h;
        JobQueue queue(&h.registry(), nullptr);
        queue.setTiming(fastTiming());
        bool faultAdded = false;
        connect(&queue, &JobQueue::jobChanged, this, [&](const QString &changed) {
            const QString remoteId = queue.find(changed)->remoteId;
            if (faultAdded || remoteId.isEmpty())
                return;
            // The content of this video cannot be fetched (yet); polling it still works.
            faultAdded = true;
            h.server().addFault("GET", QStringLiteral("/v1/videos/%1/content").arg(remoteId),
                                Fault::httpStatus(403, {}, -1));
        });
        const QString id = queue.submit(JobKind::Video, videoArgs());
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(queue, id), JobState::Failed, 20000);
        QCOMPARE(queue.find(id)->remoteStatus.phase, RemoteStatus::Phase::Completed);
        h.server().clearFaults();
        QSignalSpy removed(&queue, &JobQueue::jobRemoved);
        const QString again = queue.retry(id);
        QVERIFY(!again.isEmpty() && again != id);
        QCOMPARE(removed.count(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(queue, again), JobState::Completed, 20000);
        QCOMPARE(h.server().requestCount("POST", QStringLiteral("/v1/videos")), 1);
        QVERIFY(QFile::exists(queue.find(again)->outputPath(QStringLiteral("video"))));
    }

    void removeAndClearFinished()
    {
        ToolHarness h;
        JobQueue queue(&h.registry(), nullptr);
        h.server().addFault("POST", QStringLiteral("/v1/videos"), Fault::of(Fault::Kind::StallHeaders));
        const QString stuck = queue.submit(JobKind::Video, videoArgs());
        const QString bad = queue.submit(JobKind::PrepareReference,
                                         {{QStringLiteral("input_filename"), QStringLiteral("../x.png")}});
        QTRY_COMPARE(stateOf(queue, bad), JobState::Failed);
        QCOMPARE(queue.clearFinished(), 1);
        QCOMPARE(queue.ids(), QStringList{stuck});
        queue.remove(stuck);
        QCOMPARE(queue.count(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_JobQueue)
#include "tst_jobqueue.moc"

// SPDX-License-Identifier: MIT
// The typed domain: Video and ResponseJob values and the operations the tools and the job queue share,
// against the fake server; and the prechecks each paid tool declares on its definition.
#include "domain/imageoperations.h"
#include "domain/responseimageoperations.h"
#include "domain/videooperations.h"
#include "openai/apirequest.h"
#include "testimages.h"
#include "toolharness.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Sanzaru::Core;
using namespace Sanzaru::Testing;

namespace {

/// Runs one operation under a call of the test's own (as a job does) and waits for its answer.
template <typename T> struct Answer
{
    std::optional<Result<T>> result;
    int answers = 0;
    std::function<void(Result<T>)> done()
    {
        return [this](Result<T> r) {
            ++answers;
            result.emplace(std::move(r));
        };
    }
    QByteArray describe() const
    {
        return !result   ? QByteArray("no answer")
               : *result ? QByteArray("ok")
                         : result->error().message.toUtf8();
    }
    bool wait(int ms = 20000)
    {
        return QTest::qWaitFor([this] { return result.has_value(); }, ms);
    }
};

} // namespace

class TestDomain : public QObject
{
    Q_OBJECT

private slots:
    void videoFromResponseMakesIdAndStatusReliable()
    {
        ApiResponse response;
        response.status = 200;
        response.json = QJsonObject{{QStringLiteral("status"), QStringLiteral("queued")}};
        const Result<Video> noId = Video::fromResponse(response);
        QVERIFY(!noId);
        QCOMPARE(noId.error().kind, ErrorKind::Api);
        QVERIFY(noId.error().message.contains(QStringLiteral("without a video id")));

        response.json = QJsonObject{{QStringLiteral("id"), QStringLiteral("video_1")},
                                    {QStringLiteral("progress"), 41.6},
                                    {QStringLiteral("vendor_field"), 7}};
        const Result<Video> video = Video::fromResponse(response);
        QVERIFY(video);
        QCOMPARE(video->id, QStringLiteral("video_1"));
        QCOMPARE(video->status.word, QStringLiteral("unknown"));
        QCOMPARE(video->status.phase, RemoteStatus::Phase::Other);
        QCOMPARE(*video->progress, 41.6); // a gateway's fraction is kept
        QCOMPARE(video->json.value(QStringLiteral("vendor_field")).toInt(), 7); // passed through
    }

    void failureReadsTheProvidersReason()
    {
        Video video =
            Video::fromJson({{QStringLiteral("id"), QStringLiteral("video_2")},
                             {QStringLiteral("status"), QStringLiteral("failed")},
                             {QStringLiteral("error"),
                              QJsonObject{{QStringLiteral("code"), QStringLiteral("moderation_blocked")},
                                          {QStringLiteral("message"), QStringLiteral("Blocked")}}}});
        QVERIFY(video.status.hasEnded());
        QCOMPARE(video.failure().kind, ErrorKind::JobFailed);
        QCOMPARE(video.failure().apiCode, QStringLiteral("moderation_blocked"));
        QCOMPARE(video.failure().message, QStringLiteral("Blocked"));
        // Some gateways send the error as a string; none at all names the status.
        video = Video::fromJson({{QStringLiteral("id"), QStringLiteral("v")},
                                 {QStringLiteral("status"), QStringLiteral("failed")},
                                 {QStringLiteral("error"), QStringLiteral("GPU lost")}});
        QCOMPARE(video.failure().message, QStringLiteral("GPU lost"));
        video = Video::fromJson({{QStringLiteral("id"), QStringLiteral("v")},
                                 {QStringLiteral("status"), QStringLiteral("cancelled")}});
        QVERIFY(video.failure().message.contains(QStringLiteral("cancelled")));
    }

    void videoOperationsCreatePollAndDownload()
    {
        ToolHarness h;
        QVERIFY(h.started());
        ToolCall call(QStringLiteral("job"), {});
        Answer<Video> created;
        VideoOperations::create(&call, h.registry().context(),
                                {QStringLiteral("a cat"),
                                 QStringLiteral("sora-2"),
                                 QStringLiteral("4"),
                                 QStringLiteral("720x1280"),
                                 {}},
                                created.done());
        QVERIFY(created.wait());
        QVERIFY2(*created.result, created.describe());
        const Video video = **created.result;
        QVERIFY(video.id.startsWith(QStringLiteral("video_")));
        QCOMPARE(video.status.phase, RemoteStatus::Phase::Queued);

        // The fake advances one step per GET: in_progress 33 → 67 → completed.
        Video seen;
        for (int i = 0; i < 3; ++i) {
            Answer<Video> polled;
            VideoOperations::status(&call, h.registry().context(), video.id, polled.done());
            QVERIFY(polled.wait());
            QVERIFY(*polled.result);
            seen = **polled.result;
        }
        QVERIFY(seen.status.isCompleted());
        QCOMPARE(seen.progress.value_or(-1), 100.0);

        Answer<VideoOperations::SavedAsset> saved;
        ToolCall download(QStringLiteral("job"), {});
        QList<double> progress;
        connect(&download, &ToolCall::progressed, this,
                [&progress](double p, double, const QString &) { progress.append(p); });
        VideoOperations::download(&download, h.registry().context(), {video.id, VideoAsset::Thumbnail, {}},
                                  saved.done());
        QVERIFY(saved.wait());
        QVERIFY2(*saved.result, saved.describe());
        QCOMPARE((*saved.result)->fileName, video.id + QStringLiteral(".webp"));
        QCOMPARE((*saved.result)->path, h.videoPath(video.id + QStringLiteral(".webp")));
        const QByteArray served = h.server().videoContent(video.id, QStringLiteral("thumbnail"));
        QCOMPARE((*saved.result)->bytes, qint64(served.size()));
        QCOMPARE(ToolHarness::readFile((*saved.result)->path), served);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(saved.answers, 1);
    }

    void referenceOfTheWrongSizeIsRefusedBeforeSending()
    {
        ToolHarness h;
        QVERIFY(h.started());
        QVERIFY(ToolHarness::writeFile(h.imagePath(QStringLiteral("ref.png")),
                                       TestImages::encode(TestImages::solid(QSize(64, 48), Qt::red), "PNG")));
        ToolCall call(QStringLiteral("job"), {});
        Answer<Video> created;
        VideoOperations::create(&call, h.registry().context(),
                                {QStringLiteral("a cat"), QStringLiteral("sora-2"), QStringLiteral("4"),
                                 QStringLiteral("720x1280"), QStringLiteral("ref.png")},
                                created.done());
        QVERIFY(created.wait());
        QVERIFY(!*created.result);
        QCOMPARE(created.result->error().kind, ErrorKind::BadInput);
        QVERIFY2(created.result->error().message.contains(
                     QStringLiteral("is 64x48 pixels but the video size is 720x1280")),
                 qPrintable(created.result->error().message));
        QCOMPARE(h.server().requestCount("POST", QStringLiteral("/v1/videos")), 0);
    }

    void cancelledOperationNeverAnswers()
    {
        ToolHarness h;
        QVERIFY(h.started());
        Fault slow = Fault::of(Fault::Kind::HoldAnswer);
        slow.delayMs = 2000;
        h.server().addFault("GET", QStringLiteral("/v1/videos/*"), slow);
        const QString id = h.server().addCompletedVideo();
        ToolCall call(QStringLiteral("job"), {});
        Answer<Video> polled;
        VideoOperations::status(&call, h.registry().context(), id, polled.done());
        QTRY_COMPARE(h.server().requestCount("GET", QStringLiteral("/v1/videos/*")), 1);
        call.cancel();
        QVERIFY(!polled.wait(2500));
        QCOMPARE(polled.answers, 0);
    }

    void responseImageOperationsCreatePollAndDownload()
    {
        ToolHarness h;
        QVERIFY(h.started());
        ToolCall call(QStringLiteral("job"), {});
        ResponseImageOperations::CreateRequest request;
        request.prompt = QStringLiteral("a red square");
        request.model = QStringLiteral("gpt-5.2");
        request.toolConfig = QJsonObject{{QStringLiteral("type"), QStringLiteral("image_generation")},
                                         {QStringLiteral("model"), QStringLiteral("gpt-image-2")}};
        Answer<ResponseJob> created;
        ResponseImageOperations::create(&call, h.registry().context(), request, created.done());
        QVERIFY(created.wait());
        QVERIFY2(*created.result, created.describe());
        const ResponseJob job = **created.result;
        QVERIFY(job.id.startsWith(QStringLiteral("resp_")));
        QVERIFY(job.status.isRunning());
        QCOMPARE(job.toJson().value(QStringLiteral("id")).toString(), job.id);

        ResponseJob seen = job;
        for (int i = 0; i < 3 && !seen.status.isCompleted(); ++i) {
            Answer<ResponseJob> polled;
            ResponseImageOperations::status(&call, h.registry().context(), job.id, polled.done());
            QVERIFY(polled.wait());
            QVERIFY(*polled.result);
            seen = **polled.result;
        }
        QVERIFY(seen.status.isCompleted());

        Answer<SavedImage> saved;
        ResponseImageOperations::download(&call, h.registry().context(), job.id, QStringLiteral("square.png"),
                                          saved.done());
        QVERIFY(saved.wait());
        QVERIFY2(*saved.result, saved.describe());
        QCOMPARE((*saved.result)->filename, QStringLiteral("square.png"));
        QVERIFY((*saved.result)->size.isValid());
        QVERIFY(QFileInfo::exists(h.imagePath(QStringLiteral("square.png"))));
    }

    void imageOperationsGenerateAndEdit()
    {
        ToolHarness h;
        QVERIFY(h.started());
        ToolCall call(QStringLiteral("job"), {});
        const ImageOperations::Settings settings{QStringLiteral("a teapot"),  QStringLiteral("gpt-image-2"),
                                                 QStringLiteral("1024x1024"), QStringLiteral("low"),
                                                 QStringLiteral("auto"),      QStringLiteral("png"),
                                                 QStringLiteral("teapot.png")};
        Answer<ImageOperations::Image> generated;
        ImageOperations::generate(&call, h.registry().context(), {settings, QStringLiteral("auto")},
                                  generated.done());
        QVERIFY(generated.wait());
        QVERIFY2(*generated.result, generated.describe());
        const ImageOperations::Image image = **generated.result;
        QCOMPARE(image.saved.filename, QStringLiteral("teapot.png"));
        QCOMPARE(image.model, QStringLiteral("gpt-image-2"));
        QVERIFY(image.usage.isObject());
        QVERIFY(image.saved.preview.has_value());
        QVERIFY(QFileInfo::exists(h.imagePath(QStringLiteral("teapot.png"))));
        const QJsonObject sent =
            QJsonDocument::fromJson(
                h.server().requestsMatching("POST", QStringLiteral("/v1/images/generations")).value(0).body)
                .object();
        QCOMPARE(sent.value(QStringLiteral("quality")).toString(), QStringLiteral("low"));
        QCOMPARE(sent.value(QStringLiteral("n")).toInt(), 1);

        // An edit of the saved picture; a name already taken is not overwritten.
        ImageOperations::Settings edit = settings;
        edit.fileName.clear();
        Answer<ImageOperations::Image> edited;
        ImageOperations::edit(&call, h.registry().context(), {edit, {QStringLiteral("teapot.png")}, {}, {}},
                              edited.done());
        QVERIFY(edited.wait());
        QVERIFY2(*edited.result, edited.describe());
        QVERIFY((*edited.result)->saved.filename.startsWith(QStringLiteral("edit_")));
        QCOMPARE(h.server().requestCount("POST", QStringLiteral("/v1/images/edits")), 1);

        // A missing input is named before anything is sent.
        Answer<ImageOperations::Image> missing;
        ImageOperations::edit(&call, h.registry().context(), {edit, {QStringLiteral("nope.png")}, {}, {}},
                              missing.done());
        QVERIFY(missing.wait());
        QVERIFY(!*missing.result);
        QVERIFY2(missing.result->error().message.contains(QStringLiteral("nope.png")), missing.describe());
        QCOMPARE(h.server().requestCount("POST", QStringLiteral("/v1/images/edits")), 1);
    }

    void paidToolsDeclareTheirPrechecks()
    {
        ToolHarness h;
        QVERIFY(h.started());
        for (const char *name : {"create_video", "generate_image", "edit_image", "create_image"})
            QVERIFY2(h.registry().find(QLatin1String(name))->prechecks, name);
        // The registry runs them before the handler: nothing is read or sent, and every problem is named.
        const ToolOutcome out =
            h.call(QStringLiteral("edit_image"),
                   {{QStringLiteral("prompt"), QStringLiteral("p")},
                    {QStringLiteral("model"), QStringLiteral("gpt-image-2")},
                    {QStringLiteral("background"), QStringLiteral("transparent")},
                    {QStringLiteral("input_images"), QJsonArray{QStringLiteral("a.gif")}}});
        QCOMPARE(out.errorKind(), ErrorKind::BadInput);
        QVERIFY2(out.errorMessage().contains(
                     QStringLiteral("gpt-image-2 does not support transparent backgrounds")),
                 qPrintable(out.errorMessage()));
        QVERIFY2(out.errorMessage().contains(QStringLiteral("Unsupported image format: a.gif")),
                 qPrintable(out.errorMessage()));
        QCOMPARE(h.server().requests().size(), 0);
    }
};

QTEST_MAIN(TestDomain)
#include "tst_domain.moc"

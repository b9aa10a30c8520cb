// SPDX-License-Identifier: MIT
// The seven video tools end to end against the fake OpenAI server (ports sanzaru's test_video_tools.py
// and adds the improvements: reference size check, atomic downloads, no duplicate paid jobs).
#include "testimages.h"
#include "toolharness.h"
#include "openai/apierrors.h"
#include "tools/argumentvalidator.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Sanzaru::Core;
using namespace Sanzaru::Testing;

class TestVideoTools final : public QObject
{
    Q_OBJECT

private slots:
    void createVideoWithoutReferenceIsMultipart()
    {
        ToolHarness h;
        QVERIFY(h.started());
        const ToolOutcome out = h.call(QStringLiteral("create_video"), {{QStringLiteral("prompt"), QStringLiteral("a cat surfing")}});
        QVERIFY2(out.ok(), out.describe());
        QCOMPARE(out.json().value(QStringLiteral("status")).toString(), QStringLiteral("queued"));
        QCOMPARE(out.json().value(QStringLiteral("progress")).toInt(), 0);
        QVERIFY(out.json().value(QStringLiteral("id")).toString().startsWith(QStringLiteral("video_")));
        const auto reqs = h.server().requestsMatching("POST", QStringLiteral("/v1/videos"));
        QCOMPARE(reqs.size(), 1);
        QCOMPARE(reqs[0].mimeType(), QByteArray("multipart/form-data"));
        QVERIFY(reqs[0].multipartValid);
        QCOMPARE(reqs[0].part("prompt")->data, QByteArray("a cat surfing"));
        QCOMPARE(reqs[0].part("model")->data, QByteArray("sora-2"));
        QVERIFY(!reqs[0].part("seconds"));
        QVERIFY(!reqs[0].part("size"));
        QVERIFY(!reqs[0].part("input_reference"));
    }

    void createVideoSendsSecondsAndSizeAsStrings()
    {
        ToolHarness h;
        const ToolOutcome out = h.call(QStringLiteral("create_video"),
                                       {{QStringLiteral("prompt"), QStringLiteral("x")},
                                        {QStringLiteral("model"), QStringLiteral("sora-2-pro")},
                                        {QStringLiteral("seconds"), QStringLiteral("8")},
                                        {QStringLiteral("size"), QStringLiteral("1792x1024")}});
        QVERIFY2(out.ok(), out.describe());
        const auto req = h.server().requestsMatching("POST", QStringLiteral("/v1/videos")).value(0);
        QCOMPARE(req.part("seconds")->data, QByteArray("8"));
        QCOMPARE(req.part("size")->data, QByteArray("1792x1024"));
        QCOMPARE(req.part("model")->data, QByteArray("sora-2-pro"));
    }

    void integerSecondsIsRejectedLikeSanzaru()
    {
        ToolHarness h;
        const ToolOutcome out = h.call(QStringLiteral("create_video"),
                                       {{QStringLiteral("prompt"), QStringLiteral("x")}, {QStringLiteral("seconds"), 8}});
        QVERIFY(out.result && !out.ok());
        QCOMPARE(out.errorKind(), ErrorKind::BadInput);
        QVERIFY2(out.errorMessage().contains(QStringLiteral("'seconds' must be")), out.describe());
        QCOMPARE(h.server().requestCount("POST", QStringLiteral("/v1/videos")), 0);
    }

    void missingPromptIsRejected()
    {
        ToolHarness h;
        const ToolOutcome out = h.call(QStringLiteral("create_video"), {});
        QVERIFY(out.result && !out.ok());
        QVERIFY(out.errorMessage().contains(QStringLiteral("'prompt' is required")));
    }

    void missingKeyNamesTheVariableAndSendsNothing()
    {
        ToolHarness h(false);
        const ToolOutcome out = h.call(QStringLiteral("create_video"), {{QStringLiteral("prompt"), QStringLiteral("x")}});
        QVERIFY(out.result && !out.ok());
        QCOMPARE(out.errorKind(), ErrorKind::Config);
        QVERIFY(out.errorMessage().contains(QStringLiteral("OPENAI_API_KEY")));
        QCOMPARE(h.server().requests().size(), 0);
    }

    void referenceImagesCarryNameAndContentType_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("format");
        QTest::addColumn<QByteArray>("mime");
        QTest::newRow("jpg") << QStringLiteral("ref.jpg") << QByteArray("JPEG") << QByteArray("image/jpeg");
        QTest::newRow("jpeg") << QStringLiteral("ref.JPEG") << QByteArray("JPEG") << QByteArray("image/jpeg");
        QTest::newRow("png") << QStringLiteral("ref.png") << QByteArray("PNG") << QByteArray("image/png");
        QTest::newRow("webp") << QStringLiteral("ref.webp") << QByteArray("WEBP") << QByteArray("image/webp");
    }
    void referenceImagesCarryNameAndContentType()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, format);
        QFETCH(QByteArray, mime);
        ToolHarness h;
        const QByteArray bytes = TestImages::encode(TestImages::photoLike(QSize(720, 1280)), format.constData());
        QVERIFY(h.writeFile(h.imagePath(name), bytes));
        const ToolOutcome out = h.call(QStringLiteral("create_video"), {{QStringLiteral("prompt"), QStringLiteral("x")},
                                                                       {QStringLiteral("input_reference_filename"), name}});
        QVERIFY2(out.ok(), out.describe());
        const auto req = h.server().requestsMatching("POST", QStringLiteral("/v1/videos")).value(0);
        const MultipartPart *part = req.part("input_reference");
        QVERIFY(part);
        QCOMPARE(part->filename, name.toUtf8());
        QCOMPARE(part->contentType, mime);
        QCOMPARE(part->data, bytes);
    }

    void referenceOfWrongSizeIsRefusedBeforeSending()
    {
        ToolHarness h;
        QVERIFY(h.writeFile(h.imagePath(QStringLiteral("wide.png")),
                            TestImages::encode(TestImages::solid(QSize(1280, 720), Qt::red), "PNG")));
        const ToolOutcome out = h.call(QStringLiteral("create_video"),
                                       {{QStringLiteral("prompt"), QStringLiteral("x")},
                                        {QStringLiteral("input_reference_filename"), QStringLiteral("wide.png")}});
        QVERIFY(out.result && !out.ok());
        QVERIFY2(out.errorMessage().contains(QStringLiteral("prepare_reference_image")), out.describe());
        QVERIFY(out.errorMessage().contains(QStringLiteral("1280x720")));
        QCOMPARE(h.server().requestCount("POST", QStringLiteral("/v1/videos")), 0);
    }

    void referenceErrors_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expected");
        QTest::newRow("gif") << QStringLiteral("anim.gif") << QStringLiteral("Unsupported file type: .gif. Use: JPEG, PNG, or WEBP");
        QTest::newRow("no dot") << QStringLiteral("noext") << QStringLiteral("Unsupported file type: . Use");
        QTest::newRow("traversal") << QStringLiteral("../../etc/evil.png") << QStringLiteral("path traversal detected");
        QTest::newRow("missing") << QStringLiteral("missing.png") << QStringLiteral("File not found: missing.png");
    }
    void referenceErrors()
    {
        QFETCH(QString, name);
        QFETCH(QString, expected);
        ToolHarness h;
        const ToolOutcome out = h.call(QStringLiteral("create_video"), {{QStringLiteral("prompt"), QStringLiteral("x")},
                                                                       {QStringLiteral("input_reference_filename"), name}});
        QVERIFY(out.result && !out.ok());
        QVERIFY2(out.errorMessage().contains(expected), out.describe());
        QCOMPARE(h.server().requestCount("POST", QStringLiteral("/v1/videos")), 0);
    }

    void symlinkedReferenceIsRefused()
    {
        ToolHarness h;
        QVERIFY(h.writeFile(h.imagePath(QStringLiteral("real.png")),
                            TestImages::encode(TestImages::solid(QSize(720, 1280), Qt::red), "PNG")));
        QVERIFY(QFile::link(h.imagePath(QStringLiteral("real.png")), h.imagePath(QStringLiteral("link.png"))));
        const ToolOutcome out = h.call(QStringLiteral("create_video"),
                                       {{QStringLiteral("prompt"), QStringLiteral("x")},
                                        {QStringLiteral("input_reference_filename"), QStringLiteral("link.png")}});
        QVERIFY(out.result && !out.ok());
        QVERIFY2(out.errorMessage().contains(QStringLiteral("cannot be a symbolic link")), out.describe());
    }

    void getVideoStatusFollowsTheJob()
    {
        ToolHarness h;
        const QString done = h.server().addCompletedVideo();
        ToolOutcome out = h.call(QStringLiteral("get_video_status"), {{QStringLiteral("video_id"), done}});
        QVERIFY2(out.ok(), out.describe());
        QCOMPARE(out.json().value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
        QCOMPARE(out.json().value(QStringLiteral("progress")).toInt(), 100);
        QCOMPARE(h.server().requestCount("GET", QStringLiteral("/v1/videos/") + done), 1);

        out = h.call(QStringLiteral("create_video"), {{QStringLiteral("prompt"), QStringLiteral("x")}});
        const QString id = out.json().value(QStringLiteral("id")).toString();
        QStringList statuses;
        for (int i = 0; i < 4; ++i)
            statuses << h.call(QStringLiteral("get_video_status"), {{QStringLiteral("video_id"), id}})
                            .json()
                            .value(QStringLiteral("status"))
                            .toString();
        QCOMPARE(statuses.last(), QStringLiteral("completed"));
        QCOMPARE(statuses.first(), QStringLiteral("in_progress"));
    }

    void unknownVideoIsAnApiError()
    {
        ToolHarness h;
        const ToolOutcome out = h.call(QStringLiteral("get_video_status"), {{QStringLiteral("video_id"), QStringLiteral("video_nope")}});
        QVERIFY(out.result && !out.ok());
        QCOMPARE(out.errorKind(), ErrorKind::Api);
        QCOMPARE(out.result->error().httpStatus, 404);
    }

    void retiredSoraApiIsExplained()
    {
        ToolHarness h;
        Fault gone = Fault::httpStatus(404);
        gone.body = R"json({"error":{"message":"Invalid URL (POST /v1/videos)","type":"invalid_request_error","param":null,"code":null}})json";
        h.server().addFault("POST", QStringLiteral("/v1/videos"), gone);
        const ToolOutcome out = h.call(QStringLiteral("create_video"), {{QStringLiteral("prompt"), QStringLiteral("x")}});
        QVERIFY(out.result && !out.ok());
        QVERIFY2(out.errorMessage().contains(QStringLiteral("Sora video API is not available")), out.describe());
        QVERIFY(out.errorMessage().contains(QStringLiteral("OPENAI_BASE_URL")));
        QVERIFY(out.errorMessage().contains(QStringLiteral("SANZARU_VIDEO_BASE_URL")));
    }

    void gatewayModelWithoutSizeCreatesPollsAndDownloads()
    {
        ToolHarness h;
        h.server().setDialect(FakeDialect::Gateway);
        ToolOutcome out = h.call(QStringLiteral("create_video"), {{QStringLiteral("prompt"), QStringLiteral("a lighthouse")},
                                                                  {QStringLiteral("model"), QStringLiteral("minimax/h3")},
                                                                  {QStringLiteral("seconds"), QStringLiteral("6")}});
        QVERIFY2(out.ok(), out.describe());
        QCOMPARE(out.json().value(QStringLiteral("status")).toString(), QStringLiteral("pending"));
        QVERIFY(!out.json().contains(QStringLiteral("note"))); // a known model
        const auto req = h.server().requestsMatching("POST", QStringLiteral("/v1/videos")).value(0);
        QVERIFY(!req.part("size")); // omitted, not defaulted to a Sora size
        QCOMPARE(req.part("seconds")->data, QByteArray("6"));
        QCOMPARE(req.part("model")->data, QByteArray("minimax/h3"));
        const QString id = out.json().value(QStringLiteral("id")).toString();
        QStringList statuses;
        for (int i = 0; i < 3; ++i)
            statuses << h.call(QStringLiteral("get_video_status"), {{QStringLiteral("video_id"), id}})
                            .json()
                            .value(QStringLiteral("status"))
                            .toString();
        QCOMPARE(statuses, QStringList({QStringLiteral("processing"), QStringLiteral("processing"), QStringLiteral("completed")}));
        out = h.call(QStringLiteral("download_video"), {{QStringLiteral("video_id"), id}});
        QVERIFY2(out.ok(), out.describe());
        QFile file(h.videoPath(id + QStringLiteral(".mp4")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), h.server().videoContent(id));
    }

    void knownModelsAreCheckedBeforeSending_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("seconds");
        QTest::addColumn<QString>("size");
        QTest::addColumn<QString>("needle");
        QTest::newRow("h3 too long") << "minimax/h3" << "16" << "" << "'seconds' must be a whole number from \"4\" to \"15\" for minimax/h3, got \"16\"";
        QTest::newRow("h3 sora size") << "minimax/h3" << "6" << "720x1280" << "'size' must be one of \"1344x768\"";
        QTest::newRow("sora-2 pro size") << "sora-2" << "4" << "1792x1024" << "'size' must be one of \"720x1280\", \"1280x720\" for sora-2";
        QTest::newRow("sora alias seconds") << "sora-2-2025-12-08" << "6" << "" << "'seconds' must be one of \"4\", \"8\", \"12\"";
    }
    void knownModelsAreCheckedBeforeSending()
    {
        QFETCH(QString, model);
        QFETCH(QString, seconds);
        QFETCH(QString, size);
        QFETCH(QString, needle);
        ToolHarness h;
        QJsonObject args{{QStringLiteral("prompt"), QStringLiteral("x")}, {QStringLiteral("model"), model}, {QStringLiteral("seconds"), seconds}};
        if (!size.isEmpty())
            args.insert(QStringLiteral("size"), size);
        const ToolOutcome out = h.call(QStringLiteral("create_video"), args);
        QVERIFY(out.result && !out.ok());
        QCOMPARE(out.errorKind(), ErrorKind::BadInput);
        QVERIFY2(out.errorMessage().contains(needle), out.describe());
        QCOMPARE(h.server().requests().size(), 0);
    }

    void unknownModelPassesThroughWithANote()
    {
        ToolHarness h;
        const ToolOutcome out = h.call(QStringLiteral("create_video"), {{QStringLiteral("prompt"), QStringLiteral("x")},
                                                                        {QStringLiteral("model"), QStringLiteral("sora-3-preview")},
                                                                        {QStringLiteral("seconds"), QStringLiteral("12")},
                                                                        {QStringLiteral("size"), QStringLiteral("1280x720")}});
        QVERIFY2(out.ok(), out.describe());
        QVERIFY2(out.json().value(QStringLiteral("note")).toString().contains(QStringLiteral("not in sanzaru-qt's model table")),
                 qPrintable(out.json().value(QStringLiteral("note")).toString()));
        QCOMPARE(h.server().requestsMatching("POST", QStringLiteral("/v1/videos")).value(0).part("model")->data, QByteArray("sora-3-preview"));
        // A retired model is not refused (a provider may still serve it) but the result says so.
        const ToolOutcome retired = h.call(QStringLiteral("create_video"), {{QStringLiteral("prompt"), QStringLiteral("x")}});
        QVERIFY2(retired.ok(), retired.describe());
        QVERIFY(retired.json().value(QStringLiteral("note")).toString().contains(QStringLiteral("OpenAI retired sora-2 on 2026-09-24")));
    }

    void descriptionListsKnownModelsAsGuidance()
    {
        ToolHarness h;
        const ToolDefinition *tool = h.registry().find(QStringLiteral("create_video"));
        for (const char *id : {"minimax/h3", "google/veo-3.1-fast", "wan-ai/wan-2.6-t2v", "sora-2-pro"})
            QVERIFY2(tool->description.contains(QLatin1String(id)), id);
        const QJsonObject props = tool->inputSchema.value(QStringLiteral("properties")).toObject();
        for (const char *name : {"model", "seconds", "size"})
            QVERIFY2(!props.value(QLatin1String(name)).toObject().contains(QStringLiteral("enum")), name);
    }

    void gatewayShapedAnswersMatchTheOutputSchema()
    {
        ToolHarness h;
        h.server().setDialect(FakeDialect::Gateway);
        const QJsonObject schema = h.registry().find(QStringLiteral("get_video_status"))->outputSchema;
        const QString id = h.call(QStringLiteral("create_video"), {{QStringLiteral("prompt"), QStringLiteral("x [fake:fail]")},
                                                                   {QStringLiteral("model"), QStringLiteral("minimax/h3")}})
                               .json()
                               .value(QStringLiteral("id"))
                               .toString();
        for (int i = 0; i < 3; ++i) {
            const ToolOutcome out = h.call(QStringLiteral("get_video_status"), {{QStringLiteral("video_id"), id}});
            QVERIFY2(out.ok(), out.describe());
            // The output schema read as an input schema: every field the provider sent must fit it.
            const Result<QJsonObject> fits = ArgumentValidator::validate(QStringLiteral("output"), schema, out.json());
            QVERIFY2(fits.ok(), qPrintable(fits ? QString() : fits.error().message));
        }
        // A provider that sends no status gets "unknown"; one that sends no id is an error.
        Fault noStatus = Fault::httpStatus(200);
        noStatus.body = R"({"id":"video_x","created_at":1.5})";
        h.server().addFault("GET", QStringLiteral("/v1/videos/video_x"), noStatus);
        ToolOutcome out = h.call(QStringLiteral("get_video_status"), {{QStringLiteral("video_id"), QStringLiteral("video_x")}});
        QVERIFY2(out.ok(), out.describe());
        QCOMPARE(out.json().value(QStringLiteral("status")).toString(), QStringLiteral("unknown"));
        Fault noId = Fault::httpStatus(200);
        noId.body = R"({"status":"processing"})";
        h.server().addFault("GET", QStringLiteral("/v1/videos/video_y"), noId);
        out = h.call(QStringLiteral("get_video_status"), {{QStringLiteral("video_id"), QStringLiteral("video_y")}});
        QVERIFY(out.result && !out.ok());
        QVERIFY2(out.errorMessage().contains(QStringLiteral("without a video id")), out.describe());
    }

    void openAiVideoShutdownSaysWhatToConfigure()
    {
        for (const int status : {404, 410}) {
            const Error e = ApiErrors::fromResponse(status, R"({"error":{"message":"Not found"}})", QStringLiteral("POST"),
                                                    QStringLiteral("/videos"), QStringLiteral("api.openai.com"));
            QCOMPARE(e.message, ApiErrors::videoShutdownMessage());
            QVERIFY(e.message.contains(QStringLiteral("2026-09-24")));
            QVERIFY(e.message.contains(QStringLiteral("SANZARU_VIDEO_BASE_URL")));
            QVERIFY(e.message.contains(QStringLiteral("SANZARU_VIDEO_API_KEY")));
            QCOMPARE(e.message.count(QStringLiteral(". ")), 0); // one sentence
        }
        // A gateway's own 404 (an unknown job) is not blamed on OpenAI's shutdown.
        const Error gateway = ApiErrors::fromResponse(404, R"({"error":{"message":"Video not found"}})", QStringLiteral("GET"),
                                                      QStringLiteral("/videos/video_1"), QStringLiteral("gateway.example"));
        QVERIFY(!gateway.message.contains(QStringLiteral("shut")));
    }

    void downloadVideoStreamsTheAsset()
    {
        ToolHarness h;
        const QString id = h.server().addCompletedVideo();
        ToolOutcome out = h.call(QStringLiteral("download_video"), {{QStringLiteral("video_id"), id},
                                                                   {QStringLiteral("filename"), QStringLiteral("test.mp4")},
                                                                   {QStringLiteral("variant"), QStringLiteral("video")}});
        QVERIFY2(out.ok(), out.describe());
        QCOMPARE(out.json().value(QStringLiteral("filename")).toString(), QStringLiteral("test.mp4"));
        QCOMPARE(out.json().value(QStringLiteral("variant")).toString(), QStringLiteral("video"));
        const QByteArray expected = h.server().videoContent(id, QStringLiteral("video"));
        QCOMPARE(h.readFile(h.videoPath(QStringLiteral("test.mp4"))), expected);
        QCOMPARE(qint64(out.json().value(QStringLiteral("size_bytes")).toDouble()), qint64(expected.size()));
        QVERIFY(!out.progress.isEmpty());
        QCOMPARE(out.progress.last().progress, double(expected.size()));
        const auto req = h.server().requestsMatching("GET", QStringLiteral("/v1/videos/") + id + QStringLiteral("/content")).value(0);
        QCOMPARE(req.rawQuery, QByteArray("variant=video"));
        QCOMPARE(req.header("accept"), QByteArray("application/binary"));
        QCOMPARE(h.entries(h.videoDir()), QStringList{QStringLiteral("test.mp4")});
    }

    void downloadDefaultNamesFollowTheVariant_data()
    {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<QString>("ext");
        QTest::newRow("video") << QStringLiteral("video") << QStringLiteral("mp4");
        QTest::newRow("thumbnail") << QStringLiteral("thumbnail") << QStringLiteral("webp");
        QTest::newRow("spritesheet") << QStringLiteral("spritesheet") << QStringLiteral("jpg");
    }
    void downloadDefaultNamesFollowTheVariant()
    {
        QFETCH(QString, variant);
        QFETCH(QString, ext);
        ToolHarness h;
        const QString id = h.server().addCompletedVideo();
        const ToolOutcome out = h.call(QStringLiteral("download_video"), {{QStringLiteral("video_id"), id},
                                                                         {QStringLiteral("variant"), variant}});
        QVERIFY2(out.ok(), out.describe());
        const QString name = id + QLatin1Char('.') + ext;
        QCOMPARE(out.json().value(QStringLiteral("filename")).toString(), name);
        QCOMPARE(h.readFile(h.videoPath(name)), h.server().videoContent(id, variant));
    }

    void downloadOfUnfinishedJobLeavesNoFile()
    {
        ToolHarness h;
        const QString id = h.call(QStringLiteral("create_video"), {{QStringLiteral("prompt"), QStringLiteral("x")}})
                               .json()
                               .value(QStringLiteral("id"))
                               .toString();
        const ToolOutcome out = h.call(QStringLiteral("download_video"), {{QStringLiteral("video_id"), id}});
        QVERIFY(out.result && !out.ok());
        QCOMPARE(out.result->error().httpStatus, 404);
        QVERIFY(h.entries(h.videoDir()).isEmpty());
    }

    void downloadDroppedMidBodyKeepsTheOldFile()
    {
        ToolHarness h;
        h.server().setVideoContentSize(2 * 1024 * 1024);
        const QString id = h.server().addCompletedVideo();
        QVERIFY(h.writeFile(h.videoPath(QStringLiteral("keep.mp4")), "old"));
        h.server().addFault("GET", QStringLiteral("/v1/videos/*"), Fault::of(Fault::Kind::DropMidBody, -1));
        const ToolOutcome out = h.call(QStringLiteral("download_video"), {{QStringLiteral("video_id"), id},
                                                                         {QStringLiteral("filename"), QStringLiteral("keep.mp4")}});
        QVERIFY(out.result && !out.ok());
        QCOMPARE(out.errorKind(), ErrorKind::Network);
        QCOMPARE(h.readFile(h.videoPath(QStringLiteral("keep.mp4"))), QByteArray("old"));
        QCOMPARE(h.entries(h.videoDir()), QStringList{QStringLiteral("keep.mp4")});
    }

    void downloadRefusesBadNamesBeforeAnyRequest_data()
    {
        QTest::addColumn<QString>("filename");
        QTest::newRow("traversal") << QStringLiteral("../escape.mp4");
        QTest::newRow("absolute") << QStringLiteral("/tmp/escape.mp4");
        QTest::newRow("nul") << QStringLiteral("a") + QChar(0) + QStringLiteral("b.mp4");
    }
    void downloadRefusesBadNamesBeforeAnyRequest()
    {
        QFETCH(QString, filename);
        ToolHarness h;
        const QString id = h.server().addCompletedVideo();
        const ToolOutcome out = h.call(QStringLiteral("download_video"), {{QStringLiteral("video_id"), id},
                                                                         {QStringLiteral("filename"), filename}});
        QVERIFY(out.result && !out.ok());
        QCOMPARE(out.errorKind(), ErrorKind::BadInput);
        QVERIFY2(out.errorMessage().contains(QStringLiteral("filename")), out.describe());
        QCOMPARE(h.server().requestCount("GET", QStringLiteral("/v1/videos/*")), 0);
    }

    void downloadRefusesToWriteThroughASymlink()
    {
        ToolHarness h;
        QTemporaryDir outside;
        const QString target = outside.filePath(QStringLiteral("target.mp4"));
        QVERIFY(h.writeFile(target, "precious"));
        QVERIFY(QFile::link(target, h.videoPath(QStringLiteral("link.mp4"))));
        const QString id = h.server().addCompletedVideo();
        const ToolOutcome out = h.call(QStringLiteral("download_video"), {{QStringLiteral("video_id"), id},
                                                                         {QStringLiteral("filename"), QStringLiteral("link.mp4")}});
        QVERIFY(out.result && !out.ok());
        QCOMPARE(h.readFile(target), QByteArray("precious"));
    }

    void cancellingADownloadFinishesOnceAndLeavesNothing()
    {
        ToolHarness h;
        h.server().setVideoContentSize(1024 * 1024);
        const QString id = h.server().addCompletedVideo();
        h.server().addFault("GET", QStringLiteral("/v1/videos/*"), Fault::slowBody(4096, 20));
        ToolOutcome out;
        ToolCall *call = h.start(QStringLiteral("download_video"), {{QStringLiteral("video_id"), id}}, &out);
        QTRY_VERIFY_WITH_TIMEOUT(!out.progress.isEmpty(), 10000);
        call->cancel();
        call->cancel();
        QTRY_VERIFY(out.result.has_value());
        QTest::qWait(200);
        QCOMPARE(out.finishedSignals, 1);
        QCOMPARE(out.errorKind(), ErrorKind::Cancelled);
        QVERIFY(h.entries(h.videoDir()).isEmpty());
    }

    void listVideosMapsSummariesAndCursor()
    {
        ToolHarness h;
        const QString first = h.server().addCompletedVideo();
        const QString second = h.server().addCompletedVideo();
        ToolOutcome out = h.call(QStringLiteral("list_videos"), {{QStringLiteral("limit"), 1}});
        QVERIFY2(out.ok(), out.describe());
        QJsonArray data = out.json().value(QStringLiteral("data")).toArray();
        QCOMPARE(data.size(), 1);
        QCOMPARE(out.json().value(QStringLiteral("has_more")).toBool(), true);
        const QString last = out.json().value(QStringLiteral("last")).toString();
        QCOMPARE(last, data.last().toObject().value(QStringLiteral("id")).toString());
        const QStringList keys = data.first().toObject().keys();
        QCOMPARE(keys, (QStringList{QStringLiteral("created_at"), QStringLiteral("id"), QStringLiteral("model"),
                                     QStringLiteral("progress"), QStringLiteral("seconds"), QStringLiteral("size"),
                                     QStringLiteral("status")}));
        out = h.call(QStringLiteral("list_videos"), {{QStringLiteral("limit"), 1}, {QStringLiteral("after"), last}});
        QVERIFY2(out.ok(), out.describe());
        data = out.json().value(QStringLiteral("data")).toArray();
        QCOMPARE(data.size(), 1);
        QVERIFY(data.first().toObject().value(QStringLiteral("id")).toString() != last);
        QCOMPARE(out.json().value(QStringLiteral("has_more")).toBool(), false);
        const QSet<QString> seen{last, data.first().toObject().value(QStringLiteral("id")).toString()};
        QCOMPARE(seen, (QSet<QString>{first, second}));
        const auto reqs = h.server().requestsMatching("GET", QStringLiteral("/v1/videos"));
        QCOMPARE(reqs[0].rawQuery, QByteArray("limit=1&order=desc"));
        QCOMPARE(reqs[1].query.queryItemValue(QStringLiteral("after")), last);
    }

    void listVideosEmptyPageHasNullLast()
    {
        ToolHarness h;
        const ToolOutcome out = h.call(QStringLiteral("list_videos"));
        QVERIFY2(out.ok(), out.describe());
        QVERIFY(out.json().value(QStringLiteral("data")).toArray().isEmpty());
        QVERIFY(out.json().value(QStringLiteral("last")).isNull());
    }

    void deleteVideoThenSecondDeleteIs404()
    {
        ToolHarness h;
        const QString id = h.server().addCompletedVideo();
        ToolOutcome out = h.call(QStringLiteral("delete_video"), {{QStringLiteral("video_id"), id}});
        QVERIFY2(out.ok(), out.describe());
        QCOMPARE(out.json().value(QStringLiteral("id")).toString(), id);
        QCOMPARE(out.json().value(QStringLiteral("deleted")).toBool(), true);
        QCOMPARE(out.json().value(QStringLiteral("object")).toString(), QStringLiteral("video.deleted"));
        QCOMPARE(h.server().requestCount("DELETE", QStringLiteral("/v1/videos/") + id), 1);
        out = h.call(QStringLiteral("delete_video"), {{QStringLiteral("video_id"), id}});
        QVERIFY(out.result && !out.ok());
        QCOMPARE(out.result->error().httpStatus, 404);
    }

    void remixVideoSendsJsonAndReturnsTheNewJob()
    {
        ToolHarness h;
        const QString source = h.server().addCompletedVideo();
        const ToolOutcome out = h.call(QStringLiteral("remix_video"), {{QStringLiteral("previous_video_id"), source},
                                                                      {QStringLiteral("prompt"), QStringLiteral("at night")}});
        QVERIFY2(out.ok(), out.describe());
        QVERIFY(out.json().value(QStringLiteral("id")).toString() != source);
        QCOMPARE(out.json().value(QStringLiteral("status")).toString(), QStringLiteral("queued"));
        QCOMPARE(out.json().value(QStringLiteral("remixed_from_video_id")).toString(), source);
        const auto req = h.server().requestsMatching("POST", QStringLiteral("/v1/videos/") + source + QStringLiteral("/remix")).value(0);
        QCOMPARE(req.mimeType(), QByteArray("application/json"));
        QCOMPARE(req.json, (QJsonObject{{QStringLiteral("prompt"), QStringLiteral("at night")}}));
    }

    void lostCreateResponseIsNeverResent()
    {
        ToolHarness h;
        h.server().addFault("POST", QStringLiteral("/v1/videos"), Fault::of(Fault::Kind::DropBeforeResponse));
        const ToolOutcome out = h.call(QStringLiteral("create_video"), {{QStringLiteral("prompt"), QStringLiteral("x")}});
        QVERIFY(out.result && !out.ok());
        QVERIFY2(out.errorMessage().contains(QStringLiteral("check the job list")), out.describe());
        QCOMPARE(h.server().requestCount("POST", QStringLiteral("/v1/videos")), 1);
        const ToolOutcome list = h.call(QStringLiteral("list_videos"));
        QCOMPARE(list.json().value(QStringLiteral("data")).toArray().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestVideoTools)
#include "tst_videotools.moc"

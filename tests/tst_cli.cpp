// SPDX-License-Identifier: MIT
// The real sanzaru-qt binary (SANZARU_QT_BINARY) driven through QProcess: --version, --help and
// `tool ...` against the fake OpenAI server, with exit codes, JSON on stdout and no key leaks.
#include "fakeopenaiserver.h"
#include "testimages.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace Sanzaru::Testing;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kCanaryKey = QByteArrayLiteral("sk-secret-canary");

struct Run
{
    bool finished = false;
    int exitCode = -1;
    QProcess::ExitStatus exitStatus = QProcess::CrashExit;
    QByteArray out;
    QByteArray err;

    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    bool isJsonObject() const
    {
        QJsonParseError e;
        const QJsonDocument doc = QJsonDocument::fromJson(out, &e);
        return e.error == QJsonParseError::NoError && doc.isObject();
    }
    QJsonObject error() const { return json().value(u"error"_s).toObject(); }
    QByteArray describe() const
    {
        return "exit " + QByteArray::number(exitCode) + (finished ? "" : " (did not finish)") +
               "\nstdout: " + out + "\nstderr: " + err;
    }
};

} // namespace

class TestCli final : public QObject
{
    Q_OBJECT

private:
    QString m_binary;
    std::optional<QTemporaryDir> m_home;
    std::optional<QTemporaryDir> m_media;
    FakeOpenAiServer *m_server = nullptr;
    int m_runs = 0;

    QString imageDir() const { return m_media->path() + u"/images"_s; }
    QString videoDir() const { return m_media->path() + u"/videos"_s; }

    QProcessEnvironment environment(bool withKey, const QByteArray &key = kCanaryKey) const
    {
        QProcessEnvironment env;
        env.insert(u"HOME"_s, m_home->path());
        env.insert(u"PATH"_s, QProcessEnvironment::systemEnvironment().value(u"PATH"_s, u"/usr/bin:/bin"_s));
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        env.insert(u"SANZARU_MEDIA_PATH"_s, m_media->path());
        env.insert(u"OPENAI_BASE_URL"_s, m_server->baseUrl().toString());
        // A socket nobody listens on: a sanzaru-qt the developer runs must not take these tool calls.
        env.insert(u"SANZARU_QT_SOCKET"_s, m_home->path() + u"/no-instance/mcp.sock"_s);
        if (withKey)
            env.insert(u"OPENAI_API_KEY"_s, QString::fromLatin1(key));
        return env;
    }

    // Starts the binary, feeds stdin, and waits for finished() by polling the event loop.
    Run run(const QStringList &args, const QProcessEnvironment &env, const QByteArray &input = {})
    {
        ++m_runs;
        Run r;
        QProcess process;
        process.setProgram(m_binary);
        process.setArguments(args);
        process.setProcessEnvironment(env);
        process.setWorkingDirectory(m_home->path());
        QSignalSpy finished(&process, &QProcess::finished);
        QSignalSpy errors(&process, &QProcess::errorOccurred);
        process.start();
        if (!input.isEmpty())
            process.write(input);
        process.closeWriteChannel();
        QElapsedTimer t;
        t.start();
        while (finished.isEmpty() && errors.isEmpty() && t.elapsed() < 60000)
            QTest::qWait(10);
        if (finished.isEmpty() && errors.isEmpty()) {
            process.kill();
            t.restart();
            while (finished.isEmpty() && t.elapsed() < 10000)
                QTest::qWait(10);
            r.out = process.readAllStandardOutput();
            r.err = process.readAllStandardError();
            return r;
        }
        // errorOccurred(Crashed) comes before finished(); let finished() arrive too.
        if (finished.isEmpty())
            QTest::qWait(100);
        r.finished = !finished.isEmpty() && errors.isEmpty();
        r.exitCode = process.exitCode();
        r.exitStatus = process.exitStatus();
        r.out = process.readAllStandardOutput();
        r.err = process.readAllStandardError();
        return r;
    }

    static void verifyNoKey(const Run &r)
    {
        QVERIFY2(!r.out.contains(kCanaryKey), "the API key leaked to stdout");
        QVERIFY2(!r.err.contains(kCanaryKey), "the API key leaked to stderr");
        QVERIFY2(!r.out.contains("secret-canary"), "part of the API key leaked to stdout");
        QVERIFY2(!r.err.contains("secret-canary"), "part of the API key leaked to stderr");
    }

private slots:
    void initTestCase()
    {
        m_binary = qEnvironmentVariable("SANZARU_QT_BINARY");
        QVERIFY2(!m_binary.isEmpty(), "SANZARU_QT_BINARY is not set (run through ctest)");
        QVERIFY2(QFileInfo(m_binary).isExecutable(), qPrintable(m_binary));
    }

    void init()
    {
        m_home.emplace();
        m_media.emplace();
        QVERIFY(m_home->isValid());
        QVERIFY(m_media->isValid());
        m_server = new FakeOpenAiServer;
        m_server->setApiKey(kCanaryKey);
        QVERIFY(m_server->start());
    }

    void cleanup()
    {
        delete m_server;
        m_server = nullptr;
        m_media.reset();
        m_home.reset();
    }

    void version()
    {
        const Run r = run({u"--version"_s}, environment(false));
        QVERIFY2(r.finished, r.describe());
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QByteArray("sanzaru-qt " SANZARU_VERSION "\n"));
        QVERIFY(QByteArray(SANZARU_VERSION).count('.') >= 1);
    }

    void help()
    {
        for (const QString &flag : {u"--help"_s, u"-h"_s}) {
            const Run r = run({flag}, environment(false));
            QVERIFY2(r.finished, r.describe());
            QCOMPARE(r.exitCode, 0);
            QVERIFY2(r.out.contains("Usage: sanzaru-qt"), r.describe());
            QVERIFY2(r.out.contains("  tool NAME"), r.describe());
            QVERIFY2(r.out.contains("tool --list"), r.describe());
            QVERIFY2(r.out.contains("tool --local NAME"), r.describe());
            QVERIFY2(r.out.contains("--version"), r.describe());
            QVERIFY2(r.out.contains("--new-video, --new-image"), r.describe());
            QVERIFY2(r.out.contains("OPENAI_API_KEY"), r.describe());
        }
    }

    void unknownCommandIsUsageError()
    {
        const Run r = run({u"frobnicate"_s}, environment(false));
        QVERIFY2(r.finished, r.describe());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("unknown command 'frobnicate'"), r.describe());
    }

    void bothFormsAreUsageError()
    {
        // The desktop entry's two actions name one form each; both at once is a mistake, said before any
        // window.
        const Run r = run({u"--new-video"_s, u"--new-image"_s}, environment(false));
        QVERIFY2(r.finished, r.describe());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--new-video and --new-image exclude each other"), r.describe());
    }

    void toolListHasTheSixteenTools()
    {
        const Run r = run({u"tool"_s, u"--list"_s}, environment(false));
        QVERIFY2(r.finished, r.describe());
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.isJsonObject(), r.describe());
        const QJsonArray tools = r.json().value(u"tools"_s).toArray();
        QCOMPARE(tools.size(), 16);
        QSet<QString> names;
        for (const QJsonValue &v : tools) {
            const QJsonObject tool = v.toObject();
            names.insert(tool.value(u"name"_s).toString());
            QCOMPARE(tool.value(u"inputSchema"_s).toObject().value(u"type"_s).toString(), u"object"_s);
            QVERIFY(!tool.value(u"description"_s).toString().isEmpty());
        }
        const QSet<QString> expected{u"create_video"_s,
                                     u"get_video_status"_s,
                                     u"download_video"_s,
                                     u"list_videos"_s,
                                     u"delete_video"_s,
                                     u"remix_video"_s,
                                     u"list_local_videos"_s,
                                     u"create_image"_s,
                                     u"get_image_status"_s,
                                     u"download_image"_s,
                                     u"generate_image"_s,
                                     u"edit_image"_s,
                                     u"prepare_reference_image"_s,
                                     u"list_reference_images"_s,
                                     u"view_media"_s,
                                     u"_get_media_data"_s};
        QCOMPARE(names, expected);
        QVERIFY(m_server->requests().isEmpty());
    }

    void toolWithoutNameIsUsageError()
    {
        const Run r = run({u"tool"_s}, environment(false));
        QVERIFY2(r.finished, r.describe());
        QCOMPARE(r.exitCode, 2);
    }

    void prepareReferenceImageWritesTheFile()
    {
        QVERIFY(QDir().mkpath(imageDir()));
        QVERIFY(TestImages::write(imageDir() + u"/source.png"_s,
                                  TestImages::encode(TestImages::photoLike(QSize(400, 200)), "PNG")));
        // Local tools need no API key.
        const Run r = run({u"tool"_s, u"prepare_reference_image"_s,
                           u"{\"input_filename\": \"source.png\", \"target_size\": \"1280x720\"}"_s},
                          environment(false));
        QVERIFY2(r.finished, r.describe());
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.isJsonObject(), r.describe());
        const QJsonObject json = r.json();
        QCOMPARE(json.value(u"output_filename"_s).toString(), u"source_1280x720.png"_s);
        QCOMPARE(json.value(u"original_size"_s).toArray(), (QJsonArray{400, 200}));
        QCOMPARE(json.value(u"target_size"_s).toArray(), (QJsonArray{1280, 720}));
        QCOMPARE(json.value(u"resize_mode"_s).toString(), u"crop"_s);
        const QImage out(imageDir() + u"/source_1280x720.png"_s);
        QCOMPARE(out.size(), QSize(1280, 720));
        QVERIFY2(!r.out.contains(m_media->path().toUtf8()), "no absolute path in the result");
        QVERIFY(m_server->requests().isEmpty());
    }

    void createVideoAgainstFakeServer()
    {
        const Run r = run({u"tool"_s, u"create_video"_s, u"{\"prompt\":\"x\"}"_s}, environment(true));
        QVERIFY2(r.finished, r.describe());
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.isJsonObject(), r.describe());
        const QJsonObject json = r.json();
        QVERIFY2(!json.value(u"id"_s).toString().isEmpty(), r.describe());
        QCOMPARE(json.value(u"status"_s).toString(), u"queued"_s);
        QCOMPARE(m_server->requestCount("POST", u"/v1/videos"_s), 1);
        QCOMPARE(m_server->requests().size(), 1);
        const auto posted = m_server->requestsMatching("POST", u"/v1/videos"_s);
        QCOMPARE(posted.size(), 1);
        QCOMPARE(posted.first().header("authorization"), "Bearer " + kCanaryKey);
        QVERIFY(!m_server->video(json.value(u"id"_s).toString()).isEmpty());
        verifyNoKey(r);
    }

    void downloadVideoSavesTheAsset_data()
    {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<QString>("extension");
        // test_utils.py: variant → suffix, "<id>.<suffix>" as the default name.
        QTest::newRow("video") << u"video"_s << u"mp4"_s;
        QTest::newRow("thumbnail") << u"thumbnail"_s << u"webp"_s;
        QTest::newRow("spritesheet") << u"spritesheet"_s << u"jpg"_s;
    }
    void downloadVideoSavesTheAsset()
    {
        QFETCH(QString, variant);
        QFETCH(QString, extension);
        m_server->setVideoContentSize(96 * 1024);
        const QString id = m_server->addCompletedVideo();
        const QJsonObject args{{u"video_id"_s, id}, {u"variant"_s, variant}};
        const Run r = run({u"tool"_s, u"download_video"_s,
                           QString::fromUtf8(QJsonDocument(args).toJson(QJsonDocument::Compact))},
                          environment(true));
        QVERIFY2(r.finished, r.describe());
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.isJsonObject(), r.describe());
        const QString expectedName = id + u'.' + extension;
        QCOMPARE(r.json().value(u"filename"_s).toString(), expectedName);
        QCOMPARE(r.json().value(u"variant"_s).toString(), variant);
        QFile saved(videoDir() + u'/' + expectedName);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QByteArray expected = m_server->videoContent(id, variant == u"video"_s ? QString() : variant);
        QVERIFY(!expected.isEmpty());
        QCOMPARE(saved.readAll(), expected);
        QVERIFY2(!r.out.contains(m_media->path().toUtf8()), "no absolute path in the result");
        verifyNoKey(r);
    }

    void missingApiKeyIsConfigError_data()
    {
        QTest::addColumn<bool>("set");
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("unset") << false << QByteArray();
        QTest::newRow("empty") << true << QByteArray("");
        QTest::newRow("blank") << true << QByteArray("   ");
    }
    void missingApiKeyIsConfigError()
    {
        QFETCH(bool, set);
        QFETCH(QByteArray, value);
        const Run r = run({u"tool"_s, u"create_video"_s, u"{\"prompt\":\"x\"}"_s}, environment(set, value));
        QVERIFY2(r.finished, r.describe());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.isJsonObject(), r.describe());
        QCOMPARE(r.error().value(u"kind"_s).toString(), u"config"_s);
        QVERIFY2(r.error().value(u"message"_s).toString().contains(u"OPENAI_API_KEY"_s), r.describe());
        QCOMPARE(m_server->requests().size(), 0);
        QCOMPARE(m_server->connectionsAccepted(), 0);
    }

    void apiErrorIsReportedWithStatus_data()
    {
        QTest::addColumn<QByteArray>("logLevel");
        QTest::newRow("default logging") << QByteArray();
        QTest::newRow("debug logging") << QByteArray("debug");
    }
    void apiErrorIsReportedWithStatus()
    {
        QFETCH(QByteArray, logLevel);
        QProcessEnvironment env = environment(true);
        if (!logLevel.isEmpty())
            env.insert(u"LOG_LEVEL"_s, QString::fromLatin1(logLevel));
        const Run r =
            run({u"tool"_s, u"get_video_status"_s, u"{\"video_id\":\"video_doesnotexist\"}"_s}, env);
        QVERIFY2(r.finished, r.describe());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.isJsonObject(), r.describe());
        QCOMPARE(r.error().value(u"kind"_s).toString(), u"api_error"_s);
        QCOMPARE(r.error().value(u"http_status"_s).toInt(), 404);
        QVERIFY(!r.error().value(u"message"_s).toString().isEmpty());
        QCOMPARE(m_server->requestCount("GET", u"/v1/videos/video_doesnotexist"_s), 1); // 404 is not retried
        verifyNoKey(r);
    }

    void wrongApiKeyIsNotPrinted()
    {
        // The server expects the canary; the client sends a longer key that starts with it.
        const QByteArray wrong = kCanaryKey + "-but-wrong";
        const Run r = run({u"tool"_s, u"list_videos"_s}, environment(true, wrong));
        QVERIFY2(r.finished, r.describe());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.isJsonObject(), r.describe());
        QCOMPARE(r.error().value(u"kind"_s).toString(), u"api_error"_s);
        QCOMPARE(r.error().value(u"http_status"_s).toInt(), 401);
        QVERIFY2(!r.out.contains(wrong) && !r.err.contains(wrong), r.describe());
        verifyNoKey(r);
    }

    void unknownToolIsUsageError()
    {
        const Run r = run({u"tool"_s, u"no_such_tool"_s, u"{}"_s}, environment(true));
        QVERIFY2(r.finished, r.describe());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.isJsonObject(), r.describe());
        QVERIFY2(r.error().value(u"message"_s).toString().contains(u"no_such_tool"_s), r.describe());
        QVERIFY(m_server->requests().isEmpty());
        verifyNoKey(r);
    }

    void malformedArgumentsAreUsageError_data()
    {
        QTest::addColumn<QString>("arguments");
        QTest::newRow("broken JSON") << u"{\"prompt\": "_s;
        QTest::newRow("not an object") << u"[\"prompt\", \"x\"]"_s;
        QTest::newRow("a bare string") << u"\"x\""_s;
        QTest::newRow("empty") << QString();
    }
    void malformedArgumentsAreUsageError()
    {
        QFETCH(QString, arguments);
        const Run r = run({u"tool"_s, u"create_video"_s, arguments}, environment(true));
        QVERIFY2(r.finished, r.describe());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.isJsonObject(), r.describe());
        const QString message = r.error().value(u"message"_s).toString();
        QVERIFY2(message.contains(u"JSON"_s), r.describe());
        QVERIFY(m_server->requests().isEmpty());
    }

    void invalidArgumentValueIsToolError()
    {
        const Run r =
            run({u"tool"_s, u"create_video"_s, u"{\"prompt\": \"x\", \"seconds\": 8}"_s}, environment(true));
        QVERIFY2(r.finished, r.describe());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.isJsonObject(), r.describe());
        QCOMPARE(r.error().value(u"kind"_s).toString(), u"bad_input"_s);
        QVERIFY2(r.error().value(u"message"_s).toString().contains(u"seconds"_s), r.describe());
        QVERIFY(m_server->requests().isEmpty());
    }

    void argumentsFromStdin()
    {
        QVERIFY(QDir().mkpath(videoDir()));
        QVERIFY(TestImages::write(videoDir() + u"/a.mp4"_s, QByteArray(10, 'a')));
        QVERIFY(TestImages::write(videoDir() + u"/b.webm"_s, QByteArray(20, 'b')));
        const Run r = run({u"tool"_s, u"list_local_videos"_s, u"-"_s}, environment(false),
                          QByteArray("{\n  \"file_type\": \"webm\"\n}\n"));
        QVERIFY2(r.finished, r.describe());
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.isJsonObject(), r.describe());
        const QJsonArray data = r.json().value(u"data"_s).toArray();
        QCOMPARE(data.size(), 1); // the filter from stdin was applied
        QCOMPARE(data.at(0).toObject().value(u"filename"_s).toString(), u"b.webm"_s);

        // Broken JSON on stdin is a usage error like on the command line.
        const Run bad =
            run({u"tool"_s, u"list_local_videos"_s, u"-"_s}, environment(false), QByteArray("{oops"));
        QVERIFY2(bad.finished, bad.describe());
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.isJsonObject(), bad.describe());
    }

    void createVideoWithArgumentsFromStdin()
    {
        const Run r = run({u"tool"_s, u"create_video"_s, u"-"_s}, environment(true),
                          QByteArray(R"({"prompt": "a cat on a skateboard", "seconds": "8"})"));
        QVERIFY2(r.finished, r.describe());
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json().value(u"status"_s).toString(), u"queued"_s);
        const auto posted = m_server->requestsMatching("POST", u"/v1/videos"_s);
        QCOMPARE(posted.size(), 1);
        const QByteArray body = posted.first().body;
        QVERIFY2(body.contains("a cat on a skateboard"), body);
        verifyNoKey(r);
    }

    void cleanupTestCase() { QVERIFY(m_runs > 0); }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"

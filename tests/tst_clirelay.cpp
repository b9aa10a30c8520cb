// SPDX-License-Identifier: MIT
// `sanzaru-qt tool` through a running instance: a real `sanzaru-qt serve` (isolated socket, its own media
// folder and API key, the fake OpenAI server) and the CLI run with a different media folder and no key.
// The relayed output must equal the in-process (`--local`) output for the same call, the API must see
// each call once, with the served instance's key, and the CLI must fall back in-process without it.
#include "fakeopenaiserver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>
#include <sys/stat.h>

using namespace Sanzaru::Testing;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kServeKey = QByteArrayLiteral("sk-served-instance-key");

struct Run
{
    bool finished = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    QJsonObject error() const { return json().value(u"error"_s).toObject(); }
    QByteArray describe() const
    {
        return "exit " + QByteArray::number(exitCode) + (finished ? "" : " (did not finish)") +
               "\nstdout: " + out + "\nstderr: " + err;
    }
};

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

class TestCliRelay final : public QObject
{
    Q_OBJECT

private:
    QString m_binary;
    std::optional<QTemporaryDir> m_home;
    std::optional<QTemporaryDir> m_serveMedia;
    std::optional<QTemporaryDir> m_cliMedia;
    std::unique_ptr<FakeOpenAiServer> m_api;
    std::unique_ptr<QProcess> m_serve;

    QString socketPath() const { return m_home->path() + u"/run/mcp.sock"_s; }

    QProcessEnvironment baseEnvironment() const
    {
        QProcessEnvironment env;
        env.insert(u"HOME"_s, m_home->path());
        env.insert(u"PATH"_s, QProcessEnvironment::systemEnvironment().value(u"PATH"_s, u"/usr/bin:/bin"_s));
        env.insert(u"SANZARU_QT_SOCKET"_s, socketPath());
        env.insert(u"OPENAI_BASE_URL"_s, m_api->baseUrl().toString());
        return env;
    }
    /// The served instance: its own media folder and the API key.
    QProcessEnvironment serveEnvironment() const
    {
        QProcessEnvironment env = baseEnvironment();
        env.insert(u"SANZARU_MEDIA_PATH"_s, m_serveMedia->path());
        env.insert(u"OPENAI_API_KEY"_s, QString::fromLatin1(kServeKey));
        return env;
    }
    /// The CLI: another media folder and no API key, so an in-process run could not have done the work.
    QProcessEnvironment cliEnvironment() const
    {
        QProcessEnvironment env = baseEnvironment();
        env.insert(u"SANZARU_MEDIA_PATH"_s, m_cliMedia->path());
        return env;
    }

    Run run(const QStringList &args, const QProcessEnvironment &env)
    {
        Run r;
        QProcess process;
        process.setProgram(m_binary);
        process.setArguments(args);
        process.setProcessEnvironment(env);
        process.setWorkingDirectory(m_home->path());
        QSignalSpy finished(&process, &QProcess::finished);
        process.start();
        process.closeWriteChannel();
        if (!QTest::qWaitFor([&] { return !finished.isEmpty(); }, 60000)) {
            process.kill();
            (void)QTest::qWaitFor([&] { return !finished.isEmpty(); }, 10000);
        } else {
            r.finished = process.exitStatus() == QProcess::NormalExit;
            r.exitCode = process.exitCode();
        }
        r.out = process.readAllStandardOutput();
        r.err = process.readAllStandardError();
        return r;
    }

    bool startServe()
    {
        m_serve = std::make_unique<QProcess>();
        m_serve->setProgram(m_binary);
        m_serve->setArguments({u"serve"_s});
        m_serve->setProcessEnvironment(serveEnvironment());
        m_serve->setWorkingDirectory(m_home->path());
        m_serve->start();
        QByteArray out;
        const bool up = QTest::qWaitFor(
            [&] {
                out += m_serve->readAllStandardOutput();
                return out.contains("MCP_SOCKET=") || m_serve->state() == QProcess::NotRunning;
            },
            30000);
        if (!up || !out.contains("MCP_SOCKET=" + socketPath().toUtf8())) {
            qWarning() << "serve did not come up:" << out << m_serve->readAllStandardError();
            return false;
        }
        return true;
    }

    bool stopServe()
    {
        if (!m_serve)
            return true;
        QSignalSpy finished(m_serve.get(), &QProcess::finished);
        if (m_serve->state() != QProcess::NotRunning)
            m_serve->terminate(); // SIGTERM: it removes its socket
        const bool stopped = m_serve->state() == QProcess::NotRunning ||
                             QTest::qWaitFor([&] { return !finished.isEmpty(); }, 20000);
        if (!stopped) {
            m_serve->kill();
            (void)QTest::qWaitFor([&] { return !finished.isEmpty(); }, 10000);
        }
        m_serve.reset();
        return stopped;
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
        m_serveMedia.emplace();
        m_cliMedia.emplace();
        QVERIFY(m_home->isValid() && m_serveMedia->isValid() && m_cliMedia->isValid());
        const QString run = m_home->path() + u"/run"_s;
        QVERIFY(QDir().mkpath(run));
        QVERIFY(::chmod(QFile::encodeName(run).constData(), 0700) == 0);
        QVERIFY(QDir().mkpath(m_serveMedia->path() + u"/videos"_s));
        QVERIFY(QDir().mkpath(m_cliMedia->path() + u"/videos"_s));
        QVERIFY(writeFile(m_serveMedia->path() + u"/videos/served-a.mp4"_s, QByteArray(10, 'a')));
        QVERIFY(writeFile(m_serveMedia->path() + u"/videos/served-b.webm"_s, QByteArray(20, 'b')));
        QVERIFY(writeFile(m_cliMedia->path() + u"/videos/cli-only.mp4"_s, QByteArray(30, 'c')));
        m_api = std::make_unique<FakeOpenAiServer>();
        m_api->setApiKey(kServeKey);
        QVERIFY(m_api->start());
        QVERIFY(startServe());
    }

    void cleanup()
    {
        QVERIFY(stopServe());
        m_api.reset();
        m_cliMedia.reset();
        m_serveMedia.reset();
        m_home.reset();
    }

    void listingComesFromTheServedInstance()
    {
        const Run relayed = run({u"tool"_s, u"list_local_videos"_s, u"{}"_s}, cliEnvironment());
        QVERIFY2(relayed.finished, relayed.describe());
        QCOMPARE(relayed.exitCode, 0);
        QVERIFY2(relayed.out.contains("served-a.mp4") && relayed.out.contains("served-b.webm"),
                 relayed.describe());
        QVERIFY2(!relayed.out.contains("cli-only.mp4"), relayed.describe());
        QVERIFY2(relayed.err.isEmpty(), relayed.describe());

        // Byte for byte what an in-process run over the same folder prints.
        QProcessEnvironment sameFolder = cliEnvironment();
        sameFolder.insert(u"SANZARU_MEDIA_PATH"_s, m_serveMedia->path());
        const Run local = run({u"tool"_s, u"--local"_s, u"list_local_videos"_s, u"{}"_s}, sameFolder);
        QVERIFY2(local.finished, local.describe());
        QCOMPARE(local.exitCode, 0);
        QCOMPARE(relayed.out, local.out);
        QCOMPARE(relayed.err, local.err);
    }

    void localFlagRunsInProcess()
    {
        const Run local = run({u"tool"_s, u"--local"_s, u"list_local_videos"_s}, cliEnvironment());
        QVERIFY2(local.finished, local.describe());
        QCOMPARE(local.exitCode, 0);
        QVERIFY2(local.out.contains("cli-only.mp4"), local.describe());
        QVERIFY2(!local.out.contains("served-a.mp4"), local.describe());
    }

    void createVideoRunsOnceInTheServedInstance()
    {
        // No key in the CLI's environment: in-process this would be a config error.
        const Run relayed =
            run({u"tool"_s, u"create_video"_s, u"{\"prompt\":\"a relayed lighthouse\"}"_s}, cliEnvironment());
        QVERIFY2(relayed.finished, relayed.describe());
        QCOMPARE(relayed.exitCode, 0);
        const QJsonObject video = relayed.json();
        QVERIFY2(!video.value(u"id"_s).toString().isEmpty(), relayed.describe());
        QCOMPARE(video.value(u"status"_s).toString(), u"queued"_s);
        QCOMPARE(relayed.out, QJsonDocument(video).toJson(QJsonDocument::Indented));
        const auto posted = m_api->requestsMatching("POST", u"/v1/videos"_s);
        QCOMPARE(posted.size(), 1);
        QCOMPARE(m_api->requests().size(), 1);
        QCOMPARE(posted.first().header("authorization"), "Bearer " + kServeKey);
        QVERIFY(posted.first().body.contains("a relayed lighthouse"));

        // The same call in-process: the same JSON apart from the new job's id and timestamps.
        QProcessEnvironment withKey = cliEnvironment();
        withKey.insert(u"OPENAI_API_KEY"_s, QString::fromLatin1(kServeKey));
        const Run local =
            run({u"tool"_s, u"--local"_s, u"create_video"_s, u"{\"prompt\":\"a relayed lighthouse\"}"_s},
                withKey);
        QVERIFY2(local.finished, local.describe());
        QCOMPARE(local.exitCode, 0);
        QCOMPARE(m_api->requestCount("POST", u"/v1/videos"_s), 2);
        QJsonObject a = video;
        QJsonObject b = local.json();
        QCOMPARE(a.keys(), b.keys());
        for (const QString &volatileKey : {u"id"_s, u"created_at"_s, u"expires_at"_s}) {
            a.remove(volatileKey);
            b.remove(volatileKey);
        }
        QCOMPARE(a, b);
        QCOMPARE(relayed.err, local.err);
    }

    void toolErrorKeepsExitCodeAndMessage()
    {
        const QString args = u"{\"video_id\":\"video_doesnotexist\"}"_s;
        const Run relayed = run({u"tool"_s, u"get_video_status"_s, args}, cliEnvironment());
        QVERIFY2(relayed.finished, relayed.describe());
        QCOMPARE(relayed.exitCode, 1);
        QCOMPARE(m_api->requestCount("GET", u"/v1/videos/video_doesnotexist"_s), 1);

        QProcessEnvironment withKey = cliEnvironment();
        withKey.insert(u"OPENAI_API_KEY"_s, QString::fromLatin1(kServeKey));
        const Run local = run({u"tool"_s, u"--local"_s, u"get_video_status"_s, args}, withKey);
        QVERIFY2(local.finished, local.describe());
        QCOMPARE(local.exitCode, 1);
        QCOMPARE(local.error().value(u"kind"_s).toString(), u"api_error"_s);
        // The documented difference: through an instance the error has the message, not the kind.
        QCOMPARE(relayed.error().value(u"message"_s).toString(),
                 local.error().value(u"message"_s).toString());
        QVERIFY(!relayed.error().value(u"message"_s).toString().isEmpty());
        QVERIFY(!relayed.error().value(u"kind"_s).toString().isEmpty());
        QCOMPARE(relayed.out, QJsonDocument(relayed.json()).toJson(QJsonDocument::Indented));
    }

    void usageErrorsAreDecidedLocally_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("unknown tool") << QStringList{u"no_such_tool"_s, u"{}"_s};
        QTest::newRow("broken JSON") << QStringList{u"create_video"_s, u"{\"prompt\": "_s};
        QTest::newRow("not an object") << QStringList{u"create_video"_s, u"[1]"_s};
    }
    void usageErrorsAreDecidedLocally()
    {
        QFETCH(QStringList, args);
        const Run relayed = run(QStringList{u"tool"_s} + args, cliEnvironment());
        const Run local = run(QStringList{u"tool"_s, u"--local"_s} + args, cliEnvironment());
        QVERIFY2(relayed.finished, relayed.describe());
        QCOMPARE(relayed.exitCode, 2);
        QCOMPARE(local.exitCode, 2);
        QCOMPARE(relayed.out, local.out);
        QVERIFY(m_api->requests().isEmpty());
    }

    void fallsBackInProcessWithoutAnInstance()
    {
        QVERIFY(stopServe());
        QVERIFY(!QFileInfo::exists(socketPath()));
        const Run r = run({u"tool"_s, u"list_local_videos"_s}, cliEnvironment());
        QVERIFY2(r.finished, r.describe());
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("cli-only.mp4"), r.describe());
        QVERIFY2(!r.out.contains("served-a.mp4"), r.describe());
    }
};

QTEST_GUILESS_MAIN(TestCliRelay)
#include "tst_clirelay.moc"

// SPDX-License-Identifier: MIT
// The agent CLI (`sanzaru-qt video|image|wait|capabilities`) run as the real binary against the fake
// OpenAI server: one envelope per input on stdout, every exit code, one-shot -o, resume after a
// timeout, SIGINT, fan-out wait, prompt forms, capabilities offline and the groups' help.
#include "fakeopenaiserver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QScopeGuard>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <optional>

using namespace Sanzaru::Testing;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kKey = QByteArrayLiteral("sk-agent-canary");

struct Run
{
    bool finished = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    QList<QByteArray> lines() const
    {
        QList<QByteArray> result = out.split('\n');
        result.removeAll(QByteArray());
        return result;
    }
    /// The single envelope, or an empty object when stdout is not exactly one JSON line.
    QJsonObject envelope() const
    {
        const QList<QByteArray> l = lines();
        return l.size() == 1 ? QJsonDocument::fromJson(l.first()).object() : QJsonObject();
    }
    QJsonObject result() const { return envelope().value(u"result"_s).toObject(); }
    QString errorType() const { return envelope().value(u"error"_s).toObject().value(u"type"_s).toString(); }
    QByteArray describe() const
    {
        return "exit " + QByteArray::number(exitCode) + (finished ? "" : " (did not finish)") +
               "\nstdout: " + out + "\nstderr: " + err;
    }
};

} // namespace

class TestAgentCli final : public QObject
{
    Q_OBJECT

private:
    QString m_binary;
    std::optional<QTemporaryDir> m_home;
    FakeOpenAiServer *m_server = nullptr;

    QString home(const QString &relative = {}) const
    {
        return relative.isEmpty() ? m_home->path() : m_home->path() + u'/' + relative;
    }

    QProcessEnvironment environment(bool withKey = true, bool fastPolls = true) const
    {
        QProcessEnvironment env;
        env.insert(u"HOME"_s, home());
        env.insert(u"PATH"_s, QProcessEnvironment::systemEnvironment().value(u"PATH"_s, u"/usr/bin:/bin"_s));
        env.insert(u"SANZARU_MEDIA_PATH"_s, home(u"media"_s));
        env.insert(u"OPENAI_BASE_URL"_s, m_server->baseUrl().toString());
        env.insert(u"SANZARU_QT_SOCKET"_s, home(u"no-instance/mcp.sock"_s));
        if (fastPolls)
            env.insert(u"SANZARU_QT_POLL_SCALE"_s, u"0.001"_s);
        if (withKey)
            env.insert(u"OPENAI_API_KEY"_s, QString::fromLatin1(kKey));
        return env;
    }

    /// Runs the binary to its end; with `interruptWhen`, sends SIGINT once stderr contains it.
    Run run(const QStringList &args, const QProcessEnvironment &env, const QByteArray &input = {},
            const QByteArray &interruptWhen = {})
    {
        Run r;
        QProcess process;
        process.setProgram(m_binary);
        process.setArguments(args);
        process.setProcessEnvironment(env);
        process.setWorkingDirectory(home());
        QSignalSpy finished(&process, &QProcess::finished);
        process.start();
        if (!input.isEmpty())
            process.write(input);
        process.closeWriteChannel();
        bool interrupted = false;
        QElapsedTimer t;
        t.start();
        while (finished.isEmpty() && t.elapsed() < 60000) {
            QTest::qWait(10);
            r.err += process.readAllStandardError();
            if (!interruptWhen.isEmpty() && !interrupted && r.err.contains(interruptWhen)) {
                ::kill(pid_t(process.processId()), SIGINT);
                interrupted = true;
            }
        }
        if (finished.isEmpty()) {
            process.kill();
            [[maybe_unused]] const bool ended = QTest::qWaitFor([&] { return !finished.isEmpty(); }, 10000);
        }
        r.finished = process.exitStatus() == QProcess::NormalExit && t.elapsed() < 60000;
        r.exitCode = process.exitCode();
        r.out = process.readAllStandardOutput();
        r.err += process.readAllStandardError();
        return r;
    }

    QString submitVideo(const QString &prompt)
    {
        const Run r = run({u"video"_s, u"create"_s, prompt, u"-q"_s}, environment());
        return r.result().value(u"id"_s).toString();
    }

    static void verifyFailure(const Run &r, int exitCode, const QString &type)
    {
        QVERIFY2(r.finished, r.describe());
        QVERIFY2(r.exitCode == exitCode, r.describe());
        QCOMPARE(r.envelope().value(u"v"_s).toInt(), 1);
        QCOMPARE(r.envelope().value(u"ok"_s).toBool(true), false);
        QVERIFY2(r.errorType() == type, r.describe());
        QVERIFY2(!r.err.isEmpty(), "a failure also says one line on stderr");
    }

private slots:
    void initTestCase()
    {
        m_binary = qEnvironmentVariable("SANZARU_QT_BINARY");
        QVERIFY2(QFileInfo(m_binary).isExecutable(), "SANZARU_QT_BINARY is not set (run through ctest)");
    }

    void init()
    {
        m_home.emplace();
        m_server = new FakeOpenAiServer;
        m_server->setApiKey(kKey);
        QVERIFY(m_server->start());
    }

    void cleanup()
    {
        delete m_server;
        m_server = nullptr;
        m_home.reset();
    }

    void oneShotCreateWritesTheFile()
    {
        const Run r = run({u"video"_s, u"create"_s, u"a lighthouse at dusk"_s, u"--seconds"_s, u"4"_s,
                           u"-o"_s, u"out.mp4"_s},
                          environment());
        QVERIFY2(r.finished && r.exitCode == 0, r.describe());
        QCOMPARE(r.lines().size(), 1);
        const QJsonObject envelope = r.envelope();
        QCOMPARE(envelope.value(u"ok"_s).toBool(), true);
        QCOMPARE(envelope.value(u"command"_s).toString(), u"video.create"_s);
        QVERIFY(envelope.contains(u"elapsed_s"_s));
        QVERIFY2(r.lines().first().startsWith("{\"v\":1,\"ok\":true,\"command\":\"video.create\""),
                 r.describe());
        const QJsonObject file = r.result().value(u"file"_s).toObject();
        QCOMPARE(file.value(u"path"_s).toString(), QFileInfo(home(u"out.mp4"_s)).absoluteFilePath());
        QVERIFY(QFileInfo::exists(home(u"out.mp4"_s)));
        QCOMPARE(qint64(file.value(u"bytes"_s).toDouble()), QFileInfo(home(u"out.mp4"_s)).size());
        QCOMPARE(QFile(home(u"out.mp4"_s)).size(), m_server->videoContentSize());
        QCOMPARE(r.result().value(u"status"_s).toString(), u"completed"_s);
        QVERIFY2(r.err.contains("completed"), "stderr reports the state changes");
        QVERIFY2(!r.out.contains(kKey) && !r.err.contains(kKey), "the key leaked");
        // The staged file was moved, not copied.
        QVERIFY(QDir(home(u"media/videos"_s)).entryList(QDir::Files).isEmpty());
    }

    void outputDirectoryAutoNames()
    {
        const Run r =
            run({u"video"_s, u"create"_s, u"waves"_s, u"-o"_s, u"clips/"_s, u"-q"_s}, environment());
        QVERIFY2(r.finished && r.exitCode == 0, r.describe());
        const QString id = r.result().value(u"id"_s).toString();
        QVERIFY(id.startsWith(u"video_"_s));
        const QString expected = QFileInfo(home(u"clips/"_s + id + u".mp4"_s)).absoluteFilePath();
        QCOMPARE(r.result().value(u"file"_s).toObject().value(u"path"_s).toString(), expected);
        QVERIFY(QFileInfo::exists(expected));
        QVERIFY2(r.err.isEmpty(), "-q silences stderr progress");
    }

    void imageGenerateToAPath()
    {
        const Run r =
            run({u"image"_s, u"generate"_s, u"a red square"_s, u"-o"_s, u"art/red.png"_s}, environment());
        QVERIFY2(r.finished && r.exitCode == 0, r.describe());
        const QString path = r.result().value(u"file"_s).toObject().value(u"path"_s).toString();
        QCOMPARE(path, QFileInfo(home(u"art/red.png"_s)).absoluteFilePath());
        QVERIFY(QFileInfo(path).size() > 0);
        QCOMPARE(r.result().value(u"filename"_s).toString(), u"red.png"_s);
    }

    void submitOnlyReturnsTheId()
    {
        const Run r = run({u"video"_s, u"create"_s, u"quick"_s}, environment());
        QVERIFY2(r.finished && r.exitCode == 0, r.describe());
        QCOMPARE(r.result().value(u"status"_s).toString(), u"queued"_s);
        QCOMPARE(m_server->requestCount("GET", u"/v1/videos/*"_s), 0);
    }

    void videoCreateDefaultsToTheWindowsModel()
    {
        // Without --model the CLI sends the desktop window's default (tst_forms checks the form shows
        // minimax/h3), not the create_video schema's default sora-2, which OpenAI retired.
        const Run plain = run({u"video"_s, u"create"_s, u"no model given"_s, u"-q"_s}, environment());
        QVERIFY2(plain.finished && plain.exitCode == 0, plain.describe());
        QList<RecordedRequest> posts = m_server->requestsMatching("POST", u"/v1/videos"_s);
        QCOMPARE(posts.size(), 1);
        const MultipartPart *model = posts.first().part("model");
        QVERIFY2(model, "the create request carries a model");
        QCOMPARE(model->text(), u"minimax/h3"_s);
        QCOMPARE(plain.result().value(u"model"_s).toString(), u"minimax/h3"_s);

        // --model still decides.
        m_server->clearRequests();
        const Run chosen = run({u"video"_s, u"create"_s, u"model given"_s, u"--model"_s, u"sora-2-pro"_s,
                                u"--seconds"_s, u"4"_s, u"-q"_s},
                               environment());
        QVERIFY2(chosen.finished && chosen.exitCode == 0, chosen.describe());
        posts = m_server->requestsMatching("POST", u"/v1/videos"_s);
        QCOMPARE(posts.size(), 1);
        QVERIFY(posts.first().part("model"));
        QCOMPARE(posts.first().part("model")->text(), u"sora-2-pro"_s);

        // The help says which model that is.
        const Run help = run({u"video"_s, u"--help"_s}, environment());
        QVERIFY2(help.out.contains("--model defaults to minimax/h3"), help.describe());
    }

    void usageErrorsExit2()
    {
        const QList<QStringList> cases{
            {u"video"_s, u"frobnicate"_s},
            {u"video"_s, u"create"_s, u"x"_s, u"--bogus"_s},
            {u"video"_s, u"create"_s, u"x"_s, u"--wait"_s, u"--timeout"_s, u"soon"_s},
            {u"video"_s, u"status"_s},
            {u"wait"_s, u"job_123"_s},
            {u"image"_s, u"edit"_s, u"no inputs"_s}};
        for (const QStringList &args : cases) {
            const Run r = run(args, environment());
            verifyFailure(r, 2, u"usage"_s);
        }
        QCOMPARE(m_server->requests().size(), 0);
    }

    void missingKeyExits3()
    {
        const Run r = run({u"video"_s, u"create"_s, u"x"_s, u"-o"_s, u"x.mp4"_s}, environment(false));
        verifyFailure(r, 3, u"config"_s);
    }

    void unknownIdExits1()
    {
        const Run r = run({u"video"_s, u"status"_s, u"video_missing"_s}, environment());
        verifyFailure(r, 1, u"not_found"_s);
    }

    void failedJobExits5()
    {
        const Run r = run({u"video"_s, u"create"_s, u"doomed [fake:fail]"_s, u"--wait"_s}, environment());
        verifyFailure(r, 5, u"job_failed"_s);
        QCOMPARE(r.envelope().value(u"last_status"_s).toString(), u"failed"_s);
    }

    void timeoutExits4AndResumeCompletes()
    {
        // Real intervals: one poll, a 0.3 s deadline clamps the 10 s sleep, a second poll, then time is up.
        const Run r = run({u"video"_s, u"create"_s, u"slow"_s, u"-o"_s, u"late.mp4"_s, u"--timeout"_s,
                           u"0.3s"_s, u"--poll-interval"_s, u"10s"_s},
                          environment(true, false));
        verifyFailure(r, 4, u"timeout"_s);
        const QString resume = r.envelope().value(u"resume"_s).toString();
        QVERIFY2(resume.contains(u" video wait video_"_s), r.describe());
        QVERIFY2(r.err.contains("resume: " + resume.toUtf8()), r.describe());
        QVERIFY(!QFileInfo::exists(home(u"late.mp4"_s)));

        const QStringList words = QProcess::splitCommand(resume);
        QCOMPARE(words.first(), QFileInfo(m_binary).absoluteFilePath());
        const Run again = run(words.mid(1), environment(true, false));
        QVERIFY2(again.finished && again.exitCode == 0, again.describe());
        QCOMPARE(again.envelope().value(u"command"_s).toString(), u"video.wait"_s);
        QCOMPARE(again.result().value(u"file"_s).toObject().value(u"path"_s).toString(),
                 QFileInfo(home(u"late.mp4"_s)).absoluteFilePath());
        QVERIFY(QFileInfo::exists(home(u"late.mp4"_s)));
    }

    void interruptExits130WithResume()
    {
        const QString id = submitVideo(u"long"_s);
        QVERIFY(!id.isEmpty());
        const Run r = run({u"video"_s, u"wait"_s, id, u"--poll-interval"_s, u"30s"_s},
                          environment(true, false), {}, "in_progress");
        QVERIFY2(r.exitCode == 130, r.describe());
        QVERIFY2(r.err.contains("resume: "), r.describe());
        QVERIFY2(r.err.contains("video wait " + id.toUtf8()), r.describe());
        QVERIFY2(r.out.isEmpty(), r.describe());
    }

    void fanOutStreamsOneLinePerJob()
    {
        const QString video = submitVideo(u"one"_s);
        const Run created = run({u"image"_s, u"create"_s, u"two"_s, u"-q"_s}, environment());
        const QString image = created.result().value(u"id"_s).toString();
        QVERIFY2(image.startsWith(u"resp_"_s), created.describe());
        const Run r = run({u"wait"_s, video, image, u"--download"_s, u"-o"_s, u"done/"_s}, environment());
        QVERIFY2(r.finished && r.exitCode == 0, r.describe());
        QCOMPARE(r.lines().size(), 2);
        QSet<QString> ids;
        for (const QByteArray &line : r.lines()) {
            QVERIFY2(!line.contains('\n') && line.startsWith("{\"v\":1,\"ok\":true,\"command\":\"wait\""),
                     line);
            const QJsonObject result = QJsonDocument::fromJson(line).object().value(u"result"_s).toObject();
            ids.insert(result.value(u"id"_s).toString());
            QVERIFY(QFileInfo::exists(result.value(u"file"_s).toObject().value(u"path"_s).toString()));
        }
        QCOMPARE(ids, (QSet<QString>{video, image}));
    }

    void partialFailureExits6()
    {
        const QString video = submitVideo(u"fine"_s);
        const Run r = run({u"wait"_s, video, u"video_missing"_s}, environment());
        QVERIFY2(r.exitCode == 6, r.describe());
        QCOMPARE(r.lines().size(), 2);
    }

    void allFailedGivesTimeoutElseHighest()
    {
        const Run missing = run({u"wait"_s, u"video_gone1"_s, u"resp_gone2"_s}, environment());
        QVERIFY2(missing.exitCode == 1, missing.describe());
        QCOMPARE(missing.lines().size(), 2);
        const QString slow = submitVideo(u"slow"_s);
        const Run mixed =
            run({u"wait"_s, slow, u"video_gone"_s, u"--timeout"_s, u"0.3"_s, u"--poll-interval"_s, u"10s"_s},
                environment(true, false));
        QVERIFY2(mixed.exitCode == 4, mixed.describe());
        QCOMPARE(mixed.lines().size(), 2);
    }

    void promptForms()
    {
        QFile file(home(u"prompt.txt"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("from a file\n");
        file.close();
        const Run fromFile = run({u"video"_s, u"create"_s, u"@prompt.txt"_s}, environment());
        QCOMPARE(fromFile.result().value(u"prompt"_s).toString(), u"from a file"_s);
        const Run fromStdin = run({u"video"_s, u"create"_s, u"-"_s}, environment(), "from stdin\n");
        QCOMPARE(fromStdin.result().value(u"prompt"_s).toString(), u"from stdin"_s);
        const Run escaped = run({u"video"_s, u"create"_s, u"@@handle says hi"_s}, environment());
        QCOMPARE(escaped.result().value(u"prompt"_s).toString(), u"@handle says hi"_s);
        const Run missing = run({u"video"_s, u"create"_s, u"@nope.txt"_s}, environment());
        verifyFailure(missing, 2, u"usage"_s);
    }

    void jobsJoinTheRunningAppsQueue()
    {
        // With the desktop app running, a CLI job goes through it (one paid request, the app's queue
        // shows it as an MCP job) and the CLI still gets its envelope and file.
        QProcessEnvironment env = environment();
        env.insert(u"SANZARU_QT_SOCKET"_s, home(u"app/mcp.sock"_s));
        env.insert(u"XDG_CONFIG_HOME"_s, home(u"config"_s));
        env.insert(u"XDG_DATA_HOME"_s, home(u"data"_s));
        env.insert(u"XDG_CACHE_HOME"_s, home(u"cache"_s));
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        QDir().mkpath(home(u"app"_s));
        QProcess app;
        app.setProgram(m_binary);
        app.setProcessEnvironment(env);
        app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        app.start();
        const auto stop = qScopeGuard([&app] {
            app.terminate();
            if (!app.waitForFinished(10000))
                app.kill();
        });
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(home(u"app/mcp.sock"_s)), 30000);

        const int before = m_server->requestCount("POST", u"/v1/images/generations"_s);
        const Run r =
            run({u"image"_s, u"generate"_s, u"a heron at dawn"_s, u"-o"_s, home(u"out/"_s), u"-q"_s}, env);
        QVERIFY2(r.finished && r.exitCode == 0, r.describe());
        QVERIFY(QFileInfo(r.result().value(u"file"_s).toObject().value(u"path"_s).toString()).isFile());
        QCOMPARE(m_server->requestCount("POST", u"/v1/images/generations"_s), before + 1);

        // The app saves its queue shortly after a change: the job is there, started through MCP, done.
        const QString queueFile = home(u"data/sanzaru-qt/sanzaru-qt/queue.json"_s);
        const auto heronJob = [&]() -> QJsonObject {
            QFile file(queueFile);
            if (!file.open(QIODevice::ReadOnly))
                return {};
            const QJsonArray jobs =
                QJsonDocument::fromJson(file.readAll()).object().value(u"jobs"_s).toArray();
            for (const QJsonValue &job : jobs)
                if (job[u"arguments"_s][u"prompt"_s].toString() == u"a heron at dawn"_s)
                    return job.toObject();
            return {};
        };
        QTRY_VERIFY_WITH_TIMEOUT(heronJob().value(u"state"_s).toString() == u"completed"_s, 20000);
        QCOMPARE(heronJob().value(u"origin"_s).toString(), u"mcp"_s);
    }

    void capabilitiesWithoutKeyOrNetwork()
    {
        QProcessEnvironment env = environment(false);
        env.insert(u"OPENAI_BASE_URL"_s, u"http://127.0.0.1:1/v1"_s);
        const Run r = run({u"capabilities"_s}, env);
        QVERIFY2(r.finished && r.exitCode == 0, r.describe());
        const QJsonObject result = r.result();
        QVERIFY(result.value(u"tools"_s).toArray().contains(u"create_video"_s));
        QVERIFY(result.value(u"commands"_s).toArray().contains(u"video create"_s));
        QCOMPARE(result.value(u"app"_s).toObject().value(u"running"_s).toBool(true), false);
        QCOMPARE(result.value(u"providers"_s)
                     .toObject()
                     .value(u"image"_s)
                     .toObject()
                     .value(u"key_configured"_s)
                     .toBool(true),
                 false);
        QVERIFY(result.value(u"folders"_s)
                    .toObject()
                    .value(u"videos"_s)
                    .toObject()
                    .value(u"configured"_s)
                    .toBool());
        QCOMPARE(m_server->requests().size(), 0);
    }

    void groupHelp()
    {
        const QList<QPair<QString, QList<QByteArray>>> groups{
            {u"video"_s,
             {"create", "remix", "status", "wait", "download", "list", "delete", "files", "--timeout"}},
            {u"image"_s, {"generate", "edit", "create", "status", "wait", "download", "prepare", "files"}},
            {u"wait"_s, {"--type", "--download"}},
            {u"capabilities"_s, {"without a key"}}};
        for (const auto &[group, words] : groups) {
            const Run r = run({group, u"--help"_s}, environment());
            QVERIFY2(r.finished && r.exitCode == 0, r.describe());
            for (const QByteArray &word : words)
                QVERIFY2(r.out.contains(word), group.toUtf8() + " help lacks " + word);
            QVERIFY2(r.out.contains("130"), "the exit codes are listed");
        }
    }
};

QTEST_GUILESS_MAIN(TestAgentCli)
#include "tst_agentcli.moc"

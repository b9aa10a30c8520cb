// SPDX-License-Identifier: MIT
// The real binary as an MCP client launches it: `sanzaru-qt mcp` over stdin/stdout with a minimal
// environment, in-process and relayed to a running `sanzaru-qt serve`, plus `mcp --print-config`.
#include "fakeopenaiserver.h"
#include "mcptestsupport.h"
#include "testimages.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Sanzaru::Testing;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kCanaryKey = QByteArrayLiteral("sk-canary-do-not-print");

/// A running `sanzaru-qt ...` with its stdout split into lines.
class Child
{
public:
    Child(const QStringList &arguments, const QProcessEnvironment &env)
        : m_finished(&m_process, &QProcess::finished)
    {
        m_process.setProgram(QProcessEnvironment::systemEnvironment().value(u"SANZARU_QT_BINARY"_s));
        m_process.setArguments(arguments);
        m_process.setProcessEnvironment(env);
        QObject::connect(&m_process, &QProcess::readyReadStandardOutput, [this] {
            m_stdout += m_process.readAllStandardOutput();
            qsizetype newline;
            while ((newline = m_stdout.indexOf('\n', m_parsed)) >= 0) {
                m_lines.append(m_stdout.mid(m_parsed, newline - m_parsed));
                m_parsed = newline + 1;
            }
        });
        QObject::connect(&m_process, &QProcess::readyReadStandardError,
                         [this] { m_stderr += m_process.readAllStandardError(); });
        m_process.start();
    }
    ~Child()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            (void)QTest::qWaitFor([this] { return m_process.state() == QProcess::NotRunning; }, 5000);
        }
    }

    QProcess &process() { return m_process; }
    bool started()
    {
        return QTest::qWaitFor([this] { return m_process.state() == QProcess::Running; }, 5000);
    }
    bool finished(int timeoutMs = 10000)
    {
        return QTest::qWaitFor([this] { return m_finished.size() > 0; }, timeoutMs);
    }
    int exitCode() const { return m_process.exitCode(); }
    QProcess::ExitStatus exitStatus() const { return m_process.exitStatus(); }

    void send(const QJsonObject &message)
    {
        m_process.write(QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n');
    }
    const QList<QByteArray> &lines() const { return m_lines; }
    QByteArray allStdout() const { return m_stdout; }
    QByteArray allStderr() const { return m_stderr; }
    bool waitForStderr(const QByteArray &text, int timeoutMs = 10000)
    {
        return QTest::qWaitFor([&] { return m_stderr.contains(text); }, timeoutMs);
    }
    /// The line "NAME=value" printed on stdout (serve), once it arrives.
    QString waitForValue(const QByteArray &name)
    {
        QString value;
        (void)QTest::qWaitFor(
            [&] {
                for (const QByteArray &line : m_lines)
                    if (line.startsWith(name + '='))
                        value = QString::fromUtf8(line.mid(name.size() + 1));
                return !value.isEmpty();
            },
            10000);
        return value;
    }
    QJsonObject response(const QJsonValue &id, int timeoutMs = 15000)
    {
        QJsonObject found;
        (void)QTest::qWaitFor(
            [&] {
                for (const QByteArray &line : m_lines) {
                    const QJsonObject m = QJsonDocument::fromJson(line).object();
                    if (m.value(u"id"_s) == id && !m.contains(u"method"_s))
                        found = m;
                }
                return !found.isEmpty();
            },
            timeoutMs);
        return found;
    }
    QJsonObject call(const QJsonObject &request)
    {
        send(request);
        return response(request.value(u"id"_s));
    }

private:
    QProcess m_process;
    QSignalSpy m_finished;
    QByteArray m_stdout;
    QByteArray m_stderr;
    qsizetype m_parsed = 0;
    QList<QByteArray> m_lines;
};

} // namespace

class TestMcpStdio final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    QTemporaryDir m_media;
    QTemporaryDir m_otherMedia;
    QTemporaryDir m_run;
    FakeOpenAiServer m_server;
    int m_sockets = 0;

    QString socketPath() const { return m_run.path() + u"/s%1/mcp.sock"_s.arg(m_sockets); }

    /// What an MCP host passes on (HOME, LOGNAME, PATH, SHELL, TERM, USER) plus the test's own settings.
    QProcessEnvironment environment(const QString &media, const QString &baseUrl) const
    {
        const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
        QProcessEnvironment env;
        env.insert(u"HOME"_s, m_home.path());
        env.insert(u"LOGNAME"_s, system.value(u"LOGNAME"_s, u"user"_s));
        env.insert(u"PATH"_s, system.value(u"PATH"_s, u"/usr/bin:/bin"_s));
        env.insert(u"SHELL"_s, u"/bin/sh"_s);
        env.insert(u"TERM"_s, u"dumb"_s);
        env.insert(u"USER"_s, system.value(u"USER"_s, u"user"_s));
        env.insert(u"SANZARU_QT_SOCKET"_s, socketPath());
        env.insert(u"SANZARU_MEDIA_PATH"_s, media);
        env.insert(u"OPENAI_BASE_URL"_s, baseUrl);
        env.insert(u"OPENAI_API_KEY"_s, QString::fromLatin1(kCanaryKey));
        return env;
    }
    QProcessEnvironment environment() const
    {
        return environment(m_media.path(), m_server.baseUrl().toString());
    }

    static void verifyOnlyJsonRpc(const QByteArray &out)
    {
        QVERIFY2(out.isEmpty() || out.endsWith('\n'), out.right(100).constData());
        const QList<QByteArray> lines = out.split('\n');
        for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(lines.at(i), &error);
            QVERIFY2(error.error == QJsonParseError::NoError && doc.isObject(),
                     lines.at(i).left(300).constData());
            QCOMPARE(doc.object().value(u"jsonrpc"_s).toString(), u"2.0"_s);
        }
    }

private slots:
    void initTestCase()
    {
        QVERIFY(!QProcessEnvironment::systemEnvironment().value(u"SANZARU_QT_BINARY"_s).isEmpty());
        QVERIFY(m_server.start());
        m_server.setApiKey(kCanaryKey);
        QVERIFY(QDir().mkpath(m_media.path() + u"/images"_s));
        QVERIFY(TestImages::write(m_media.path() + u"/images/served.png"_s,
                                  TestImages::encode(TestImages::solid(QSize(64, 48), Qt::red), "PNG")));
        QVERIFY(QDir().mkpath(m_otherMedia.path() + u"/images"_s));
    }

    void init() { ++m_sockets; } // every test gets its own socket path

    void inProcessSession()
    {
        Child mcp({u"mcp"_s}, environment());
        QVERIFY(mcp.started());
        const QJsonObject init = mcp.call(initializeRequest(0));
        QCOMPARE(init[u"result"_s][u"protocolVersion"_s].toString(), u"2025-11-25"_s);
        mcp.send(QJsonObject{{u"jsonrpc"_s, u"2.0"_s}, {u"method"_s, u"notifications/initialized"_s}});
        QCOMPARE(mcp.call(rpcRequest(1, u"tools/list"_s))[u"result"_s][u"tools"_s].toArray().size(), 16);

        const QJsonObject listed = mcp.call(toolCall(u"two"_s, u"list_reference_images"_s));
        const QJsonArray data = listed[u"result"_s][u"structuredContent"_s][u"data"_s].toArray();
        QCOMPARE(data.size(), 1);
        QCOMPARE(data.at(0)[u"filename"_s].toString(), u"served.png"_s);

        const QJsonObject video =
            mcp.call(toolCall(3, u"create_video"_s, {{u"prompt"_s, u"a lighthouse"_s}}));
        QCOMPARE(video[u"result"_s][u"isError"_s].toBool(), false);
        QVERIFY(video[u"result"_s][u"structuredContent"_s][u"id"_s].toString().startsWith(u"video_"_s));
        QCOMPARE(m_server.requestCount("POST", u"/v1/videos"_s), 1);

        mcp.process().write("not json\n");
        QCOMPARE(mcp.response(QJsonValue(QJsonValue::Null))[u"error"_s][u"code"_s].toInt(), -32700);

        mcp.process().closeWriteChannel();
        QVERIFY(mcp.finished());
        QCOMPARE(mcp.exitStatus(), QProcess::NormalExit);
        QCOMPARE(mcp.exitCode(), 0);
        verifyOnlyJsonRpc(mcp.allStdout());
        QCOMPARE(mcp.lines().size(), 5);
        QVERIFY(!mcp.allStdout().contains(kCanaryKey));
        QVERIFY(!mcp.allStderr().contains(kCanaryKey));
        QVERIFY2(!QFileInfo::exists(socketPath()), "stdio mode does not listen on the socket");
    }

    void stdinEofEndsCallsInFlight()
    {
        m_server.addFault("POST", u"/v1/videos"_s, Fault::of(Fault::Kind::StallHeaders));
        Child mcp({u"mcp"_s}, environment());
        QVERIFY(mcp.started());
        QVERIFY(mcp.call(initializeRequest(0)).contains(u"result"_s));
        const int before = m_server.requestCount("POST", u"/v1/videos"_s);
        mcp.send(toolCall(7, u"create_video"_s, {{u"prompt"_s, u"never answered"_s}}));
        QTRY_COMPARE(m_server.requestCount("POST", u"/v1/videos"_s), before + 1);
        mcp.process().closeWriteChannel();
        QVERIFY2(mcp.finished(5000), "exits at end of stdin although a call is in flight");
        QCOMPARE(mcp.exitCode(), 0);
        QCOMPARE(mcp.lines().size(), 1); // the cancelled call is never answered
        verifyOnlyJsonRpc(mcp.allStdout());
        m_server.clearFaults();
    }

    void relaysToRunningInstance()
    {
        Child serve({u"serve"_s}, environment());
        QCOMPARE(serve.waitForValue("MCP_SOCKET"), socketPath());

        // The relay's own settings lead nowhere: only the serve process can answer these calls.
        const QProcessEnvironment relayEnv = environment(m_otherMedia.path(), u"http://127.0.0.1:9/v1"_s);
        auto relay = std::make_unique<Child>(QStringList{u"mcp"_s}, relayEnv);
        QVERIFY(relay->started());
        QVERIFY(relay->call(initializeRequest(u"i"_s)).contains(u"result"_s));
        QVERIFY(serve.waitForStderr("MCP client connected"));
        const QJsonObject listed = relay->call(toolCall(1, u"list_reference_images"_s));
        QCOMPARE(
            listed[u"result"_s][u"structuredContent"_s][u"data"_s].toArray().at(0)[u"filename"_s].toString(),
            u"served.png"_s);
        const int before = m_server.requestCount("POST", u"/v1/videos"_s);
        const QJsonObject video = relay->call(toolCall(2, u"create_video"_s, {{u"prompt"_s, u"relayed"_s}}));
        QCOMPARE(video[u"result"_s][u"isError"_s].toBool(), false);
        QCOMPARE(m_server.requestCount("POST", u"/v1/videos"_s), before + 1);
        QVERIFY(relay->allStderr().contains("relaying"));

        // Requests written right before end of stdin still get their immediate answers, as in-process.
        relay->send(rpcRequest(u"last"_s, u"tools/list"_s));
        relay->process().closeWriteChannel();
        QVERIFY(relay->finished());
        QCOMPARE(relay->exitCode(), 0);
        QCOMPARE(relay->response(u"last"_s)[u"result"_s][u"tools"_s].toArray().size(), 16);
        verifyOnlyJsonRpc(relay->allStdout());
        QCOMPARE(relay->lines().size(), 4); // the relay's own closing ping is not passed on
        QVERIFY(serve.waitForStderr("MCP client disconnected"));

        // A relay whose instance goes away leaves too.
        Child orphan({u"mcp"_s}, relayEnv);
        QVERIFY(orphan.started());
        QVERIFY(orphan.call(initializeRequest(1)).contains(u"result"_s));
        serve.process().terminate();
        QVERIFY(serve.finished());
        QCOMPARE(serve.exitCode(), 0);
        QVERIFY2(!QFileInfo::exists(socketPath()), "serve removes its socket on SIGTERM");
        QVERIFY(orphan.finished());
        QCOMPARE(orphan.exitCode(), 1);
    }

    void serveRefusesSecondInstance()
    {
        Child first({u"serve"_s}, environment());
        QCOMPARE(first.waitForValue("MCP_SOCKET"), socketPath());
        Child second({u"serve"_s}, environment());
        QVERIFY(second.finished());
        QCOMPARE(second.exitCode(), 1);
        QVERIFY2(second.allStderr().contains("already running"), second.allStderr().constData());
        QVERIFY(QFileInfo::exists(socketPath()));
        first.process().terminate();
        QVERIFY(first.finished());
    }

    void desktopAppHostsTheEndpoint()
    {
        QProcessEnvironment guiEnv = environment();
        guiEnv.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        Child gui({}, guiEnv);
        QVERIFY(gui.waitForStderr("MCP endpoint listening"));
        QVERIFY(QFileInfo::exists(socketPath()));

        Child relay({u"mcp"_s}, environment(m_otherMedia.path(), u"http://127.0.0.1:9/v1"_s));
        QVERIFY(relay.call(initializeRequest(0)).contains(u"result"_s));
        const QJsonObject listed = relay.call(toolCall(1, u"list_reference_images"_s));
        QCOMPARE(listed[u"result"_s][u"structuredContent"_s][u"data"_s].toArray().size(), 1);
        QVERIFY(gui.waitForStderr("MCP client connected"));

        // A second desktop app raises the first one's window and leaves; the first keeps its socket.
        Child second({}, guiEnv);
        QVERIFY(second.finished());
        QCOMPARE(second.exitCode(), 0);
        QVERIFY2(!second.allStderr().contains("MCP endpoint listening"), second.allStderr().constData());
        QVERIFY2(!second.allStderr().contains("could not raise"), second.allStderr().constData());
        QVERIFY(QFileInfo::exists(socketPath()));

        relay.process().closeWriteChannel();
        QVERIFY(relay.finished());
        gui.process().terminate();
        QVERIFY(gui.finished());
        QCOMPARE(gui.exitCode(), 0);
        QVERIFY(!QFileInfo::exists(socketPath()));
    }

    void printConfig()
    {
        const QString binary = QProcessEnvironment::systemEnvironment().value(u"SANZARU_QT_BINARY"_s);
        for (const QString &client : {u"claude-desktop"_s, u"cursor"_s}) {
            Child config({u"mcp"_s, u"--print-config"_s, client}, environment());
            QVERIFY(config.finished());
            QCOMPARE(config.exitCode(), 0);
            QJsonParseError error;
            const QJsonObject root = QJsonDocument::fromJson(config.allStdout(), &error).object();
            QVERIFY2(error.error == QJsonParseError::NoError, config.allStdout().constData());
            const QJsonObject entry = root[u"mcpServers"_s][u"sanzaru-qt"_s].toObject();
            QCOMPARE(QFileInfo(entry[u"command"_s].toString()).canonicalFilePath(),
                     QFileInfo(binary).canonicalFilePath());
            QVERIFY(QFileInfo(entry[u"command"_s].toString()).isAbsolute());
            QCOMPARE(entry[u"args"_s].toArray(), QJsonArray{u"mcp"_s});
            QVERIFY(entry[u"env"_s].toObject().contains(u"OPENAI_API_KEY"_s));
            QCOMPARE(entry[u"env"_s][u"SANZARU_MEDIA_PATH"_s].toString(), m_media.path());
            QVERIFY(!config.allStdout().contains(kCanaryKey));
            QVERIFY(!config.allStderr().contains(kCanaryKey));
            QVERIFY2(config.allStderr().contains("# MCP socket: " + QFile::encodeName(socketPath()) + '\n'),
                     config.allStderr().constData());
        }
        Child code({u"mcp"_s, u"--print-config"_s, u"claude-code"_s}, environment());
        QVERIFY(code.finished());
        QCOMPARE(code.exitCode(), 0);
        const QByteArray line = code.allStdout().trimmed();
        QVERIFY2(line.startsWith("claude mcp add ") && line.endsWith(" mcp") && line.contains(" -- "),
                 line.constData());
        QVERIFY(!line.contains(kCanaryKey));
        Child bad({u"mcp"_s, u"--print-config"_s, u"vim"_s}, environment());
        QVERIFY(bad.finished());
        QCOMPARE(bad.exitCode(), 2);
    }
};

QTEST_GUILESS_MAIN(TestMcpStdio)
#include "tst_mcpstdio.moc"

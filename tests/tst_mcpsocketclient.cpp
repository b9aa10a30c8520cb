// SPDX-License-Identifier: MIT
// McpSocketClient (the `sanzaru-qt tool` relay) against an in-process McpLocalServer over a ToolRegistry
// and the fake OpenAI server: results, tool errors, unknown tools, an instance that goes away mid-call,
// no instance at all (nothing sent: safe to run in-process), and the handshake and call timeouts.
#include "fakeopenaiserver.h"
#include "mcptestsupport.h"

#include "mcp/mcplocalserver.h"
#include "mcp/mcpsocketclient.h"
#include "mcp/mcpsocketpath.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

using namespace Sanzaru::Core;
using namespace Sanzaru::Testing;
using namespace Qt::StringLiterals;

namespace {

/// Leaves a socket file nobody listens on, as a crashed instance would.
bool makeStaleSocket(const QString &path)
{
    const QByteArray file = QFile::encodeName(path);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, file.constData(), size_t(file.size()));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    const bool bound =
        ::bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0 && ::listen(fd, 1) == 0;
    ::close(fd);
    return bound;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

class TestMcpSocketClient final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_media;
    QTemporaryDir m_sockets;
    std::optional<FakeOpenAiServer> m_api;
    std::optional<McpTestEngine> m_engine;
    int m_paths = 0;

    QString freshPath()
    {
        const QString dir = m_sockets.path() + u"/run%1"_s.arg(++m_paths);
        QDir().mkpath(dir);
        ::chmod(QFile::encodeName(dir).constData(), 0700);
        return dir + u"/mcp.sock"_s;
    }

    /// Runs one call to the end; the client is left for inspection.
    static void runCall(McpSocketClient *client, const QString &path, const QString &tool,
                        const QJsonObject &arguments, int *finishedSignals)
    {
        QSignalSpy finished(client, &McpSocketClient::finished);
        client->callTool(McpSocketPath::custom(path), tool, arguments);
        QCOMPARE(finished.count(), 0); // never from inside callTool()
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0, 20000);
        QTest::qWait(50); // room for a (wrong) second emission
        *finishedSignals = int(finished.count());
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_media.isValid());
        QVERIFY(m_sockets.isValid());
        m_api.emplace();
        QVERIFY(m_api->start());
        m_engine.emplace(m_media.path(), m_api->baseUrl(), m_api->apiKey());
        QVERIFY(QDir().mkpath(m_media.path() + u"/videos"_s));
        QVERIFY(writeFile(m_media.path() + u"/videos/clip.mp4"_s, QByteArray(1000, 'v')));
    }

    void init()
    {
        m_api->clearRequests();
        m_api->clearFaults();
    }

    void callReturnsTheStructuredResult()
    {
        McpLocalServer server(m_engine->registry());
        const QString path = freshPath();
        QCOMPARE(server.listen(McpSocketPath::custom(path)), McpLocalServer::ListenResult::Listening);
        QSignalSpy started(&server, &McpLocalServer::toolCallStarted);

        McpSocketClient client;
        int emitted = 0;
        runCall(&client, path, u"list_local_videos"_s, {}, &emitted);
        QCOMPARE(emitted, 1);
        QCOMPARE(client.status(), McpSocketClient::Status::Completed);
        QVERIFY(!client.isToolError());
        QCOMPARE(started.count(), 1); // the instance saw it as one of its calls (its window mirrors these)
        const QJsonObject structured = client.toolResult().value(u"structuredContent"_s).toObject();
        const QJsonArray data = structured.value(u"data"_s).toArray();
        QCOMPARE(data.size(), 1);
        QCOMPARE(data.at(0).toObject().value(u"filename"_s).toString(), u"clip.mp4"_s);
        // The text block is the same JSON, indented: what `sanzaru-qt tool` prints.
        const QString text =
            client.toolResult().value(u"content"_s).toArray().at(0).toObject().value(u"text"_s).toString();
        QCOMPARE(text.toUtf8(), QJsonDocument(structured).toJson(QJsonDocument::Indented));
        QCOMPARE(client.rpcErrorCode(), 0);
        QTRY_COMPARE(server.clientCount(), 0); // the client leaves once answered
    }

    void apiCallGoesThroughTheInstance()
    {
        McpLocalServer server(m_engine->registry());
        const QString path = freshPath();
        QCOMPARE(server.listen(McpSocketPath::custom(path)), McpLocalServer::ListenResult::Listening);
        McpSocketClient client;
        QSignalSpy progress(&client, &McpSocketClient::progressed);
        int emitted = 0;
        runCall(&client, path, u"create_video"_s, {{u"prompt"_s, u"a lighthouse"_s}}, &emitted);
        QCOMPARE(emitted, 1);
        QCOMPARE(client.status(), McpSocketClient::Status::Completed);
        QVERIFY2(!client.isToolError(), QJsonDocument(client.toolResult()).toJson());
        const QJsonObject video = client.toolResult().value(u"structuredContent"_s).toObject();
        QVERIFY(!video.value(u"id"_s).toString().isEmpty());
        QCOMPARE(video.value(u"status"_s).toString(), u"queued"_s);
        QCOMPARE(m_api->requestCount("POST", u"/v1/videos"_s), 1);
    }

    void toolErrorIsAResult()
    {
        McpLocalServer server(m_engine->registry());
        const QString path = freshPath();
        QCOMPARE(server.listen(McpSocketPath::custom(path)), McpLocalServer::ListenResult::Listening);
        McpSocketClient client;
        int emitted = 0;
        runCall(&client, path, u"get_video_status"_s, {{u"video_id"_s, u"video_doesnotexist"_s}}, &emitted);
        QCOMPARE(emitted, 1);
        QCOMPARE(client.status(), McpSocketClient::Status::Completed);
        QVERIFY(client.isToolError());
        const QString text =
            client.toolResult().value(u"content"_s).toArray().at(0).toObject().value(u"text"_s).toString();
        QVERIFY2(text.startsWith(u"Error executing tool get_video_status: "_s), qPrintable(text));
    }

    void unknownToolIsAnError()
    {
        McpLocalServer server(m_engine->registry());
        const QString path = freshPath();
        QCOMPARE(server.listen(McpSocketPath::custom(path)), McpLocalServer::ListenResult::Listening);
        McpSocketClient client;
        int emitted = 0;
        runCall(&client, path, u"no_such_tool"_s, {}, &emitted);
        QCOMPARE(emitted, 1);
        QCOMPARE(client.status(), McpSocketClient::Status::Failed);
        QCOMPARE(client.rpcErrorCode(), -32602);
        QCOMPARE(client.error().kind, ErrorKind::UnknownTool); // typed, not read out of the message
        QVERIFY2(client.error().message.contains(u"no_such_tool"_s), qPrintable(client.error().message));
        QVERIFY(client.toolResult().isEmpty());
    }

    void serverGoneMidCall()
    {
        auto server = std::make_unique<McpLocalServer>(m_engine->registry());
        const QString path = freshPath();
        QCOMPARE(server->listen(McpSocketPath::custom(path)), McpLocalServer::ListenResult::Listening);
        // The API takes the request and never answers: the call stays in flight in the instance.
        m_api->addFault("POST", u"/v1/videos"_s, Fault::of(Fault::Kind::StallHeaders));
        McpSocketClient client;
        QSignalSpy finished(&client, &McpSocketClient::finished);
        client.callTool(McpSocketPath::custom(path), u"create_video"_s, {{u"prompt"_s, u"x"_s}});
        QTRY_COMPARE_WITH_TIMEOUT(server->callsInFlight(), 1, 10000);
        QCOMPARE(finished.count(), 0);

        server.reset(); // the instance quits (or crashes) while the call runs
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        QTest::qWait(50);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(client.status(), McpSocketClient::Status::Failed);
        QCOMPARE(client.error().kind, ErrorKind::Network);
        QVERIFY2(client.error().message.contains(u"closed the connection before create_video finished"_s),
                 qPrintable(client.error().message));
    }

    void notRunning_data()
    {
        QTest::addColumn<QString>("situation");
        QTest::newRow("no socket file") << u"missing"_s;
        QTest::newRow("stale socket file") << u"stale"_s;
        QTest::newRow("no socket directory") << u"nodir"_s;
        QTest::newRow("directory open to others") << u"opendir"_s;
    }
    void notRunning()
    {
        QFETCH(QString, situation);
        QString path = freshPath();
        if (situation == u"stale"_s) {
            QVERIFY(makeStaleSocket(path));
        } else if (situation == u"nodir"_s) {
            path = m_sockets.path() + u"/does-not-exist/mcp.sock"_s;
        } else if (situation == u"opendir"_s) {
            QVERIFY(::chmod(QFile::encodeName(QFileInfo(path).path()).constData(), 0777) == 0);
            QVERIFY(makeStaleSocket(path));
        }
        McpSocketClient client;
        int emitted = 0;
        runCall(&client, path, u"create_video"_s, {{u"prompt"_s, u"x"_s}}, &emitted);
        QCOMPARE(emitted, 1);
        QCOMPARE(client.status(), McpSocketClient::Status::NotRunning);
        QVERIFY(!client.error().message.isEmpty());
        if (situation == u"missing"_s || situation == u"stale"_s)
            QVERIFY2(client.error().message.contains(u"not running"_s), qPrintable(client.error().message));
        QCOMPARE(m_api->requests().size(), 0);
    }

    void handshakeTimeoutIsNotRunning()
    {
        // Something accepts connections and never speaks: nothing was sent, so in-process is still safe.
        QLocalServer mute;
        const QString path = freshPath();
        QVERIFY(mute.listen(path));
        QList<QLocalSocket *> accepted;
        connect(&mute, &QLocalServer::newConnection, this, [&] {
            while (QLocalSocket *s = mute.nextPendingConnection())
                accepted.append(s);
        });
        McpSocketClient client;
        client.setHandshakeTimeout(300);
        int emitted = 0;
        runCall(&client, path, u"list_local_videos"_s, {}, &emitted);
        QCOMPARE(emitted, 1);
        QCOMPARE(client.status(), McpSocketClient::Status::NotRunning);
        QCOMPARE(client.error().kind, ErrorKind::Timeout);
        QCOMPARE(accepted.size(), 1);
        QByteArray received;
        for (QLocalSocket *s : std::as_const(accepted))
            received += s->readAll();
        QVERIFY2(received.contains("\"initialize\""), received);
        QVERIFY2(!received.contains("tools/call"), received);
    }

    void callTimeoutCancelsTheCall()
    {
        McpLocalServer server(m_engine->registry());
        const QString path = freshPath();
        QCOMPARE(server.listen(McpSocketPath::custom(path)), McpLocalServer::ListenResult::Listening);
        m_api->addFault("POST", u"/v1/videos"_s, Fault::of(Fault::Kind::StallHeaders));
        McpSocketClient client;
        client.setCallTimeout(500);
        int emitted = 0;
        runCall(&client, path, u"create_video"_s, {{u"prompt"_s, u"x"_s}}, &emitted);
        QCOMPARE(emitted, 1);
        QCOMPARE(client.status(), McpSocketClient::Status::Failed);
        QCOMPARE(client.error().kind, ErrorKind::Timeout);
        // Leaving cancels the call in the instance.
        QTRY_COMPARE_WITH_TIMEOUT(server.callsInFlight(), 0, 10000);
        QTRY_COMPARE(server.clientCount(), 0);
    }

    void destroyedClientCancelsItsCall()
    {
        McpLocalServer server(m_engine->registry());
        const QString path = freshPath();
        QCOMPARE(server.listen(McpSocketPath::custom(path)), McpLocalServer::ListenResult::Listening);
        m_api->addFault("POST", u"/v1/videos"_s, Fault::of(Fault::Kind::StallHeaders));
        auto client = std::make_unique<McpSocketClient>();
        client->callTool(McpSocketPath::custom(path), u"create_video"_s, {{u"prompt"_s, u"x"_s}});
        QTRY_COMPARE_WITH_TIMEOUT(server.callsInFlight(), 1, 10000);
        client.reset();
        QTRY_COMPARE_WITH_TIMEOUT(server.callsInFlight(), 0, 10000);
    }

    void cleanupTestCase()
    {
        m_engine.reset();
        m_api.reset();
    }
};

QTEST_GUILESS_MAIN(TestMcpSocketClient)
#include "tst_mcpsocketclient.moc"

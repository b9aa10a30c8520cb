// SPDX-License-Identifier: MIT
// McpLocalServer over real QLocalSockets: handshake and tool listing, many clients with many calls in
// flight, malformed input, the message cap, cancellation on disconnect, single instance per path, stale
// socket recovery, permissions, and where McpSocketPath puts the socket.
#include "mcptestsupport.h"
#include "testimages.h"

#include "mcp/mcplocalserver.h"
#include "mcp/mcpsocketclient.h"
#include "mcp/mcpsocketpath.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <QScopeGuard>

#include <cerrno>
#include <optional>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

using namespace Sanzaru::Core;
using namespace Sanzaru::Testing;
using namespace Qt::StringLiterals;

namespace {

int modeOf(const QString &path)
{
    struct stat st
    {
    };
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

/// Leaves a socket file nobody listens on, as a crashed server would.
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

} // namespace

class TestMcpLocalSocket final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_media;
    QTemporaryDir m_sockets;
    QTcpServer m_stallApi; // an "OpenAI" that accepts requests and never answers
    QList<QTcpSocket *> m_stalled;
    std::optional<McpTestEngine> m_engine;
    int m_paths = 0;

    QString freshPath() { return m_sockets.path() + u"/run%1/mcp.sock"_s.arg(++m_paths); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_media.isValid());
        QVERIFY(m_sockets.isValid());
        QVERIFY(m_stallApi.listen(QHostAddress::LocalHost));
        connect(&m_stallApi, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_stallApi.nextPendingConnection())
                m_stalled.append(s);
        });
        m_engine.emplace(m_media.path(), QUrl(u"http://127.0.0.1:%1/v1"_s.arg(m_stallApi.serverPort())));
        QVERIFY(QDir().mkpath(m_media.path() + u"/images"_s));
        QVERIFY(TestImages::write(m_media.path() + u"/images/ref.png"_s,
                                  TestImages::encode(TestImages::photoLike(QSize(320, 240)), "PNG")));
    }

    void socketPathFromEnvironment()
    {
        // Only the variables an MCP client passes on: no XDG_RUNTIME_DIR, no TMPDIR.
        QProcessEnvironment minimal;
        for (const char *name : {"HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER"})
            minimal.insert(QString::fromLatin1(name), u"x"_s);
        const QString uid = QString::number(::getuid());
        const QString dir = McpSocketPath::userDirectory();
        QVERIFY2(dir == u"/run/user/"_s + uid + u"/sanzaru-qt"_s || dir == u"/tmp/sanzaru-qt-"_s + uid,
                 qPrintable(dir));
        QCOMPARE(McpSocketPath::fromEnvironment(minimal).path(), dir + u"/mcp.sock"_s);
        minimal.insert(u"XDG_RUNTIME_DIR"_s, u"/elsewhere"_s);
        QCOMPARE(McpSocketPath::fromEnvironment(minimal).path(), dir + u"/mcp.sock"_s);
        minimal.insert(u"SANZARU_QT_SOCKET"_s, u"test.sock"_s);
        QCOMPARE(McpSocketPath::fromEnvironment(minimal).path(), dir + u"/test.sock"_s);
        minimal.insert(u"SANZARU_QT_SOCKET"_s, u"/some/where/x.sock"_s);
        QCOMPARE(McpSocketPath::fromEnvironment(minimal).path(), u"/some/where/x.sock"_s);
    }

    void foreignSocketFolderFallsBackAndClientsFollow()
    {
        // The /tmp-style candidate pre-created by another user (as root: a folder given to nobody; else a
        // symlink, which is refused the same way), then a folder of our own to fall back to.
        const QString foreign = m_sockets.path() + u"/cand-tmp"_s;
        const QString fallback = m_sockets.path() + u"/cand-home/.cache/sanzaru-qt/run"_s;
        if (::getuid() == 0) {
            QVERIFY(QDir().mkpath(foreign));
            QVERIFY(::chmod(QFile::encodeName(foreign).constData(), 0700) == 0);
            QVERIFY(::chown(QFile::encodeName(foreign).constData(), 65534, 65534) == 0);
        } else {
            QVERIFY(QDir().mkpath(m_sockets.path() + u"/elsewhere"_s));
            QVERIFY(QFile::link(m_sockets.path() + u"/elsewhere"_s, foreign));
        }
        McpSocketPath::setCandidateDirectoriesForTesting({foreign, fallback});
        auto restore = qScopeGuard([] { McpSocketPath::setCandidateDirectoriesForTesting({}); });

        QProcessEnvironment minimal; // what an MCP host passes on
        for (const char *name : {"HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER"})
            minimal.insert(QString::fromLatin1(name), u"x"_s);
        const McpSocketPath serverSide = McpSocketPath::fromEnvironment(minimal);
        QCOMPARE(serverSide.path(), fallback + u"/mcp.sock"_s);
        McpLocalServer server(m_engine->registry());
        QCOMPARE(server.listen(serverSide), McpLocalServer::ListenResult::Listening);
        QCOMPARE(modeOf(fallback), 0700);
        QCOMPARE(modeOf(m_sockets.path() + u"/cand-home/.cache/sanzaru-qt"_s), 0700);

        // A client started later walks the same list and finds the server, even once the foreign folder
        // is gone and the first candidate would be usable again.
        QVERIFY(QFileInfo(foreign).isSymLink() ? QFile::remove(foreign) : QDir(foreign).removeRecursively());
        QVERIFY(QDir().mkpath(foreign));
        QVERIFY(::chmod(QFile::encodeName(foreign).constData(), 0700) == 0);
        McpSocketClient client;
        QSignalSpy finished(&client, &McpSocketClient::finished);
        client.callTool(McpSocketPath::fromEnvironment(minimal), u"list_reference_images"_s, {});
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(client.socketPath(), fallback + u"/mcp.sock"_s);
        QCOMPARE(client.status(), McpSocketClient::Status::Completed);
        // And a second server sees the first instead of starting beside it.
        McpLocalServer second(m_engine->registry());
        QCOMPARE(second.listen(McpSocketPath::fromEnvironment(minimal)),
                 McpLocalServer::ListenResult::AlreadyRunning);
    }

    void permissions()
    {
        McpLocalServer server(m_engine->registry());
        const QString path = freshPath();
        QCOMPARE(server.listen(McpSocketPath::custom(path)), McpLocalServer::ListenResult::Listening);
        QCOMPARE(modeOf(QFileInfo(path).path()), 0700);
        QCOMPARE(modeOf(path), 0600);
        QVERIFY(QFileInfo(path).exists());
        server.close();
        QVERIFY2(!QFileInfo::exists(path), "close() removes the socket file");
    }

    void refusesUnsafeDirectories()
    {
        const QString open = m_sockets.path() + u"/open"_s;
        QVERIFY(QDir().mkpath(open));
        QVERIFY(::chmod(QFile::encodeName(open).constData(), 0777) == 0);
        McpLocalServer server(m_engine->registry());
        QCOMPARE(server.listen(McpSocketPath::custom(open + u"/mcp.sock"_s)),
                 McpLocalServer::ListenResult::Failed);
        QVERIFY2(server.errorString().contains(u"open to other users"_s), qPrintable(server.errorString()));
        QVERIFY(!McpSocketPath::custom(open + u"/mcp.sock"_s).check().ok());

        const QString link = m_sockets.path() + u"/link"_s;
        QVERIFY(QFile::link(m_sockets.path(), link));
        QCOMPARE(server.listen(McpSocketPath::custom(link + u"/mcp.sock"_s)),
                 McpLocalServer::ListenResult::Failed);

        if (::getuid() == 0) { // only root can hand a directory to somebody else
            const QString foreign = m_sockets.path() + u"/foreign"_s;
            QVERIFY(QDir().mkpath(foreign));
            QVERIFY(::chmod(QFile::encodeName(foreign).constData(), 0700) == 0);
            QVERIFY(::chown(QFile::encodeName(foreign).constData(), 65534, 65534) == 0);
            QCOMPARE(server.listen(McpSocketPath::custom(foreign + u"/mcp.sock"_s)),
                     McpLocalServer::ListenResult::Failed);
            QVERIFY2(server.errorString().contains(u"another user"_s), qPrintable(server.errorString()));
        }
    }

    void initializeAndListTools()
    {
        McpLocalServer server(m_engine->registry());
        QCOMPARE(server.listen(McpSocketPath::custom(freshPath())), McpLocalServer::ListenResult::Listening);
        McpLineClient client;
        QVERIFY(client.connectTo(server.socketPath()));
        const QJsonObject init = client.call(initializeRequest(u"init"_s));
        QCOMPARE(init.value(u"result"_s)[u"protocolVersion"_s].toString(), u"2025-11-25"_s);
        const QJsonObject list = client.call(rpcRequest(2, u"tools/list"_s));
        const QJsonArray tools = list.value(u"result"_s)[u"tools"_s].toArray();
        QCOMPARE(tools.size(), 16);
        for (const QJsonValue &tool : tools) {
            QVERIFY(tool[u"inputSchema"_s].isObject());
            QCOMPARE(tool[u"inputSchema"_s][u"type"_s].toString(), u"object"_s);
        }
        for (const QByteArray &line : client.lines())
            QVERIFY2(!line.contains('\n') && QJsonDocument::fromJson(line).isObject(),
                     line.left(200).constData());
    }

    void clientsOverTheCapAreToldBusyAndClosed()
    {
        McpLocalServer server(m_engine->registry());
        server.setMaxClients(2);
        QCOMPARE(server.listen(McpSocketPath::custom(freshPath())), McpLocalServer::ListenResult::Listening);
        McpLineClient first;
        McpLineClient second;
        QVERIFY(first.connectTo(server.socketPath()));
        QVERIFY(second.connectTo(server.socketPath()));
        QTRY_COMPARE(server.clientCount(), 2);

        McpLineClient third; // refused: one -32000 line, then EOF; the server holds nothing for it
        third.connectTo(server.socketPath());
        QTRY_VERIFY(third.isDisconnected());
        QCOMPARE(third.messages().size(), 1);
        QCOMPARE(third.messages().first()[u"error"_s][u"code"_s].toInt(), -32000);
        QVERIFY2(third.messages().first()[u"error"_s][u"message"_s].toString().contains(u"busy"_s),
                 third.lines().first().constData());
        QCOMPARE(server.clientCount(), 2);
        QVERIFY(first.call(initializeRequest(1)).contains(u"result"_s)); // the admitted ones are unaffected

        second.socket().disconnectFromServer();
        QTRY_COMPARE(server.clientCount(), 1);
        McpLineClient fourth;
        QVERIFY(fourth.connectTo(server.socketPath()));
        QVERIFY(fourth.call(initializeRequest(1)).contains(u"result"_s));
    }

    void listensAgainAfterAcceptFails()
    {
        // QLocalServer closes itself and deletes the socket file when accept() fails (EMFILE at the fd
        // limit). Make exactly that happen, then expect the endpoint back on the same path.
        McpLocalServer server(m_engine->registry());
        const QString path = freshPath();
        QCOMPARE(server.listen(McpSocketPath::custom(path)), McpLocalServer::ListenResult::Listening);
        const QByteArray file = QFile::encodeName(path);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::memcpy(address.sun_path, file.constData(), size_t(file.size()));
        const int client = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        QVERIFY(client >= 0);

        rlimit original{};
        QCOMPARE(::getrlimit(RLIMIT_NOFILE, &original), 0);
        const int lowestFree = ::dup(0);
        QVERIFY(lowestFree >= 0);
        ::close(lowestFree);
        rlimit exhausted = original;
        exhausted.rlim_cur = rlim_t(lowestFree); // no descriptor left for accept()
        QCOMPARE(::setrlimit(RLIMIT_NOFILE, &exhausted), 0);
        auto restore = qScopeGuard([&original] { ::setrlimit(RLIMIT_NOFILE, &original); });
        QCOMPARE(::connect(client, reinterpret_cast<const sockaddr *>(&address), sizeof address), 0);
        // Once the server tried to accept it, the client sees its connection end.
        const auto connectionEnded = [client] {
            char byte;
            const ssize_t got = ::recv(client, &byte, 1, MSG_DONTWAIT);
            return got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK) || got > 0;
        };
        QTRY_VERIFY_WITH_TIMEOUT(connectionEnded(), 5000);
        ::close(client);
        restore.dismiss();
        ::setrlimit(RLIMIT_NOFILE, &original);

        QTRY_VERIFY(server.isListening());
        QTRY_VERIFY(QFileInfo::exists(path));
        QCOMPARE(modeOf(path), 0600);
        McpLineClient again;
        QVERIFY(again.connectTo(path));
        QVERIFY(again.call(initializeRequest(1)).contains(u"result"_s));
        // The lock was never given up: a second server on the path is still refused.
        McpLocalServer second(m_engine->registry());
        QCOMPARE(second.listen(McpSocketPath::custom(path)), McpLocalServer::ListenResult::AlreadyRunning);
    }

    void concurrentClientsWithCallsInFlight()
    {
        McpLocalServer server(m_engine->registry());
        QSignalSpy counts(&server, &McpLocalServer::clientCountChanged);
        QCOMPARE(server.listen(McpSocketPath::custom(freshPath())), McpLocalServer::ListenResult::Listening);
        constexpr int clients = 4;
        constexpr int rounds = 3;
        std::vector<std::unique_ptr<McpLineClient>> pool;
        for (int c = 0; c < clients; ++c) {
            pool.push_back(std::make_unique<McpLineClient>());
            QVERIFY(pool.back()->connectTo(server.socketPath()));
            QVERIFY(pool.back()->call(initializeRequest(0)).contains(u"result"_s));
        }
        QTRY_COMPARE(server.clientCount(), clients);
        QCOMPARE(counts.last().at(0).toInt(), clients);

        // Every client writes all its requests at once; string and integer ids, the same numbers on
        // every connection (ids are per session).
        for (int c = 0; c < clients; ++c) {
            QByteArray burst;
            for (int r = 0; r < rounds; ++r) {
                const QJsonObject calls[] = {
                    toolCall(u"list-%1"_s.arg(r), u"list_reference_images"_s),
                    toolCall(100 + r, u"prepare_reference_image"_s,
                             {{u"input_filename"_s, u"ref.png"_s},
                              {u"target_size"_s, u"1280x720"_s},
                              {u"output_filename"_s, u"out_%1_%2.png"_s.arg(c).arg(r)}}),
                    toolCall(u"%1"_s.arg(200 + r), u"_get_media_data"_s,
                             {{u"media_type"_s, u"image"_s},
                              {u"filename"_s, u"ref.png"_s},
                              {u"chunk_size"_s, 1000 + r}}),
                };
                for (const QJsonObject &call : calls)
                    burst += QJsonDocument(call).toJson(QJsonDocument::Compact) + '\n';
            }
            pool[c]->sendRaw(burst);
        }
        for (int c = 0; c < clients; ++c) {
            McpLineClient &client = *pool[c];
            for (int r = 0; r < rounds; ++r) {
                const QJsonObject list = client.waitFor(u"list-%1"_s.arg(r), 30000);
                QVERIFY2(list[u"result"_s][u"structuredContent"_s][u"data"_s].isArray(),
                         QJsonDocument(list).toJson());
                const QJsonObject prepared = client.waitFor(100 + r, 30000);
                QCOMPARE(prepared[u"result"_s][u"structuredContent"_s][u"output_filename"_s].toString(),
                         u"out_%1_%2.png"_s.arg(c).arg(r));
                // "200" (a string) must not be answered as 200 (a number), nor the other way round.
                const QJsonObject chunk = client.waitFor(u"%1"_s.arg(200 + r), 30000);
                QCOMPARE(chunk[u"result"_s][u"structuredContent"_s][u"chunk_size"_s].toInt(), 1000 + r);
                QVERIFY(client.responseFor(200 + r).isEmpty());
            }
            QCOMPARE(client.messages().size(), 1 + 3 * rounds);
        }
        QTRY_COMPARE(server.callsInFlight(), 0);
        pool.clear();
        QTRY_COMPARE(server.clientCount(), 0);
        QCOMPARE(counts.last().at(0).toInt(), 0);
    }

    void malformedLinesKeepTheConnection_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<int>("code");
        QTest::addColumn<QJsonValue>("id");
        QTest::newRow("garbage") << QByteArray("garbage") << -32700 << QJsonValue(QJsonValue::Null);
        QTest::newRow("open bracket") << QByteArray("[") << -32700 << QJsonValue(QJsonValue::Null);
        QTest::newRow("truncated") << QByteArray("{\"jsonrpc\":\"2.0\",\"id\":3,") << -32700
                                   << QJsonValue(QJsonValue::Null);
        QTest::newRow("empty object") << QByteArray("{}") << -32600 << QJsonValue(QJsonValue::Null);
        QTest::newRow("batch") << QByteArray("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]") << -32600
                               << QJsonValue(QJsonValue::Null);
        QTest::newRow("jsonrpc 1.0") << QByteArray("{\"jsonrpc\":\"1.0\",\"id\":7,\"method\":\"ping\"}")
                                     << -32600 << QJsonValue(7);
        QTest::newRow("object id") << QByteArray("{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}")
                                   << -32600 << QJsonValue(QJsonValue::Null);
        QTest::newRow("bool id") << QByteArray("{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"ping\"}")
                                 << -32600 << QJsonValue(QJsonValue::Null);
        QTest::newRow("fraction id") << QByteArray("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}")
                                     << -32600 << QJsonValue(QJsonValue::Null);
        QTest::newRow("huge id") << QByteArray("{\"jsonrpc\":\"2.0\",\"id\":1e400,\"method\":\"ping\"}")
                                 << -32700 << QJsonValue(QJsonValue::Null);
        QTest::newRow("array id") << QByteArray("{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"ping\"}")
                                  << -32600 << QJsonValue(QJsonValue::Null);
        QTest::newRow("method number")
            << QByteArray("{\"jsonrpc\":\"2.0\",\"id\":\"m\",\"method\":5}") << -32600 << QJsonValue(u"m"_s);
        QTest::newRow("unknown method")
            << QByteArray("{\"jsonrpc\":\"2.0\",\"id\":\"u\",\"method\":\"nope/nope\"}") << -32601
            << QJsonValue(u"u"_s);
        QTest::newRow("unknown tool")
            << QByteArray(
                   "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"nope\"}}")
            << -32602 << QJsonValue(9);
    }

    void malformedLinesKeepTheConnection()
    {
        QFETCH(QByteArray, line);
        QFETCH(int, code);
        QFETCH(QJsonValue, id);
        McpLocalServer server(m_engine->registry());
        QCOMPARE(server.listen(McpSocketPath::custom(freshPath())), McpLocalServer::ListenResult::Listening);
        McpLineClient bad;
        McpLineClient bystander;
        QVERIFY(bad.connectTo(server.socketPath()));
        QVERIFY(bystander.connectTo(server.socketPath()));
        QVERIFY(bad.call(initializeRequest(0)).contains(u"result"_s));
        QVERIFY(bystander.call(initializeRequest(0)).contains(u"result"_s));

        // The bad line twice, with an ignored notification between, then a ping that must still work.
        bad.sendRaw(line + "\n" + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/whatever\"}" + "\n" +
                    line + "\r\n\n");
        const QJsonObject ping = bad.call(rpcRequest(u"after"_s, u"ping"_s));
        QVERIFY2(ping.contains(u"result"_s), "the connection survives malformed input");
        QCOMPARE(bad.messages().size(), 1 + 2 + 1);
        for (int i = 1; i <= 2; ++i) {
            const QJsonObject error = bad.messages().at(i);
            QCOMPARE(error[u"error"_s][u"code"_s].toInt(), code);
            QCOMPARE(error.value(u"id"_s).isUndefined() ? QJsonValue(QJsonValue::Null) : error.value(u"id"_s),
                     id);
        }
        QVERIFY(!bad.isDisconnected());
        QVERIFY(bystander.call(rpcRequest(1, u"ping"_s)).contains(u"result"_s));
        QCOMPARE(bystander.messages().size(), 2);
    }

    void oversizedMessageClosesOnlyThatConnection()
    {
        McpLocalServer server(m_engine->registry());
        server.setMaxMessageBytes(1024 * 1024);
        QCOMPARE(server.listen(McpSocketPath::custom(freshPath())), McpLocalServer::ListenResult::Listening);
        McpLineClient big;
        McpLineClient other;
        QVERIFY(big.connectTo(server.socketPath()));
        QVERIFY(other.connectTo(server.socketPath()));
        QVERIFY(big.call(initializeRequest(0)).contains(u"result"_s));
        QVERIFY(other.call(initializeRequest(0)).contains(u"result"_s));

        // Just under the cap is a normal message.
        const QString padding(900 * 1024, u'x');
        const QJsonObject near =
            big.call(rpcRequest(1, u"ping"_s, {{u"_meta"_s, QJsonObject{{u"pad"_s, padding}}}}));
        QVERIFY(near.contains(u"result"_s));

        // Over the cap, without even a newline: refused as soon as the buffer passes 1 MiB.
        big.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\",\"params\":{\"pad\":\"" +
                    QByteArray(1200 * 1024, 'y'));
        QTRY_VERIFY(big.isDisconnected());
        const QJsonObject error = big.messages().last();
        QCOMPARE(error[u"error"_s][u"code"_s].toInt(), -32600);
        QCOMPARE(error[u"error"_s][u"message"_s].toString(), u"message exceeds 1 MiB"_s);
        QVERIFY2(!error.contains(u"id"_s), "the error is id-less");
        QTRY_COMPARE(server.clientCount(), 1);
        QVERIFY(other.call(rpcRequest(3, u"ping"_s)).contains(u"result"_s));
        QVERIFY(!other.isDisconnected());
    }

    void disconnectCancelsCallsInFlight()
    {
        McpLocalServer server(m_engine->registry());
        QCOMPARE(server.listen(McpSocketPath::custom(freshPath())), McpLocalServer::ListenResult::Listening);
        auto client = std::make_unique<McpLineClient>();
        QVERIFY(client->connectTo(server.socketPath()));
        QVERIFY(client->call(initializeRequest(0)).contains(u"result"_s));
        m_stalled.clear();
        client->send(toolCall(1, u"create_video"_s, {{u"prompt"_s, u"a cat"_s}}));
        QTRY_COMPARE(m_stalled.size(), 1); // the request reached the API, which never answers
        QTcpSocket *upstream = m_stalled.first();
        QSignalSpy upstreamClosed(upstream, &QTcpSocket::disconnected);
        QCOMPARE(server.callsInFlight(), 1);

        client.reset(); // the MCP client goes away
        QTRY_COMPARE(server.clientCount(), 0);
        // Cancelled, not merely forgotten: the HTTP request to the API is aborted.
        QTRY_COMPARE(upstreamClosed.size(), 1);
        QCOMPARE(server.callsInFlight(), 0);
    }

    void secondInstanceIsRefused()
    {
        const QString path = freshPath();
        McpLocalServer first(m_engine->registry());
        QCOMPARE(first.listen(McpSocketPath::custom(path)), McpLocalServer::ListenResult::Listening);
        McpLocalServer second(m_engine->registry());
        QCOMPARE(second.listen(McpSocketPath::custom(path)), McpLocalServer::ListenResult::AlreadyRunning);
        QVERIFY2(second.errorString().contains(u"already running"_s), qPrintable(second.errorString()));
        QVERIFY(!second.isListening());
        second.close(); // must not remove the first one's socket
        QVERIFY(QFileInfo::exists(path));
        McpLineClient client;
        QVERIFY(client.connectTo(path));
        QVERIFY(client.call(rpcRequest(1, u"ping"_s)).contains(u"result"_s));
        QTRY_COMPARE(first.clientCount(), 1);

        first.close();
        QCOMPARE(second.listen(McpSocketPath::custom(path)), McpLocalServer::ListenResult::Listening);
    }

    void staleSocketIsRecovered()
    {
        const QString path = freshPath();
        QVERIFY(QDir().mkpath(QFileInfo(path).path()));
        QVERIFY(::chmod(QFile::encodeName(QFileInfo(path).path()).constData(), 0700) == 0);
        QVERIFY(makeStaleSocket(path));
        QVERIFY(QFileInfo::exists(path));
        QVERIFY(!McpLocalServer::isAnswering(path));

        McpLocalServer server(m_engine->registry());
        QCOMPARE(server.listen(McpSocketPath::custom(path)), McpLocalServer::ListenResult::Listening);
        QVERIFY(McpLocalServer::isAnswering(path));
        McpLineClient client;
        QVERIFY(client.connectTo(path));
        QVERIFY(client.call(rpcRequest(1, u"ping"_s)).contains(u"result"_s));
        server.close();

        // A regular file in its place is not ours to delete.
        QFile plain(path);
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.write("keep me");
        plain.close();
        QCOMPARE(server.listen(McpSocketPath::custom(path)), McpLocalServer::ListenResult::Failed);
        QVERIFY(plain.open(QIODevice::ReadOnly));
        QCOMPARE(plain.readAll(), QByteArray("keep me"));
    }
};

QTEST_GUILESS_MAIN(TestMcpLocalSocket)
#include "tst_mcplocalsocket.moc"

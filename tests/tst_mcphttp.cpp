// SPDX-License-Identifier: MIT
// McpHttpServer (Streamable HTTP on 127.0.0.1) over raw HTTP/1.1 connections: session minting and
// checks, JSON responses (also for calls that finish later), 202 for notifications, 405/403/404/400/413,
// Host and Origin validation against DNS rebinding; the bearer token (McpHttpTokenStore) and 401s;
// limits (body, head, idle timeout, connection cap); clients kept apart (session floods, stateless
// cancellation).
#include "fakeopenaiserver.h"
#include "mcptestsupport.h"
#include "rawhttpconnection.h"

#include "mcp/httprequestreader.h"
#include "mcp/mcphttpserver.h"
#include "mcp/mcphttptokenstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

#include <sys/stat.h>
#include <unistd.h>

using namespace Sanzaru::Core;
using namespace Sanzaru::Testing;
using namespace Qt::StringLiterals;

namespace {

struct Headers
{
    QByteArray host; ///< empty: the server's own 127.0.0.1:PORT
    QByteArray origin;
    QByteArray session;
    QByteArray version = "2025-11-25";
    QByteArray contentType = "application/json";
    std::optional<QByteArray> authorization; ///< the whole header value; unset: "Bearer <the token>"
};

Headers withSession(const QByteArray &session)
{
    Headers h;
    h.session = session;
    return h;
}

} // namespace

class TestMcpHttp final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_media;
    QTemporaryDir m_config;
    FakeOpenAiServer m_api;
    std::optional<McpTestEngine> m_engine;
    mutable std::optional<McpHttpTokenStore> m_tokens; ///< token() stats the file: not a visible change
    std::optional<McpHttpServer> m_http;

    QByteArray token() const { return m_tokens->token().value(); }

    QByteArray request(const QByteArray &method, const QByteArray &body, const Headers &h = {},
                       const QByteArray &path = "/mcp") const
    {
        QByteArray r = method + ' ' + path + " HTTP/1.1\r\n";
        r += "Host: " + (h.host.isEmpty() ? "127.0.0.1:" + QByteArray::number(m_http->port()) : h.host) +
             "\r\n";
        r += "Accept: application/json, text/event-stream\r\n";
        if (!body.isEmpty() || method == "POST")
            r += "Content-Type: " + h.contentType + "\r\nContent-Length: " + QByteArray::number(body.size()) +
                 "\r\n";
        if (!h.origin.isEmpty())
            r += "Origin: " + h.origin + "\r\n";
        if (!h.session.isEmpty())
            r += "Mcp-Session-Id: " + h.session + "\r\n";
        if (!h.version.isEmpty())
            r += "MCP-Protocol-Version: " + h.version + "\r\n";
        const QByteArray authorization = h.authorization.value_or("Bearer " + token());
        if (!authorization.isEmpty())
            r += "Authorization: " + authorization + "\r\n";
        return r + "\r\n" + body;
    }

    RawHttpResponse exchange(const QByteArray &method, const QByteArray &body, const Headers &h = {},
                             const QByteArray &path = "/mcp")
    {
        RawHttpConnection connection(m_http->port());
        connection.send(request(method, body, h, path));
        return connection.readResponses(1).value(0);
    }

    static QByteArray json(const QJsonObject &message)
    {
        return QJsonDocument(message).toJson(QJsonDocument::Compact);
    }
    static QJsonObject modernRequest(const QJsonValue &id, const QString &method, QJsonObject params = {})
    {
        params.insert(u"_meta"_s,
                      QJsonObject{{u"io.modelcontextprotocol/protocolVersion"_s, u"2026-07-28"_s},
                                  {u"io.modelcontextprotocol/clientCapabilities"_s, QJsonObject{}}});
        return rpcRequest(id, method, params);
    }
    static QJsonObject bodyOf(const RawHttpResponse &r) { return QJsonDocument::fromJson(r.body).object(); }

    QByteArray openSession()
    {
        Headers h;
        h.version.clear(); // the initialize POST carries no version header yet
        const RawHttpResponse r = exchange("POST", json(initializeRequest(0)), h);
        const QByteArray session = r.headers.value("mcp-session-id");
        exchange("POST",
                 json(QJsonObject{{u"jsonrpc"_s, u"2.0"_s}, {u"method"_s, u"notifications/initialized"_s}}),
                 withSession(session));
        return session;
    }

    static void verifyIdLessError(const RawHttpResponse &r, int status)
    {
        QCOMPARE(r.status, status);
        QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
        const QJsonObject body = QJsonDocument::fromJson(r.body).object();
        QCOMPARE(body[u"jsonrpc"_s].toString(), u"2.0"_s);
        QVERIFY(body[u"error"_s][u"code"_s].isDouble());
        QVERIFY2(!body.contains(u"id"_s), r.body.constData());
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_api.start());
        QVERIFY(QDir().mkpath(m_media.path() + u"/images"_s));
        m_engine.emplace(m_media.path(), m_api.baseUrl(), m_api.apiKey());
        m_tokens.emplace(m_config.filePath(u"sanzaru-qt/mcp-http-token"_s));
        m_http.emplace(m_engine->registry(), &*m_tokens);
        QVERIFY(m_http->listen(0));
        QVERIFY(m_http->port() != 0);
        QCOMPARE(m_http->url(), u"http://127.0.0.1:%1/mcp"_s.arg(m_http->port()));
    }

    void initializeMintsSession()
    {
        Headers h;
        h.version.clear();
        const RawHttpResponse r = exchange("POST", json(initializeRequest(1, u"2025-06-18"_s)), h);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
        QCOMPARE(bodyOf(r)[u"result"_s][u"protocolVersion"_s].toString(), u"2025-06-18"_s);
        const QByteArray session = r.headers.value("mcp-session-id");
        QVERIFY2(QRegularExpression(u"^[0-9a-f]{64}$"_s).match(QString::fromLatin1(session)).hasMatch(),
                 session.constData());
        const QByteArray another =
            exchange("POST", json(initializeRequest(1)), h).headers.value("mcp-session-id");
        QVERIFY(!another.isEmpty());
        QVERIFY(another != session);
    }

    void listAndCallTools()
    {
        const QByteArray session = openSession();
        RawHttpConnection connection(m_http->port()); // keep-alive: every request on one connection
        connection.send(request("POST", json(rpcRequest(2, u"tools/list"_s)), withSession(session)));
        const QList<RawHttpResponse> listed = connection.readResponses(1);
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed.first().status, 200);
        QCOMPARE(bodyOf(listed.first())[u"result"_s][u"tools"_s].toArray().size(), 16);

        // Two calls pipelined: the answers come back in request order, each with its id.
        connection.send(
            request("POST", json(toolCall(u"a"_s, u"list_reference_images"_s)), withSession(session)) +
            request("POST", json(toolCall(u"b"_s, u"create_video"_s, {{u"prompt"_s, u"waves"_s}})),
                    withSession(session)));
        const QList<RawHttpResponse> calls = connection.readResponses(2, 20000);
        QCOMPARE(calls.size(), 2);
        QCOMPARE(bodyOf(calls.at(0))[u"id"_s].toString(), u"a"_s);
        QVERIFY(bodyOf(calls.at(0))[u"result"_s][u"structuredContent"_s][u"data"_s].isArray());
        QCOMPARE(bodyOf(calls.at(1))[u"id"_s].toString(), u"b"_s);
        QVERIFY(bodyOf(calls.at(1))[u"result"_s][u"structuredContent"_s][u"id"_s].toString().startsWith(
            u"video_"_s));
        QVERIFY(connection.isConnected());
    }

    void concurrentConnectionsShareASession()
    {
        const QByteArray session = openSession();
        m_api.addFault("POST", u"/v1/videos"_s, Fault::slowBody(16, 50));
        RawHttpConnection slow(m_http->port());
        RawHttpConnection fast(m_http->port());
        slow.send(request("POST", json(toolCall(10, u"create_video"_s, {{u"prompt"_s, u"slow"_s}})),
                          withSession(session)));
        fast.send(request("POST", json(toolCall(11, u"list_reference_images"_s)), withSession(session)));
        const QList<RawHttpResponse> quick = fast.readResponses(1);
        QCOMPARE(quick.size(), 1);
        QCOMPARE(bodyOf(quick.first())[u"id"_s].toInt(), 11);
        const QList<RawHttpResponse> later = slow.readResponses(1, 20000);
        QCOMPARE(later.size(), 1);
        QCOMPARE(bodyOf(later.first())[u"id"_s].toInt(), 10);
        QCOMPARE(bodyOf(later.first())[u"result"_s][u"isError"_s].toBool(), false);
        m_api.clearFaults();
    }

    void notificationIsAccepted()
    {
        const QByteArray session = openSession();
        const RawHttpResponse r =
            exchange("POST",
                     json(QJsonObject{{u"jsonrpc"_s, u"2.0"_s},
                                      {u"method"_s, u"notifications/cancelled"_s},
                                      {u"params"_s, QJsonObject{{u"requestId"_s, 99}}}}),
                     withSession(session));
        QCOMPARE(r.status, 202);
        QVERIFY(r.body.isEmpty());
    }

    void getIsNotAllowed()
    {
        const RawHttpResponse r = exchange("GET", {}, withSession(openSession()));
        QCOMPARE(r.status, 405);
        QVERIFY(r.headers.value("allow").contains("POST"));
    }

    void originIsValidated_data()
    {
        QTest::addColumn<QByteArray>("origin");
        QTest::addColumn<int>("status");
        const QByteArray port = QByteArray::number(m_http->port());
        QTest::newRow("foreign") << QByteArray("http://evil.example") << 403;
        QTest::newRow("null") << QByteArray("null") << 403;
        QTest::newRow("other port") << QByteArray("http://127.0.0.1:1") << 403;
        QTest::newRow("https") << "https://127.0.0.1:" + port << 403;
        QTest::newRow("loopback") << "http://127.0.0.1:" + port << 200;
        QTest::newRow("localhost") << "http://localhost:" + port << 200;
    }

    void originIsValidated()
    {
        QFETCH(QByteArray, origin);
        QFETCH(int, status);
        Headers h;
        h.origin = origin;
        h.version.clear();
        const RawHttpResponse r = exchange("POST", json(initializeRequest(1)), h);
        if (status == 403)
            verifyIdLessError(r, 403);
        QCOMPARE(r.status, status);
        QCOMPARE(r.headers.contains("mcp-session-id"), status == 200);
    }

    void hostIsValidated_data()
    {
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<int>("status");
        const QByteArray port = QByteArray::number(m_http->port());
        QTest::newRow("rebinding") << "evil.example:" + port << 403;
        QTest::newRow("no port") << QByteArray("localhost") << 403;
        QTest::newRow("other port") << QByteArray("127.0.0.1:1") << 403;
        QTest::newRow("localhost") << "localhost:" + port << 200;
        QTest::newRow("ipv6 loopback") << "[::1]:" + port << 200;
    }

    void hostIsValidated()
    {
        QFETCH(QByteArray, host);
        QFETCH(int, status);
        Headers h;
        h.host = host;
        h.version.clear();
        const RawHttpResponse r = exchange("POST", json(initializeRequest(1)), h);
        if (status == 403)
            verifyIdLessError(r, 403);
        QCOMPARE(r.status, status);
    }

    void sessionsAreChecked()
    {
        const QByteArray ping = json(rpcRequest(5, u"ping"_s));
        verifyIdLessError(exchange("POST", ping, withSession(QByteArray(64, 'a'))), 404);
        verifyIdLessError(exchange("POST", ping, Headers{}), 400);
        const QByteArray session = openSession();
        Headers wrongVersion = withSession(session);
        wrongVersion.version = "1999-01-01";
        verifyIdLessError(exchange("POST", ping, wrongVersion), 400);
        QCOMPARE(exchange("POST", ping, withSession(session)).status, 200);

        QCOMPARE(exchange("DELETE", {}, withSession(session)).status, 200);
        QCOMPARE(exchange("POST", ping, withSession(session)).status, 404);
        QCOMPARE(exchange("DELETE", {}, withSession(session)).status, 404);
    }

    void badRequests()
    {
        const QByteArray session = openSession();
        const RawHttpResponse parse = exchange("POST", "{not json", withSession(session));
        verifyIdLessError(parse, 400);
        QCOMPARE(bodyOf(parse)[u"error"_s][u"code"_s].toInt(), -32700);
        Headers text = withSession(session);
        text.contentType = "text/plain";
        QCOMPARE(exchange("POST", json(rpcRequest(1, u"ping"_s)), text).status, 415);
        QCOMPARE(exchange("POST", json(rpcRequest(1, u"ping"_s)), withSession(session), "/other").status,
                 404);

        m_http->setMaxBodyBytes(4096);
        RawHttpConnection big(m_http->port());
        big.send(request("POST", json(rpcRequest(1, u"ping"_s, {{u"pad"_s, QString(8000, u'x')}})),
                         withSession(session)));
        const QList<RawHttpResponse> refused = big.readResponses(1);
        QCOMPARE(refused.size(), 1);
        verifyIdLessError(refused.first(), 413);
        QVERIFY(big.waitForClosed());
        m_http->setMaxBodyBytes(McpHttpLimits().maxBodyBytes);
    }

    // Issue 8 item 2: another local user reaches the port but not the owner's token file.
    void otherUserHttpClientIsRefused()
    {
        const QByteArray secret = "PNG-looking secret bytes of the owner";
        {
            QFile file(m_media.filePath(u"images/owner-secret.png"_s));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(secret);
        }
        const QByteArray session = openSession();
        const int sessionsBefore = m_http->sessionCount();
        const int imageRequestsBefore = m_api.requestCount("POST", u"/v1/images/generations"_s);
        const QByteArray wrongToken(64, '0');
        const QList<QByteArray> refusedAuthorizations{QByteArray(),
                                                      "Bearer " + wrongToken,
                                                      "Bearer " + token().left(63),
                                                      "Bearer " + token() + "0",
                                                      "Basic " + ("user:" + token()).toBase64(),
                                                      token(),
                                                      "Bearer",
                                                      "Bearer " + token() + ", Bearer x"};
        const QList<QByteArray> bodies{
            json(initializeRequest(1)),
            json(rpcRequest(2, u"tools/list"_s)),
            json(toolCall(3, u"generate_image"_s, {{u"prompt"_s, u"a cat"_s}})),
            json(toolCall(4, u"_get_media_data"_s,
                          {{u"media_type"_s, u"image"_s}, {u"filename"_s, u"owner-secret.png"_s}})),
        };
        for (const QByteArray &authorization : refusedAuthorizations) {
            for (const QByteArray &body : bodies) {
                Headers h = withSession(session);
                h.authorization = authorization;
                const RawHttpResponse r = exchange("POST", body, h);
                QVERIFY2(r.status == 401, authorization.constData());
                verifyIdLessError(r, 401);
                QVERIFY(r.headers.value("www-authenticate").startsWith("Bearer"));
                QVERIFY(bodyOf(r)[u"error"_s][u"message"_s].toString().contains(u"serve --print-token"_s));
                QVERIFY(!r.headers.contains("mcp-session-id"));
                QVERIFY(!r.body.contains(secret.toBase64().left(20)));
            }
            // Stateless 2026-07-28 requests need the token as well.
            Headers modern;
            modern.version = "2026-07-28";
            modern.authorization = authorization;
            QCOMPARE(exchange("POST", json(modernRequest(5, u"tools/list"_s)), modern).status, 401);
        }
        QCOMPARE(m_http->sessionCount(), sessionsBefore);
        QCOMPARE(m_api.requestCount("POST", u"/v1/images/generations"_s), imageRequestsBefore);

        // The owner, with the token (the scheme name is case-insensitive).
        Headers owner = withSession(session);
        owner.authorization = "bearer " + token();
        const RawHttpResponse listed = exchange("POST", bodies.at(1), owner);
        QCOMPARE(listed.status, 200);
        QVERIFY(!bodyOf(listed)[u"result"_s][u"tools"_s].toArray().isEmpty());
        const RawHttpResponse media = exchange("POST", bodies.at(3), withSession(session));
        QCOMPARE(media.status, 200);
        QCOMPARE(QByteArray::fromBase64(
                     bodyOf(media)[u"result"_s][u"structuredContent"_s][u"data"_s].toString().toLatin1()),
                 secret);
        const RawHttpResponse generated = exchange("POST", bodies.at(2), withSession(session));
        QCOMPARE(generated.status, 200);
        QCOMPARE(m_api.requestCount("POST", u"/v1/images/generations"_s), imageRequestsBefore + 1);
    }

    void rotatedTokenAppliesToTheNextRequest()
    {
        const QByteArray session = openSession();
        const QByteArray before = token();
        McpHttpTokenStore otherProcess(m_tokens->filePath()); // e.g. `sanzaru-qt serve --rotate-token`
        const Result<QByteArray> rotated = otherProcess.rotate();
        QVERIFY(rotated.ok());
        QVERIFY(rotated.value() != before);
        Headers stale = withSession(session);
        stale.authorization = "Bearer " + before;
        QCOMPARE(exchange("POST", json(rpcRequest(1, u"ping"_s)), stale).status, 401);
        Headers fresh = withSession(session);
        fresh.authorization = "Bearer " + rotated.value();
        QCOMPARE(exchange("POST", json(rpcRequest(1, u"ping"_s)), fresh).status, 200);
        QCOMPARE(token(), rotated.value());
    }

    void tokenFileIsPrivate()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"config/sanzaru-qt/mcp-http-token"_s);
        const mode_t oldMask = ::umask(0); // even with a permissive umask
        McpHttpTokenStore store(path);
        const Result<QByteArray> created = store.token();
        ::umask(oldMask);
        QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().message));
        QVERIFY(McpHttpTokenStore::isWellFormed(created.value()));
        struct stat st
        {
        };
        QCOMPARE(::lstat(QFile::encodeName(path).constData(), &st), 0);
        QVERIFY(S_ISREG(st.st_mode));
        QCOMPARE(st.st_mode & 0777, mode_t(0600));
        QCOMPARE(::stat(QFile::encodeName(QFileInfo(path).absolutePath()).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0700));
        QCOMPARE(QDir(QFileInfo(path).absolutePath())
                     .entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList{u"mcp-http-token"_s}); // no temporary file left behind
        // Once per install: another instance reads the same token.
        QCOMPARE(McpHttpTokenStore(path).token().value(), created.value());
        QVERIFY(McpHttpTokenStore::matches(created.value(), created.value()));
        QVERIFY(!McpHttpTokenStore::matches(QByteArray(64, 'a'), created.value()));
        QVERIFY(!McpHttpTokenStore::matches({}, {}));
    }

    void unsafeTokenFileIsNeverUsed_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("world-readable") << u"readable"_s;
        QTest::newRow("group-writable") << u"writable"_s;
        QTest::newRow("symlink to a known token") << u"symlink"_s;
        QTest::newRow("fifo") << u"fifo"_s;
        QTest::newRow("malformed") << u"malformed"_s;
    }

    void unsafeTokenFileIsNeverUsed()
    {
        QFETCH(QString, kind);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"mcp-http-token"_s);
        const QByteArray known(64, 'a'); // a token someone else knows
        const QByteArray encoded = QFile::encodeName(path);
        const QString target = dir.filePath(u"planted"_s);
        if (kind == u"symlink"_s) {
            QFile planted(target);
            QVERIFY(planted.open(QIODevice::WriteOnly));
            planted.write(known + '\n');
            planted.close();
            QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner);
            QVERIFY(QFile::link(target, path));
        } else if (kind == u"fifo"_s) {
            QCOMPARE(::mkfifo(encoded.constData(), 0600), 0);
        } else {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(kind == u"malformed"_s ? QByteArray("secret") : known + '\n');
            file.close();
            QCOMPARE(::chmod(encoded.constData(), kind == u"readable"_s   ? 0644
                                                  : kind == u"writable"_s ? 0620
                                                                          : 0600),
                     0);
        }
        McpHttpTokenStore store(path);
        const Result<QByteArray> token = store.token(); // a FIFO must not hang here
        QVERIFY(token.ok());
        QVERIFY(token.value() != known);
        QVERIFY(McpHttpTokenStore::isWellFormed(token.value()));
        struct stat st
        {
        };
        QCOMPARE(::lstat(encoded.constData(), &st), 0);
        QVERIFY(S_ISREG(st.st_mode));
        QCOMPARE(st.st_mode & 0777, mode_t(0600));
        if (kind == u"symlink"_s) { // replaced the link, never wrote through it
            QFile planted(target);
            QVERIFY(planted.open(QIODevice::ReadOnly));
            QCOMPARE(planted.readAll(), known + '\n');
        }
    }

    // Issue 8 item 6: limits checked before buffering, and no connection lingers without a request.
    void oversizedRequestsAreRefused()
    {
        const QByteArray session = openSession();
        // A declared length over the cap is refused at once: nothing of the body is awaited or buffered.
        RawHttpConnection huge(m_http->port());
        QByteArray head = request("POST", "{}", withSession(session));
        head.replace("Content-Length: 2", "Content-Length: " + QByteArray::number(60LL * 1024 * 1024));
        huge.send(head.left(head.size() - 2));
        const QList<RawHttpResponse> refused = huge.readResponses(1);
        QCOMPARE(refused.size(), 1);
        verifyIdLessError(refused.first(), 413);
        QVERIFY(huge.waitForClosed());

        RawHttpConnection headers(m_http->port());
        headers.send("POST /mcp HTTP/1.1\r\nX-Padding: " + QByteArray(20 * 1024, 'x') + "\r\n\r\n");
        const QList<RawHttpResponse> tooLarge = headers.readResponses(1);
        QCOMPARE(tooLarge.size(), 1);
        verifyIdLessError(tooLarge.first(), 431);
        QVERIFY(headers.waitForClosed());
    }

    void idleConnectionsAreClosed()
    {
        McpHttpLimits limits = m_http->limits();
        const McpHttpLimits saved = limits;
        limits.idleTimeoutMs = 300;
        m_http->setLimits(limits);
        const QByteArray session = openSession();

        RawHttpConnection silent(m_http->port()); // connects and sends nothing
        RawHttpConnection slowloris(m_http->port());
        const QByteArray partial = request("POST", json(rpcRequest(1, u"ping"_s)), withSession(session));
        slowloris.send(partial.left(partial.size() / 2));
        RawHttpConnection keptAlive(m_http->port());
        keptAlive.send(request("POST", json(rpcRequest(2, u"ping"_s)), withSession(session)));
        const QList<RawHttpResponse> answered = keptAlive.readResponses(1);
        QCOMPARE(answered.size(), 1);
        QCOMPARE(answered.first().status, 200);
        QVERIFY(!answered.first().headers.contains("connection")); // kept alive

        QVERIFY(silent.waitForClosed(5000));
        QVERIFY(keptAlive.waitForClosed(5000));
        QVERIFY(slowloris.waitForClosed(5000));
        const QList<RawHttpResponse> timedOut = slowloris.readResponses(1, 100);
        QCOMPARE(timedOut.size(), 1);
        verifyIdLessError(timedOut.first(), 408);
        m_http->setLimits(saved);
        QTRY_COMPARE(m_http->connectionCount(), 0);
    }

    // Issue 8 item 4 (HTTP): a connection flood gets 503 and leaves the endpoint serving.
    void connectionsAreCapped()
    {
        const QByteArray session = openSession();
        QTRY_COMPARE(m_http->connectionCount(), 0);
        McpHttpLimits limits = m_http->limits();
        const McpHttpLimits saved = limits;
        limits.maxConnections = 8;
        m_http->setLimits(limits);
        std::vector<std::unique_ptr<RawHttpConnection>> held;
        for (int i = 0; i < limits.maxConnections; ++i)
            held.push_back(std::make_unique<RawHttpConnection>(m_http->port()));
        QTRY_COMPARE(m_http->connectionCount(), limits.maxConnections);
        for (int i = 0; i < 5; ++i) {
            RawHttpConnection extra(m_http->port());
            const QList<RawHttpResponse> answer = extra.readResponses(1);
            QCOMPARE(answer.size(), 1);
            verifyIdLessError(answer.first(), 503);
            QCOMPARE(answer.first().headers.value("retry-after"), QByteArray("1"));
            QVERIFY(extra.waitForClosed());
        }
        QCOMPARE(m_http->connectionCount(), limits.maxConnections);
        held.clear();
        QTRY_COMPARE(m_http->connectionCount(), 0);
        QCOMPARE(exchange("POST", json(rpcRequest(1, u"ping"_s)), withSession(session)).status, 200);
        m_http->setLimits(saved);
    }

    // Issue 8 item 8: a flood of initialize calls never pushes out a session in use.
    void sessionFloodKeepsSessionsInUse()
    {
        const QByteArray session = openSession();
        QCOMPARE(exchange("POST", json(rpcRequest(1, u"tools/list"_s)), withSession(session)).status, 200);
        Headers anonymous;
        anonymous.version.clear();
        anonymous.authorization = QByteArray();
        const int before = m_http->sessionCount();
        for (int i = 0; i < 70; ++i)
            QCOMPARE(exchange("POST", json(initializeRequest(i)), anonymous).status, 401);
        QCOMPARE(m_http->sessionCount(), before); // unauthenticated calls create nothing

        Headers owner;
        owner.version.clear();
        for (int i = 0; i < 2 * m_http->limits().maxSessions; ++i) {
            const RawHttpResponse r = exchange("POST", json(initializeRequest(i)), owner);
            QVERIFY(r.status == 200 || r.status == 503);
        }
        QVERIFY(m_http->sessionCount() <= m_http->limits().maxSessions);
        QCOMPARE(exchange("POST", json(rpcRequest(2, u"tools/list"_s)), withSession(session)).status, 200);

        // Sessions that were used are safe only while recently used: with an eviction age of 0 the least
        // recently used idle one makes room.
        McpHttpLimits limits = m_http->limits();
        const McpHttpLimits saved = limits;
        limits.sessionEvictionIdleMs = 0;
        m_http->setLimits(limits);
        for (int i = 0; i < m_http->limits().maxSessions; ++i) {
            const QByteArray fresh =
                exchange("POST", json(initializeRequest(i)), owner).headers.value("mcp-session-id");
            QVERIFY(!fresh.isEmpty());
            QCOMPARE(exchange("POST", json(rpcRequest(3, u"ping"_s)), withSession(fresh)).status, 200);
        }
        QCOMPARE(exchange("POST", json(rpcRequest(4, u"ping"_s)), withSession(session)).status, 404);
        m_http->setLimits(saved);
    }

    // Issue 8 item 8: in stateless mode one client's notifications/cancelled (and reuse of the same id)
    // must not reach another client's call.
    void statelessCancellationStaysWithItsClient()
    {
        m_api.addFault("POST", u"/v1/videos"_s, Fault::slowBody(16, 50));
        Headers modern;
        modern.version = "2026-07-28";
        RawHttpConnection victim(m_http->port());
        victim.send(request("POST",
                            json(modernRequest(7, u"tools/call"_s,
                                               {{u"name"_s, u"create_video"_s},
                                                {u"arguments"_s, QJsonObject{{u"prompt"_s, u"slow"_s}}}})),
                            modern));
        QTRY_COMPARE(m_api.requestCount("POST", u"/v1/videos"_s) > 0, true);

        RawHttpConnection other(m_http->port());
        // The same id in flight elsewhere is no conflict for this client.
        other.send(request("POST", json(modernRequest(7, u"tools/list"_s)), modern));
        const QList<RawHttpResponse> listed = other.readResponses(1);
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed.first().status, 200);
        QVERIFY(bodyOf(listed.first()).contains(u"result"_s));
        other.send(request("POST",
                           json(QJsonObject{{u"jsonrpc"_s, u"2.0"_s},
                                            {u"method"_s, u"notifications/cancelled"_s},
                                            {u"params"_s, QJsonObject{{u"requestId"_s, 7}}}}),
                           modern));
        const QList<RawHttpResponse> accepted = other.readResponses(1);
        QCOMPARE(accepted.size(), 1);
        QCOMPARE(accepted.first().status, 202);

        const QList<RawHttpResponse> answer = victim.readResponses(1, 20000);
        QCOMPARE(answer.size(), 1);
        QCOMPARE(answer.first().status, 200);
        QCOMPARE(bodyOf(answer.first())[u"id"_s].toInt(), 7);
        QCOMPARE(bodyOf(answer.first())[u"result"_s][u"isError"_s].toBool(), false);
        m_api.clearFaults();
    }

    // The invariant tests/fuzz/fuzz_httprequestreader checks: a CR inside a head line was kept in the
    // header value (or the request target), where another parser would have ended the line.
    void bareCrInTheHeadIsRefused_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::newRow("header value")
            << QByteArray("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: a\rX-B: b\r\n\r\n");
        QTest::newRow("request target") << QByteArray("POST /mcp\rx HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QTest::newRow("trailing") << QByteArray("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: a\r \r\n\r\n");
    }
    void bareCrInTheHeadIsRefused()
    {
        QFETCH(QByteArray, head);
        HttpRequestReader reader(4096);
        reader.feed(head);
        QVERIFY(!reader.hasRequest());
        QCOMPARE(reader.errorStatus(), 400);

        HttpRequestReader clean(4096);
        clean.feed(QByteArray(head).replace('\r', "").replace('\n', "\r\n"));
        QVERIFY(clean.hasRequest());
    }
};

QTEST_GUILESS_MAIN(TestMcpHttp)
#include "tst_mcphttp.moc"

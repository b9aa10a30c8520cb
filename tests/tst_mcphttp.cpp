// SPDX-License-Identifier: MIT
// McpHttpServer (Streamable HTTP on 127.0.0.1) over raw HTTP/1.1 connections: session minting and
// checks, JSON responses (also for calls that finish later), 202 for notifications, 405/403/404/400/413,
// Host and Origin validation against DNS rebinding.
#include "fakeopenaiserver.h"
#include "mcptestsupport.h"
#include "rawhttpconnection.h"

#include "mcp/httprequestreader.h"
#include "mcp/mcphttpserver.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

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
    FakeOpenAiServer m_api;
    std::optional<McpTestEngine> m_engine;
    std::optional<McpHttpServer> m_http;

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
        m_http.emplace(m_engine->registry());
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
        Headers wrongVersion{{}, {}, session};
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
        Headers text{{}, {}, session};
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
        m_http->setMaxBodyBytes(64LL * 1024 * 1024);
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

// SPDX-License-Identifier: MIT
// McpSession from byte scripts, no socket: lifecycle and version negotiation, id echo, JSON-RPC errors,
// 2025-03-26 batches, version-gated output, the stateless 2026-07-28 mode, progress, cancellation and
// concurrent calls. Every emitted message is checked to be one line of JSON.
#include "mcp/mcpsession.h"
#include "testimages.h"
#include "toolharness.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <optional>

using namespace Sanzaru::Core;
using namespace Sanzaru::Testing;
using namespace Qt::StringLiterals;

namespace {

int g_badOutput = 0; // emitted messages that were not exactly one line of JSON; checked after every test

const QString latest = u"2025-11-25"_s;
const QString modern = u"2026-07-28"_s;
const QString metaVersion = u"io.modelcontextprotocol/protocolVersion"_s;
const QString metaCapabilities = u"io.modelcontextprotocol/clientCapabilities"_s;
const QString metaServerInfo = u"io.modelcontextprotocol/serverInfo"_s;

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray compact(const QJsonArray &a)
{
    return QJsonDocument(a).toJson(QJsonDocument::Compact);
}

QJsonObject request(const QJsonValue &id, const QString &method, const QJsonObject &params = {})
{
    QJsonObject r{{u"jsonrpc"_s, u"2.0"_s}, {u"id"_s, id}, {u"method"_s, method}};
    if (!params.isEmpty())
        r.insert(u"params"_s, params);
    return r;
}

QJsonObject notification(const QString &method, const QJsonValue &params = QJsonValue::Undefined)
{
    QJsonObject n{{u"jsonrpc"_s, u"2.0"_s}, {u"method"_s, method}};
    if (!params.isUndefined())
        n.insert(u"params"_s, params);
    return n;
}

QJsonObject callParams(const QString &tool, const QJsonObject &arguments,
                       const QJsonValue &progressToken = QJsonValue::Undefined)
{
    QJsonObject p{{u"name"_s, tool}, {u"arguments"_s, arguments}};
    if (!progressToken.isUndefined())
        p.insert(u"_meta"_s, QJsonObject{{u"progressToken"_s, progressToken}});
    return p;
}

QJsonObject modernMeta(const QString &version = modern, bool withCapabilities = true)
{
    QJsonObject meta{{metaVersion, version},
                     {u"io.modelcontextprotocol/clientInfo"_s,
                      QJsonObject{{u"name"_s, u"tst_mcpsession"_s}, {u"version"_s, u"1"_s}}}};
    if (withCapabilities)
        meta.insert(metaCapabilities, QJsonObject{});
    return meta;
}

QJsonObject initializeParams(const QJsonValue &version)
{
    return QJsonObject{
        {u"protocolVersion"_s, version},
        {u"capabilities"_s, QJsonObject{}},
        {u"clientInfo"_s, QJsonObject{{u"name"_s, u"tst_mcpsession"_s}, {u"version"_s, u"1"_s}}}};
}

QJsonObject toObject(const QByteArray &raw)
{
    return QJsonDocument::fromJson(raw).object();
}

int errorCode(const QJsonObject &message)
{
    return message.value(u"error"_s).toObject().value(u"code"_s).toInt(0);
}

/// The top-level "id" token of an emitted response exactly as the peer reads it ("1", "\"1\"", "null").
/// Responses serialize their keys sorted, so the first "id" member is the top-level one.
QByteArray rawId(const QByteArray &raw)
{
    static const QRegularExpression re(
        QStringLiteral("\"id\":(null|-?[0-9][0-9eE.+-]*|\"(?:[^\"\\\\]|\\\\.)*\"|\\{|\\[|true|false)"));
    const QRegularExpressionMatch m = re.match(QString::fromUtf8(raw));
    return m.hasMatch() ? m.captured(1).toUtf8() : QByteArray("<none>");
}

class Client
{
public:
    explicit Client(const ToolRegistry &registry)
        : session(&registry)
    {
        QObject::connect(&session, &McpSession::messageReady, &session, [this](const QByteArray &message) {
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(message, &error);
            if (message.contains('\n') || message.contains('\r') || error.error != QJsonParseError::NoError) {
                ++g_badOutput;
                qWarning() << "not one line of JSON:" << message.left(200);
            }
            raw.append(message);
        });
    }

    McpSession session;
    QList<QByteArray> raw; ///< everything emitted, in order

    void send(const QByteArray &bytes) { session.receive(bytes); }
    void send(const QJsonObject &message) { send(compact(message)); }

    /// Sends and returns what was emitted while handling it (synchronous answers).
    QList<QByteArray> exchange(const QByteArray &bytes)
    {
        const qsizetype before = raw.size();
        send(bytes);
        return raw.mid(before);
    }
    QList<QByteArray> exchange(const QJsonObject &message) { return exchange(compact(message)); }

    /// Index in raw of the response (result or error) with this id, -1 if none.
    qsizetype indexOfResponse(const QJsonValue &id) const
    {
        for (qsizetype i = 0; i < raw.size(); ++i) {
            const QJsonObject o = toObject(raw.at(i));
            if (!o.contains(u"method"_s) && o.contains(u"id"_s) && o.value(u"id"_s) == id &&
                (o.contains(u"result"_s) || o.contains(u"error"_s)))
                return i;
        }
        return -1;
    }
    bool hasResponse(const QJsonValue &id) const { return indexOfResponse(id) >= 0; }
    QJsonObject response(const QJsonValue &id) const
    {
        const qsizetype i = indexOfResponse(id);
        return i < 0 ? QJsonObject() : toObject(raw.at(i));
    }
    int responseCount(const QJsonValue &id) const
    {
        int n = 0;
        for (const QByteArray &m : raw) {
            const QJsonObject o = toObject(m);
            if (!o.contains(u"method"_s) && o.value(u"id"_s) == id)
                ++n;
        }
        return n;
    }
    /// notifications/progress emitted so far, with their index in raw.
    QList<std::pair<qsizetype, QJsonObject>> progress() const
    {
        QList<std::pair<qsizetype, QJsonObject>> out;
        for (qsizetype i = 0; i < raw.size(); ++i) {
            const QJsonObject o = toObject(raw.at(i));
            if (o.value(u"method"_s).toString() == u"notifications/progress"_s)
                out.append({i, o.value(u"params"_s).toObject()});
        }
        return out;
    }

    /// Runs the handshake (initialize + notifications/initialized), forgets its output and returns the
    /// initialize result.
    QJsonObject initialize(const QJsonValue &version, bool sendInitialized = true)
    {
        const QList<QByteArray> out =
            exchange(request(u"init"_s, u"initialize"_s, initializeParams(version)));
        if (out.size() != 1)
            return {};
        if (sendInitialized)
            send(notification(u"notifications/initialized"_s));
        raw.clear(); // the test's script starts after the handshake
        return toObject(out.first()).value(u"result"_s).toObject();
    }
};

/// Polls the event loop for ms and reports whether raw grew meanwhile.
bool anythingArrivesWithin(const Client &c, int ms)
{
    const qsizetype before = c.raw.size();
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms) {
        QTest::qWait(20);
        if (c.raw.size() != before)
            return true;
    }
    return c.raw.size() != before;
}

const QSet<QString> readOnlyTools{u"list_videos"_s,      u"list_local_videos"_s, u"list_reference_images"_s,
                                  u"get_video_status"_s, u"get_image_status"_s,  u"view_media"_s,
                                  u"_get_media_data"_s};
const QSet<QString> apiTools{u"create_video"_s,   u"get_video_status"_s, u"download_video"_s,
                             u"list_videos"_s,    u"delete_video"_s,     u"remix_video"_s,
                             u"create_image"_s,   u"get_image_status"_s, u"download_image"_s,
                             u"generate_image"_s, u"edit_image"_s};

} // namespace

class tst_McpSession : public QObject
{
    Q_OBJECT

private slots:
    void init() { g_badOutput = 0; }
    void cleanup() { QCOMPARE(g_badOutput, 0); }

    // --- lifecycle and version negotiation -------------------------------------------------------

    void initializeNegotiates_data()
    {
        QTest::addColumn<QJsonValue>("requested");
        QTest::addColumn<QString>("expected");
        for (const QString &v : {u"2025-11-25"_s, u"2025-06-18"_s, u"2025-03-26"_s, u"2024-11-05"_s})
            QTest::addRow("supported %s", qPrintable(v)) << QJsonValue(v) << v;
        QTest::newRow("modern version in initialize") << QJsonValue(u"2026-07-28"_s) << latest;
        QTest::newRow("future") << QJsonValue(u"2099-01-01"_s) << latest;
        QTest::newRow("ancient") << QJsonValue(u"2024-01-01"_s) << latest;
        QTest::newRow("draft") << QJsonValue(u"draft"_s) << latest;
        QTest::newRow("not a string") << QJsonValue(20251125) << latest;
        QTest::newRow("missing") << QJsonValue(QJsonValue::Undefined) << latest;
    }

    void initializeNegotiates()
    {
        QFETCH(QJsonValue, requested);
        QFETCH(QString, expected);
        ToolHarness h;
        Client c(h.registry());
        QVERIFY(c.session.negotiatedVersion().isEmpty());
        QJsonObject params = initializeParams(requested);
        if (requested.isUndefined())
            params.remove(u"protocolVersion"_s);
        const QList<QByteArray> out = c.exchange(request(0, u"initialize"_s, params));
        QCOMPARE(out.size(), 1);
        QCOMPARE(rawId(out.first()), QByteArray("0"));
        const QJsonObject msg = toObject(out.first());
        QCOMPARE(msg.value(u"jsonrpc"_s).toString(), u"2.0"_s);
        QVERIFY(!msg.contains(u"error"_s));
        const QJsonObject result = msg.value(u"result"_s).toObject();
        QCOMPARE(result.value(u"protocolVersion"_s).toString(), expected);
        QCOMPARE(c.session.negotiatedVersion(), expected);
        QVERIFY(result.value(u"capabilities"_s).toObject().value(u"tools"_s).isObject());
        const QJsonObject info = result.value(u"serverInfo"_s).toObject();
        QVERIFY(!info.value(u"name"_s).toString().isEmpty());
        QVERIFY(!info.value(u"version"_s).toString().isEmpty());
        QVERIFY(result.value(u"instructions"_s).toString().size() > 20);
    }

    void secondInitializeIsAnError()
    {
        ToolHarness h;
        Client c(h.registry());
        QCOMPARE(c.initialize(u"2025-03-26"_s).value(u"protocolVersion"_s).toString(), u"2025-03-26"_s);
        const QList<QByteArray> out =
            c.exchange(request(u"again"_s, u"initialize"_s, initializeParams(latest)));
        QCOMPARE(out.size(), 1);
        const QJsonObject msg = toObject(out.first());
        QVERIFY(!msg.contains(u"result"_s));
        QCOMPARE(errorCode(msg), -32600);
        QCOMPARE(rawId(out.first()), QByteArray("\"again\""));
        QCOMPARE(c.session.negotiatedVersion(), u"2025-03-26"_s); // the first negotiation stands
    }

    void requestsBeforeInitializeGetAnError_data()
    {
        QTest::addColumn<QJsonObject>("message");
        QTest::newRow("tools/list") << request(1, u"tools/list"_s);
        QTest::newRow("tools/call") << request(2, u"tools/call"_s, callParams(u"list_local_videos"_s, {}));
        QTest::newRow("logging/setLevel") << request(3, u"logging/setLevel"_s, {{u"level"_s, u"info"_s}});
        QTest::newRow("unknown method") << request(4, u"prompts/list"_s);
        QTest::newRow("string id") << request(u"x"_s, u"tools/list"_s);
    }

    void requestsBeforeInitializeGetAnError()
    {
        QFETCH(QJsonObject, message);
        ToolHarness h;
        Client c(h.registry());
        const QList<QByteArray> out = c.exchange(message);
        QCOMPARE(out.size(), 1); // answered at once, never left waiting
        const QJsonObject msg = toObject(out.first());
        QVERIFY(msg.contains(u"error"_s));
        QVERIFY(errorCode(msg) != 0);
        QVERIFY(!msg.value(u"error"_s).toObject().value(u"message"_s).toString().isEmpty());
        QCOMPARE(msg.value(u"id"_s), message.value(u"id"_s));
        QCOMPARE(c.session.callsInFlight(), 0);
        QVERIFY(c.session.negotiatedVersion().isEmpty());
        QVERIFY(!anythingArrivesWithin(c, 50));
        // The session can still be initialized afterwards.
        QCOMPARE(c.initialize(latest).value(u"protocolVersion"_s).toString(), latest);
    }

    void pingBeforeAndAfterInitialize()
    {
        ToolHarness h;
        Client c(h.registry());
        QList<QByteArray> out = c.exchange(request(u"p0"_s, u"ping"_s));
        QCOMPARE(out.size(), 1);
        QCOMPARE(toObject(out.first()),
                 (QJsonObject{{u"jsonrpc"_s, u"2.0"_s}, {u"id"_s, u"p0"_s}, {u"result"_s, QJsonObject{}}}));
        QVERIFY(c.session.negotiatedVersion().isEmpty()); // ping does not initialize

        QCOMPARE(c.initialize(latest).value(u"protocolVersion"_s).toString(), latest);
        out = c.exchange(request(7, u"ping"_s, {{u"_meta"_s, QJsonObject{{u"x"_s, 1}}}}));
        QCOMPARE(out.size(), 1);
        QCOMPARE(toObject(out.first()),
                 (QJsonObject{{u"jsonrpc"_s, u"2.0"_s}, {u"id"_s, 7}, {u"result"_s, QJsonObject{}}}));
    }

    void initializedNotificationGetsNoReply()
    {
        ToolHarness h;
        Client c(h.registry());
        QVERIFY(c.exchange(notification(u"notifications/initialized"_s)).isEmpty()); // even out of order
        QCOMPARE(c.initialize(latest, false).value(u"protocolVersion"_s).toString(), latest);
        QVERIFY(c.exchange(notification(u"notifications/initialized"_s)).isEmpty());
        QVERIFY(c.exchange(notification(u"notifications/initialized"_s, QJsonObject{})).isEmpty());
        QVERIFY(!anythingArrivesWithin(c, 50));
    }

    void requestsWorkBeforeTheInitializedNotification()
    {
        ToolHarness h;
        Client c(h.registry());
        QCOMPARE(c.initialize(latest, false).value(u"protocolVersion"_s).toString(), latest);
        const QList<QByteArray> out = c.exchange(request(1, u"tools/list"_s));
        QCOMPARE(out.size(), 1);
        QVERIFY(!toObject(out.first()).value(u"result"_s).toObject().value(u"tools"_s).toArray().isEmpty());
    }

    // --- ids ----------------------------------------------------------------------------------------

    void idsKeepTheirJsonType_data()
    {
        QTest::addColumn<QByteArray>("id");
        QTest::newRow("string one") << QByteArray("\"1\"");
        QTest::newRow("integer one") << QByteArray("1");
        QTest::newRow("zero") << QByteArray("0");
        QTest::newRow("negative") << QByteArray("-5");
        QTest::newRow("2^53+1") << QByteArray("9007199254740993");
        QTest::newRow("2^62") << QByteArray("4611686018427387904");
        QTest::newRow("empty string") << QByteArray("\"\"");
        QTest::newRow("string with spaces") << QByteArray("\"req 12 / a\"");
        QTest::newRow("numeric-looking string") << QByteArray("\"007\"");
    }

    void idsKeepTheirJsonType()
    {
        QFETCH(QByteArray, id);
        ToolHarness h;
        Client c(h.registry());
        // Before initialize (ping answer and "not initialized" error) ...
        QList<QByteArray> out = c.exchange(R"({"jsonrpc":"2.0","id":)" + id + R"(,"method":"ping"})");
        QCOMPARE(out.size(), 1);
        QCOMPARE(rawId(out.first()), id);
        out = c.exchange(R"({"jsonrpc":"2.0","id":)" + id + R"(,"method":"tools/list"})");
        QCOMPARE(out.size(), 1);
        QCOMPARE(rawId(out.first()), id);
        // ... in initialize, in errors after it, and in an asynchronous tool result.
        out =
            c.exchange(R"({"jsonrpc":"2.0","id":)" + id +
                       R"(,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},)"
                       R"("clientInfo":{"name":"t","version":"1"}}})");
        QCOMPARE(out.size(), 1);
        QCOMPARE(rawId(out.first()), id);
        out = c.exchange(R"({"jsonrpc":"2.0","id":)" + id + R"(,"method":"no/such/method"})");
        QCOMPARE(out.size(), 1);
        QCOMPARE(rawId(out.first()), id);
        QCOMPARE(errorCode(toObject(out.first())), -32601);
        const qsizetype before = c.raw.size();
        c.send(R"({"jsonrpc":"2.0","id":)" + id +
               R"(,"method":"tools/call","params":{"name":"list_local_videos"}})");
        QTRY_COMPARE_WITH_TIMEOUT(c.raw.size(), before + 1, 10000);
        QCOMPARE(rawId(c.raw.last()), id);
        QVERIFY(toObject(c.raw.last()).contains(u"result"_s));
    }

    void invalidIdsAreInvalidRequests_data()
    {
        QTest::addColumn<QByteArray>("id");
        QTest::newRow("null") << QByteArray("null");
        QTest::newRow("float") << QByteArray("1.5");
        QTest::newRow("object") << QByteArray("{\"a\":1}");
        QTest::newRow("array") << QByteArray("[1]");
        QTest::newRow("true") << QByteArray("true");
        QTest::newRow("false") << QByteArray("false");
    }

    void invalidIdsAreInvalidRequests()
    {
        QFETCH(QByteArray, id);
        ToolHarness h;
        Client c(h.registry());
        QCOMPARE(c.initialize(latest).value(u"protocolVersion"_s).toString(), latest);
        for (const QByteArray &method : {QByteArray("ping"), QByteArray("tools/list")}) {
            const QList<QByteArray> out =
                c.exchange(R"({"jsonrpc":"2.0","id":)" + id + ",\"method\":\"" + method + "\"}");
            QCOMPARE(out.size(), 1);
            QCOMPARE(errorCode(toObject(out.first())), -32600);
            QCOMPARE(rawId(out.first()), QByteArray("null"));
            QVERIFY(!toObject(out.first()).contains(u"result"_s));
        }
        const QList<QByteArray> out =
            c.exchange(R"({"jsonrpc":"2.0","id":)" + id +
                       R"(,"method":"tools/call","params":{"name":"list_local_videos"}})");
        QCOMPARE(out.size(), 1);
        QCOMPARE(errorCode(toObject(out.first())), -32600);
        QCOMPARE(c.session.callsInFlight(), 0); // nothing was started
        QVERIFY(!anythingArrivesWithin(c, 100));
    }

    // --- JSON-RPC errors ----------------------------------------------------------------------------

    void malformedJsonIsAParseError_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::newRow("open brace") << QByteArray("{");
        QTest::newRow("truncated") << QByteArray("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"pi");
        QTest::newRow("not json") << QByteArray("hello there");
        QTest::newRow("trailing garbage") << QByteArray(R"({"jsonrpc":"2.0","id":1,"method":"ping"}})");
        QTest::newRow("single quotes") << QByteArray("{'jsonrpc':'2.0'}");
        QTest::newRow("two values") << QByteArray("1 2");
    }

    void malformedJsonIsAParseError()
    {
        QFETCH(QByteArray, line);
        ToolHarness h;
        Client c(h.registry());
        QCOMPARE(c.initialize(latest).value(u"protocolVersion"_s).toString(), latest);
        const QList<QByteArray> out = c.exchange(line);
        QCOMPARE(out.size(), 1);
        QCOMPARE(errorCode(toObject(out.first())), -32700);
        QCOMPARE(rawId(out.first()), QByteArray("null"));
        // The session keeps working.
        const QList<QByteArray> after = c.exchange(request(u"after"_s, u"ping"_s));
        QCOMPARE(after.size(), 1);
        QCOMPARE(toObject(after.first()).value(u"result"_s).toObject(), QJsonObject());
        QCOMPARE(c.session.negotiatedVersion(), latest);
    }

    void nonObjectsAreInvalidRequests_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::newRow("integer") << QByteArray("5");
        QTest::newRow("string") << QByteArray("\"x\"");
        QTest::newRow("null") << QByteArray("null");
        QTest::newRow("true") << QByteArray("true");
        QTest::newRow("padded number") << QByteArray("  42 ");
    }

    void nonObjectsAreInvalidRequests()
    {
        QFETCH(QByteArray, line);
        ToolHarness h;
        Client c(h.registry());
        QCOMPARE(c.initialize(latest).value(u"protocolVersion"_s).toString(), latest);
        const QList<QByteArray> out = c.exchange(line);
        QCOMPARE(out.size(), 1);
        QCOMPARE(errorCode(toObject(out.first())), -32600);
        QCOMPARE(rawId(out.first()), QByteArray("null"));
        QCOMPARE(c.exchange(request(1, u"ping"_s)).size(), 1);
    }

    void badRequestsGetTheirErrorCode_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<int>("code");
        QTest::newRow("missing jsonrpc") << QByteArray(R"({"id":1,"method":"ping"})") << -32600;
        QTest::newRow("jsonrpc 1.0") << QByteArray(R"({"jsonrpc":"1.0","id":1,"method":"ping"})") << -32600;
        QTest::newRow("jsonrpc number") << QByteArray(R"({"jsonrpc":2.0,"id":1,"method":"ping"})") << -32600;
        QTest::newRow("missing method") << QByteArray(R"({"jsonrpc":"2.0","id":1})") << -32600;
        QTest::newRow("method not a string")
            << QByteArray(R"({"jsonrpc":"2.0","id":1,"method":5})") << -32600;
        QTest::newRow("params array")
            << QByteArray(R"({"jsonrpc":"2.0","id":1,"method":"tools/list","params":[1]})") << -32602;
        QTest::newRow("params string")
            << QByteArray(R"({"jsonrpc":"2.0","id":1,"method":"ping","params":"x"})") << -32602;
        QTest::newRow("params number")
            << QByteArray(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":3})") << -32602;
        QTest::newRow("unknown method")
            << QByteArray(R"({"jsonrpc":"2.0","id":1,"method":"foo/bar"})") << -32601;
        QTest::newRow("logging/setLevel")
            << QByteArray(
                   R"({"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{"level":"debug"}})")
            << -32601;
        QTest::newRow("prompts/list")
            << QByteArray(R"({"jsonrpc":"2.0","id":1,"method":"prompts/list"})") << -32601;
        QTest::newRow("resources/read unknown uri")
            << QByteArray("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/"
                          "read\",\"params\":{\"uri\":\"file:///x\"}}")
            << -32002;
        QTest::newRow("resources/subscribe")
            << QByteArray(R"({"jsonrpc":"2.0","id":1,"method":"resources/subscribe","params":{"uri":"x"}})")
            << -32601;
        QTest::newRow("tools/call unknown tool")
            << QByteArray(
                   R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"no_such_tool"}})")
            << -32602;
        QTest::newRow("tools/call without name")
            << QByteArray(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"arguments":{}}})")
            << -32602;
        QTest::newRow("tools/call without params")
            << QByteArray(R"({"jsonrpc":"2.0","id":1,"method":"tools/call"})") << -32602;
        QTest::newRow("tools/call name not a string")
            << QByteArray(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":5}})") << -32602;
        QTest::newRow("tools/call arguments array")
            << QByteArray(
                   R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_local_videos","arguments":[]}})")
            << -32602;
        QTest::newRow("tools/call arguments string")
            << QByteArray(
                   R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_local_videos","arguments":"{}"}})")
            << -32602;
    }

    void badRequestsGetTheirErrorCode()
    {
        QFETCH(QByteArray, line);
        QFETCH(int, code);
        ToolHarness h;
        Client c(h.registry());
        QCOMPARE(c.initialize(latest).value(u"protocolVersion"_s).toString(), latest);
        const QList<QByteArray> out = c.exchange(line);
        QCOMPARE(out.size(), 1);
        const QJsonObject msg = toObject(out.first());
        QCOMPARE(errorCode(msg), code);
        QVERIFY(!msg.contains(u"result"_s));
        QCOMPARE(msg.value(u"jsonrpc"_s).toString(), u"2.0"_s);
        QVERIFY(!msg.value(u"error"_s).toObject().value(u"message"_s).toString().isEmpty());
        if (code != -32600) // a readable id is echoed whenever the request itself could be identified
            QCOMPARE(rawId(out.first()), QByteArray("1"));
        QCOMPARE(c.session.callsInFlight(), 0);
        QVERIFY(!anythingArrivesWithin(c, 50));
    }

    void failingToolIsAnErrorResult_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<QString>("tool");
        QTest::addColumn<QJsonObject>("arguments");
        QTest::addColumn<QString>("mention");
        for (const QString &v : {latest, u"2025-03-26"_s}) {
            QTest::addRow("missing reference image, %s", qPrintable(v))
                << v << u"prepare_reference_image"_s
                << QJsonObject{{u"input_filename"_s, u"missing.png"_s}, {u"target_size"_s, u"1280x720"_s}}
                << u"missing.png"_s;
            QTest::addRow("seconds as an integer, %s", qPrintable(v))
                << v << u"create_video"_s << QJsonObject{{u"prompt"_s, u"a cat"_s}, {u"seconds"_s, 8}}
                << u"seconds"_s;
            QTest::addRow("missing required argument, %s", qPrintable(v))
                << v << u"get_video_status"_s << QJsonObject{} << u"video_id"_s;
        }
    }

    void failingToolIsAnErrorResult()
    {
        QFETCH(QString, version);
        QFETCH(QString, tool);
        QFETCH(QJsonObject, arguments);
        QFETCH(QString, mention);
        ToolHarness h;
        QVERIFY(h.started());
        Client c(h.registry());
        QCOMPARE(c.initialize(version).value(u"protocolVersion"_s).toString(), version);
        c.send(request(u"bad"_s, u"tools/call"_s, callParams(tool, arguments)));
        QTRY_VERIFY_WITH_TIMEOUT(c.hasResponse(u"bad"_s), 10000);
        const QJsonObject msg = c.response(u"bad"_s);
        QVERIFY2(!msg.contains(u"error"_s), "a tool that ran and failed is not a protocol error");
        const QJsonObject result = msg.value(u"result"_s).toObject();
        QCOMPARE(result.value(u"isError"_s), QJsonValue(true));
        QVERIFY(!result.contains(u"structuredContent"_s));
        const QJsonArray content = result.value(u"content"_s).toArray();
        QCOMPARE(content.size(), 1);
        QCOMPARE(content.at(0).toObject().value(u"type"_s).toString(), u"text"_s);
        const QString text = content.at(0).toObject().value(u"text"_s).toString();
        QVERIFY2(text.startsWith(u"Error executing tool"_s), qPrintable(text));
        QVERIFY2(text.contains(mention), qPrintable(text));
        QCOMPARE(c.session.callsInFlight(), 0);
        QVERIFY(h.server().requests().isEmpty()); // refused before reaching the API
    }

    void notificationsNeverGetAReply_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::newRow("initialized") << QByteArray(
            R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
        QTest::newRow("unknown notification")
            << QByteArray(R"({"jsonrpc":"2.0","method":"notifications/whatever","params":{"a":1}})");
        QTest::newRow("unknown non-notifications name")
            << QByteArray(R"({"jsonrpc":"2.0","method":"foo/bar"})");
        QTest::newRow("progress from the client") << QByteArray(
            R"({"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":1,"progress":1}})");
        QTest::newRow("roots changed")
            << QByteArray(R"({"jsonrpc":"2.0","method":"notifications/roots/list_changed"})");
        QTest::newRow("cancelled unknown id") << QByteArray(
            R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"nope"}})");
        QTest::newRow("cancelled without params")
            << QByteArray(R"({"jsonrpc":"2.0","method":"notifications/cancelled"})");
        QTest::newRow("cancelled without requestId")
            << QByteArray(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"reason":"x"}})");
        QTest::newRow("cancelled null requestId") << QByteArray(
            R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":null}})");
        QTest::newRow("cancelled object requestId") << QByteArray(
            R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":{"a":1}}})");
        QTest::newRow("cancelled float requestId") << QByteArray(
            R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1.5}})");
        QTest::newRow("cancelled params string")
            << QByteArray(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":"init"})");
        QTest::newRow("cancelled params array")
            << QByteArray(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":["init"]})");
        QTest::newRow("ping without id") << QByteArray(R"({"jsonrpc":"2.0","method":"ping"})");
        QTest::newRow("tools/list without id") << QByteArray(R"({"jsonrpc":"2.0","method":"tools/list"})");
        QTest::newRow("tools/call without id")
            << QByteArray(R"({"jsonrpc":"2.0","method":"tools/call","params":{"name":"list_local_videos"}})");
        QTest::newRow("tools/call unknown tool without id")
            << QByteArray(R"({"jsonrpc":"2.0","method":"tools/call","params":{"name":"nope"}})");
        QTest::newRow("initialize without id") << QByteArray(
            R"({"jsonrpc":"2.0","method":"initialize","params":{"protocolVersion":"2025-06-18"}})");
        QTest::newRow("server/discover without id")
            << QByteArray(R"({"jsonrpc":"2.0","method":"server/discover"})");
        QTest::newRow("logging/setLevel without id")
            << QByteArray(R"({"jsonrpc":"2.0","method":"logging/setLevel","params":{"level":"bogus"}})");
        QTest::newRow("modern meta, bad version")
            << QByteArray(R"({"jsonrpc":"2.0","method":"tools/list","params":{"_meta":)"
                          R"({"io.modelcontextprotocol/protocolVersion":"2099-01-01"}}})");
    }

    void notificationsNeverGetAReply()
    {
        QFETCH(QByteArray, line);
        ToolHarness h;
        Client c(h.registry());
        // Before initialize: nothing, and nothing gets initialized.
        QVERIFY(c.exchange(line).isEmpty());
        QVERIFY(c.session.negotiatedVersion().isEmpty());
        QCOMPARE(c.session.callsInFlight(), 0);
        QVERIFY(!anythingArrivesWithin(c, 30));
        // After initialize: nothing either, and no work is started.
        QCOMPARE(c.initialize(latest).value(u"protocolVersion"_s).toString(), latest);
        QVERIFY(c.exchange(line).isEmpty());
        QCOMPARE(c.session.callsInFlight(), 0);
        QVERIFY(!anythingArrivesWithin(c, 80));
        QCOMPARE(c.session.negotiatedVersion(), latest);
    }

    void responsesFromThePeerAreIgnored()
    {
        ToolHarness h;
        Client c(h.registry());
        QCOMPARE(c.initialize(latest).value(u"protocolVersion"_s).toString(), latest);
        QVERIFY(c.exchange(QByteArray(R"({"jsonrpc":"2.0","id":"s1","result":{}})")).isEmpty());
        QVERIFY(c.exchange(QByteArray(R"({"jsonrpc":"2.0","id":9,"error":{"code":-1,"message":"x"}})"))
                    .isEmpty());
    }

    // --- batches ------------------------------------------------------------------------------------

    void batchIn20250326()
    {
        ToolHarness h;
        Client c(h.registry());
        QCOMPARE(c.initialize(u"2025-03-26"_s).value(u"protocolVersion"_s).toString(), u"2025-03-26"_s);
        const QJsonArray batch{request(1, u"ping"_s),
                               notification(u"notifications/initialized"_s),
                               request(u"two"_s, u"tools/list"_s),
                               request(3, u"no/such"_s),
                               5,
                               request(4, u"tools/call"_s, callParams(u"list_local_videos"_s, {})),
                               notification(u"notifications/whatever"_s)};
        // The tool call finishes later: the whole batch is answered then, as one array.
        QVERIFY(c.exchange(compact(batch)).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(!c.raw.isEmpty(), 10000);
        QVERIFY(!anythingArrivesWithin(c, 100));
        QCOMPARE(c.raw.size(), 1);
        const QJsonDocument doc = QJsonDocument::fromJson(c.raw.first());
        QVERIFY(doc.isArray());
        const QJsonArray responses = doc.array();
        QCOMPARE(responses.size(), 5); // one per request and per invalid element, none for notifications
        QHash<QString, QJsonObject> byId;
        for (const QJsonValue &v : responses) {
            const QJsonObject o = v.toObject();
            QCOMPARE(o.value(u"jsonrpc"_s).toString(), u"2.0"_s);
            byId.insert(
                QString::fromUtf8(QJsonDocument(QJsonArray{o.value(u"id"_s)}).toJson(QJsonDocument::Compact)),
                o);
        }
        QCOMPARE(byId.value(u"[1]"_s).value(u"result"_s).toObject(), QJsonObject());
        QVERIFY(
            !byId.value(u"[\"two\"]"_s).value(u"result"_s).toObject().value(u"tools"_s).toArray().isEmpty());
        QCOMPARE(errorCode(byId.value(u"[3]"_s)), -32601);
        QCOMPARE(errorCode(byId.value(u"[null]"_s)), -32600);
        const QJsonObject call = byId.value(u"[4]"_s).value(u"result"_s).toObject();
        QCOMPARE(call.value(u"isError"_s), QJsonValue(false));
        QVERIFY(!call.contains(u"structuredContent"_s)); // 2025-03-26 has none
        QCOMPARE(c.session.callsInFlight(), 0);
    }

    void batchAtTheCapIsAnsweredInFull()
    {
        ToolHarness h;
        Client c(h.registry());
        QCOMPARE(c.initialize(u"2025-03-26"_s).value(u"protocolVersion"_s).toString(), u"2025-03-26"_s);
        QCOMPARE(McpSession::maxBatchSize, 1000);
        QJsonArray batch;
        for (int i = 0; i < McpSession::maxBatchSize; ++i)
            batch.append(request(i % 2 ? QJsonValue(i) : QJsonValue(u"s%1"_s.arg(i)), u"tools/list"_s));
        const QList<QByteArray> out = c.exchange(compact(batch));
        QCOMPARE(out.size(), 1);
        const QJsonArray responses = QJsonDocument::fromJson(out.first()).array();
        QCOMPARE(responses.size(), McpSession::maxBatchSize);
        QSet<QString> ids;
        for (const QJsonValue &v : responses) {
            const QJsonObject response = v.toObject();
            QCOMPARE(response.value(u"jsonrpc"_s).toString(), u"2.0"_s);
            QCOMPARE(response[u"result"_s][u"tools"_s].toArray().size(), 16);
            const QJsonValue id = response.value(u"id"_s);
            ids.insert(id.isString() ? id.toString() : QString::number(id.toInt()));
        }
        QCOMPARE(ids.size(), McpSession::maxBatchSize);
        QVERIFY(ids.contains(u"s0"_s) && ids.contains(u"999"_s));
    }

    void batchOverTheCapIsOneError()
    {
        ToolHarness h;
        Client c(h.registry());
        QCOMPARE(c.initialize(u"2025-03-26"_s).value(u"protocolVersion"_s).toString(), u"2025-03-26"_s);
        QJsonArray batch;
        for (int i = 0; i <= McpSession::maxBatchSize; ++i)
            batch.append(request(i, u"tools/list"_s));
        const QList<QByteArray> out = c.exchange(compact(batch));
        QCOMPARE(out.size(), 1);
        const QJsonDocument doc = QJsonDocument::fromJson(out.first());
        QVERIFY(doc.isObject()); // one error, nothing of the batch was run
        QCOMPARE(errorCode(doc.object()), -32600);
        QCOMPARE(rawId(out.first()), QByteArray("null"));
        const QString message = doc.object()[u"error"_s][u"message"_s].toString();
        QVERIFY2(message.contains(u"1001"_s) && message.contains(u"1000"_s), qPrintable(message));
        QVERIFY(c.session.callsInFlight() == 0);
    }

    void batchWorkIsLinear()
    {
        // The tools/list result is built once per session, not once per batch entry: a batch of 4N costs
        // the same number of builds as one of N (zero after the first), and its answer is 4 times the size.
        ToolHarness h;
        Client c(h.registry());
        QCOMPARE(c.initialize(u"2025-03-26"_s).value(u"protocolVersion"_s).toString(), u"2025-03-26"_s);
        const auto batchOf = [](int n) {
            QJsonArray batch;
            for (int i = 0; i < n; ++i)
                batch.append(request(100000 + i, u"tools/list"_s)); // same-width ids: sizes compare exactly
            return compact(batch);
        };
        const int before = c.session.toolsListBuilds();
        const QList<QByteArray> small = c.exchange(batchOf(50));
        const int afterSmall = c.session.toolsListBuilds();
        const QList<QByteArray> large = c.exchange(batchOf(200));
        const int afterLarge = c.session.toolsListBuilds();
        QCOMPARE(small.size(), 1);
        QCOMPARE(large.size(), 1);
        QVERIFY2(afterSmall - before <= 1,
                 qPrintable(u"%1 builds for 50 entries"_s.arg(afterSmall - before)));
        QCOMPARE(afterLarge, afterSmall);
        // "[" + N entries of equal size each followed by "," or "]": 4N entries are exactly 4 times longer.
        QCOMPARE(large.first().size() - 1, 4 * (small.first().size() - 1));
    }

    void batchOfSynchronousRequestsIsAnsweredAtOnce()
    {
        ToolHarness h;
        Client c(h.registry());
        QCOMPARE(c.initialize(u"2025-03-26"_s).value(u"protocolVersion"_s).toString(), u"2025-03-26"_s);
        const QList<QByteArray> out =
            c.exchange(compact(QJsonArray{request(1, u"ping"_s), request(2, u"ping"_s)}));
        QCOMPARE(out.size(), 1);
        const QJsonArray responses = QJsonDocument::fromJson(out.first()).array();
        QCOMPARE(responses.size(), 2);
        QSet<int> ids;
        for (const QJsonValue &v : responses)
            ids.insert(v.toObject().value(u"id"_s).toInt());
        QCOMPARE(ids, (QSet<int>{1, 2}));
    }

    void batchOfNotificationsGetsNothing()
    {
        ToolHarness h;
        Client c(h.registry());
        QCOMPARE(c.initialize(u"2025-03-26"_s).value(u"protocolVersion"_s).toString(), u"2025-03-26"_s);
        const QJsonArray batch{notification(u"notifications/initialized"_s),
                               notification(u"notifications/cancelled"_s, QJsonObject{{u"requestId"_s, 99}}),
                               notification(u"notifications/unknown"_s)};
        QVERIFY(c.exchange(compact(batch)).isEmpty());
        QVERIFY(!anythingArrivesWithin(c, 100));
    }

    void emptyBatchIsOneInvalidRequest()
    {
        ToolHarness h;
        Client c(h.registry());
        QCOMPARE(c.initialize(u"2025-03-26"_s).value(u"protocolVersion"_s).toString(), u"2025-03-26"_s);
        const QList<QByteArray> out = c.exchange(QByteArray("[]"));
        QCOMPARE(out.size(), 1);
        const QJsonDocument doc = QJsonDocument::fromJson(out.first());
        QVERIFY(doc.isObject()); // a single error, not an array
        QCOMPARE(errorCode(doc.object()), -32600);
        QCOMPARE(rawId(out.first()), QByteArray("null"));
    }

    void batchesRefusedOutside20250326_data()
    {
        QTest::addColumn<QString>("version"); // empty: not initialized
        QTest::newRow("2025-11-25") << u"2025-11-25"_s;
        QTest::newRow("2025-06-18") << u"2025-06-18"_s;
        QTest::newRow("2024-11-05") << u"2024-11-05"_s;
        QTest::newRow("not initialized") << QString();
    }

    void batchesRefusedOutside20250326()
    {
        QFETCH(QString, version);
        ToolHarness h;
        Client c(h.registry());
        if (!version.isEmpty())
            QCOMPARE(c.initialize(version).value(u"protocolVersion"_s).toString(), version);
        for (const QByteArray &line :
             {compact(QJsonArray{request(1, u"ping"_s), request(2, u"tools/list"_s)}),
              compact(QJsonArray{request(3, u"tools/call"_s, callParams(u"list_local_videos"_s, {}))}),
              compact(QJsonArray{notification(u"notifications/initialized"_s)}), QByteArray("[]")}) {
            const QList<QByteArray> out = c.exchange(line);
            QCOMPARE(out.size(), 1);
            const QJsonDocument doc = QJsonDocument::fromJson(out.first());
            QVERIFY(doc.isObject());
            QCOMPARE(errorCode(doc.object()), -32600);
            QCOMPARE(rawId(out.first()), QByteArray("null"));
        }
        QCOMPARE(c.session.callsInFlight(), 0);
        QVERIFY(!anythingArrivesWithin(c, 100)); // none of the elements ran
        QCOMPARE(c.session.negotiatedVersion(), version);
    }

    // --- version-gated output -----------------------------------------------------------------------

    void toolsListByVersion_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<bool>("annotations");
        QTest::addColumn<bool>("titleAndOutputSchema");
        QTest::newRow("2024-11-05") << u"2024-11-05"_s << false << false;
        QTest::newRow("2025-03-26") << u"2025-03-26"_s << true << false;
        QTest::newRow("2025-06-18") << u"2025-06-18"_s << true << true;
        QTest::newRow("2025-11-25") << u"2025-11-25"_s << true << true;
        QTest::newRow("2026-07-28 (modern)") << modern << true << true;
    }

    void toolsListByVersion()
    {
        QFETCH(QString, version);
        QFETCH(bool, annotations);
        QFETCH(bool, titleAndOutputSchema);
        ToolHarness h;
        Client c(h.registry());
        QJsonObject params;
        if (version == modern)
            params.insert(u"_meta"_s, modernMeta());
        else
            QCOMPARE(c.initialize(version).value(u"protocolVersion"_s).toString(), version);
        const QList<QByteArray> out = c.exchange(request(1, u"tools/list"_s, params));
        QCOMPARE(out.size(), 1);
        const QJsonObject result = toObject(out.first()).value(u"result"_s).toObject();
        QVERIFY(!result.contains(u"nextCursor"_s));
        const QJsonArray tools = result.value(u"tools"_s).toArray();
        QCOMPARE(tools.size(), h.registry().tools().size());
        QVERIFY(tools.size() >= 16);
        static const QRegularExpression namePattern(u"^[a-zA-Z0-9_-]{1,64}$"_s);
        QSet<QString> names;
        for (const QJsonValue &v : tools) {
            const QJsonObject tool = v.toObject();
            const QString name = tool.value(u"name"_s).toString();
            QVERIFY2(namePattern.match(name).hasMatch(), qPrintable(name));
            QVERIFY2(!names.contains(name), qPrintable(name));
            names.insert(name);
            QVERIFY(!tool.value(u"description"_s).toString().isEmpty());
            const QJsonObject input = tool.value(u"inputSchema"_s).toObject();
            QCOMPARE(input.value(u"type"_s).toString(), u"object"_s);
            QVERIFY2(input.value(u"properties"_s).isObject(), qPrintable(name));
            QCOMPARE(tool.contains(u"annotations"_s), annotations);
            QCOMPARE(tool.contains(u"title"_s), titleAndOutputSchema);
            QCOMPARE(tool.contains(u"outputSchema"_s), titleAndOutputSchema);
            if (titleAndOutputSchema) {
                QVERIFY(!tool.value(u"title"_s).toString().isEmpty());
                QCOMPARE(tool.value(u"outputSchema"_s).toObject().value(u"type"_s).toString(), u"object"_s);
            }
            if (!annotations)
                continue;
            const QJsonObject a = tool.value(u"annotations"_s).toObject();
            QCOMPARE(a.value(u"readOnlyHint"_s), QJsonValue(readOnlyTools.contains(name)));
            QCOMPARE(a.value(u"destructiveHint"_s), QJsonValue(name == u"delete_video"_s));
            QCOMPARE(a.value(u"openWorldHint"_s), QJsonValue(apiTools.contains(name)));
        }
        for (const QString &expected : readOnlyTools + apiTools + QSet<QString>{u"prepare_reference_image"_s})
            QVERIFY2(names.contains(expected), qPrintable(expected));
        // Deterministic: a second listing is byte-identical.
        const QList<QByteArray> again = c.exchange(request(1, u"tools/list"_s, params));
        QCOMPARE(again.size(), 1);
        QCOMPARE(again.first(), out.first());
    }

    void structuredContentByVersion_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<bool>("structured");
        QTest::newRow("2024-11-05") << u"2024-11-05"_s << false;
        QTest::newRow("2025-03-26") << u"2025-03-26"_s << false;
        QTest::newRow("2025-06-18") << u"2025-06-18"_s << true;
        QTest::newRow("2025-11-25") << u"2025-11-25"_s << true;
        QTest::newRow("2026-07-28 (modern)") << modern << true;
    }

    void structuredContentByVersion()
    {
        QFETCH(QString, version);
        QFETCH(bool, structured);
        ToolHarness h;
        QVERIFY(ToolHarness::writeFile(h.videoPath(u"clip.mp4"_s), QByteArray(1234, 'v')));
        Client c(h.registry());
        QJsonObject params = callParams(u"list_local_videos"_s, {});
        if (version == modern)
            params.insert(u"_meta"_s, modernMeta());
        else
            QCOMPARE(c.initialize(version).value(u"protocolVersion"_s).toString(), version);
        c.send(request(u"ls"_s, u"tools/call"_s, params));
        QTRY_VERIFY_WITH_TIMEOUT(c.hasResponse(u"ls"_s), 10000);
        const QJsonObject result = c.response(u"ls"_s).value(u"result"_s).toObject();
        QCOMPARE(result.value(u"isError"_s), QJsonValue(false));
        const QJsonArray content = result.value(u"content"_s).toArray();
        QVERIFY(!content.isEmpty());
        const QJsonObject text = content.at(0).toObject();
        QCOMPARE(text.value(u"type"_s).toString(), u"text"_s);
        QJsonParseError error;
        const QJsonDocument fromText =
            QJsonDocument::fromJson(text.value(u"text"_s).toString().toUtf8(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QVERIFY(fromText.isObject());
        const QJsonArray data = fromText.object().value(u"data"_s).toArray();
        QCOMPARE(data.size(), 1);
        QCOMPARE(data.at(0).toObject().value(u"filename"_s).toString(), u"clip.mp4"_s);
        QCOMPARE(result.contains(u"structuredContent"_s), structured);
        if (structured)
            QCOMPARE(result.value(u"structuredContent"_s).toObject(), fromText.object());
        for (const QJsonValue &block : content) // no block type the oldest clients don't know
            QVERIFY(QSet<QString>({u"text"_s, u"image"_s})
                        .contains(block.toObject().value(u"type"_s).toString()));
    }

    // --- 2026-07-28: stateless requests -----------------------------------------------------------

    void discoverWorksWithoutInitialize_data()
    {
        QTest::addColumn<bool>("withModernMeta");
        QTest::newRow("plain") << false;
        QTest::newRow("modern _meta") << true;
    }

    void discoverWorksWithoutInitialize()
    {
        QFETCH(bool, withModernMeta);
        ToolHarness h;
        Client c(h.registry());
        QJsonObject params;
        if (withModernMeta)
            params.insert(u"_meta"_s, modernMeta());
        const QList<QByteArray> out = c.exchange(request(u"d"_s, u"server/discover"_s, params));
        QCOMPARE(out.size(), 1);
        QCOMPARE(rawId(out.first()), QByteArray("\"d\""));
        const QJsonObject result = toObject(out.first()).value(u"result"_s).toObject();
        QCOMPARE(result.value(u"resultType"_s).toString(), u"complete"_s);
        const QJsonArray supported = result.value(u"supportedVersions"_s).toArray();
        QVERIFY(supported.contains(modern));
        QVERIFY(supported.contains(latest));
        QVERIFY(result.value(u"capabilities"_s).toObject().value(u"tools"_s).isObject());
        QVERIFY(result.value(u"ttlMs"_s).isDouble());
        QVERIFY(result.value(u"ttlMs"_s).toInteger(-1) >= 0);
        QVERIFY(
            QSet<QString>({u"public"_s, u"private"_s}).contains(result.value(u"cacheScope"_s).toString()));
        const QJsonObject info = result.value(u"_meta"_s).toObject().value(metaServerInfo).toObject();
        QVERIFY(!info.value(u"name"_s).toString().isEmpty());
        QVERIFY(!info.value(u"version"_s).toString().isEmpty());
        QVERIFY(c.session.negotiatedVersion().isEmpty()); // discovery is not a handshake
    }

    void modernToolsListWithoutInitialize()
    {
        ToolHarness h;
        Client c(h.registry());
        const QList<QByteArray> out = c.exchange(request(1, u"tools/list"_s, {{u"_meta"_s, modernMeta()}}));
        QCOMPARE(out.size(), 1);
        const QJsonObject result = toObject(out.first()).value(u"result"_s).toObject();
        QCOMPARE(result.value(u"resultType"_s).toString(), u"complete"_s);
        QVERIFY(result.value(u"ttlMs"_s).toInteger(-1) >= 0);
        QVERIFY(
            QSet<QString>({u"public"_s, u"private"_s}).contains(result.value(u"cacheScope"_s).toString()));
        QVERIFY(result.value(u"_meta"_s).toObject().value(metaServerInfo).isObject());
        QCOMPARE(result.value(u"tools"_s).toArray().size(), h.registry().tools().size());
        // Stateless: it did not initialize anything; a legacy request is still refused.
        QVERIFY(c.session.negotiatedVersion().isEmpty());
        const QList<QByteArray> legacy = c.exchange(request(2, u"tools/list"_s));
        QCOMPARE(legacy.size(), 1);
        QVERIFY(toObject(legacy.first()).contains(u"error"_s));
    }

    void modernToolsCall()
    {
        ToolHarness h;
        Client c(h.registry());
        c.send(request(u"m"_s, u"tools/call"_s,
                       {{u"name"_s, u"list_local_videos"_s},
                        {u"arguments"_s, QJsonObject{}},
                        {u"_meta"_s, modernMeta()}}));
        QTRY_VERIFY_WITH_TIMEOUT(c.hasResponse(u"m"_s), 10000);
        const QJsonObject result = c.response(u"m"_s).value(u"result"_s).toObject();
        QCOMPARE(result.value(u"resultType"_s).toString(), u"complete"_s);
        QCOMPARE(result.value(u"isError"_s), QJsonValue(false));
        QVERIFY(result.value(u"structuredContent"_s).toObject().value(u"data"_s).isArray());
        QVERIFY(result.value(u"_meta"_s).toObject().value(metaServerInfo).isObject());
        QVERIFY(c.session.negotiatedVersion().isEmpty());
    }

    void modernRequestsAfterALegacyHandshakeStayModern()
    {
        ToolHarness h;
        Client c(h.registry());
        QCOMPARE(c.initialize(u"2024-11-05"_s).value(u"protocolVersion"_s).toString(), u"2024-11-05"_s);
        const QList<QByteArray> out = c.exchange(request(1, u"tools/list"_s, {{u"_meta"_s, modernMeta()}}));
        QCOMPARE(out.size(), 1);
        const QJsonObject result = toObject(out.first()).value(u"result"_s).toObject();
        QCOMPARE(result.value(u"resultType"_s).toString(), u"complete"_s);
        QVERIFY(result.value(u"tools"_s).toArray().at(0).toObject().contains(u"outputSchema"_s));
        QCOMPARE(c.session.negotiatedVersion(), u"2024-11-05"_s);
        // and the legacy listing is unchanged by it
        const QList<QByteArray> legacy = c.exchange(request(2, u"tools/list"_s));
        QCOMPARE(legacy.size(), 1);
        const QJsonObject legacyResult = toObject(legacy.first()).value(u"result"_s).toObject();
        QVERIFY(!legacyResult.contains(u"resultType"_s));
        QVERIFY(!legacyResult.value(u"tools"_s).toArray().at(0).toObject().contains(u"outputSchema"_s));
    }

    void modernRequestWithoutCapabilities_data()
    {
        QTest::addColumn<QJsonValue>("capabilities"); // undefined: missing
        QTest::newRow("missing") << QJsonValue(QJsonValue::Undefined);
        QTest::newRow("null") << QJsonValue(QJsonValue::Null);
        QTest::newRow("string") << QJsonValue(u"all"_s);
        QTest::newRow("array") << QJsonValue(QJsonArray{});
    }

    void modernRequestWithoutCapabilities()
    {
        QFETCH(QJsonValue, capabilities);
        ToolHarness h;
        Client c(h.registry());
        QJsonObject meta = modernMeta(modern, false);
        if (!capabilities.isUndefined())
            meta.insert(metaCapabilities, capabilities);
        for (const QString &method : {u"tools/list"_s, u"server/discover"_s, u"tools/call"_s}) {
            QJsonObject params{{u"_meta"_s, meta}};
            if (method == u"tools/call"_s)
                params.insert(u"name"_s, u"list_local_videos"_s);
            const QList<QByteArray> out = c.exchange(request(u"q"_s, method, params));
            QCOMPARE(out.size(), 1);
            QCOMPARE(errorCode(toObject(out.first())), -32602);
            QCOMPARE(rawId(out.first()), QByteArray("\"q\""));
        }
        QCOMPARE(c.session.callsInFlight(), 0);
    }

    void unsupportedModernVersion_data()
    {
        QTest::addColumn<QJsonValue>("requested");
        QTest::newRow("future") << QJsonValue(u"2027-01-01"_s);
        QTest::newRow("far future") << QJsonValue(u"2099-12-31"_s);
        QTest::newRow("empty") << QJsonValue(u""_s);
    }

    void unsupportedModernVersion()
    {
        QFETCH(QJsonValue, requested);
        ToolHarness h;
        Client c(h.registry());
        QJsonObject meta = modernMeta();
        meta.insert(metaVersion, requested);
        const QList<QByteArray> out = c.exchange(request(5, u"tools/list"_s, {{u"_meta"_s, meta}}));
        QCOMPARE(out.size(), 1);
        const QJsonObject msg = toObject(out.first());
        QCOMPARE(errorCode(msg), -32022);
        QCOMPARE(rawId(out.first()), QByteArray("5"));
        const QJsonObject data = msg.value(u"error"_s).toObject().value(u"data"_s).toObject();
        QCOMPARE(data.value(u"requested"_s), requested);
        QVERIFY(data.value(u"supported"_s).toArray().contains(modern));
        QVERIFY(c.session.negotiatedVersion().isEmpty());
    }

    void modernModeHasNoPingOrInitialize()
    {
        ToolHarness h;
        Client c(h.registry());
        QList<QByteArray> out = c.exchange(request(1, u"ping"_s, {{u"_meta"_s, modernMeta()}}));
        QCOMPARE(out.size(), 1);
        QCOMPARE(errorCode(toObject(out.first())), -32601);
        QJsonObject params = initializeParams(latest);
        params.insert(u"_meta"_s, modernMeta());
        out = c.exchange(request(2, u"initialize"_s, params));
        QCOMPARE(out.size(), 1);
        QVERIFY(toObject(out.first()).contains(u"error"_s));
        QVERIFY(c.session.negotiatedVersion().isEmpty());
    }

    // --- progress -----------------------------------------------------------------------------------

    void progressEchoesTheToken_data()
    {
        QTest::addColumn<QJsonValue>("token");
        QTest::addColumn<QByteArray>("tokenText");
        QTest::newRow("string token") << QJsonValue(u"tok-1"_s) << QByteArray("\"tok-1\"");
        QTest::newRow("integer token") << QJsonValue(42) << QByteArray("42");
        QTest::newRow("numeric string token") << QJsonValue(u"42"_s) << QByteArray("\"42\"");
    }

    void progressEchoesTheToken()
    {
        QFETCH(QJsonValue, token);
        QFETCH(QByteArray, tokenText);
        ToolHarness h;
        QVERIFY(TestImages::write(h.imagePath(u"photo.jpg"_s),
                                  TestImages::encode(TestImages::photoLike(QSize(1600, 1200)), "JPEG", 90)));
        Client c(h.registry());
        QCOMPARE(c.initialize(latest).value(u"protocolVersion"_s).toString(), latest);
        c.send(request(u"prep"_s, u"tools/call"_s,
                       callParams(u"prepare_reference_image"_s,
                                  {{u"input_filename"_s, u"photo.jpg"_s}, {u"target_size"_s, u"1280x720"_s}},
                                  token)));
        QTRY_VERIFY_WITH_TIMEOUT(c.hasResponse(u"prep"_s), 30000);
        QVERIFY(!anythingArrivesWithin(c, 200)); // nothing after the response

        const QJsonObject result = c.response(u"prep"_s).value(u"result"_s).toObject();
        QCOMPARE(result.value(u"isError"_s), QJsonValue(false));
        QVERIFY(QFileInfo::exists(h.imagePath(u"photo_1280x720.png"_s)));

        const qsizetype responseIndex = c.indexOfResponse(u"prep"_s);
        QCOMPARE(responseIndex, c.raw.size() - 1);
        const auto progress = c.progress();
        QVERIFY(!progress.isEmpty());
        double last = -1;
        for (const auto &[index, params] : progress) {
            QVERIFY(index < responseIndex);
            QCOMPARE(params.value(u"progressToken"_s), token);
            const QByteArray raw = c.raw.at(index);
            QVERIFY2(raw.contains("\"progressToken\":" + tokenText + ",") ||
                         raw.contains("\"progressToken\":" + tokenText + "}"),
                     raw.constData()); // the same JSON type, not just an equal value
            QVERIFY(params.value(u"progress"_s).isDouble());
            const double p = params.value(u"progress"_s).toDouble();
            QVERIFY2(p > last, "progress must strictly increase");
            last = p;
            if (params.contains(u"total"_s))
                QVERIFY(p <= params.value(u"total"_s).toDouble());
        }
    }

    void noProgressWithoutToken()
    {
        ToolHarness h;
        QVERIFY(TestImages::write(h.imagePath(u"photo.jpg"_s),
                                  TestImages::encode(TestImages::photoLike(QSize(1600, 1200)), "JPEG", 90)));
        Client c(h.registry());
        QCOMPARE(c.initialize(latest).value(u"protocolVersion"_s).toString(), latest);
        QJsonObject params = callParams(u"prepare_reference_image"_s, {{u"input_filename"_s, u"photo.jpg"_s},
                                                                       {u"target_size"_s, u"1280x720"_s}});
        params.insert(u"_meta"_s, QJsonObject{{u"com.example/other"_s, 1}});
        c.send(request(1, u"tools/call"_s, params));
        QTRY_VERIFY_WITH_TIMEOUT(c.hasResponse(1), 30000);
        QVERIFY(!anythingArrivesWithin(c, 100));
        QCOMPARE(c.response(1).value(u"result"_s).toObject().value(u"isError"_s), QJsonValue(false));
        QCOMPARE(c.raw.size(), 1); // just the response
        QVERIFY(c.progress().isEmpty());
    }

    void retryWaitReachesTheClient()
    {
        // A 429 with Retry-After makes the call wait before its retry; a client that sent a progressToken
        // hears why and for how long, and progress still strictly increases.
        ToolHarness h;
        QVERIFY(h.started());
        h.server().addFault("POST", u"/v1/images/generations"_s,
                            Fault::httpStatus(429, {{"Retry-After", "1"}}));
        Client c(h.registry());
        QCOMPARE(c.initialize(latest).value(u"protocolVersion"_s).toString(), latest);
        c.send(
            request(u"gen"_s, u"tools/call"_s,
                    callParams(u"generate_image"_s,
                               {{u"prompt"_s, u"A fox"_s}, {u"filename"_s, u"fox.png"_s}}, u"wait-token"_s)));
        QTRY_VERIFY_WITH_TIMEOUT(c.hasResponse(u"gen"_s), 20000);
        QCOMPARE(c.response(u"gen"_s).value(u"result"_s).toObject().value(u"isError"_s), QJsonValue(false));
        QCOMPARE(h.server().requestCount("POST", u"/v1/images/generations"_s), 2);

        const qsizetype responseIndex = c.indexOfResponse(u"gen"_s);
        QStringList messages;
        double last = -1;
        for (const auto &[index, params] : c.progress()) {
            QVERIFY(index < responseIndex);
            QCOMPARE(params.value(u"progressToken"_s), QJsonValue(u"wait-token"_s));
            const double p = params.value(u"progress"_s).toDouble(-1);
            QVERIFY2(p > last, qPrintable(u"progress %1 after %2"_s.arg(p).arg(last)));
            last = p;
            messages << params.value(u"message"_s).toString();
        }
        const QStringList waits = messages.filter(u"retrying in 1 s"_s);
        QVERIFY2(waits.size() == 1, qPrintable(messages.join(u" | "_s)));
        QVERIFY2(waits.first().contains(u"429"_s), qPrintable(waits.first()));
    }

    void waitNoticesKeepTotalAndOrder()
    {
        // Wait notices right after progress the rate limit held back, driven on the call itself: each
        // goes out, above the last value sent and below the next progress, with the total unchanged.
        ToolHarness h;
        QVERIFY(h.started());
        h.server().addFault("GET", u"/v1/videos/*"_s, Fault::holdAnswer(5000));
        Client c(h.registry());
        QCOMPARE(c.initialize(latest).value(u"protocolVersion"_s).toString(), latest);
        QPointer<ToolCall> call;
        QObject::connect(&c.session, &McpSession::toolCallStarted, &c.session,
                         [&call](ToolCall *started) { call = started; });
        c.send(request(5, u"tools/call"_s,
                       callParams(u"get_video_status"_s, {{u"video_id"_s, u"video_held"_s}}, u"held"_s)));
        QVERIFY(call);
        call->reportProgress(1, 4, u"one"_s);
        call->reportProgress(2, 4, u"two"_s); // within 100 ms of "one": normally held back
        call->reportWait(u"Rate limited (HTTP 429) — retrying in 3 s"_s);
        call->reportWait(u"Rate limited (HTTP 429) — retrying in 6 s"_s);
        call->reportProgress(4, 4, u"done"_s); // reaching the total is never held back

        QStringList messages;
        QList<double> values;
        for (const auto &[index, params] : c.progress()) {
            QCOMPARE(params.value(u"progressToken"_s), QJsonValue(u"held"_s));
            QCOMPARE(params.value(u"total"_s).toDouble(), 4.0);
            values << params.value(u"progress"_s).toDouble();
            messages << params.value(u"message"_s).toString();
        }
        const QString seen = messages.join(u" | "_s);
        QVERIFY2(messages.size() >= 4 && messages.first() == u"one"_s && messages.last() == u"done"_s,
                 qPrintable(seen));
        QVERIFY2(messages.at(messages.size() - 3).endsWith(u"retrying in 3 s"_s), qPrintable(seen));
        QVERIFY2(messages.at(messages.size() - 2).endsWith(u"retrying in 6 s"_s), qPrintable(seen));
        for (qsizetype i = 1; i < values.size(); ++i)
            QVERIFY2(values.at(i) > values.at(i - 1), qPrintable(seen));
        // The notices stay at the progress reached (2, held back or not), not a step towards "done".
        QVERIFY2(values.at(values.size() - 3) >= 2.0 && values.at(values.size() - 2) < 2.001,
                 qPrintable(seen));
        QCOMPARE(values.last(), 4.0);

        QVERIFY(c.exchange(notification(u"notifications/cancelled"_s, QJsonObject{{u"requestId"_s, 5}}))
                    .isEmpty());
        QCOMPARE(c.session.callsInFlight(), 0);
    }

    // --- cancellation -------------------------------------------------------------------------------

    void cancelledCallIsNeverAnswered()
    {
        ToolHarness h;
        QVERIFY(h.started());
        h.server().setVideoContentSize(2 * 1024 * 1024);
        const QString videoId = h.server().addCompletedVideo();
        h.server().addFault("GET", u"/v1/videos/*"_s, Fault::slowBody(4096, 20));
        Client c(h.registry());
        QCOMPARE(c.initialize(latest).value(u"protocolVersion"_s).toString(), latest);
        c.send(request(u"dl"_s, u"tools/call"_s,
                       callParams(u"download_video"_s,
                                  {{u"video_id"_s, videoId}, {u"filename"_s, u"partial.mp4"_s}},
                                  u"dl-progress"_s)));
        QTRY_VERIFY_WITH_TIMEOUT(!c.progress().isEmpty(), 10000); // the download is under way
        QCOMPARE(c.session.callsInFlight(), 1);
        QVERIFY(!c.hasResponse(u"dl"_s));

        const QList<QByteArray> out = c.exchange(
            notification(u"notifications/cancelled"_s,
                         QJsonObject{{u"requestId"_s, u"dl"_s}, {u"reason"_s, u"user pressed stop"_s}}));
        QVERIFY(out.isEmpty());
        QCOMPARE(c.session.callsInFlight(), 0);
        const qsizetype mark = c.raw.size();
        QVERIFY(!anythingArrivesWithin(c, 1000)); // neither a response nor more progress
        QCOMPARE(c.raw.size(), mark);
        QCOMPARE(c.responseCount(u"dl"_s), 0);
        QTRY_VERIFY(ToolHarness::entries(h.videoDir()).isEmpty());
        QVERIFY(!QFileInfo::exists(h.videoPath(u"partial.mp4"_s)));

        const QList<QByteArray> ping = c.exchange(request(u"later"_s, u"ping"_s));
        QCOMPARE(ping.size(), 1);
        QCOMPARE(toObject(ping.first()).value(u"result"_s).toObject(), QJsonObject());
        QVERIFY(!anythingArrivesWithin(c, 200));
        QCOMPARE(c.responseCount(u"dl"_s), 0);
    }

    void cancellingUnknownOrFinishedIdsIsSilent()
    {
        ToolHarness h;
        Client c(h.registry());
        QCOMPARE(c.initialize(latest).value(u"protocolVersion"_s).toString(), latest);
        QVERIFY(
            c.exchange(notification(u"notifications/cancelled"_s, QJsonObject{{u"requestId"_s, u"nope"_s}}))
                .isEmpty());
        QVERIFY(c.exchange(notification(u"notifications/cancelled"_s, QJsonObject{{u"requestId"_s, 12345}}))
                    .isEmpty());
        // After the response went out (the usual race): ignored, and the id can be used again.
        c.send(request(8, u"tools/call"_s, callParams(u"list_local_videos"_s, {})));
        QTRY_VERIFY_WITH_TIMEOUT(c.hasResponse(8), 10000);
        QVERIFY(c.exchange(notification(u"notifications/cancelled"_s, QJsonObject{{u"requestId"_s, 8}}))
                    .isEmpty());
        QVERIFY(!anythingArrivesWithin(c, 50));
        c.send(request(8, u"tools/call"_s, callParams(u"list_local_videos"_s, {})));
        QTRY_COMPARE_WITH_TIMEOUT(c.responseCount(8), 2, 10000);
        QCOMPARE(c.response(8).value(u"result"_s).toObject().value(u"isError"_s), QJsonValue(false));
        QCOMPARE(toObject(c.raw.last()).value(u"result"_s).toObject().value(u"isError"_s), QJsonValue(false));
        QCOMPARE(c.session.callsInFlight(), 0);
    }

    void cancelMatchesTheIdType()
    {
        ToolHarness h;
        QVERIFY(h.started());
        h.server().setVideoContentSize(256 * 1024);
        const QString videoId = h.server().addCompletedVideo();
        h.server().addFault("GET", u"/v1/videos/*"_s, Fault::slowBody(4096, 20));
        Client c(h.registry());
        QCOMPARE(c.initialize(latest).value(u"protocolVersion"_s).toString(), latest);
        c.send(request(3, u"tools/call"_s, callParams(u"download_video"_s, {{u"video_id"_s, videoId}})));
        QCOMPARE(c.session.callsInFlight(), 1);
        QVERIFY(c.exchange(notification(u"notifications/cancelled"_s, QJsonObject{{u"requestId"_s, u"3"_s}}))
                    .isEmpty());
        QCOMPARE(c.session.callsInFlight(), 1); // "3" is not 3
        QTRY_VERIFY_WITH_TIMEOUT(c.hasResponse(3), 20000);
        QCOMPARE(c.response(3).value(u"result"_s).toObject().value(u"isError"_s), QJsonValue(false));
    }

    void closeCancelsEverything()
    {
        ToolHarness h;
        QVERIFY(h.started());
        h.server().setVideoContentSize(2 * 1024 * 1024);
        const QString first = h.server().addCompletedVideo();
        const QString second = h.server().addCompletedVideo();
        h.server().addFault("GET", u"/v1/videos/*"_s, Fault::slowBody(4096, 20, 2));
        Client c(h.registry());
        QCOMPARE(c.initialize(latest).value(u"protocolVersion"_s).toString(), latest);
        c.send(
            request(1, u"tools/call"_s, callParams(u"download_video"_s, {{u"video_id"_s, first}}, u"a"_s)));
        c.send(
            request(2, u"tools/call"_s, callParams(u"download_video"_s, {{u"video_id"_s, second}}, u"b"_s)));
        QCOMPARE(c.session.callsInFlight(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(c.progress().size() >= 2, 10000);

        const qsizetype mark = c.raw.size();
        c.session.close();
        QCOMPARE(c.session.callsInFlight(), 0);
        QCOMPARE(c.raw.size(), mark);
        QVERIFY(c.exchange(request(3, u"ping"_s)).isEmpty()); // a closed session answers nothing
        QVERIFY(c.exchange(request(4, u"tools/call"_s, callParams(u"list_local_videos"_s, {}))).isEmpty());
        QCOMPARE(c.session.callsInFlight(), 0);
        QVERIFY(!anythingArrivesWithin(c, 1000));
        QCOMPARE(c.responseCount(1), 0);
        QCOMPARE(c.responseCount(2), 0);
        QTRY_VERIFY(ToolHarness::entries(h.videoDir()).isEmpty());
    }

    // --- concurrency --------------------------------------------------------------------------------

    void concurrentCallsAnsweredOutOfOrder()
    {
        ToolHarness h;
        QVERIFY(h.started());
        h.server().setVideoContentSize(256 * 1024);
        const QString videoId = h.server().addCompletedVideo();
        h.server().addFault("GET", u"/v1/videos/"_s + videoId + u"/content"_s, Fault::slowBody(4096, 20));
        QVERIFY(ToolHarness::writeFile(h.videoPath(u"old.mp4"_s), QByteArray(10, 'o')));
        Client c(h.registry());
        QCOMPARE(c.initialize(latest).value(u"protocolVersion"_s).toString(), latest);

        c.send(request(
            u"slow"_s, u"tools/call"_s,
            callParams(u"download_video"_s, {{u"video_id"_s, videoId}, {u"filename"_s, u"slow.mp4"_s}})));
        c.send(request(2, u"tools/call"_s, callParams(u"get_video_status"_s, {{u"video_id"_s, videoId}})));
        c.send(request(u"3"_s, u"tools/call"_s, callParams(u"list_local_videos"_s, {})));
        QCOMPARE(c.session.callsInFlight(), 3);
        const QList<QByteArray> ping = c.exchange(request(4, u"ping"_s));
        QCOMPARE(ping.size(), 1); // answered while the calls run
        QCOMPARE(rawId(ping.first()), QByteArray("4"));

        QTRY_VERIFY_WITH_TIMEOUT(c.hasResponse(u"slow"_s), 30000);
        QVERIFY(!anythingArrivesWithin(c, 100));
        const qsizetype slow = c.indexOfResponse(u"slow"_s);
        QVERIFY(c.indexOfResponse(2) >= 0 && c.indexOfResponse(2) < slow);
        QVERIFY(c.indexOfResponse(u"3"_s) >= 0 && c.indexOfResponse(u"3"_s) < slow);
        QCOMPARE(c.raw.size(), 4);

        // Each answer belongs to its request.
        const QJsonObject status =
            c.response(2).value(u"result"_s).toObject().value(u"structuredContent"_s).toObject();
        QCOMPARE(status.value(u"id"_s).toString(), videoId);
        const QJsonObject listing =
            c.response(u"3"_s).value(u"result"_s).toObject().value(u"structuredContent"_s).toObject();
        QCOMPARE(listing.value(u"data"_s).toArray().at(0).toObject().value(u"filename"_s).toString(),
                 u"old.mp4"_s);
        const QJsonObject download =
            c.response(u"slow"_s).value(u"result"_s).toObject().value(u"structuredContent"_s).toObject();
        QCOMPARE(download.value(u"filename"_s).toString(), u"slow.mp4"_s);
        QCOMPARE(download.value(u"size_bytes"_s).toInteger(), qint64(256 * 1024));
        QCOMPARE(QFileInfo(h.videoPath(u"slow.mp4"_s)).size(), qint64(256 * 1024));
        QCOMPARE(c.session.callsInFlight(), 0);
    }

    void stringAndIntegerIdsAreDifferentRequests()
    {
        ToolHarness h;
        Client c(h.registry());
        QCOMPARE(c.initialize(latest).value(u"protocolVersion"_s).toString(), latest);
        c.send(request(7, u"tools/call"_s, callParams(u"list_local_videos"_s, {})));
        c.send(request(u"7"_s, u"tools/call"_s, callParams(u"list_reference_images"_s, {})));
        QCOMPARE(c.session.callsInFlight(), 2);
        QVERIFY(c.raw.isEmpty()); // no "already in flight" error
        QTRY_VERIFY_WITH_TIMEOUT(c.hasResponse(7) && c.hasResponse(u"7"_s), 10000);
        QVERIFY(!anythingArrivesWithin(c, 50));
        QCOMPARE(c.raw.size(), 2);
        for (const QByteArray &raw : c.raw) {
            const QJsonObject o = toObject(raw);
            QCOMPARE(o.value(u"result"_s).toObject().value(u"isError"_s), QJsonValue(false));
        }
        QCOMPARE(rawId(c.raw.at(c.indexOfResponse(7))), QByteArray("7"));
        QCOMPARE(rawId(c.raw.at(c.indexOfResponse(u"7"_s))), QByteArray("\"7\""));
    }

    void reusingAnIdInFlightIsAnError_data()
    {
        QTest::addColumn<QJsonObject>("duplicate");
        QTest::newRow("tools/call") << request(u"dup"_s, u"tools/call"_s,
                                               callParams(u"list_local_videos"_s, {}));
        QTest::newRow("tools/list") << request(u"dup"_s, u"tools/list"_s);
        QTest::newRow("ping") << request(u"dup"_s, u"ping"_s);
    }

    void reusingAnIdInFlightIsAnError()
    {
        QFETCH(QJsonObject, duplicate);
        ToolHarness h;
        QVERIFY(h.started());
        h.server().setVideoContentSize(256 * 1024);
        const QString videoId = h.server().addCompletedVideo();
        h.server().addFault("GET", u"/v1/videos/*"_s, Fault::slowBody(4096, 20));
        Client c(h.registry());
        QCOMPARE(c.initialize(latest).value(u"protocolVersion"_s).toString(), latest);
        c.send(request(
            u"dup"_s, u"tools/call"_s,
            callParams(u"download_video"_s, {{u"video_id"_s, videoId}, {u"filename"_s, u"d.mp4"_s}})));
        QCOMPARE(c.session.callsInFlight(), 1);
        const QList<QByteArray> out = c.exchange(duplicate);
        QCOMPARE(out.size(), 1);
        const QJsonObject msg = toObject(out.first());
        QVERIFY2(msg.contains(u"error"_s), out.first().constData());
        QCOMPARE(errorCode(msg), -32600);
        QCOMPARE(rawId(out.first()), QByteArray("\"dup\""));
        QCOMPARE(c.session.callsInFlight(), 1); // the first call goes on undisturbed
        // The original call is answered exactly once, normally.
        QTRY_COMPARE_WITH_TIMEOUT(c.responseCount(u"dup"_s), 2, 20000);
        QVERIFY(!anythingArrivesWithin(c, 100));
        QCOMPARE(c.responseCount(u"dup"_s), 2);
        const QJsonObject last = toObject(c.raw.last());
        QCOMPARE(
            last.value(u"result"_s).toObject().value(u"structuredContent"_s).toObject().value(u"filename"_s),
            QJsonValue(u"d.mp4"_s));
    }

    // --- output framing -----------------------------------------------------------------------------

    void everyMessageIsOneLine()
    {
        ToolHarness h;
        QVERIFY(ToolHarness::writeFile(h.videoPath(u"a\nb.mp4"_s), QByteArray(3, 'x')) ||
                ToolHarness::writeFile(h.videoPath(u"ab.mp4"_s), QByteArray(3, 'x')));
        Client c(h.registry());
        QCOMPARE(c.initialize(latest).value(u"protocolVersion"_s).toString(), latest);
        c.send(request(1, u"tools/call"_s, callParams(u"list_local_videos"_s, {})));
        c.send(request(2, u"tools/call"_s,
                       callParams(u"create_video"_s, {{u"prompt"_s, u"x"_s}, {u"seconds"_s, 8}})));
        QTRY_VERIFY_WITH_TIMEOUT(c.hasResponse(1) && c.hasResponse(2), 10000);
        c.send(request(3, u"tools/list"_s));
        c.send(QByteArray("{\n"));
        for (const QByteArray &raw : c.raw) {
            QVERIFY(!raw.contains('\n'));
            QVERIFY(!raw.contains('\r'));
        }
        // The pretty text block really had line breaks: they travel escaped.
        const QString text = c.response(1)
                                 .value(u"result"_s)
                                 .toObject()
                                 .value(u"content"_s)
                                 .toArray()
                                 .at(0)
                                 .toObject()
                                 .value(u"text"_s)
                                 .toString();
        QVERIFY(text.contains(u'\n'));
        QVERIFY(c.raw.at(c.indexOfResponse(1)).contains("\\n"));
        QCOMPARE(g_badOutput, 0);
    }
};

QTEST_GUILESS_MAIN(tst_McpSession)
#include "tst_mcpsession.moc"

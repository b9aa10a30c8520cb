// SPDX-License-Identifier: MIT
// The MCP Apps media viewer through McpSession: the resources capability, resources/list and
// resources/read of ui://sanzaru/media-viewer.html (profile mcp-app, prefersBorder, CSP for blob:), the
// page itself (self-contained, speaks the host protocol), -32002 for an unknown URI (-32602 in
// 2026-07-28), view_media's _meta.ui.resourceUri, and the chunk protocol of _get_media_data reassembling
// a file byte for byte.
#include "fakeopenaiserver.h"
#include "mcptestsupport.h"

#include "mcp/mcpsession.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace Sanzaru::Core;
using namespace Sanzaru::Testing;
using namespace Qt::StringLiterals;

namespace {

const QString viewerUri = u"ui://sanzaru/media-viewer.html"_s;

} // namespace

class TestMcpAppResources final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_media;
    FakeOpenAiServer m_api;
    std::optional<McpTestEngine> m_engine;
    std::unique_ptr<McpSession> m_session;
    QList<QJsonObject> m_answers;
    int m_nextId = 100;

    /// Sends one request and waits for the answer with its id.
    QJsonObject ask(const QJsonObject &request)
    {
        const QJsonValue id = request.value(u"id"_s);
        m_session->receive(QJsonDocument(request).toJson(QJsonDocument::Compact));
        QJsonObject answer;
        const bool arrived = QTest::qWaitFor(
            [&] {
                for (qsizetype i = 0; i < m_answers.size(); ++i)
                    if (m_answers[i].value(u"id"_s) == id) {
                        answer = m_answers.takeAt(i);
                        return true;
                    }
                return false;
            },
            20000);
        return arrived ? answer : QJsonObject{{u"timeout"_s, true}};
    }

    QJsonObject askNew(const QString &method, const QJsonObject &params = {})
    {
        return ask(rpcRequest(m_nextId++, method, params));
    }

    static QJsonObject modern(const QJsonValue &id, const QString &method, QJsonObject params = {})
    {
        params.insert(u"_meta"_s,
                      QJsonObject{{u"io.modelcontextprotocol/protocolVersion"_s, u"2026-07-28"_s},
                                  {u"io.modelcontextprotocol/clientCapabilities"_s, QJsonObject{}}});
        return rpcRequest(id, method, params);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_api.start());
        QVERIFY(QDir().mkpath(m_media.path() + u"/videos"_s));
        QVERIFY(QDir().mkpath(m_media.path() + u"/images"_s));
        m_engine.emplace(m_media.path(), m_api.baseUrl(), m_api.apiKey());
        m_session = std::make_unique<McpSession>(m_engine->registry());
        connect(m_session.get(), &McpSession::messageReady, this, [this](const QByteArray &message) {
            m_answers.append(QJsonDocument::fromJson(message).object());
        });
        const QJsonObject init = ask(initializeRequest(1));
        QCOMPARE(init[u"result"_s][u"capabilities"_s][u"resources"_s].type(), QJsonValue::Object);
        QVERIFY(init[u"result"_s][u"capabilities"_s][u"tools"_s].isObject());
    }

    void listsTheViewer()
    {
        const QJsonArray resources = askNew(u"resources/list"_s)[u"result"_s][u"resources"_s].toArray();
        QCOMPARE(resources.size(), 1);
        const QJsonObject viewer = resources.first().toObject();
        QCOMPARE(viewer[u"uri"_s].toString(), viewerUri);
        QCOMPARE(viewer[u"mimeType"_s].toString(), u"text/html;profile=mcp-app"_s);
        QVERIFY(!viewer[u"name"_s].toString().isEmpty());
        const QJsonObject ui = viewer[u"_meta"_s][u"ui"_s].toObject();
        QCOMPARE(ui[u"prefersBorder"_s].toBool(), true);
        QCOMPARE(ui[u"csp"_s][u"resourceDomains"_s].toArray(), QJsonArray{u"blob:"_s});
        QCOMPARE(askNew(u"resources/templates/list"_s)[u"result"_s][u"resourceTemplates"_s].toArray().size(),
                 0);
    }

    void readsTheViewer()
    {
        const QJsonObject answer = askNew(u"resources/read"_s, {{u"uri"_s, viewerUri}});
        const QJsonArray contents = answer[u"result"_s][u"contents"_s].toArray();
        QCOMPARE(contents.size(), 1);
        const QJsonObject page = contents.first().toObject();
        QCOMPARE(page[u"uri"_s].toString(), viewerUri);
        QCOMPARE(page[u"mimeType"_s].toString(), u"text/html;profile=mcp-app"_s);
        QCOMPARE(page[u"_meta"_s][u"ui"_s][u"csp"_s][u"resourceDomains"_s].toArray(), QJsonArray{u"blob:"_s});
        const QString html = page[u"text"_s].toString();
        QVERIFY(html.startsWith(u"<!doctype html>"_s));
        // The host protocol and the chunk protocol, and nothing fetched from the network.
        for (const QString &needle :
             {u"ui/initialize"_s, u"ui/notifications/initialized"_s, u"ui/notifications/tool-result"_s,
              u"ui/notifications/tool-input"_s, u"\"tools/call\""_s, u"_get_media_data"_s, u"is_last"_s,
              u"URL.createObjectURL"_s, u"\"video\""_s})
            QVERIFY2(html.contains(needle), qPrintable(needle));
        QVERIFY(!html.contains(QRegularExpression(u"(src|href)\\s*=\\s*[\"']?https?:"_s)));
        QVERIFY(!html.contains(u"fetch("_s));
    }

    void unknownResource()
    {
        const QJsonObject error =
            askNew(u"resources/read"_s, {{u"uri"_s, u"ui://sanzaru/nope.html"_s}})[u"error"_s].toObject();
        QCOMPARE(error[u"code"_s].toInt(), -32002);
        QCOMPARE(error[u"data"_s][u"uri"_s].toString(), u"ui://sanzaru/nope.html"_s);
        QCOMPARE(askNew(u"resources/read"_s)[u"error"_s][u"code"_s].toInt(), -32602);
        QCOMPARE(askNew(u"resources/subscribe"_s, {{u"uri"_s, viewerUri}})[u"error"_s][u"code"_s].toInt(),
                 -32601);
        // 2026-07-28: resource not found is -32602, still with the uri.
        const QJsonObject stateless =
            ask(modern(7, u"resources/read"_s, {{u"uri"_s, u"file:///etc/passwd"_s}}))[u"error"_s].toObject();
        QCOMPARE(stateless[u"code"_s].toInt(), -32602);
        QCOMPARE(stateless[u"data"_s][u"uri"_s].toString(), u"file:///etc/passwd"_s);
        const QJsonObject modernRead =
            ask(modern(8, u"resources/read"_s, {{u"uri"_s, viewerUri}}))[u"result"_s].toObject();
        QCOMPARE(modernRead[u"contents"_s].toArray().size(), 1);
        QCOMPARE(modernRead[u"resultType"_s].toString(), u"complete"_s);
    }

    void viewMediaNamesTheViewer()
    {
        const QJsonArray tools = askNew(u"tools/list"_s)[u"result"_s][u"tools"_s].toArray();
        QJsonObject viewMedia;
        QJsonObject getData;
        for (const QJsonValue &tool : tools) {
            if (tool[u"name"_s] == u"view_media"_s)
                viewMedia = tool.toObject();
            if (tool[u"name"_s] == u"_get_media_data"_s)
                getData = tool.toObject();
        }
        QCOMPARE(viewMedia[u"_meta"_s][u"ui"_s][u"resourceUri"_s].toString(), viewerUri);
        QCOMPARE(getData[u"_meta"_s][u"ui"_s][u"visibility"_s].toArray(), QJsonArray{u"app"_s});
        const QJsonObject discover = ask(modern(9, u"server/discover"_s));
        QVERIFY(discover[u"result"_s][u"capabilities"_s][u"resources"_s].isObject());
    }

    void chunksReassembleTheFile()
    {
        QByteArray original(3 * 1024 * 1024 + 17, Qt::Uninitialized);
        QRandomGenerator generator(7);
        for (char &c : original)
            c = char(generator.bounded(256));
        QFile file(m_media.path() + u"/videos/clip.mp4"_s);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(original), original.size());
        file.close();

        const QJsonObject view = askNew(
            u"tools/call"_s,
            {{u"name"_s, u"view_media"_s},
             {u"arguments"_s, QJsonObject{{u"media_type"_s, u"video"_s}, {u"filename"_s, u"clip.mp4"_s}}}});
        const QJsonObject described = view[u"result"_s][u"structuredContent"_s].toObject();
        QCOMPARE(described[u"size_bytes"_s].toInteger(), original.size());
        QCOMPARE(described[u"mime_type"_s].toString(), u"video/mp4"_s);

        QByteArray assembled;
        qint64 offset = 0;
        for (int round = 0; round < 10; ++round) {
            const QJsonObject chunk =
                askNew(u"tools/call"_s,
                       {{u"name"_s, u"_get_media_data"_s},
                        {u"arguments"_s,
                         QJsonObject{{u"media_type"_s, u"video"_s},
                                     {u"filename"_s, u"clip.mp4"_s},
                                     {u"offset"_s, offset},
                                     {u"chunk_size"_s, 1024 * 1024}}}})[u"result"_s][u"structuredContent"_s]
                    .toObject();
            QCOMPARE(chunk[u"offset"_s].toInteger(), offset);
            QCOMPARE(chunk[u"total_size"_s].toInteger(), original.size());
            assembled += QByteArray::fromBase64(chunk[u"data"_s].toString().toLatin1());
            offset += chunk[u"chunk_size"_s].toInteger();
            if (chunk[u"is_last"_s].toBool())
                break;
        }
        QCOMPARE(offset, original.size());
        QCOMPARE(QCryptographicHash::hash(assembled, QCryptographicHash::Sha256),
                 QCryptographicHash::hash(original, QCryptographicHash::Sha256));
    }
};

QTEST_GUILESS_MAIN(TestMcpAppResources)
#include "tst_mcpappresources.moc"

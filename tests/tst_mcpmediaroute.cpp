// SPDX-License-Identifier: MIT
// GET|HEAD /media/{type}/{file} on the MCP HTTP endpoint (McpMediaRoute): whole files and single byte
// ranges (206 + Content-Range, 416 when unsatisfiable), HEAD, Content-Type by extension, the bearer token,
// and the media folder's sandbox (traversal and symlinks refused, missing files 404), plus the Range
// header parser on its own. A multi-MB file proves the streamed answer is byte-identical.
#include "fakeopenaiserver.h"
#include "mcptestsupport.h"
#include "rawhttpconnection.h"

#include "mcp/mcphttpserver.h"
#include "mcp/mcphttptokenstore.h"
#include "mcp/mcpmediaroute.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace Sanzaru::Core;
using namespace Sanzaru::Testing;
using namespace Qt::StringLiterals;

class TestMcpMediaRoute final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_media;
    QTemporaryDir m_config;
    QTemporaryDir m_outside;
    FakeOpenAiServer m_api;
    std::optional<McpTestEngine> m_engine;
    std::optional<McpHttpTokenStore> m_tokens;
    std::optional<McpHttpServer> m_http;
    QByteArray m_video; ///< contents of videos/clip.mp4

    QByteArray request(const QByteArray &method, const QByteArray &path, const QByteArray &extra = {},
                       bool withToken = true)
    {
        QByteArray r = method + ' ' + path +
                       " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_http->port()) + "\r\n" + extra;
        if (withToken)
            r += "Authorization: Bearer " + m_tokens->token().value() + "\r\n";
        return r + "\r\n";
    }

    RawHttpResponse get(const QByteArray &path, const QByteArray &extra = {}, bool withToken = true)
    {
        RawHttpConnection connection(m_http->port());
        connection.send(request("GET", path, extra, withToken));
        return connection.readResponses(1, 20000).value(0);
    }

    static QByteArray randomBytes(qsizetype size)
    {
        QByteArray data(size, Qt::Uninitialized);
        QRandomGenerator generator(42);
        for (char &c : data)
            c = char(generator.bounded(256));
        return data;
    }

    static bool write(const QString &path, const QByteArray &data)
    {
        QFile file(path);
        return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_api.start());
        QVERIFY(QDir().mkpath(m_media.path() + u"/videos/sub"_s));
        QVERIFY(QDir().mkpath(m_media.path() + u"/images"_s));
        m_video = randomBytes(5 * 1024 * 1024 + 123); // several socket-buffer refills
        QVERIFY(write(m_media.path() + u"/videos/clip.mp4"_s, m_video));
        QVERIFY(write(m_media.path() + u"/videos/sub/a b.webm"_s, "webm"));
        QVERIFY(write(m_media.path() + u"/images/pic.png"_s, "png bytes"));
        QVERIFY(write(m_media.path() + u"/videos/empty.mp4"_s, {}));
        QVERIFY(write(m_outside.path() + u"/secret.mp4"_s, "secret"));
        QVERIFY(QFile::link(m_outside.path() + u"/secret.mp4"_s, m_media.path() + u"/videos/link.mp4"_s));
        m_engine.emplace(m_media.path(), m_api.baseUrl(), m_api.apiKey());
        m_tokens.emplace(m_config.filePath(u"sanzaru-qt/mcp-http-token"_s));
        m_http.emplace(m_engine->registry(), &*m_tokens);
        QVERIFY(m_http->listen(0));
    }

    void wholeFile()
    {
        const RawHttpResponse r = get("/media/video/clip.mp4");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.headers.value("content-type"), QByteArray("video/mp4"));
        QCOMPARE(r.headers.value("accept-ranges"), QByteArray("bytes"));
        QCOMPARE(r.headers.value("content-length").toLongLong(), m_video.size());
        QVERIFY(r.body == m_video);
    }

    void imageAndSubFolder()
    {
        const RawHttpResponse image = get("/media/image/pic.png");
        QCOMPARE(image.status, 200);
        QCOMPARE(image.headers.value("content-type"), QByteArray("image/png"));
        QCOMPARE(image.body, QByteArray("png bytes"));
        const RawHttpResponse sub = get("/media/video/sub/a%20b.webm");
        QCOMPARE(sub.status, 200);
        QCOMPARE(sub.headers.value("content-type"), QByteArray("video/webm"));
        QCOMPARE(sub.body, QByteArray("webm"));
        const RawHttpResponse empty = get("/media/video/empty.mp4");
        QCOMPARE(empty.status, 200);
        QCOMPARE(empty.headers.value("content-length"), QByteArray("0"));
    }

    void ranges_data()
    {
        QTest::addColumn<QByteArray>("range");
        QTest::addColumn<qint64>("first");
        QTest::addColumn<qint64>("last");
        const qint64 size = 5 * 1024 * 1024 + 123;
        QTest::newRow("a-b") << QByteArray("bytes=100-199") << qint64(100) << qint64(199);
        QTest::newRow("a-") << QByteArray("bytes=5242000-") << qint64(5242000) << size - 1;
        QTest::newRow("-n") << QByteArray("bytes=-10") << size - 10 << size - 1;
        QTest::newRow("b past the end") << QByteArray("bytes=0-999999999") << qint64(0) << size - 1;
        QTest::newRow("large middle")
            << QByteArray("bytes=1000000-3999999") << qint64(1000000) << qint64(3999999);
    }

    void ranges()
    {
        QFETCH(QByteArray, range);
        QFETCH(qint64, first);
        QFETCH(qint64, last);
        const RawHttpResponse r = get("/media/video/clip.mp4", "Range: " + range + "\r\n");
        QCOMPARE(r.status, 206);
        QCOMPARE(r.headers.value("content-range"), "bytes " + QByteArray::number(first) + '-' +
                                                       QByteArray::number(last) + '/' +
                                                       QByteArray::number(m_video.size()));
        QCOMPARE(r.headers.value("content-length").toLongLong(), last - first + 1);
        QVERIFY(r.body == m_video.mid(first, last - first + 1));
    }

    void unsatisfiableRange()
    {
        const QByteArray size = QByteArray::number(m_video.size());
        for (const QByteArray &range :
             {"bytes=" + size + "-", QByteArray("bytes=-0"), "bytes=" + size + "-" + size}) {
            const RawHttpResponse r = get("/media/video/clip.mp4", "Range: " + range + "\r\n");
            QCOMPARE(r.status, 416);
            QCOMPARE(r.headers.value("content-range"), "bytes */" + size);
        }
        QCOMPARE(get("/media/video/empty.mp4", "Range: bytes=0-\r\n").status, 416);
        // Several ranges or a malformed header: the whole file (a server may ignore Range).
        QCOMPARE(get("/media/video/clip.mp4", "Range: bytes=0-1,5-6\r\n").status, 200);
        QCOMPARE(get("/media/video/clip.mp4", "Range: items=0-1\r\n").status, 200);
    }

    void keepAliveAfterStreaming()
    {
        RawHttpConnection connection(m_http->port());
        connection.send(request("GET", "/media/video/clip.mp4", "Range: bytes=0-9\r\n") +
                        request("GET", "/media/video/clip.mp4"));
        const QList<RawHttpResponse> answers = connection.readResponses(2, 20000);
        QCOMPARE(answers.size(), 2);
        QCOMPARE(answers[0].body, m_video.left(10));
        QVERIFY(answers[1].body == m_video);
    }

    void head()
    {
        RawHttpConnection connection(m_http->port());
        connection.send(request("HEAD", "/media/video/clip.mp4", "Connection: close\r\n"));
        QVERIFY(connection.waitForClosed());
        const QByteArray raw = connection.received();
        QVERIFY2(raw.startsWith("HTTP/1.1 200 OK\r\n"), raw.constData());
        QVERIFY(raw.contains("Content-Length: " + QByteArray::number(m_video.size()) + "\r\n"));
        QVERIFY(raw.endsWith("\r\n\r\n")); // no body
    }

    void needsTheToken()
    {
        const RawHttpResponse r = get("/media/video/clip.mp4", {}, false);
        QCOMPARE(r.status, 401);
        QVERIFY(r.headers.value("www-authenticate").startsWith("Bearer"));
        QVERIFY(!r.body.contains("secret"));
    }

    void sandbox_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<int>("status");
        QTest::newRow("missing") << QByteArray("/media/video/nope.mp4") << 404;
        QTest::newRow("dot-dot") << QByteArray("/media/video/../images/pic.png") << 403;
        QTest::newRow("encoded dot-dot") << QByteArray("/media/video/%2e%2e%2fimages%2fpic.png") << 403;
        QTest::newRow("absolute") << QByteArray("/media/video//etc/passwd") << 403;
        QTest::newRow("symlink out") << QByteArray("/media/video/link.mp4") << 403;
        QTest::newRow("NUL") << QByteArray("/media/video/clip.mp4%00.png") << 403;
        QTest::newRow("folder") << QByteArray("/media/video/sub") << 403; // not a regular file
        QTest::newRow("no name") << QByteArray("/media/video/") << 403;
        QTest::newRow("audio") << QByteArray("/media/audio/clip.mp3") << 400;
        QTest::newRow("other type") << QByteArray("/media/secret/clip.mp4") << 400;
    }

    void sandbox()
    {
        QFETCH(QByteArray, path);
        QFETCH(int, status);
        const RawHttpResponse r = get(path);
        QCOMPARE(r.status, status);
        QVERIFY2(!r.body.contains("secret") && !r.body.contains(m_media.path().toUtf8()), r.body.constData());
    }

    void otherMethods()
    {
        RawHttpConnection connection(m_http->port());
        QByteArray post = request("POST", "/media/video/clip.mp4");
        post.replace("\r\n\r\n", "\r\nContent-Length: 0\r\n\r\n");
        connection.send(post);
        const RawHttpResponse r = connection.readResponses(1).value(0);
        QCOMPARE(r.status, 405);
        QCOMPARE(r.headers.value("allow"), QByteArray("GET, HEAD"));
    }

    void parseRange_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<int>("kind");
        QTest::addColumn<qint64>("first");
        QTest::addColumn<qint64>("last");
        using K = McpMediaRoute::RangeKind;
        QTest::newRow("a-b") << QByteArray("bytes=0-0") << int(K::Satisfiable) << qint64(0) << qint64(0);
        QTest::newRow("spaces") << QByteArray(" bytes= 2 - 4 ") << int(K::Satisfiable) << qint64(2)
                                << qint64(4);
        QTest::newRow("suffix longer than file")
            << QByteArray("bytes=-500") << int(K::Satisfiable) << qint64(0) << qint64(99);
        QTest::newRow("start past end")
            << QByteArray("bytes=100-") << int(K::Unsatisfiable) << qint64(0) << qint64(0);
        QTest::newRow("b < a") << QByteArray("bytes=5-4") << int(K::None) << qint64(0) << qint64(0);
        QTest::newRow("negative") << QByteArray("bytes=-") << int(K::None) << qint64(0) << qint64(0);
        QTest::newRow("garbage") << QByteArray("bytes=x-y") << int(K::None) << qint64(0) << qint64(0);
        QTest::newRow("overflow") << QByteArray("bytes=99999999999999999999-") << int(K::None) << qint64(0)
                                  << qint64(0);
    }

    void parseRange()
    {
        QFETCH(QByteArray, header);
        QFETCH(int, kind);
        QFETCH(qint64, first);
        QFETCH(qint64, last);
        McpMediaRoute::ByteRange range;
        QCOMPARE(int(McpMediaRoute::parseRange(header, 100, &range)), kind);
        if (kind == int(McpMediaRoute::RangeKind::Satisfiable)) {
            QCOMPARE(range.first, first);
            QCOMPARE(range.last, last);
        }
    }
};

QTEST_GUILESS_MAIN(TestMcpMediaRoute)
#include "tst_mcpmediaroute.moc"

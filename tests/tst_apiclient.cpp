// SPDX-License-Identifier: MIT
// ApiClient against the fake OpenAI server: wire details, retries, paid-POST safety, timeouts, errors.
#include "apitesthelpers.h"
#include "openai/apiclient.h"
#include "openai/imagesapi.h"
#include "openai/multipartbody.h"
#include "openai/retrypolicy.h"
#include "openai/videosapi.h"

#include "multipartparser.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace Sanzaru::Core;
using namespace Sanzaru::Testing;

namespace {
template<typename T>
QByteArray describe(const Result<T> &r)
{
    return r.ok() ? QByteArray("ok") : (r.error().kindName() + QStringLiteral(": ") + r.error().message).toUtf8();
}
} // namespace

class TestApiClient final : public QObject
{
    Q_OBJECT

private:
    FakeOpenAiServer *m_server = nullptr;
    std::unique_ptr<ApiClient> m_api;

    void makeClient(int stallTimeoutMs = 10000, int maxRetries = 2)
    {
        m_api = std::make_unique<ApiClient>(fakeConfig(*m_server, stallTimeoutMs));
        RetryPolicy policy;
        policy.maxRetries = maxRetries;
        policy.backoffScale = 0.02; // keep default backoff short; server-given delays stay exact
        m_api->setRetryPolicy(policy);
    }

    // Sends and waits; also checks that the callback runs exactly once.
    std::optional<Result<ApiResponse>> sendAndWait(const ApiRequest &request, int timeoutMs = 15000)
    {
        QObject context;
        std::optional<Result<ApiResponse>> got;
        int calls = 0;
        m_api->send(request, &context, [&](Result<ApiResponse> r) {
            ++calls;
            got.emplace(std::move(r));
        });
        QElapsedTimer t;
        t.start();
        while (!got && t.elapsed() < timeoutMs)
            QTest::qWait(5);
        QTest::qWait(30); // a second completion would have arrived by now
        if (calls > 1)
            qFatal("callback ran %d times", calls);
        return got;
    }

    struct DownloadOutcome
    {
        std::optional<Result<ApiResponse>> result;
        QList<qint64> progress;
    };

    DownloadOutcome downloadAndWait(const ApiRequest &request, const QString &path, int timeoutMs = 15000)
    {
        QObject context;
        DownloadOutcome out;
        m_api->download(request, path, &context, [&](qint64 done, qint64) { out.progress.append(done); },
                        [&](Result<ApiResponse> r) { out.result.emplace(std::move(r)); });
        QElapsedTimer t;
        t.start();
        while (!out.result && t.elapsed() < timeoutMs)
            QTest::qWait(5);
        return out;
    }

    static ApiRequest createVideo(const QString &prompt = QStringLiteral("a cat"))
    {
        VideosApi::CreateParams p;
        p.prompt = prompt;
        p.model = QStringLiteral("sora-2");
        return VideosApi::create(p);
    }

    int videosOnServer()
    {
        const auto list = sendAndWait(VideosApi::list(100, {}, {}));
        return list && list->ok() ? int((*list)->json.value(QStringLiteral("data")).toArray().size()) : -1;
    }

    static QStringList leftovers(const QString &dir)
    {
        return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
    }

private slots:
    void init()
    {
        m_server = new FakeOpenAiServer;
        QVERIFY(m_server->start());
        makeClient();
    }
    void cleanup()
    {
        m_api.reset();
        delete m_server;
        m_server = nullptr;
    }

    void getSendsAuthAcceptAndNoContentType()
    {
        const QString id = m_server->addCompletedVideo();
        const auto r = sendAndWait(*VideosApi::retrieve(id));
        QVERIFY(r);
        QVERIFY2(r->ok(), describe(*r));
        QCOMPARE((*r)->json.value(QStringLiteral("id")).toString(), id);
        QVERIFY((*r)->requestId.startsWith("req_"));
        const auto reqs = m_server->requestsMatching("GET", QStringLiteral("/v1/videos/") + id);
        QCOMPARE(reqs.size(), 1);
        QCOMPARE(reqs[0].header("authorization"), QByteArray("Bearer sk-test"));
        QCOMPARE(reqs[0].header("accept"), QByteArray("application/json"));
        QVERIFY(!reqs[0].headers.contains("content-type"));
        QVERIFY(reqs[0].rawQuery.isEmpty());
    }

    void organizationProjectAndCustomHeaders()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-test"));
        env.insert(QStringLiteral("OPENAI_BASE_URL"), m_server->baseUrl().toString() + QLatin1Char('/'));
        env.insert(QStringLiteral("OPENAI_ORG_ID"), QStringLiteral("org-1"));
        env.insert(QStringLiteral("OPENAI_PROJECT_ID"), QStringLiteral("proj-2"));
        env.insert(QStringLiteral("OPENAI_CUSTOM_HEADERS"), QStringLiteral("X-One: 1\nX-Two: two"));
        m_api->setConfig(Config::fromEnvironment(env));
        const auto r = sendAndWait(VideosApi::list(20, {}, QStringLiteral("desc")));
        QVERIFY(r && r->ok());
        const auto reqs = m_server->requestsMatching("GET", QStringLiteral("/v1/videos"));
        QCOMPARE(reqs.size(), 1); // trailing slash on the base: no double slash
        QCOMPARE(reqs[0].header("openai-organization"), QByteArray("org-1"));
        QCOMPARE(reqs[0].header("openai-project"), QByteArray("proj-2"));
        QCOMPARE(reqs[0].header("x-one"), QByteArray("1"));
        QCOMPARE(reqs[0].header("x-two"), QByteArray("two"));
        QCOMPARE(reqs[0].rawQuery, QByteArray("limit=20&order=desc"));
    }

    void idsArePercentEncodedAndDotSegmentsRefused()
    {
        const auto r = sendAndWait(*VideosApi::retrieve(QStringLiteral("a/b c")));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().httpStatus, 404);
        QCOMPARE(m_server->requestCount("GET", QStringLiteral("/v1/videos/a%2Fb%20c")), 1);
        QVERIFY(!VideosApi::retrieve(QStringLiteral("..")).ok());
        QVERIFY(!VideosApi::retrieve(QStringLiteral("%2e%2E")).ok());
        QVERIFY(!VideosApi::retrieve(QString()).ok());
    }

    void retryAfterSecondsIsHonoured()
    {
        m_server->addFault("GET", QStringLiteral("/v1/videos"), Fault::httpStatus(429, {{"Retry-After", "1"}}));
        QElapsedTimer t;
        t.start();
        const auto r = sendAndWait(VideosApi::list(20, {}, {}));
        QVERIFY(r && r->ok());
        QVERIFY2(t.elapsed() >= 950, QByteArray::number(t.elapsed()));
        QCOMPARE(m_server->requestCount("GET", QStringLiteral("/v1/videos")), 2);
        const auto reqs = m_server->requestsMatching("GET", QStringLiteral("/v1/videos"));
        QCOMPARE(reqs[1].header("x-stainless-retry-count"), QByteArray("1"));
    }

    void retryAfterMsWinsOverRetryAfter()
    {
        m_server->addFault("GET", QStringLiteral("/v1/videos"),
                           Fault::httpStatus(429, {{"Retry-After", "5"}, {"retry-after-ms", "250"}}));
        QElapsedTimer t;
        t.start();
        const auto r = sendAndWait(VideosApi::list(20, {}, {}));
        QVERIFY(r && r->ok());
        QVERIFY2(t.elapsed() >= 240 && t.elapsed() < 3000, QByteArray::number(t.elapsed()));
    }

    void serverErrorsRetriedTwiceThenReported()
    {
        m_server->addFault("GET", QStringLiteral("/v1/videos"), Fault::httpStatus(503, {}, -1));
        const auto r = sendAndWait(VideosApi::list(20, {}, {}));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().kind, ErrorKind::Api);
        QCOMPARE(r->error().httpStatus, 503);
        QCOMPARE(m_server->requestCount("GET", QStringLiteral("/v1/videos")), 3);
    }

    void xShouldRetryFalseIsObeyed()
    {
        m_server->addFault("GET", QStringLiteral("/v1/videos"), Fault::httpStatus(500, {{"x-should-retry", "false"}}));
        const auto r = sendAndWait(VideosApi::list(20, {}, {}));
        QVERIFY(r && !r->ok());
        QCOMPARE(m_server->requestCount("GET", QStringLiteral("/v1/videos")), 1);
    }

    void clientErrorsAreNotRetriedAndMapped()
    {
        VideosApi::CreateParams p;
        p.prompt = QStringLiteral("x");
        p.model = QStringLiteral("sora-2");
        p.seconds = QStringLiteral("7");
        const auto r = sendAndWait(VideosApi::create(p));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().kind, ErrorKind::Api);
        QCOMPARE(r->error().httpStatus, 400);
        QCOMPARE(r->error().apiType, QStringLiteral("invalid_request_error"));
        QCOMPARE(r->error().apiParam, QStringLiteral("seconds"));
        QVERIFY(r->error().message.startsWith(QStringLiteral("OpenAI API error 400")));
        QCOMPARE(m_server->requestCount("POST", QStringLiteral("/v1/videos")), 1);
    }

    void wrongKeyGives401WithAdvice()
    {
        m_server->setApiKey("sk-other");
        const auto r = sendAndWait(VideosApi::list(20, {}, {}));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().httpStatus, 401);
        QVERIFY(r->error().message.contains(QStringLiteral("OPENAI_API_KEY")));
        QVERIFY(!r->error().message.contains(QStringLiteral("sk-test")));
    }

    void paidPostIsNotResentAfterLostResponse()
    {
        m_server->addFault("POST", QStringLiteral("/v1/videos"), Fault::of(Fault::Kind::DropBeforeResponse));
        const auto r = sendAndWait(createVideo());
        QCOMPARE(m_server->requestCount("POST", QStringLiteral("/v1/videos")), 1);
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().kind, ErrorKind::Network);
        QVERIFY(r->error().message.contains(QStringLiteral("not re-sent")));
        QCOMPARE(m_server->requestCount("POST", QStringLiteral("/v1/videos")), 1);
        QCOMPARE(videosOnServer(), 1); // the server did create the job: exactly one
    }

    void paidPostIsNotResentAfterServerError()
    {
        m_server->addFault("POST", QStringLiteral("/v1/videos"), Fault::httpStatus(500));
        const auto r = sendAndWait(createVideo());
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().httpStatus, 500);
        QCOMPARE(m_server->requestCount("POST", QStringLiteral("/v1/videos")), 1);
    }

    void paidPostIsRetriedAfterRateLimit()
    {
        m_server->addFault("POST", QStringLiteral("/v1/videos"), Fault::httpStatus(429, {{"retry-after-ms", "50"}}));
        const auto r = sendAndWait(createVideo());
        QVERIFY(r);
        QVERIFY2(r->ok(), describe(*r));
        QCOMPARE(m_server->requestCount("POST", QStringLiteral("/v1/videos")), 2);
        QCOMPARE(videosOnServer(), 1);
    }

    void paidPostIsRetriedWhenTheServerNeverSawIt()
    {
        // Nothing listens on the port: the request cannot have reached a server.
        const QUrl base = m_server->baseUrl();
        m_server->stop();
        const auto r = sendAndWait(createVideo());
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().kind, ErrorKind::Network);
        QCOMPARE(m_api->attemptsStarted(), 3);
        Q_UNUSED(base);
    }

    void getIsRetriedAfterLostResponse()
    {
        const QString id = m_server->addCompletedVideo();
        m_server->addFault("GET", QStringLiteral("/v1/videos/") + id, Fault::of(Fault::Kind::DropBeforeResponse));
        const auto r = sendAndWait(*VideosApi::retrieve(id));
        QVERIFY(r);
        QVERIFY2(r->ok(), describe(*r));
        QCOMPARE(m_server->requestCount("GET", QStringLiteral("/v1/videos/") + id), 2);
    }

    void unpaidPostIsRetriedAfterLostResponse()
    {
        m_server->addFault("POST", QStringLiteral("/v1/files"), Fault::of(Fault::Kind::DropBeforeResponse));
        const auto r = sendAndWait(ImagesApi::uploadFile({QStringLiteral("mask.png"), "image/png", "x"}, QStringLiteral("vision")));
        QVERIFY(r);
        QVERIFY2(r->ok(), describe(*r));
        QCOMPARE(m_server->requestCount("POST", QStringLiteral("/v1/files")), 2);
    }

    void stalledBodyTimesOut()
    {
        makeClient(300, 0);
        const QString id = m_server->addCompletedVideo();
        m_server->addFault("GET", QStringLiteral("/v1/videos/") + id, Fault::of(Fault::Kind::StallBody));
        QElapsedTimer t;
        t.start();
        const auto r = sendAndWait(*VideosApi::retrieve(id));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().kind, ErrorKind::Timeout);
        QVERIFY(t.elapsed() < 5000);
    }

    void stalledHeadersTimeOutAndAreRetried()
    {
        makeClient(300, 1);
        m_server->addFault("GET", QStringLiteral("/v1/videos"), Fault::of(Fault::Kind::StallHeaders));
        const auto r = sendAndWait(VideosApi::list(20, {}, {}));
        QVERIFY(r);
        QVERIFY2(r->ok(), describe(*r)); // second attempt answered
        QCOMPARE(m_server->requestCount("GET", QStringLiteral("/v1/videos")), 2);
    }

    void slowHealthyBodyIsNotCut()
    {
        makeClient(400, 0);
        const QString id = m_server->addCompletedVideo();
        // ~1.5 s in total, but never more than 100 ms without bytes.
        m_server->addFault("GET", QStringLiteral("/v1/videos/") + id, Fault::slowBody(16, 100));
        QElapsedTimer t;
        t.start();
        const auto r = sendAndWait(*VideosApi::retrieve(id));
        QVERIFY(r);
        QVERIFY2(r->ok(), describe(*r));
        QVERIFY2(t.elapsed() > 400, QByteArray::number(t.elapsed()));
        QCOMPARE((*r)->json.value(QStringLiteral("id")).toString(), id);
    }

    void malformedJsonIsAClearError()
    {
        const QString id = m_server->addCompletedVideo();
        m_server->addFault("GET", QStringLiteral("/v1/videos/") + id, Fault::of(Fault::Kind::MalformedJson));
        const auto r = sendAndWait(*VideosApi::retrieve(id));
        QVERIFY(r && !r->ok());
        QVERIFY(r->error().message.contains(QStringLiteral("malformed JSON")));
    }

    void sentinelCallbackNeverRunsAfterContextDies()
    {
        m_server->addFault("GET", QStringLiteral("/v1/videos"), Fault::slowBody(64, 50));
        bool called = false;
        {
            QObject context;
            m_api->send(VideosApi::list(20, {}, {}), &context, [&](Result<ApiResponse>) { called = true; });
        }
        QTest::qWait(1500);
        QVERIFY(!called);
    }

    void downloadStreamsToDiskAtomically()
    {
        QTemporaryDir dir;
        m_server->setVideoContentSize(3 * 1024 * 1024 + 17);
        const QString id = m_server->addCompletedVideo();
        const QString path = dir.filePath(QStringLiteral("v.mp4"));
        const DownloadOutcome out = downloadAndWait(*VideosApi::content(id, QStringLiteral("video")), path);
        QVERIFY(out.result);
        QVERIFY2(out.result->ok(), describe(*out.result));
        QCOMPARE((*out.result)->bytesWritten, qint64(3 * 1024 * 1024 + 17));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), m_server->videoContent(id, QStringLiteral("video")));
        QCOMPARE(leftovers(dir.path()), QStringList{QStringLiteral("v.mp4")});
        QVERIFY(!out.progress.isEmpty());
        QCOMPARE(out.progress.last(), qint64(3 * 1024 * 1024 + 17));
        QVERIFY(std::is_sorted(out.progress.begin(), out.progress.end()));
        const auto req = m_server->requestsMatching("GET", QStringLiteral("/v1/videos/") + id + QStringLiteral("/content"));
        QCOMPARE(req.size(), 1);
        QCOMPARE(req[0].header("accept"), QByteArray("application/binary"));
        QCOMPARE(req[0].rawQuery, QByteArray("variant=video"));
    }

    void downloadRetriesAfterMidBodyDrop()
    {
        QTemporaryDir dir;
        m_server->setVideoContentSize(1024 * 1024);
        const QString id = m_server->addCompletedVideo();
        m_server->addFault("GET", QStringLiteral("/v1/videos/*"), Fault::of(Fault::Kind::DropMidBody));
        const QString path = dir.filePath(QStringLiteral("v.mp4"));
        const DownloadOutcome out = downloadAndWait(*VideosApi::content(id, QString()), path);
        QVERIFY(out.result);
        QVERIFY2(out.result->ok(), describe(*out.result));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), m_server->videoContent(id));
        QCOMPARE(leftovers(dir.path()).size(), 1);
    }

    void downloadThatKeepsBreakingLeavesNothing()
    {
        QTemporaryDir dir;
        m_server->setVideoContentSize(1024 * 1024);
        const QString id = m_server->addCompletedVideo();
        m_server->addFault("GET", QStringLiteral("/v1/videos/*"), Fault::of(Fault::Kind::DropMidBody, -1));
        const QString path = dir.filePath(QStringLiteral("v.mp4"));
        QVERIFY(QFile(path).open(QIODevice::WriteOnly)); // an older file of that name stays untouched
        const DownloadOutcome out = downloadAndWait(*VideosApi::content(id, QString()), path);
        QVERIFY(out.result && !out.result->ok());
        QCOMPARE(out.result->error().kind, ErrorKind::Network);
        // Our attempts are exactly 1 + 2 retries; Qt itself may re-send a GET once more when the
        // connection dies before any body byte was read, so the server can see one extra.
        QCOMPARE(m_api->attemptsStarted(), 3);
        QVERIFY(m_server->requestCount("GET", QStringLiteral("/v1/videos/*")) >= 3);
        QCOMPARE(QFileInfo(path).size(), qint64(0));
        QCOMPARE(leftovers(dir.path()), QStringList{QStringLiteral("v.mp4")});
    }

    void downloadOfUnfinishedVideoWritesNothing()
    {
        QTemporaryDir dir;
        const auto created = sendAndWait(createVideo());
        QVERIFY(created && created->ok());
        const QString id = (*created)->json.value(QStringLiteral("id")).toString();
        const QString path = dir.filePath(QStringLiteral("v.mp4"));
        const DownloadOutcome out = downloadAndWait(*VideosApi::content(id, QString()), path);
        QVERIFY(out.result && !out.result->ok());
        QCOMPARE(out.result->error().httpStatus, 404);
        QVERIFY(leftovers(dir.path()).isEmpty());
    }

    void cancelledDownloadCompletesOnceAndLeavesNothing()
    {
        QTemporaryDir dir;
        m_server->setVideoContentSize(512 * 1024);
        const QString id = m_server->addCompletedVideo();
        m_server->addFault("GET", QStringLiteral("/v1/videos/*"), Fault::slowBody(4096, 30));
        QObject context;
        int calls = 0;
        std::optional<Result<ApiResponse>> result;
        bool sawBytes = false;
        const RequestHandle handle = m_api->download(
            *VideosApi::content(id, QString()), dir.filePath(QStringLiteral("v.mp4")), &context,
            [&](qint64 done, qint64) { sawBytes = sawBytes || done > 0; },
            [&](Result<ApiResponse> r) {
                ++calls;
                result.emplace(std::move(r));
            });
        QTRY_VERIFY_WITH_TIMEOUT(sawBytes, 10000);
        handle.cancel();
        handle.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 5000);
        QTest::qWait(100);
        QCOMPARE(calls, 1);
        QCOMPARE(result->error().kind, ErrorKind::Cancelled);
        QVERIFY(leftovers(dir.path()).isEmpty());
    }

    void retryPolicyDelays_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<int>("expectedMs");
        QTest::newRow("retry-after seconds") << QByteArray("retry-after") << QByteArray("2") << 2000;
        QTest::newRow("retry-after fraction") << QByteArray("retry-after") << QByteArray("0.5") << 500;
        QTest::newRow("retry-after-ms") << QByteArray("retry-after-ms") << QByteArray("250") << 250;
        QTest::newRow("too long ignored") << QByteArray("retry-after") << QByteArray("120") << -1;
        QTest::newRow("negative ignored") << QByteArray("retry-after") << QByteArray("-1") << -1;
        QTest::newRow("http date") << QByteArray("retry-after") << QByteArray("Thu, 26 Nov 2026 10:00:03 GMT") << 3000;
    }
    void retryPolicyDelays()
    {
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, value);
        QFETCH(int, expectedMs);
        const QDateTime now(QDate(2026, 11, 26), QTime(10, 0, 0), Qt::UTC);
        const auto delay = RetryPolicy::serverDelayMs({{name, value}}, now);
        if (expectedMs < 0)
            QVERIFY(!delay.has_value());
        else
            QCOMPARE(delay.value_or(-1), expectedMs);
    }

    void defaultBackoffIsCappedExponentialWithJitter()
    {
        RetryPolicy policy;
        for (int i = 0; i < 50; ++i) {
            const int first = policy.delayMs(0, {});
            QVERIFY(first >= 375 && first <= 500); // 500 ms × (1 − U[0, 0.25)), truncated
            const int second = policy.delayMs(1, {});
            QVERIFY(second >= 750 && second <= 1000);
            const int capped = policy.delayMs(10, {});
            QVERIFY(capped >= 6000 && capped <= 8000);
        }
    }

    void paidPostRetryRules()
    {
        RetryPolicy policy;
        QVERIFY(policy.shouldRetryStatus(429, {}, true));
        QVERIFY(policy.shouldRetryStatus(408, {}, true));
        QVERIFY(!policy.shouldRetryStatus(500, {}, true));
        QVERIFY(!policy.shouldRetryStatus(409, {}, true));
        QVERIFY(policy.shouldRetryStatus(409, {}, false));
        QVERIFY(policy.shouldRetryStatus(502, {}, false));
        QVERIFY(!policy.shouldRetryStatus(404, {}, false));
        QVERIFY(policy.shouldRetryStatus(400, {{"x-should-retry", "true"}}, false));
        QVERIFY(!policy.shouldRetryFailure(RetryPolicy::Failure::MaybeReceived, true));
        QVERIFY(policy.shouldRetryFailure(RetryPolicy::Failure::NotSent, true));
        QVERIFY(policy.shouldRetryFailure(RetryPolicy::Failure::MaybeReceived, false));
    }

    // The invariant tests/fuzz/fuzz_multipart checks: a CR or LF in a part's content type started a
    // header of its own.
    void multipartHeadersCannotBeInjected()
    {
        MultipartBody body;
        body.addFile(QStringLiteral("image\r\nX-Name: 1\""), QStringLiteral("a\"\r\nX-File: 1.png"),
                     "image/png\r\nX-Type: 1\n\rX-Bare: 1", "data");
        const std::optional<QList<MultipartPart>> parts =
            MultipartParser::parse(body.finish(), MultipartParser::boundaryOf(body.contentType()));
        QVERIFY(parts);
        QCOMPARE(parts->size(), 1);
        const MultipartPart &part = parts->first();
        QCOMPARE(part.headers.keys(), (QList<QByteArray>{"content-disposition", "content-type"}));
        QCOMPARE(part.name, QByteArray("image%0D%0AX-Name: 1%22"));
        QCOMPARE(part.filename, QByteArray("a%22%0D%0AX-File: 1.png"));
        QCOMPARE(part.contentType, QByteArray("image/pngX-Type: 1X-Bare: 1"));
        QCOMPARE(part.data, QByteArray("data"));
    }
};

QTEST_GUILESS_MAIN(TestApiClient)
#include "tst_apiclient.moc"

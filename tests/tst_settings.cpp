// SPDX-License-Identifier: MIT
// Settings: AppSettings round trip, the API key never reaching a settings file, the keychain wrapper on a
// machine without a keychain (as on CI), the first-run flow and the MCP client set-up dialog.
#include "apikeystore.h"
#include "config/appsettings.h"
#include "connectclientdialog.h"
#include "fakeopenaiserver.h"
#include "firstrundialog.h"
#include "mcp/mcpclientconfig.h"
#include "mcp/mcphttptokenstore.h"
#include "settingsdialog.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDirIterator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Sanzaru::Core;
using namespace Sanzaru::Ui;

namespace {

const QString canaryKey = QStringLiteral("sk-test-CANARY-7f3a9c0e5b1d");

template <typename T> T *child(QWidget *parent, const char *name)
{
    T *w = parent->findChild<T *>(QLatin1String(name));
    if (!w)
        qFatal("no child widget named %s", name);
    return w;
}

// Every file below dir that contains needle.
QStringList filesContaining(const QString &dir, const QByteArray &needle)
{
    QStringList hits;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle))
            hits.append(path);
    }
    return hits;
}

} // namespace

class TestSettings final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_config;
    // A service name no real keychain entry uses, in case a keychain is reachable after all.
    const QString m_service =
        QStringLiteral("sanzaru-qt-test-") + QUuid::createUuid().toString(QUuid::WithoutBraces);

    QString settingsFile() const { return QSettings().fileName(); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_config.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_config.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_config.path());
        QVERIFY2(settingsFile().startsWith(m_config.path()), qPrintable(settingsFile()));
    }

    void init()
    {
        QSettings().clear();
        QSettings().sync();
    }

    void appSettingsRoundTrip()
    {
        AppSettings s;
        s.baseUrl = QStringLiteral("http://127.0.0.1:8080/v1");
        s.mediaPath = m_config.filePath(QStringLiteral("media"));
        s.limits = JobLimits{2, 3, 1, 5};
        s.save();
        QVERIFY(QFileInfo::exists(settingsFile()));
        const AppSettings loaded = AppSettings::load();
        QVERIFY(loaded == s);
        QCOMPARE(loaded.limits.download, 5);
        // Defaults when nothing is stored.
        QSettings().clear();
        const AppSettings defaults = AppSettings::load();
        QCOMPARE(defaults.baseUrl, QString());
        QCOMPARE(defaults.limits.video, JobLimits().video);
    }

    void limitsAreClamped()
    {
        QSettings settings;
        settings.setValue(QStringLiteral("limits/video"), 0);
        settings.setValue(QStringLiteral("limits/image"), 999);
        settings.setValue(QStringLiteral("limits/prepare"), QStringLiteral("many"));
        const AppSettings loaded = AppSettings::load(settings);
        QCOMPARE(loaded.limits.video, AppSettings::minLimit);
        QCOMPARE(loaded.limits.image, AppSettings::maxLimit);
        QCOMPARE(loaded.limits.prepare, JobLimits().prepare);
    }

    void baseUrlProblem_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("ok");
        QTest::newRow("empty = default") << "" << true;
        QTest::newRow("https") << "https://api.openai.com/v1" << true;
        QTest::newRow("local http") << "http://127.0.0.1:8080/v1" << true;
        QTest::newRow("ftp") << "ftp://example.com/v1" << false;
        QTest::newRow("file") << "file:///etc/passwd" << false;
        QTest::newRow("no scheme") << "api.openai.com/v1" << false;
        QTest::newRow("no host") << "https://" << false;
        QTest::newRow("credentials") << "https://user:secret@example.com/v1" << false;
    }

    void baseUrlProblem()
    {
        QFETCH(QString, url);
        QFETCH(bool, ok);
        QCOMPARE(AppSettings::baseUrlProblem(url).isEmpty(), ok);
    }

    void environmentWinsOverStoredSettings()
    {
        AppSettings stored;
        stored.baseUrl = QStringLiteral("http://127.0.0.1:9/v1");
        stored.mediaPath = QStringLiteral("/stored/media");
        QProcessEnvironment env;
        env.insert(QStringLiteral("OPENAI_BASE_URL"), QStringLiteral("https://proxy.example/v1"));
        env.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("env-key"));
        Config fromEnv = Config::fromEnvironment(env);
        stored.applyTo(fromEnv, QStringLiteral("keychain-key"));
        QCOMPARE(fromEnv.baseUrl().toString(), QStringLiteral("https://proxy.example/v1"));
        QCOMPARE(fromEnv.apiKey(), QStringLiteral("env-key"));
        QCOMPARE(fromEnv.mediaRoot(), QStringLiteral("/stored/media"));

        Config bare = Config::fromEnvironment(QProcessEnvironment());
        stored.applyTo(bare, QStringLiteral("keychain-key"));
        QCOMPARE(bare.baseUrl().toString(), QStringLiteral("http://127.0.0.1:9/v1"));
        QCOMPARE(bare.apiKey(), QStringLiteral("keychain-key"));

        // A bad stored URL is ignored: the key must not go to a host nobody chose.
        stored.baseUrl = QStringLiteral("ftp://elsewhere/v1");
        Config guarded = Config::fromEnvironment(QProcessEnvironment());
        stored.applyTo(guarded, QString());
        QCOMPARE(guarded.baseUrl(), Config::defaultBaseUrl());
    }

    void keyStoreWithoutKeychainReportsErrors()
    {
        ApiKeyStore store(m_service, nullptr);
        QSignalSpy availability(&store, &ApiKeyStore::availabilityChanged);
        std::optional<Result<QString>> read;
        store.read([&read](Result<QString> key) { read.emplace(std::move(key)); });
        QVERIFY(!read.has_value()); // asynchronous, never inside the call
        QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 20000);
        QVERIFY(!read->ok());
        QVERIFY2(read->error().message.startsWith(QStringLiteral("Keychain unavailable")),
                 qPrintable(read->error().message));
        QVERIFY(!store.isAvailable());
        QCOMPARE(availability.count(), 1);

        std::optional<Result<void>> written;
        store.write(canaryKey, [&written](Result<void> outcome) { written.emplace(std::move(outcome)); });
        QTRY_VERIFY_WITH_TIMEOUT(written.has_value(), 20000);
        QVERIFY(!written->ok());
        QVERIFY(written->error().message.startsWith(QStringLiteral("Keychain unavailable")));
        QVERIFY(!written->error().message.contains(canaryKey));
        QVERIFY(!written->error().detail.contains(canaryKey));

        std::optional<Result<void>> removed;
        store.remove([&removed](Result<void> outcome) { removed.emplace(std::move(outcome)); });
        QTRY_VERIFY_WITH_TIMEOUT(removed.has_value(), 20000);
        QVERIFY(!removed->ok());
        QCOMPARE(availability.count(), 1); // reported once

        std::optional<Result<void>> empty;
        store.write(QStringLiteral("   "),
                    [&empty](Result<void> outcome) { empty.emplace(std::move(outcome)); });
        QVERIFY(!empty.has_value());
        QTRY_VERIFY(empty.has_value());
        QCOMPARE(empty->error().kind, ErrorKind::BadInput);

        QVERIFY2(filesContaining(m_config.path(), canaryKey.toUtf8()).isEmpty(),
                 qPrintable(filesContaining(m_config.path(), canaryKey.toUtf8()).join(u',')));
    }

    void settingsDialogNeverWritesTheKeyToAFile()
    {
        ApiKeyStore store(m_service, nullptr);
        SettingsDialog dialog(&store);
        QSignalSpy saved(&dialog, &SettingsDialog::settingsSaved);
        QSignalSpy keyChanged(&dialog, &SettingsDialog::apiKeyChanged);
        dialog.show();
        QTRY_VERIFY_WITH_TIMEOUT(
            child<QLabel>(&dialog, "keyState")->text().startsWith(QStringLiteral("Keychain unavailable")),
            20000);
        QCOMPARE(child<QLineEdit>(&dialog, "apiKey")->echoMode(), QLineEdit::Password);

        child<QLineEdit>(&dialog, "apiKey")->setText(canaryKey);
        child<QLineEdit>(&dialog, "baseUrl")->setText(QStringLiteral("http://127.0.0.1:8080/v1"));
        child<QSpinBox>(&dialog, "videoLimit")->setValue(3);
        dialog.accept();
        // Non-secret settings are saved at once; the keychain failure keeps the dialog open and says so.
        QCOMPARE(saved.count(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(
            child<QLabel>(&dialog, "status")->text().contains(QStringLiteral("Keychain unavailable")), 20000);
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QCOMPARE(keyChanged.count(), 0);
        QVERIFY(!child<QLabel>(&dialog, "status")->text().contains(canaryKey));

        // Second OK: use the key for this session only.
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(!dialog.isVisible());
        QCOMPARE(keyChanged.count(), 1);
        QCOMPARE(keyChanged.at(0).at(0).toString(), canaryKey);

        QSettings().sync();
        QFile file(settingsFile());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray contents = file.readAll();
        QVERIFY(contents.contains("127.0.0.1:8080"));
        QVERIFY(!contents.contains(canaryKey.toUtf8()));
        QVERIFY2(filesContaining(m_config.path(), canaryKey.toUtf8()).isEmpty(),
                 qPrintable(filesContaining(m_config.path(), canaryKey.toUtf8()).join(u',')));
        const AppSettings loaded = AppSettings::load();
        QCOMPARE(loaded.baseUrl, QStringLiteral("http://127.0.0.1:8080/v1"));
        QCOMPARE(loaded.limits.video, 3);
    }

    // Two providers, each tested with GET /models through a client carrying only that provider's key.
    void settingsDialogTestsEachProvider()
    {
        using Sanzaru::Testing::FakeOpenAiServer;
        FakeOpenAiServer openai;
        FakeOpenAiServer gateway;
        QVERIFY(openai.start() && gateway.start());
        openai.setApiKey("sk-image-key");
        gateway.setApiKey("sk-video-key");
        gateway.setModelIds({QStringLiteral("minimax/h3"), QStringLiteral("google/veo-3.1-fast")});
        ApiKeyStore store(m_service, nullptr);
        SettingsDialog dialog(&store);
        dialog.setEffectiveConfig(Config());
        dialog.show();
        QVERIFY(!child<QWidget>(&dialog, "providerBox")->isHidden());
        QVERIFY(!child<QWidget>(&dialog, "videoProviderBox")->isHidden());
        child<QLineEdit>(&dialog, "baseUrl")->setText(openai.baseUrl().toString());
        child<QLineEdit>(&dialog, "apiKey")->setText(QStringLiteral("sk-image-key"));
        child<QLineEdit>(&dialog, "videoBaseUrl")->setText(gateway.baseUrl().toString());
        QCOMPARE(child<QLineEdit>(&dialog, "videoApiKey")->echoMode(), QLineEdit::Password);

        // No video key yet: the OpenAI key is not offered to the gateway; nothing is sent.
        QLabel *videoResult = child<QLabel>(&dialog, "videoTestResult");
        child<QPushButton>(&dialog, "testVideo")->click();
        QTRY_VERIFY(videoResult->text().contains(QStringLiteral("SANZARU_VIDEO_API_KEY")));
        QCOMPARE(gateway.requests().size(), 0);

        child<QLineEdit>(&dialog, "videoApiKey")->setText(QStringLiteral("sk-video-key"));
        child<QPushButton>(&dialog, "testVideo")->click();
        QTRY_VERIFY_WITH_TIMEOUT(videoResult->text().contains(QStringLiteral("google/veo-3.1-fast")), 15000);
        QVERIFY(videoResult->text().contains(QStringLiteral("minimax/h3")));
        QLabel *imageResult = child<QLabel>(&dialog, "imageTestResult");
        child<QPushButton>(&dialog, "testImage")->click();
        QTRY_VERIFY_WITH_TIMEOUT(imageResult->text().contains(QStringLiteral("gpt-image-2")), 15000);
        QVERIFY(!imageResult->text().contains(QStringLiteral("minimax")));

        // A refused key: the provider's answer verbatim, then what to do.
        child<QLineEdit>(&dialog, "videoApiKey")->setText(QStringLiteral("sk-wrong"));
        child<QPushButton>(&dialog, "testVideo")->click();
        QTRY_VERIFY_WITH_TIMEOUT(videoResult->text().contains(QStringLiteral("401")), 15000);
        QVERIFY(videoResult->text().contains(QStringLiteral("Incorrect API key")));
        QVERIFY(videoResult->text().contains(QStringLiteral("refused the key")));
        QVERIFY(!videoResult->text().contains(QStringLiteral("sk-wrong")));

        // A host that does not answer.
        child<QLineEdit>(&dialog, "videoBaseUrl")->setText(QStringLiteral("http://127.0.0.1:1/v1"));
        child<QPushButton>(&dialog, "testVideo")->click();
        QTRY_VERIFY_WITH_TIMEOUT(videoResult->text().contains(QStringLiteral("could not be reached")), 30000);

        for (const auto &r : openai.requests())
            QCOMPARE(r.header("authorization"), QByteArray("Bearer sk-image-key"));
        for (const auto &r : gateway.requests())
            QVERIFY(r.header("authorization") != QByteArray("Bearer sk-image-key"));
        QCOMPARE(openai.requestCount("GET", QStringLiteral("/v1/models")), 1);
        QCOMPARE(gateway.requestCount("GET", QStringLiteral("/v1/models")), 2);

        // The video base URL is stored with the other settings; keys never.
        dialog.settings().save();
        QCOMPARE(AppSettings::load().videoBaseUrl, QStringLiteral("http://127.0.0.1:1/v1"));
    }

    void settingsDialogRejectsBadBaseUrl()
    {
        ApiKeyStore store(m_service, nullptr);
        SettingsDialog dialog(&store);
        QSignalSpy saved(&dialog, &SettingsDialog::settingsSaved);
        child<QLineEdit>(&dialog, "baseUrl")->setText(QStringLiteral("ftp://example.com"));
        QVERIFY(!child<QLabel>(&dialog, "baseUrlIssue")->isHidden());
        dialog.accept();
        QCOMPARE(saved.count(), 0);
        QVERIFY(!QSettings().contains(QStringLiteral("api/baseUrl")));
        dialog.setEnvironmentKeyPresent(true);
        QVERIFY(!child<QLabel>(&dialog, "environmentNote")->isHidden());
    }

    void firstRunNeededWithoutAnyKey()
    {
        ApiKeyStore store(m_service, nullptr);
        QObject context;
        std::optional<bool> needed;
        FirstRunDialog::checkNeeded(
            &store, &context, [&needed](bool n) { needed = n; }, QProcessEnvironment());
        QTRY_VERIFY_WITH_TIMEOUT(needed.has_value(), 20000);
        QVERIFY(*needed);

        QProcessEnvironment withKey;
        withKey.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("from-env"));
        std::optional<bool> neededWithKey;
        FirstRunDialog::checkNeeded(
            &store, &context, [&neededWithKey](bool n) { neededWithKey = n; }, withKey);
        QVERIFY(!neededWithKey.has_value());
        QTRY_VERIFY(neededWithKey.has_value());
        QVERIFY(!*neededWithKey);
    }

    void firstRunFallsBackToSessionKey()
    {
        ApiKeyStore store(m_service, nullptr);
        FirstRunDialog dialog(&store);
        QSignalSpy keyChanged(&dialog, &FirstRunDialog::apiKeyChanged);
        dialog.show();
        auto *save = child<QPushButton>(&dialog, "saveKey");
        QVERIFY(!save->isEnabled());
        child<QLineEdit>(&dialog, "apiKey")->setText(canaryKey);
        QVERIFY(save->isEnabled());
        save->click();
        QTRY_VERIFY_WITH_TIMEOUT(
            child<QLabel>(&dialog, "status")->text().startsWith(QStringLiteral("Keychain unavailable")),
            20000);
        QCOMPARE(save->text(), QStringLiteral("Use for this session"));
        QCOMPARE(keyChanged.count(), 0);
        save->click();
        QCOMPARE(keyChanged.count(), 1);
        QCOMPARE(keyChanged.at(0).at(0).toString(), canaryKey);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(filesContaining(m_config.path(), canaryKey.toUtf8()).isEmpty());

        FirstRunDialog other(&store);
        QSignalSpy settingsRequested(&other, &FirstRunDialog::settingsRequested);
        other.show();
        child<QPushButton>(&other, "continueWithout")->click();
        QCOMPARE(other.result(), int(QDialog::Rejected));
        QCOMPARE(settingsRequested.count(), 0);
    }

    void connectDialogShowsTheGeneratorsText()
    {
        const QString binary = QStringLiteral("/opt/sanzaru qt/bin/sanzaru-qt");
        const QString media = QStringLiteral("/home/me/sanzaru-media");
        ConnectClientDialog dialog(binary, media);
        QCOMPARE(McpClientConfig::clients().size(), 3);
        for (const QString &client : McpClientConfig::clients()) {
            dialog.setClient(client);
            QCOMPARE(dialog.client(), client);
            const std::optional<McpClientConfig::Output> expected =
                McpClientConfig::generate(client, binary, media);
            QVERIFY(expected.has_value());
            QCOMPARE(dialog.text(), expected->text);
            QVERIFY(child<QPlainTextEdit>(&dialog, "configText")->isReadOnly());
            QVERIFY(dialog.text().contains(McpClientConfig::keyPlaceholder()));
            dialog.copy();
            QCOMPARE(QGuiApplication::clipboard()->text(), expected->text);
        }
        QVERIFY(!McpClientConfig::generate(QStringLiteral("vim"), binary, media).has_value());
        dialog.setClient(QStringLiteral("claude-code"));
        QCOMPARE(dialog.text(),
                 QStringLiteral(
                     "claude mcp add --transport stdio sanzaru-qt --env "
                     "OPENAI_API_KEY=YOUR_OPENAI_API_KEY --env "
                     "SANZARU_VIDEO_BASE_URL=https://YOUR_VIDEO_GATEWAY/v1 "
                     "--env SANZARU_VIDEO_API_KEY=YOUR_VIDEO_PROVIDER_API_KEY --env "
                     "SANZARU_MEDIA_PATH=/home/me/sanzaru-media -- '/opt/sanzaru qt/bin/sanzaru-qt' mcp\n"));
        // Images at OpenAI, video at a gateway with its own key.
        dialog.setClient(QStringLiteral("claude-desktop"));
        const QJsonObject env =
            QJsonDocument::fromJson(dialog.text().toUtf8())
                .object()[QStringLiteral("mcpServers")][QStringLiteral("sanzaru-qt")][QStringLiteral("env")]
                .toObject();
        QCOMPARE(
            env.keys(),
            (QStringList{QStringLiteral("OPENAI_API_KEY"), QStringLiteral("SANZARU_MEDIA_PATH"),
                         QStringLiteral("SANZARU_VIDEO_API_KEY"), QStringLiteral("SANZARU_VIDEO_BASE_URL")}));
        QCOMPARE(env[QStringLiteral("SANZARU_VIDEO_BASE_URL")].toString(),
                 QStringLiteral("https://YOUR_VIDEO_GATEWAY/v1"));
        QVERIFY(
            child<QLabel>(&dialog, "hint")->text().contains(QStringLiteral("YOUR_VIDEO_PROVIDER_API_KEY")));
    }

    void connectDialogEqualsPrintConfig()
    {
        const QString binary =
            QProcessEnvironment::systemEnvironment().value(QStringLiteral("SANZARU_QT_BINARY"));
        QVERIFY2(QFileInfo::exists(binary), "SANZARU_QT_BINARY must name the built sanzaru-qt");
        const QString media = m_config.filePath(QStringLiteral("media dir"));
        ConnectClientDialog dialog(QFileInfo(binary).canonicalFilePath(), media);
        for (const QString &client : McpClientConfig::clients()) {
            QProcess process;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("SANZARU_MEDIA_PATH"), media);
            env.insert(QStringLiteral("OPENAI_API_KEY"), canaryKey);
            env.insert(QStringLiteral("SANZARU_QT_SOCKET"), m_config.filePath(QStringLiteral("no-socket")));
            process.setProcessEnvironment(env);
            QSignalSpy finished(&process, &QProcess::finished);
            process.start(binary, {QStringLiteral("mcp"), QStringLiteral("--print-config"), client});
            QVERIFY(finished.wait(30000));
            QCOMPARE(process.exitCode(), 0);
            const QString printed = QString::fromUtf8(process.readAllStandardOutput());
            QVERIFY(!printed.contains(canaryKey));
            dialog.setClient(client);
            QCOMPARE(dialog.text(), printed);
        }
    }

    void connectDialogShowsTheHttpTokenAndRotatesIt()
    {
        // Where `sanzaru-qt mcp --print-config http` looks with XDG_CONFIG_HOME set as below.
        const QString xdg = m_config.filePath(QStringLiteral("xdg"));
        const QString tokenFile = xdg + QStringLiteral("/sanzaru-qt/mcp-http-token");
        ConnectClientDialog dialog(QStringLiteral("/usr/bin/sanzaru-qt"), QStringLiteral("/media"), nullptr,
                                   tokenFile);
        auto *rotate = child<QPushButton>(&dialog, "rotate");
        QVERIFY(rotate->isHidden());
        QVERIFY(!QFileInfo::exists(tokenFile)); // untouched until the HTTP set-up is asked for
        dialog.setClient(McpClientConfig::httpClient());
        QCOMPARE(dialog.client(), McpClientConfig::httpClient());
        QVERIFY(!rotate->isHidden());
        const QByteArray first = McpHttpTokenStore(tokenFile).token().value();
        QCOMPARE(
            dialog.text(),
            McpClientConfig::generateHttp(McpClientConfig::defaultHttpPort, QString::fromLatin1(first)).text);

        const QString binary =
            QProcessEnvironment::systemEnvironment().value(QStringLiteral("SANZARU_QT_BINARY"));
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), xdg);
        env.insert(QStringLiteral("SANZARU_QT_SOCKET"), m_config.filePath(QStringLiteral("no-socket")));
        process.setProcessEnvironment(env);
        QSignalSpy finished(&process, &QProcess::finished);
        process.start(
            binary, {QStringLiteral("mcp"), QStringLiteral("--print-config"), McpClientConfig::httpClient()});
        QVERIFY(finished.wait(30000));
        QCOMPARE(process.exitCode(), 0);
        QCOMPARE(QString::fromUtf8(process.readAllStandardOutput()), dialog.text());

        rotate->click();
        const QByteArray second = McpHttpTokenStore(tokenFile).token().value();
        QVERIFY(second != first);
        QVERIFY(dialog.text().contains(QString::fromLatin1(second)));
        QVERIFY(!dialog.text().contains(QString::fromLatin1(first)));
        dialog.setClient(QStringLiteral("cursor"));
        QVERIFY(rotate->isHidden());
    }
};

int main(int argc, char **argv)
{
    // No keychain, as on CI: an unreachable session bus and no desktop, set before anything can connect.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/sanzaru-test-bus");
    qunsetenv("XDG_CURRENT_DESKTOP");
    qunsetenv("DESKTOP_SESSION");
    qunsetenv("KDE_FULL_SESSION");
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("sanzaru-test"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_settings"));
    TestSettings test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_settings.moc"

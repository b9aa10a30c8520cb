// SPDX-License-Identifier: MIT
// Settings: AppSettings round trip, the API key never reaching a settings file, the keychain wrapper on a
// machine without a keychain (as on CI), the first-run flow and the MCP client set-up dialog.
#include "apikeystore.h"
#include "config/apikeyfile.h"
#include "config/appsettings.h"
#include "config/configresolver.h"
#include "connectclientdialog.h"
#include "fakeopenaiserver.h"
#include "firstrundialog.h"
#include "mcp/mcpclientconfig.h"
#include "mcp/mcphttptokenstore.h"
#include "settingsdialog.h"

#include <QApplication>
#include <QCheckBox>
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
#include <QRadioButton>
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

/// No visible text of the dialog is cut off, shows a literal '&' or lies on another text.
void verifyTextLaidOut(QWidget *dialog)
{
    QList<QWidget *> texts;
    const auto widgets = dialog->findChildren<QWidget *>();
    for (QWidget *w : widgets) {
        if (!w->isVisibleTo(dialog) || w->property("qt_spinbox_lineedit").isValid())
            continue;
        if (qobject_cast<QSpinBox *>(w->parentWidget()))
            continue; // the spin box's own line edit
        if (auto *label = qobject_cast<QLabel *>(w)) {
            const QString text = label->text();
            // A mnemonic '&' is hidden only when the label has a buddy; rich text escapes it.
            if (label->textFormat() == Qt::PlainText || !Qt::mightBeRichText(text))
                QVERIFY2(!text.contains(QLatin1Char('&')) || label->buddy(), qPrintable(text));
            if (label->wordWrap())
                QVERIFY2(label->height() >= label->heightForWidth(label->width()), qPrintable(text));
            else if (!text.isEmpty())
                QVERIFY2(label->width() >= label->sizeHint().width(), qPrintable(text));
            texts << w;
        } else if (auto *button = qobject_cast<QAbstractButton *>(w)) {
            QVERIFY2(button->width() >= button->sizeHint().width(), qPrintable(button->text()));
            texts << w;
        } else if (qobject_cast<QLineEdit *>(w) || qobject_cast<QSpinBox *>(w)) {
            texts << w;
        }
    }
    for (qsizetype i = 0; i < texts.size(); ++i) {
        const QRect a(texts[i]->mapTo(dialog, QPoint()), texts[i]->size());
        for (qsizetype j = i + 1; j < texts.size(); ++j) {
            const QRect b(texts[j]->mapTo(dialog, QPoint()), texts[j]->size());
            QVERIFY2(!a.intersects(b), qPrintable(texts[i]->objectName() + QStringLiteral(" overlaps ") +
                                                  texts[j]->objectName()));
        }
    }
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
            child<QLabel>(&dialog, "keyState")->text().startsWith(QStringLiteral("There is no keychain")),
            20000);
        QCOMPARE(child<QLineEdit>(&dialog, "apiKey")->echoMode(), QLineEdit::Password);
        QVERIFY(child<QCheckBox>(&dialog, "keepInFile")->isVisible());
        QVERIFY(!child<QCheckBox>(&dialog, "keepInFile")->isChecked()); // a file only when asked for

        child<QLineEdit>(&dialog, "apiKey")->setText(canaryKey);
        child<QLineEdit>(&dialog, "baseUrl")->setText(QStringLiteral("http://127.0.0.1:8080/v1"));
        child<QSpinBox>(&dialog, "videoLimit")->setValue(3);
        dialog.accept();
        // Non-secret settings are saved at once; without a keychain the dialog stays open and says so.
        QCOMPARE(saved.count(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(
            child<QLabel>(&dialog, "status")->text().contains(QStringLiteral("no keychain")), 20000);
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
        // The keychain is asked at once: the dialog says there is none before a key is typed.
        QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>(&dialog, "noKeychain")->isVisible(), 20000);
        QVERIFY(child<QRadioButton>(&dialog, "sessionOnly")->isChecked());
        QTest::keyClicks(child<QLineEdit>(&dialog, "apiKey"), canaryKey);
        QVERIFY(save->isEnabled());
        QCOMPARE(save->text(), QStringLiteral("Use for this session"));
        QTest::mouseClick(save, Qt::LeftButton);
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

    // Issue 10 point 9: no keychain → said at once, in plain words; the file only when chosen; a restart
    // finds the key there.
    void firstRunWithoutKeychainKeepsTheKeyInAFile()
    {
        const QString path = ApiKeyFile::defaultPath(Provider::Image);
        QVERIFY(path.startsWith(m_config.path()));
        QFile::remove(path);
        ApiKeyStore store(m_service, nullptr);
        FirstRunDialog dialog(&store);
        QSignalSpy probed(&dialog, &FirstRunDialog::keychainProbed);
        QSignalSpy keyChanged(&dialog, &FirstRunDialog::apiKeyChanged);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTRY_COMPARE_WITH_TIMEOUT(probed.count(), 1, 20000);
        QCOMPARE(probed.at(0).at(0).toBool(), false);
        QVERIFY(dialog.noKeychain());
        auto *note = child<QLabel>(&dialog, "noKeychain");
        QVERIFY(note->isVisible());
        QVERIFY(note->text().contains(QStringLiteral("no keychain")));
        auto *shownPath = child<QLabel>(&dialog, "keyFilePath");
        QVERIFY(shownPath->isVisible());
        QCOMPARE(shownPath->text(), QDir::toNativeSeparators(path));
        QTRY_VERIFY(dialog.size().expandedTo(dialog.minimumSizeHint()) == dialog.size());
        verifyTextLaidOut(&dialog);

        QTest::keyClicks(child<QLineEdit>(&dialog, "apiKey"), canaryKey);
        auto *inFile = child<QRadioButton>(&dialog, "keepInFile");
        QTest::mouseClick(inFile, Qt::LeftButton, {}, QPoint(8, inFile->height() / 2));
        QVERIFY(inFile->isChecked());
        auto *save = child<QPushButton>(&dialog, "saveKey");
        QCOMPARE(save->text(), QStringLiteral("Save to the file"));
        QTest::mouseClick(save, Qt::LeftButton);
        QCOMPARE(keyChanged.count(), 1);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        const QFileInfo info(path);
        QVERIFY(info.isFile());
        QCOMPARE(info.permissions() &
                     (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
                 QFileDevice::Permissions());
        QCOMPARE(ApiKeyFile(path).read().value(), canaryKey);

        // "Restart": the key is found without asking; every front end resolves it from the file.
        const Config config =
            ConfigResolver::resolve(QProcessEnvironment(), AppSettings(), ConfigResolver::withKeyFiles({}));
        QCOMPARE(config.apiKey(), canaryKey);
        QObject context;
        std::optional<bool> needed;
        FirstRunDialog::checkNeeded(
            &store, &context, [&needed](bool n) { needed = n; }, QProcessEnvironment());
        QTRY_VERIFY(needed.has_value());
        QVERIFY(!*needed);
        QVERIFY(ApiKeyFile(path).remove());
        QVERIFY(!QFileInfo::exists(path));
    }

    void keyFileRefusedWhenOthersCouldHaveIt()
    {
        const QString path = m_config.filePath(QStringLiteral("keys/api-key"));
        QVERIFY(ApiKeyFile(path).write(QStringLiteral("  sk-file \n")));
        QCOMPARE(ApiKeyFile(path).read().value(), QStringLiteral("sk-file"));
        QCOMPARE(QFileInfo(path).permissions() & (QFile::ReadGroup | QFile::ReadOther),
                 QFileDevice::Permissions());
        // Readable by others: never used, and the message names the file, not the key.
        QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther));
        Result<QString> leaked = ApiKeyFile(path).read();
        QVERIFY(!leaked);
        QVERIFY(leaked.error().message.contains(path));
        QVERIFY(!leaked.error().message.contains(QStringLiteral("sk-file")));
        // A symbolic link to a file of ours: refused too.
        const QString link = m_config.filePath(QStringLiteral("keys/link"));
        QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner));
        QVERIFY(QFile::link(path, link));
        QVERIFY(!ApiKeyFile(link).read());
        QVERIFY(ApiKeyFile(link).exists());
        QCOMPARE(ApiKeyFile(m_config.filePath(QStringLiteral("keys/none"))).read().value(), QString());
        QVERIFY(!ApiKeyFile(path).write(QStringLiteral("   ")));
    }

    void settingsShowEnvironmentOverridesReadOnly()
    {
        AppSettings stored;
        stored.baseUrl = QStringLiteral("http://127.0.0.1:9/v1");
        stored.mediaPath = QStringLiteral("/stored/media");
        ApiKeyStore store(m_service, nullptr);
        SettingsDialog dialog(&store);
        dialog.setSettings(stored);
        QProcessEnvironment env;
        env.insert(QStringLiteral("OPENAI_BASE_URL"), QStringLiteral("https://proxy.example/v1"));
        env.insert(QStringLiteral("SANZARU_VIDEO_API_KEY"), canaryKey);
        dialog.applyEnvironment(env);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));

        auto *url = child<QLineEdit>(&dialog, "baseUrl");
        QVERIFY(url->isReadOnly());
        QCOMPARE(url->text(), QStringLiteral("https://proxy.example/v1"));
        QCOMPARE(child<QLabel>(&dialog, "baseUrlOverride")->text(), QStringLiteral("Set by OPENAI_BASE_URL"));
        QVERIFY(child<QLabel>(&dialog, "baseUrlOverride")->isVisible());
        QTest::keyClicks(url, QStringLiteral("x")); // read-only: typing changes nothing
        QCOMPARE(url->text(), QStringLiteral("https://proxy.example/v1"));
        auto *videoKey = child<QLineEdit>(&dialog, "videoApiKey");
        QVERIFY(videoKey->isReadOnly());
        QVERIFY(videoKey->text().isEmpty()); // the key itself is never shown
        QCOMPARE(child<QLabel>(&dialog, "videoKeyOverride")->text(),
                 QStringLiteral("Set by SANZARU_VIDEO_API_KEY"));
        // Fields the environment leaves alone stay editable, with no note.
        QVERIFY(!child<QLineEdit>(&dialog, "videoBaseUrl")->isReadOnly());
        QVERIFY(!child<QLabel>(&dialog, "videoBaseUrlOverride")->isVisible());
        QVERIFY(!child<QLineEdit>(&dialog, "mediaPath")->isReadOnly());
        // Saving keeps the stored value, not the variable's.
        QCOMPARE(dialog.settings().baseUrl, stored.baseUrl);
        QTRY_VERIFY_WITH_TIMEOUT(
            child<QLabel>(&dialog, "keyState")->text().contains(QStringLiteral("keychain")), 20000);
        verifyTextLaidOut(&dialog);

        env.insert(QStringLiteral("SANZARU_MEDIA_PATH"), QStringLiteral("/env/media"));
        dialog.applyEnvironment(env);
        QVERIFY(child<QLineEdit>(&dialog, "mediaPath")->isReadOnly());
        QCOMPARE(child<QLineEdit>(&dialog, "mediaPath")->text(), QStringLiteral("/env/media"));
        QVERIFY(!child<QPushButton>(&dialog, "browseMedia")->isEnabled());
        QCOMPARE(dialog.settings().mediaPath, stored.mediaPath);
        QCOMPARE(ConfigResolver::environmentOverride(ConfigResolver::Setting::MediaFolder, env),
                 QStringLiteral("SANZARU_MEDIA_PATH"));
    }

    void settingsRemoveOnlyWhatIsThere()
    {
        const QString image = m_config.filePath(QStringLiteral("remove/api-key"));
        const QString video = m_config.filePath(QStringLiteral("remove/video-api-key"));
        ApiKeyStore store(m_service, nullptr);
        SettingsDialog dialog(&store);
        dialog.setKeyFilePaths(image, video);
        dialog.show();
        auto *remove = child<QPushButton>(&dialog, "removeKey");
        QTRY_VERIFY_WITH_TIMEOUT(
            child<QLabel>(&dialog, "keyState")->text().startsWith(QStringLiteral("There is no keychain")),
            20000);
        QVERIFY(!remove->isEnabled()); // no keychain, no file: nothing to remove
        QVERIFY(!child<QPushButton>(&dialog, "videoRemoveKey")->isEnabled());
        verifyTextLaidOut(&dialog);

        // Opting into the file stores the typed key there; then the button deletes it.
        QTest::keyClicks(child<QLineEdit>(&dialog, "apiKey"), canaryKey);
        auto *keep = child<QCheckBox>(&dialog, "keepInFile");
        QVERIFY(keep->isVisible());
        QVERIFY(keep->text().contains(QDir::toNativeSeparators(QFileInfo(image).absolutePath())));
        QTest::mouseClick(keep, Qt::LeftButton, {}, QPoint(8, keep->height() / 2));
        QVERIFY(keep->isChecked());
        QSignalSpy keyChanged(&dialog, &SettingsDialog::apiKeyChanged);
        dialog.accept();
        QCOMPARE(keyChanged.count(), 1);
        QCOMPARE(ApiKeyFile(image).read().value(), canaryKey);
        QVERIFY(!QFileInfo::exists(video));

        SettingsDialog again(&store);
        again.setKeyFilePaths(image, video);
        again.show();
        auto *removeAgain = child<QPushButton>(&again, "removeKey");
        QTRY_VERIFY_WITH_TIMEOUT(removeAgain->isEnabled(), 20000);
        QCOMPARE(removeAgain->text(), QStringLiteral("Delete key file"));
        QTest::mouseClick(removeAgain, Qt::LeftButton);
        QVERIFY(!QFileInfo::exists(image));
        QTRY_VERIFY_WITH_TIMEOUT(!removeAgain->isEnabled(), 20000);
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

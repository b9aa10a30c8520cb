// SPDX-License-Identifier: MIT
// Config::fromEnvironment and friends. Every test builds its own QProcessEnvironment; the real
// environment is never read.
#include "config/config.h"

#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTest>

using namespace Sanzaru::Core;

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

class TestConfig : public QObject
{
    Q_OBJECT

private slots:
    void emptyEnvironmentGivesDefaults();
    void defaultConstructedHasDefaultBaseUrl();
    void valuesAreTrimmedAndEmptyIsUnset();
    void requireApiKeyMissing();
    void requireApiKeyPresent();
    void baseUrl_data();
    void baseUrl();
    void setBaseUrlEmptyRestoresDefault();
    void organizationAndProject();
    void customHeaders();
    void customHeadersRejectsInvalidNames();
    void stallTimeout_data();
    void stallTimeout();
    void mediaVariables();
    void storedDefaultsFillOnlyUnsetValues();
    void storedDefaultsApplyWhenEnvironmentIsEmpty();
    void storedDefaultsIgnoreBlankValues();
};

static QProcessEnvironment envOf(std::initializer_list<std::pair<const char *, const char *>> vars)
{
    QProcessEnvironment env; // empty, not the system environment
    for (const auto &[name, value] : vars)
        env.insert(QString::fromUtf8(name), QString::fromUtf8(value));
    return env;
}

void TestConfig::emptyEnvironmentGivesDefaults()
{
    const Config c = Config::fromEnvironment(QProcessEnvironment());
    QVERIFY(c.apiKey().isEmpty());
    QCOMPARE(c.baseUrl(), QUrl(QStringLiteral("https://api.openai.com/v1")));
    QVERIFY(!c.hasCustomBaseUrl());
    QVERIFY(c.organization().isEmpty());
    QVERIFY(c.project().isEmpty());
    QVERIFY(c.customHeaders().isEmpty());
    QVERIFY(c.mediaRoot().isEmpty());
    QVERIFY(c.videoPathVar().isEmpty());
    QVERIFY(c.imagePathVar().isEmpty());
    QCOMPARE(c.stallTimeoutMs(), 60000);
}

void TestConfig::defaultConstructedHasDefaultBaseUrl()
{
    QCOMPARE(Config().baseUrl(), QUrl(QStringLiteral("https://api.openai.com/v1")));
    QCOMPARE(Config::defaultBaseUrl(), QUrl(QStringLiteral("https://api.openai.com/v1")));
}

void TestConfig::valuesAreTrimmedAndEmptyIsUnset()
{
    const Config c = Config::fromEnvironment(envOf({{"OPENAI_API_KEY", "  sk-test\t\n"},
                                                    {"OPENAI_BASE_URL", "   "},
                                                    {"OPENAI_ORG_ID", " \t "},
                                                    {"SANZARU_MEDIA_PATH", " /srv/media \n"},
                                                    {"VIDEO_PATH", "\t/v "},
                                                    {"IMAGE_PATH", "   "}}));
    QCOMPARE(c.apiKey(), QStringLiteral("sk-test"));
    QCOMPARE(c.baseUrl(), Config::defaultBaseUrl());
    QVERIFY(!c.hasCustomBaseUrl());
    QVERIFY(c.organization().isEmpty());
    QCOMPARE(c.mediaRoot(), QStringLiteral("/srv/media"));
    QCOMPARE(c.videoPathVar(), QStringLiteral("/v"));
    QVERIFY(c.imagePathVar().isEmpty());
}

void TestConfig::requireApiKeyMissing()
{
    for (const char *value : {"", "   "}) {
        const Config c = Config::fromEnvironment(envOf({{"OPENAI_API_KEY", value}}));
        const Result<QString> key = c.requireApiKey();
        QVERIFY(!key.ok());
        QCOMPARE(key.error().kind, ErrorKind::Config);
        QCOMPARE(
            key.error().message,
            QStringLiteral("OPENAI_API_KEY is not set. Set it in the environment (or in the app's settings) "
                           "to use tools that call the OpenAI API."));
    }
}

void TestConfig::requireApiKeyPresent()
{
    const Config c = Config::fromEnvironment(envOf({{"OPENAI_API_KEY", "sk-abc"}}));
    const Result<QString> key = c.requireApiKey();
    QVERIFY(key.ok());
    QCOMPARE(*key, QStringLiteral("sk-abc"));
}

void TestConfig::baseUrl_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("custom");
    QTest::newRow("unset") << QString() << QStringLiteral("https://api.openai.com/v1") << false;
    QTest::newRow("plain") << QStringLiteral("https://proxy.example/v1")
                           << QStringLiteral("https://proxy.example/v1") << true;
    QTest::newRow("trailing slash") << QStringLiteral("https://proxy.example/v1/")
                                    << QStringLiteral("https://proxy.example/v1") << true;
    QTest::newRow("many slashes") << QStringLiteral("https://proxy.example/v1///")
                                  << QStringLiteral("https://proxy.example/v1") << true;
    QTest::newRow("root slash") << QStringLiteral("http://127.0.0.1:8080/")
                                << QStringLiteral("http://127.0.0.1:8080") << true;
    QTest::newRow("query kept") << QStringLiteral("https://az.example/openai/?api-version=2025-01-01")
                                << QStringLiteral("https://az.example/openai?api-version=2025-01-01") << true;
    QTest::newRow("trimmed") << QStringLiteral("  https://proxy.example/v1/ \n")
                             << QStringLiteral("https://proxy.example/v1") << true;
}

void TestConfig::baseUrl()
{
    QFETCH(QString, value);
    QFETCH(QString, expected);
    QFETCH(bool, custom);
    QProcessEnvironment env;
    if (!value.isNull())
        env.insert(QStringLiteral("OPENAI_BASE_URL"), value);
    const Config c = Config::fromEnvironment(env);
    QCOMPARE(c.baseUrl().toString(), expected);
    QCOMPARE(c.hasCustomBaseUrl(), custom);
}

void TestConfig::setBaseUrlEmptyRestoresDefault()
{
    Config c;
    c.setBaseUrl(QUrl(QStringLiteral("https://proxy.example/x/")));
    QCOMPARE(c.baseUrl().toString(), QStringLiteral("https://proxy.example/x"));
    c.setBaseUrl(QUrl());
    QCOMPARE(c.baseUrl(), Config::defaultBaseUrl());
    QVERIFY(!c.hasCustomBaseUrl());
}

void TestConfig::organizationAndProject()
{
    const Config c =
        Config::fromEnvironment(envOf({{"OPENAI_ORG_ID", " org-1 "}, {"OPENAI_PROJECT_ID", "proj_2"}}));
    QCOMPARE(c.organization(), QStringLiteral("org-1"));
    QCOMPARE(c.project(), QStringLiteral("proj_2"));
}

void TestConfig::customHeaders()
{
    const Config c = Config::fromEnvironment(envOf(
        {{"OPENAI_CUSTOM_HEADERS", "X-Team: media\r\n\n  X-Trace-Id:abc123  \nX-Url: https://a:b@c\n"}}));
    const HeaderList expected{{"X-Team", "media"}, {"X-Trace-Id", "abc123"}, {"X-Url", "https://a:b@c"}};
    QCOMPARE(c.customHeaders(), expected);
}

void TestConfig::customHeadersRejectsInvalidNames()
{
    // Lines without a colon, with an empty name or with a space in the name are skipped; the good
    // lines around them still count.
    for (int line : {1, 2, 3, 5})
        QTest::ignoreMessage(QtWarningMsg,
                             qPrintable(QStringLiteral("OPENAI_CUSTOM_HEADERS: line %1 is not a valid "
                                                       "\"Name: value\" header; ignored")
                                            .arg(line)));
    const Config c = Config::fromEnvironment(
        envOf({{"OPENAI_CUSTOM_HEADERS", "no colon here\n: value\nX Bad: 1\nX-Good: 2\nX-Ctl: a\x01z"}}));
    const HeaderList expected{{"X-Good", "2"}};
    QCOMPARE(c.customHeaders(), expected);
}

void TestConfig::stallTimeout_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<int>("expected");
    QTest::newRow("unset") << QString() << 60000;
    QTest::newRow("valid") << QStringLiteral("1500") << 1500;
    QTest::newRow("trimmed") << QStringLiteral(" 250 ") << 250;
    QTest::newRow("zero") << QStringLiteral("0") << 60000;
    QTest::newRow("negative") << QStringLiteral("-5") << 60000;
    QTest::newRow("text") << QStringLiteral("fast") << 60000;
    QTest::newRow("overflow") << QStringLiteral("99999999999") << 60000;
}

void TestConfig::stallTimeout()
{
    QFETCH(QString, value);
    QFETCH(int, expected);
    QProcessEnvironment env;
    if (!value.isNull())
        env.insert(QStringLiteral("SANZARU_QT_STALL_TIMEOUT_MS"), value);
    if (expected == 60000 && !value.isNull())
        QTest::ignoreMessage(
            QtWarningMsg, QRegularExpression(QStringLiteral(
                              "^SANZARU_QT_STALL_TIMEOUT_MS=.* is not a positive integer; using 60000 ms$")));
    QCOMPARE(Config::fromEnvironment(env).stallTimeoutMs(), expected);
}

void TestConfig::mediaVariables()
{
    const Config c = Config::fromEnvironment(
        envOf({{"SANZARU_MEDIA_PATH", "/m"}, {"VIDEO_PATH", "videos dir"}, {"IMAGE_PATH", "/i"}}));
    QCOMPARE(c.mediaRoot(), QStringLiteral("/m"));
    QCOMPARE(c.videoPathVar(), QStringLiteral("videos dir"));
    QCOMPARE(c.imagePathVar(), QStringLiteral("/i"));
}

void TestConfig::storedDefaultsFillOnlyUnsetValues()
{
    Config c = Config::fromEnvironment(envOf({{"OPENAI_API_KEY", "sk-env"},
                                              {"OPENAI_BASE_URL", "https://env.example/v1"},
                                              {"SANZARU_MEDIA_PATH", "/env/media"}}));
    c.applyStoredDefaults(QStringLiteral("sk-stored"), QStringLiteral("https://stored.example/v1"),
                          QStringLiteral("/stored/media"));
    QCOMPARE(c.apiKey(), QStringLiteral("sk-env"));
    QCOMPARE(c.baseUrl().toString(), QStringLiteral("https://env.example/v1"));
    QCOMPARE(c.mediaRoot(), QStringLiteral("/env/media"));
}

void TestConfig::storedDefaultsApplyWhenEnvironmentIsEmpty()
{
    Config c = Config::fromEnvironment(envOf({{"OPENAI_API_KEY", "  "}}));
    c.applyStoredDefaults(QStringLiteral(" sk-stored "), QStringLiteral("https://stored.example/v1/"),
                          QStringLiteral(" /stored/media "));
    QCOMPARE(c.apiKey(), QStringLiteral("sk-stored"));
    QCOMPARE(c.baseUrl().toString(), QStringLiteral("https://stored.example/v1"));
    QVERIFY(c.hasCustomBaseUrl());
    QCOMPARE(c.mediaRoot(), QStringLiteral("/stored/media"));
    QVERIFY(c.requireApiKey().ok());
}

void TestConfig::storedDefaultsIgnoreBlankValues()
{
    Config c = Config::fromEnvironment(QProcessEnvironment());
    c.applyStoredDefaults(QStringLiteral("  "), QStringLiteral(" "), QString());
    QVERIFY(c.apiKey().isEmpty());
    QCOMPARE(c.baseUrl(), Config::defaultBaseUrl());
    QVERIFY(c.mediaRoot().isEmpty());
    QVERIFY(!c.requireApiKey().ok());
}

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"

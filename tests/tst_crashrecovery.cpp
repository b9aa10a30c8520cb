// SPDX-License-Identifier: MIT
// The bar of "nothing lost": the real desktop app runs 10 video jobs (started by an MCP client through
// its socket), is killed with SIGKILL, and started again. Every job must come back from the queue file
// and resume polling its remote id, and the fake OpenAI server must never see a create twice.

#include "fakeopenaiserver.h"
#include "mcptestsupport.h"

#include "jobs/jobstore.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Sanzaru::Core;
using namespace Sanzaru::Testing;

class tst_CrashRecovery final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_root;
    FakeOpenAiServer m_server;

    QString socketPath() const { return m_root.filePath(QStringLiteral("run/mcp.sock")); }
    QString queuePath() const
    {
        return m_root.filePath(QStringLiteral("data/sanzaru-qt/sanzaru-qt/queue.json"));
    }

    QProcessEnvironment environment(bool withKey = true) const
    {
        QProcessEnvironment env;
        const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PATH"), system.value(QStringLiteral("PATH")));
        env.insert(QStringLiteral("HOME"), m_root.filePath(QStringLiteral("home")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_root.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_root.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_root.filePath(QStringLiteral("xdg-run")));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("SANZARU_QT_SOCKET"), socketPath());
        env.insert(QStringLiteral("SANZARU_MEDIA_PATH"), m_root.filePath(QStringLiteral("media")));
        if (withKey)
            env.insert(QStringLiteral("OPENAI_API_KEY"), QString::fromLatin1(m_server.apiKey()));
        env.insert(QStringLiteral("OPENAI_BASE_URL"), m_server.baseUrl().toString());
        return env;
    }

    bool startApp(QProcess *app, bool withKey = true)
    {
        app->setProgram(QProcessEnvironment::systemEnvironment().value(QStringLiteral("SANZARU_QT_BINARY")));
        app->setProcessEnvironment(environment(withKey));
        app->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        app->start();
        return app->waitForStarted(10000);
    }

    /// The jobs in the queue file right now (empty when it cannot be read).
    QList<JobRecord> savedJobs() const
    {
        QFile file(queuePath());
        if (!file.open(QIODevice::ReadOnly))
            return {};
        const Result<JobStore::Loaded> loaded = JobStore::parse(file.readAll());
        return loaded ? loaded->jobs : QList<JobRecord>();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_root.isValid());
        for (const char *dir : {"home", "data", "config", "xdg-run", "run", "media"})
            QVERIFY(QDir().mkpath(m_root.filePath(QString::fromLatin1(dir))));
        QFile::setPermissions(m_root.filePath(QStringLiteral("xdg-run")),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QVERIFY(m_server.start());
    }

    void sigkillDuringTenJobsLosesNothing()
    {
        QProcess first;
        QVERIFY(startApp(&first));
        McpLineClient client;
        QVERIFY(QTest::qWaitFor([&] { return QFile::exists(socketPath()); }, 15000));
        QVERIFY(client.connectTo(socketPath()));
        QVERIFY(client.call(initializeRequest(1)).contains(QStringLiteral("result")));
        client.send(QJsonObject{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                                {QStringLiteral("method"), QStringLiteral("notifications/initialized")}});
        QSet<QString> remoteIds;
        for (int i = 0; i < 10; ++i) {
            const QJsonObject answer =
                client.call(toolCall(100 + i, QStringLiteral("create_video"),
                                     {{QStringLiteral("prompt"), QStringLiteral("crash test %1").arg(i)},
                                      {QStringLiteral("seconds"), QStringLiteral("8")}}));
            const QJsonObject structured = answer.value(QStringLiteral("result"))
                                               .toObject()
                                               .value(QStringLiteral("structuredContent"))
                                               .toObject();
            QVERIFY2(!structured.value(QStringLiteral("id")).toString().isEmpty(),
                     QJsonDocument(answer).toJson());
            remoteIds.insert(structured.value(QStringLiteral("id")).toString());
        }
        QCOMPARE(remoteIds.size(), 10);

        // All ten are saved as running remote jobs; then the app dies without any chance to clean up.
        QVERIFY(QTest::qWaitFor(
            [&] {
                const QList<JobRecord> jobs = savedJobs();
                return jobs.size() == 10 && std::all_of(jobs.cbegin(), jobs.cend(), [](const JobRecord &job) {
                           return job.state == JobState::Running && !job.remoteId.isEmpty();
                       });
            },
            15000));
        const QDateTime killedAt = QFileInfo(queuePath()).lastModified();
        QTest::qWait(20); // a later write must get a later timestamp
        first.kill();
        QVERIFY(first.waitForFinished(10000));
        QCOMPARE(first.exitStatus(), QProcess::CrashExit);
        QCOMPARE(m_server.requestCount("POST", QStringLiteral("/v1/videos")), 10);
        m_server.clearRequests();

        QProcess second;
        QVERIFY(startApp(&second));
        // Every job polls its own remote id again, at once (not after a full poll interval).
        for (const QString &id : std::as_const(remoteIds)) {
            QVERIFY2(QTest::qWaitFor(
                         [&] { return m_server.requestCount("GET", QStringLiteral("/v1/videos/") + id) > 0; },
                         20000),
                     qPrintable(id));
        }
        QCOMPARE(m_server.requestCount("POST", QStringLiteral("/v1/videos")), 0);

        // The restarted app saves the resumed jobs (their status changed): wait for a write newer than the
        // kill.
        QVERIFY(QTest::qWaitFor([&] { return QFileInfo(queuePath()).lastModified() > killedAt; }, 15000));
        const QList<JobRecord> jobs = savedJobs();
        QCOMPARE(jobs.size(), 10);
        QSet<QString> savedRemote;
        QSet<QString> localIds;
        for (const JobRecord &job : jobs) {
            savedRemote.insert(job.remoteId);
            localIds.insert(job.id);
            QCOMPARE(job.origin, JobOrigin::Mcp);
            QVERIFY(!isTerminal(job.state) || job.state == JobState::Completed);
        }
        QCOMPARE(savedRemote, remoteIds);
        QCOMPARE(localIds.size(), 10);

        second.terminate();
        QVERIFY(second.waitForFinished(10000));
        QCOMPARE(second.exitStatus(), QProcess::NormalExit);
        QCOMPARE(savedJobs().size(), 10);
    }

    void restartWithoutKeyKeepsJobsWaiting()
    {
        // Runs after the test above: ten running jobs are saved. Started without any API key (no
        // environment variable, no keychain), the app must not fail them: they wait for a key.
        QList<JobRecord> before = savedJobs();
        QCOMPARE(before.size(), 10);
        const QDateTime savedAt = QFileInfo(queuePath()).lastModified();
        QTest::qWait(20); // a later write must get a later timestamp
        QProcess app;
        QVERIFY(startApp(&app, false));
        QVERIFY(QTest::qWaitFor(
            [&] {
                const QList<JobRecord> jobs = savedJobs();
                return QFileInfo(queuePath()).lastModified() > savedAt && jobs.size() == 10 &&
                       std::all_of(jobs.cbegin(), jobs.cend(), [](const JobRecord &job) {
                           return job.statusText.contains(QLatin1String("OPENAI_API_KEY"));
                       });
            },
            20000));
        for (const JobRecord &job : savedJobs()) {
            QCOMPARE(job.state, JobState::Running);
            QVERIFY(!job.error.has_value());
        }
        app.terminate();
        QVERIFY(app.waitForFinished(10000));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
    }
};

QTEST_GUILESS_MAIN(tst_CrashRecovery)
#include "tst_crashrecovery.moc"

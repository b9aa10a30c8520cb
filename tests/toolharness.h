// SPDX-License-Identifier: MIT
#pragma once

// Runs tools the way every front end does (ToolRegistry → ToolCall) against the fake OpenAI server
// and a temporary media root. Header-only so each tool test compiles it in.

#include "config/config.h"
#include "config/mediapaths.h"
#include "fakeopenaiserver.h"
#include "openai/apiclient.h"
#include "openai/retrypolicy.h"
#include "tools/toolcall.h"
#include "tools/toolcontext.h"
#include "tools/toolregistry.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

#include <memory>
#include <optional>

namespace Sanzaru::Testing {

struct ProgressEvent
{
    double progress;
    double total;
    QString message;
};

struct ToolOutcome
{
    std::optional<Core::Result<QJsonObject>> result;
    QList<ProgressEvent> progress;
    int finishedSignals = 0;

    bool ok() const { return result && result->ok(); }
    const QJsonObject &json() const { return result->value(); }
    QString errorMessage() const { return result && !result->ok() ? result->error().message : QString(); }
    Core::ErrorKind errorKind() const { return result->error().kind; }
    QByteArray describe() const
    {
        if (!result)
            return "no result (timed out)";
        return result->ok() ? QByteArray("ok")
                            : (result->error().kindName() + QStringLiteral(": ") + result->error().message).toUtf8();
    }
};

class ToolHarness
{
public:
    /// withKey false: no OPENAI_API_KEY in the environment.
    explicit ToolHarness(bool withKey = true)
    {
        m_started = m_server.start();
        QProcessEnvironment env;
        if (withKey)
            env.insert(QStringLiteral("OPENAI_API_KEY"), QString::fromLatin1(m_server.apiKey()));
        env.insert(QStringLiteral("OPENAI_BASE_URL"), m_server.baseUrl().toString());
        env.insert(QStringLiteral("SANZARU_MEDIA_PATH"), m_media.path());
        m_config = Core::Config::fromEnvironment(env);
        m_api = std::make_unique<Core::ApiClient>(m_config);
        Core::RetryPolicy policy;
        policy.backoffScale = 0.02;
        m_api->setRetryPolicy(policy);
        m_paths = std::make_unique<Core::MediaPaths>(m_config);
        m_pool.setMaxThreadCount(2);
        m_context = std::make_unique<Core::ToolContext>(m_api.get(), m_paths.get(), &m_pool);
        m_registry = std::make_unique<Core::ToolRegistry>(m_context.get());
        QDir().mkpath(videoDir());
        QDir().mkpath(imageDir());
    }

    ~ToolHarness()
    {
        m_pool.waitForDone();
    }

    bool started() const { return m_started; }
    FakeOpenAiServer &server() { return m_server; }
    Core::ToolRegistry &registry() { return *m_registry; }
    Core::ApiClient &api() { return *m_api; }
    QString videoDir() const { return m_media.path() + QStringLiteral("/videos"); }
    QString imageDir() const { return m_media.path() + QStringLiteral("/images"); }
    QString videoPath(const QString &name) const { return videoDir() + QLatin1Char('/') + name; }
    QString imagePath(const QString &name) const { return imageDir() + QLatin1Char('/') + name; }

    /// Starts a call without waiting (for cancellation tests).
    Core::ToolCall *start(const QString &name, const QJsonObject &args, ToolOutcome *outcome)
    {
        Core::ToolCall *call = m_registry->call(name, args, &m_owner);
        QObject::connect(call, &Core::ToolCall::progressed, call,
                         [outcome](double p, double t, const QString &m) { outcome->progress.append({p, t, m}); });
        QObject::connect(call, &Core::ToolCall::finished, call, [call, outcome] {
            ++outcome->finishedSignals;
            outcome->result.emplace(call->result());
        });
        return call;
    }

    static void waitFor(const ToolOutcome &outcome, int timeoutMs = 20000)
    {
        QElapsedTimer t;
        t.start();
        while (!outcome.result && t.elapsed() < timeoutMs)
            QTest::qWait(5);
    }

    ToolOutcome call(const QString &name, const QJsonObject &args = {}, int timeoutMs = 20000)
    {
        ToolOutcome outcome;
        start(name, args, &outcome);
        waitFor(outcome, timeoutMs);
        return outcome;
    }

    static bool writeFile(const QString &path, const QByteArray &bytes)
    {
        QFile f(path);
        return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
    }
    static QByteArray readFile(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    /// Every entry of a folder, hidden ones included (to catch leftover temporary files).
    static QStringList entries(const QString &dir)
    {
        return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
    }

private:
    FakeOpenAiServer m_server;
    bool m_started = false;
    QTemporaryDir m_media;
    Core::Config m_config;
    std::unique_ptr<Core::ApiClient> m_api;
    std::unique_ptr<Core::MediaPaths> m_paths;
    QThreadPool m_pool;
    std::unique_ptr<Core::ToolContext> m_context;
    std::unique_ptr<Core::ToolRegistry> m_registry;
    QObject m_owner; // parent of the calls; destroyed before the services above
};

} // namespace Sanzaru::Testing

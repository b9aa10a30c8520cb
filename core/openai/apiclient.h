// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "config/config.h"
#include "openai/apirequest.h"
#include "openai/requesthandle.h"
#include "openai/retrypolicy.h"

#include <QMutex>
#include <QObject>
#include <QThread>

#include <functional>

class QNetworkAccessManager;

namespace Sanzaru::Core {

/// The one client of the OpenAI HTTP API. It owns a network thread with the QNetworkAccessManager;
/// every method is thread-safe and returns at once. Completion callbacks run on the thread of the
/// given context object, exactly once, and never after the context was destroyed.
///
/// Convention: one-shot requests complete through callbacks bound to a context QObject; long work is
/// a Job (core/jobs) with signals; CPU work is QFuture.
class ApiClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiClient)

public:
    using Callback = std::function<void(Result<ApiResponse>)>;
    using ProgressCallback = std::function<void(qint64 done, qint64 total)>;
    /// Told when a failed attempt will be retried, and after how long (the wait a caller may show).
    using RetryCallback = std::function<void(int delayMs, const QString &reason)>;

    explicit ApiClient(const Config &config, QObject *parent = nullptr);
    ~ApiClient() override;

    /// Replaces the key, base URL and headers for requests started after this call.
    void setConfig(const Config &config);
    Config config() const;
    void setRetryPolicy(const RetryPolicy &policy);

    /// Sends a request and buffers the (JSON) answer. Non-2xx answers become ErrorKind::Api.
    RequestHandle send(const ApiRequest &request, QObject *context, Callback done,
                       RetryCallback retrying = {});

    /// Streams the answer into destinationPath (atomically: the file appears only when complete),
    /// with bounded memory. ApiResponse::body stays empty; status and bytes are reported.
    RequestHandle download(const ApiRequest &request, const QString &destinationPath, QObject *context,
                           ProgressCallback progress, Callback done);

    /// Number of requests started (including retries) — for tests and diagnostics.
    int attemptsStarted() const { return m_attempts.load(); }

private:
    RequestHandle start(const ApiRequest &request, const QString &destinationPath, QObject *context,
                        ProgressCallback progress, Callback done, RetryCallback retrying = {});

    friend class ApiExchange;
    QThread m_thread;
    QNetworkAccessManager *m_nam = nullptr; // lives on m_thread
    QObject *m_worker = nullptr;            // the network thread's context object
    mutable QMutex m_mutex;
    Config m_config;
    RetryPolicy m_retryPolicy;
    std::atomic_int m_attempts{0};
};

} // namespace Sanzaru::Core

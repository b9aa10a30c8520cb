// SPDX-License-Identifier: MIT
#pragma once

#include "config/config.h"
#include "openai/apirequest.h"
#include "openai/exchangecontrol.h"
#include "openai/retrypolicy.h"
#include "storage/atomicfile.h"

#include <QElapsedTimer>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

class QNetworkAccessManager;

namespace Sanzaru::Core {

/// One request's life on the network thread: attempts, redirects (credentials only to the configured
/// origin), stall timer, response-head wait for paid calls, overall deadline, size limits, retries with
/// backoff, streaming to disk, and exactly one completion. Deletes itself after completing.
class ApiExchange final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiExchange)

public:
    ApiExchange(QNetworkAccessManager *nam, const Config &config, const RetryPolicy &policy,
                ApiRequest request, QString destinationPath, std::shared_ptr<ExchangeControl> control,
                ExchangeNotifier *notifier, std::atomic_int *attemptCounter);
    ~ApiExchange() override;

    void begin();
    void cancel();

private:
    enum class Timeout { None, Stall, ResponseHead, Deadline };

    void startAttempt();
    void issue();
    QNetworkReply *postOnce(QNetworkRequest request);
    void onHead();
    void onReadyRead();
    void onFinished();
    // onFinished's outcomes; each completes the exchange or schedules a retry.
    void failTimeout();
    void failTransfer(QNetworkReply::NetworkError code, const QString &text, bool gotHead);
    void failHttpStatus(int status, const RetryPolicy::Headers &headers);
    void succeed(ApiResponse response);
    void parseOnPool(ApiResponse response);
    void onStall();
    void onDeadline();
    void armStallTimer();
    bool followRedirect(int status, const QByteArray &location);
    bool withinDownloadBudget(qint64 more);
    void refuse(const Error &error);
    /// What a retry notice says caused the wait, e.g. "Rate limited (HTTP 429)".
    static QString retryReason(const Error &error);
    void retryOrFail(const Error &error, int delayMs);
    void complete(Result<ApiResponse> result);
    void reportProgress(bool force);
    void dropReply();
    QUrl requestUrl() const;
    QNetworkRequest buildRequest() const;
    QString describe() const;
    QString timeoutMessage(Timeout timeout) const;
    QString billedHint() const;
    qint64 answerCap() const;
    Error networkError(QNetworkReply::NetworkError code, const QString &text, bool maybeReceived) const;

    QNetworkAccessManager *m_nam;
    Config m_config;
    RetryPolicy m_policy;
    ApiRequest m_request;
    QString m_destination;
    std::shared_ptr<ExchangeControl> m_control;
    ExchangeNotifier *m_notifier;
    std::atomic_int *m_attemptCounter;

    QPointer<QNetworkReply> m_reply; // the QNAM may delete it first when the client shuts down
    QTimer m_stallTimer;
    QTimer m_retryTimer;
    QTimer m_deadlineTimer;
    QUrl m_url;                // where the current attempt is sent (changes on redirects)
    bool m_credentials = true; // false once a redirect left the configured origin
    int m_redirects = 0;
    bool m_uploadDone = false;
    bool m_gotHead = false;
    qint64 m_downloadBudget = 0; // bytes the destination may still take (size limit, free space)
    QElapsedTimer m_progressClock;
    std::unique_ptr<AtomicFile> m_file;
    QByteArray m_buffer;
    qint64 m_received = 0;
    qint64 m_total = -1;
    int m_retries = 0;
    Timeout m_timeout = Timeout::None;
    bool m_done = false;
};

} // namespace Sanzaru::Core

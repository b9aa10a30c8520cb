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

/// One request's life on the network thread: attempts, stall timer, retries with backoff, streaming
/// to disk, and exactly one completion. Deletes itself after completing.
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
    void startAttempt();
    QNetworkReply *postOnce(QNetworkRequest request);
    void onReadyRead();
    void onFinished();
    void onStall();
    void retryOrFail(const Error &error, int delayMs);
    void complete(Result<ApiResponse> result);
    void reportProgress(bool force);
    void dropReply();
    QNetworkRequest buildRequest() const;
    QString describe() const;
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
    QElapsedTimer m_progressClock;
    std::unique_ptr<AtomicFile> m_file;
    QByteArray m_buffer;
    qint64 m_received = 0;
    qint64 m_total = -1;
    int m_retries = 0;
    bool m_timedOut = false;
    bool m_done = false;
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "apiclient.h"

#include "common/backgroundpriority.h"

#include "openai/apiexchange.h"
#include "openai/exchangecontrol.h"

#include <QNetworkAccessManager>

namespace Sanzaru::Core {

void RequestHandle::cancel() const
{
    if (!m_control || m_control->cancelled.exchange(true))
        return;
    QMutexLocker lock(&m_control->mutex);
    if (ApiExchange *exchange = m_control->exchange.data())
        QMetaObject::invokeMethod(exchange, &ApiExchange::cancel, Qt::QueuedConnection);
}

ApiClient::ApiClient(const Config &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
{
    m_thread.setObjectName(QStringLiteral("sanzaru-network"));
    m_worker = new QObject;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, [this] {
        // Transfers yield to the GUI thread when both want a core (2-core machines, 32 downloads).
        BackgroundPriority::applyToCurrentThread();
        m_nam = new QNetworkAccessManager(m_worker);
        m_nam->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
    });
}

ApiClient::~ApiClient()
{
    // Shutting down: abort what is in flight, then let the thread wind down. Blocking (the thread is
    // about to be joined anyway): quit() may end the thread's loop before a queued abort runs, and an
    // exchange destroyed unfinished during the thread's exit would leave its notifier behind.
    QMetaObject::invokeMethod(
        m_worker,
        [this] {
            const auto exchanges = m_worker->findChildren<ApiExchange *>();
            for (ApiExchange *exchange : exchanges)
                exchange->cancel();
            delete m_nam;
            m_nam = nullptr;
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void ApiClient::setConfig(const Config &config)
{
    QMutexLocker lock(&m_mutex);
    m_config = config;
}

Config ApiClient::config() const
{
    QMutexLocker lock(&m_mutex);
    return m_config;
}

void ApiClient::setRetryPolicy(const RetryPolicy &policy)
{
    QMutexLocker lock(&m_mutex);
    m_retryPolicy = policy;
}

RequestHandle ApiClient::send(const ApiRequest &request, QObject *context, Callback done,
                              RetryCallback retrying)
{
    return start(request, {}, context, {}, std::move(done), std::move(retrying));
}

RequestHandle ApiClient::download(const ApiRequest &request, const QString &destinationPath, QObject *context,
                                  ProgressCallback progress, Callback done)
{
    return start(request, destinationPath, context, std::move(progress), std::move(done));
}

RequestHandle ApiClient::start(const ApiRequest &request, const QString &destinationPath, QObject *context,
                               ProgressCallback progress, Callback done, RetryCallback retrying)
{
    Q_ASSERT(context);
    auto control = std::make_shared<ExchangeControl>();
    auto *notifier = new ExchangeNotifier;
    connect(notifier, &ExchangeNotifier::finished, context, [control, done = std::move(done)] {
        std::optional<Result<ApiResponse>> result;
        {
            QMutexLocker lock(&control->mutex);
            result.swap(control->result);
        }
        if (result && done)
            done(std::move(*result));
    });
    if (progress)
        connect(notifier, &ExchangeNotifier::progress, context, std::move(progress));
    if (retrying)
        connect(notifier, &ExchangeNotifier::retrying, context, std::move(retrying));
    notifier->moveToThread(&m_thread);

    Config config;
    RetryPolicy policy;
    {
        QMutexLocker lock(&m_mutex);
        config = m_config;
        policy = m_retryPolicy;
    }
    QMetaObject::invokeMethod(m_worker, [this, request, destinationPath, control, notifier, config, policy] {
        auto *exchange =
            new ApiExchange(m_nam, config, policy, request, destinationPath, control, notifier, &m_attempts);
        exchange->setParent(m_worker);
        {
            QMutexLocker lock(&control->mutex);
            control->exchange = exchange;
        }
        if (control->cancelled.load())
            exchange->cancel();
        else
            exchange->begin();
    });
    return RequestHandle(control);
}

} // namespace Sanzaru::Core

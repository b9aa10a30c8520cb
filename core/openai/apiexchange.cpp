// SPDX-License-Identifier: MIT
#include "apiexchange.h"

#include "openai/apierrors.h"
#include "openai/oneshotbody.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QThreadPool>
#include <QUrlQuery>

namespace Sanzaru::Core {

Q_LOGGING_CATEGORY(lcOpenAi, "sanzaru.openai", QtInfoMsg)

namespace {
constexpr qint64 maxBufferedBody = 512LL * 1024 * 1024;
constexpr qint64 readBufferSize = 1024 * 1024;
constexpr qint64 parseOffThreadAbove = 256 * 1024;

bool neverReachedServer(QNetworkReply::NetworkError code)
{
    switch (code) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
    case QNetworkReply::NetworkSessionFailedError:
        return true;
    default:
        return false;
    }
}

Result<ApiResponse> parseJsonBody(ApiResponse response, const QString &what)
{
    const QByteArray trimmed = response.body.trimmed();
    if (trimmed.isEmpty())
        return response;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(response.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        Error e;
        e.kind = ErrorKind::Api;
        e.httpStatus = response.status;
        e.message = QStringLiteral("The OpenAI API sent a malformed JSON answer (HTTP %1) to %2: %3")
                        .arg(response.status)
                        .arg(what, doc.isObject() || parseError.error != QJsonParseError::NoError
                                       ? parseError.errorString()
                                       : QStringLiteral("not an object"));
        e.detail = QString::fromUtf8(response.body.left(200));
        return e;
    }
    response.json = doc.object();
    return response;
}
} // namespace

ApiExchange::ApiExchange(QNetworkAccessManager *nam, const Config &config, const RetryPolicy &policy,
                         ApiRequest request, QString destinationPath, std::shared_ptr<ExchangeControl> control,
                         ExchangeNotifier *notifier, std::atomic_int *attemptCounter)
    : m_nam(nam)
    , m_config(config)
    , m_policy(policy)
    , m_request(std::move(request))
    , m_destination(std::move(destinationPath))
    , m_control(std::move(control))
    , m_notifier(notifier)
    , m_attemptCounter(attemptCounter)
{
    m_stallTimer.setSingleShot(true);
    m_stallTimer.setInterval(m_config.stallTimeoutMs());
    connect(&m_stallTimer, &QTimer::timeout, this, &ApiExchange::onStall);
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &ApiExchange::startAttempt);
}

ApiExchange::~ApiExchange()
{
    dropReply();
    if (!m_done) // destroyed with the client: still tell the caller, once
        complete(Error::cancelled(QStringLiteral("The request was abandoned because the app is shutting down")));
}

QString ApiExchange::describe() const
{
    return QString::fromLatin1(m_request.method) + QLatin1Char(' ') + m_request.path;
}

void ApiExchange::begin()
{
    startAttempt();
}

QNetworkRequest ApiExchange::buildRequest() const
{
    QUrl url = m_config.baseUrl();
    QString basePath = url.path(QUrl::FullyEncoded);
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    url.setPath(basePath + m_request.path, QUrl::StrictMode);
    if (!m_request.query.isEmpty()) {
        QUrlQuery query(url);
        for (const auto &[key, value] : m_request.query)
            query.addQueryItem(QString::fromUtf8(QUrl::toPercentEncoding(key, "[]")),
                               QString::fromUtf8(QUrl::toPercentEncoding(value)));
        url.setQuery(query.query(QUrl::FullyEncoded), QUrl::StrictMode);
    }

    QNetworkRequest req(url);
    req.setMaximumRedirectsAllowed(5);
    if (!m_config.apiKey().isEmpty())
        req.setRawHeader("Authorization", "Bearer " + m_config.apiKey().toUtf8());
    if (!m_config.organization().isEmpty())
        req.setRawHeader("OpenAI-Organization", m_config.organization().toUtf8());
    if (!m_config.project().isEmpty())
        req.setRawHeader("OpenAI-Project", m_config.project().toUtf8());
    for (const auto &[name, value] : m_config.customHeaders())
        req.setRawHeader(name, value);
    req.setRawHeader("Accept", m_request.accept);
    req.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("sanzaru-qt/" SANZARU_VERSION));
    req.setRawHeader("X-Stainless-Retry-Count", QByteArray::number(m_retries));
    if (!m_request.contentType.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, m_request.contentType);
    return req;
}

void ApiExchange::startAttempt()
{
    if (m_done)
        return;
    if (!m_nam) {
        complete(Error::internal(QStringLiteral("The network worker is not running")));
        return;
    }
    m_attemptCounter->fetch_add(1);
    m_buffer.clear();
    m_received = 0;
    m_total = -1;
    m_timedOut = false;
    m_file.reset();

    const QNetworkRequest req = buildRequest();
    qCDebug(lcOpenAi) << "attempt" << m_retries + 1 << describe();
    if (m_request.method == "GET")
        m_reply = m_nam->get(req);
    else if (m_request.method == "DELETE")
        m_reply = m_nam->deleteResource(req);
    else if (m_request.method == "POST" && m_request.createsPaidJob && !m_request.body.isEmpty())
        m_reply = postOnce(req);
    else if (m_request.method == "POST")
        m_reply = m_nam->post(req, m_request.body);
    else
        m_reply = m_nam->sendCustomRequest(req, m_request.method, m_request.body);
    m_reply->setReadBufferSize(readBufferSize);

    connect(m_reply, &QNetworkReply::readyRead, this, &ApiExchange::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &ApiExchange::onFinished);
    auto restartStall = [this] { m_stallTimer.start(); };
    connect(m_reply, &QNetworkReply::uploadProgress, this, restartStall);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, restartStall);
    connect(m_reply, &QNetworkReply::downloadProgress, this, [this](qint64, qint64 total) {
        m_stallTimer.start();
        if (total > 0)
            m_total = total;
    });
    m_stallTimer.start();
    m_progressClock.start();
}

QNetworkReply *ApiExchange::postOnce(QNetworkRequest req)
{
    // Streamed from a device that cannot rewind, so Qt cannot quietly send the paid request twice.
    req.setHeader(QNetworkRequest::ContentLengthHeader, m_request.body.size());
    req.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
    auto *body = new OneShotBody(m_request.body);
    QNetworkReply *reply = m_nam->post(req, body);
    body->setParent(reply);
    return reply;
}

void ApiExchange::onReadyRead()
{
    if (!m_reply || !m_reply->isOpen())
        return;
    m_stallTimer.start();
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const bool streamToFile = !m_destination.isEmpty() && status >= 200 && status < 300;
    if (!streamToFile) {
        m_buffer += m_reply->readAll();
        m_received = m_buffer.size();
        if (m_buffer.size() > maxBufferedBody) {
            dropReply();
            complete(Error::network(QStringLiteral("The answer to %1 is larger than %2 MiB; refusing it")
                                        .arg(describe())
                                        .arg(maxBufferedBody >> 20)));
        }
        return;
    }
    if (!m_file) {
        m_file = std::make_unique<AtomicFile>(m_destination);
        if (Result<void> opened = m_file->open(); !opened) {
            dropReply();
            complete(opened.error());
            return;
        }
    }
    while (m_reply->bytesAvailable() > 0) {
        const QByteArray chunk = m_reply->read(256 * 1024);
        if (Result<void> written = m_file->write(chunk); !written) {
            dropReply();
            m_file->discard();
            complete(written.error());
            return;
        }
        m_received += chunk.size();
    }
    reportProgress(false);
}

void ApiExchange::reportProgress(bool force)
{
    if (m_destination.isEmpty())
        return;
    if (force || m_progressClock.elapsed() >= 100) {
        m_progressClock.restart();
        emit m_notifier->progress(m_received, m_total);
    }
}

void ApiExchange::onStall()
{
    if (!m_reply)
        return;
    m_timedOut = true;
    m_reply->abort();
}

void ApiExchange::onFinished()
{
    if (!m_reply || m_done)
        return;
    m_stallTimer.stop();
    QNetworkReply *reply = m_reply;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError code = reply->error();
    const RetryPolicy::Headers headers = reply->rawHeaderPairs();
    onReadyRead(); // drain what is left
    if (m_done)
        return;
    const QByteArray requestId = reply->rawHeader("x-request-id");
    const bool gotHead = status > 0;
    const qint64 expected = reply->header(QNetworkRequest::ContentLengthHeader).isValid()
                                ? reply->header(QNetworkRequest::ContentLengthHeader).toLongLong()
                                : -1;
    const QString errorText = reply->errorString();
    dropReply();

    if (m_timedOut) {
        if (m_file)
            m_file->discard();
        const Error e = Error::timeout(
            QStringLiteral("No data from the OpenAI API for %1 s during %2; the transfer was abandoned")
                .arg(m_config.stallTimeoutMs() / 1000.0)
                .arg(describe()));
        if (m_policy.shouldRetryFailure(RetryPolicy::Failure::MaybeReceived, m_request.createsPaidJob))
            retryOrFail(e, m_policy.delayMs(m_retries, {}));
        else
            complete(e);
        return;
    }

    const bool httpError = gotHead && status >= 400;
    const bool truncated = gotHead && !httpError && expected >= 0 && m_received < expected;
    if (!httpError && (code != QNetworkReply::NoError || truncated || !gotHead)) {
        if (m_file)
            m_file->discard();
        const bool notSent = !gotHead && neverReachedServer(code);
        const Error e = networkError(code, truncated ? QStringLiteral("connection closed mid-body") : errorText,
                                     !notSent);
        const auto failure = notSent ? RetryPolicy::Failure::NotSent : RetryPolicy::Failure::MaybeReceived;
        if (m_policy.shouldRetryFailure(failure, m_request.createsPaidJob))
            retryOrFail(e, m_policy.delayMs(m_retries, {}));
        else
            complete(e);
        return;
    }

    if (httpError) {
        if (m_file)
            m_file->discard();
        Error e = ApiErrors::fromResponse(status, m_buffer, QString::fromLatin1(m_request.method), m_request.path,
                                          buildRequest().url().host());
        if (m_policy.shouldRetryStatus(status, headers, m_request.createsPaidJob))
            retryOrFail(e, m_policy.delayMs(m_retries, headers));
        else
            complete(e);
        return;
    }

    ApiResponse response;
    response.status = status;
    response.requestId = requestId;
    if (m_file) {
        if (Result<void> committed = m_file->commit(); !committed) {
            complete(committed.error());
            return;
        }
        response.bytesWritten = m_file->bytesWritten();
        reportProgress(true);
        complete(response);
        return;
    }
    if (!m_destination.isEmpty()) {
        // An empty 2xx body still produces a (empty) file, atomically.
        AtomicFile empty(m_destination);
        Result<void> r = empty.open();
        if (r)
            r = empty.commit();
        if (!r) {
            complete(r.error());
            return;
        }
        complete(response);
        return;
    }
    response.body = std::move(m_buffer);
    const QString what = describe();
    if (response.body.size() > parseOffThreadAbove) {
        // A multi-megabyte JSON (base64 images) is parsed on the pool so the network thread keeps
        // moving other transfers.
        m_done = true;
        auto control = m_control;
        auto *notifier = m_notifier;
        QThreadPool::globalInstance()->start([control, notifier, response = std::move(response), what]() mutable {
            Result<ApiResponse> parsed = parseJsonBody(std::move(response), what);
            {
                QMutexLocker lock(&control->mutex);
                control->result.emplace(std::move(parsed));
            }
            emit notifier->finished();
            notifier->deleteLater();
        });
        deleteLater();
        return;
    }
    complete(parseJsonBody(std::move(response), what));
}

Error ApiExchange::networkError(QNetworkReply::NetworkError code, const QString &text, bool maybeReceived) const
{
    QString message = QStringLiteral("Network error talking to the OpenAI API (%1): %2").arg(describe(), text);
    if (maybeReceived && m_request.createsPaidJob)
        message += QStringLiteral(". The request may have reached the server, so it was not re-sent (that could "
                                  "start and bill a second job); check the job list before trying again.");
    Error e = Error::network(message, QStringLiteral("QNetworkReply error %1").arg(int(code)));
    return e;
}

void ApiExchange::retryOrFail(const Error &error, int delayMs)
{
    if (m_control->cancelled.load()) {
        complete(Error::cancelled());
        return;
    }
    if (m_retries >= m_policy.maxRetries) {
        complete(error);
        return;
    }
    ++m_retries;
    qCInfo(lcOpenAi).noquote() << "retry" << m_retries << "of" << describe() << "in" << delayMs << "ms:" << error.message;
    m_retryTimer.start(delayMs);
}

void ApiExchange::cancel()
{
    if (m_done)
        return;
    m_retryTimer.stop();
    dropReply();
    if (m_file)
        m_file->discard();
    complete(Error::cancelled(QStringLiteral("Cancelled: %1").arg(describe())));
}

void ApiExchange::dropReply()
{
    m_stallTimer.stop();
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->disconnect(this);
    if (reply->isRunning())
        reply->abort();
    reply->deleteLater();
}

void ApiExchange::complete(Result<ApiResponse> result)
{
    if (m_done)
        return;
    m_done = true;
    m_stallTimer.stop();
    m_retryTimer.stop();
    {
        QMutexLocker lock(&m_control->mutex);
        m_control->result.emplace(std::move(result));
    }
    emit m_notifier->finished();
    m_notifier->deleteLater();
    deleteLater();
}

} // namespace Sanzaru::Core

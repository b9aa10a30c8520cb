// SPDX-License-Identifier: MIT
#include "apiexchange.h"

#include "openai/apierrors.h"
#include "openai/apilimits.h"
#include "openai/base64payloads.h"
#include "openai/oneshotbody.h"
#include "openai/redirectrule.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QStorageInfo>
#include <QThreadPool>
#include <QUrlQuery>
#include <limits>

namespace Sanzaru::Core {

Q_LOGGING_CATEGORY(lcOpenAi, "sanzaru.openai", QtInfoMsg)

namespace {
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

Result<ApiResponse> parseJsonBody(ApiResponse response, const QString &what, bool extractPayloads)
{
    if (extractPayloads && response.body.size() >= Base64Payloads::minSize)
        response.payloads = Base64Payloads::extract(&response.body);
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
QString mib(qint64 bytes)
{
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1) + QStringLiteral(" MiB");
}

qint64 availableBytes(const QString &destination)
{
    QStorageInfo storage(QFileInfo(destination).absolutePath());
    storage.refresh();
    return storage.isValid() ? storage.bytesAvailable() : -1;
}
} // namespace

ApiExchange::ApiExchange(QNetworkAccessManager *nam, const Config &config, const RetryPolicy &policy,
                         ApiRequest request, QString destinationPath,
                         std::shared_ptr<ExchangeControl> control, ExchangeNotifier *notifier,
                         std::atomic_int *attemptCounter)
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
    m_deadlineTimer.setSingleShot(true);
    connect(&m_deadlineTimer, &QTimer::timeout, this, &ApiExchange::onDeadline);
}

ApiExchange::~ApiExchange()
{
    dropReply();
    if (!m_done) // destroyed with the client: still tell the caller, once
        complete(
            Error::cancelled(QStringLiteral("The request was abandoned because the app is shutting down")));
}

QString ApiExchange::describe() const
{
    return QString::fromLatin1(m_request.method) + QLatin1Char(' ') + m_request.path;
}

QString ApiExchange::billedHint() const
{
    const QString where =
        m_config.baseUrl().host() == QStringLiteral("api.openai.com")
            ? QStringLiteral("the usage page of the OpenAI dashboard (https://platform.openai.com/usage)")
            : QStringLiteral("your provider's dashboard (usage or billing page)");
    return QStringLiteral(" It may have been billed: check %1 before trying again. It was not re-sent.")
        .arg(where);
}

qint64 ApiExchange::answerCap() const
{
    return m_request.maxAnswerBytes > 0 ? m_request.maxAnswerBytes : ApiLimits::defaultAnswerBytes;
}

void ApiExchange::begin()
{
    // Retries and redirects included; QTimer takes int milliseconds.
    m_deadlineTimer.start(
        int(qBound<qint64>(1, m_config.requestDeadlineMs(), qint64(std::numeric_limits<int>::max()))));
    startAttempt();
}

QUrl ApiExchange::requestUrl() const
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
    return url;
}

QNetworkRequest ApiExchange::buildRequest() const
{
    QNetworkRequest req(m_url);
    // Redirects are judged here (RedirectRule), never followed by Qt with the key attached.
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    req.setRawHeader("Accept", m_request.accept);
    req.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("sanzaru-qt/" SANZARU_VERSION));
    if (!m_credentials)
        return req; // a fresh GET to another origin (CDN, presigned URL): nothing of the account
    if (!m_config.apiKey().isEmpty())
        req.setRawHeader("Authorization", "Bearer " + m_config.apiKey().toUtf8());
    if (!m_config.organization().isEmpty())
        req.setRawHeader("OpenAI-Organization", m_config.organization().toUtf8());
    if (!m_config.project().isEmpty())
        req.setRawHeader("OpenAI-Project", m_config.project().toUtf8());
    for (const auto &[name, value] : m_config.customHeaders())
        req.setRawHeader(name, value);
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
    m_url = requestUrl();
    m_credentials = true;
    m_redirects = 0;
    qCDebug(lcOpenAi) << "attempt" << m_retries + 1 << describe();
    issue();
}

void ApiExchange::issue()
{
    m_buffer.clear();
    m_received = 0;
    m_total = -1;
    m_timeout = Timeout::None;
    m_gotHead = false;
    m_uploadDone = m_request.body.isEmpty();
    m_file.reset();

    const QNetworkRequest req = buildRequest();
    if (!m_credentials)
        m_reply = m_nam->get(req);
    else if (m_request.method == "GET")
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
    connect(m_reply, &QNetworkReply::uploadProgress, this, [this](qint64 sent, qint64 total) {
        if (total <= 0 || sent >= total)
            m_uploadDone = true;
        armStallTimer();
    });
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &ApiExchange::onHead);
    connect(m_reply, &QNetworkReply::downloadProgress, this, [this](qint64, qint64 total) {
        armStallTimer();
        if (total > 0)
            m_total = total;
    });
    armStallTimer();
    m_progressClock.start();
}

void ApiExchange::armStallTimer()
{
    // A blocking paid call (image generation) sends nothing until the result exists, often for more
    // than a minute: between the end of the upload and the response head it gets the longer wait.
    const bool awaitingResult = m_request.createsPaidJob && m_uploadDone && !m_gotHead;
    m_stallTimer.start(awaitingResult ? m_config.responseTimeoutMs() : m_config.stallTimeoutMs());
}

void ApiExchange::refuse(const Error &error)
{
    dropReply();
    if (m_file)
        m_file->discard();
    complete(error);
}

void ApiExchange::onHead()
{
    if (!m_reply || m_gotHead)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status <= 0)
        return;
    m_gotHead = true;
    armStallTimer();
    if (RedirectRule::isRedirect(status))
        return;
    const QVariant lengthHeader = m_reply->header(QNetworkRequest::ContentLengthHeader);
    const qint64 length = lengthHeader.isValid() ? lengthHeader.toLongLong() : -1;
    const bool toFile = !m_destination.isEmpty() && status >= 200 && status < 300;
    if (!toFile) {
        // Checked before a byte is buffered; a known length is reserved once instead of regrown.
        if (length > answerCap())
            return refuse(
                Error::network(QStringLiteral("The answer to %1 announces %2, more than the %3 limit for "
                                              "this endpoint; it was refused without reading it")
                                   .arg(describe(), mib(length), mib(answerCap()))));
        if (length > 0)
            m_buffer.reserve(length);
        return;
    }
    const qint64 available = availableBytes(m_destination);
    const qint64 room = available < 0
                            ? m_config.maxDownloadBytes()
                            : qMin(m_config.maxDownloadBytes(), available - ApiLimits::diskMarginBytes);
    m_downloadBudget = qMax<qint64>(0, room);
    if (length > m_config.maxDownloadBytes())
        return refuse(
            Error::io(QStringLiteral("The download of %1 announces %2, more than the %3 download limit "
                                     "(SANZARU_QT_MAX_DOWNLOAD_BYTES); nothing was written")
                          .arg(describe(), mib(length), mib(m_config.maxDownloadBytes()))));
    if (length > m_downloadBudget)
        return refuse(
            Error::io(QStringLiteral("Not enough free disk space for %1: it needs %2, %3 is free at %4 "
                                     "(%5 is kept free); nothing was written")
                          .arg(describe(), mib(length), mib(qMax<qint64>(0, available)),
                               QFileInfo(m_destination).absolutePath(), mib(ApiLimits::diskMarginBytes))));
}

bool ApiExchange::withinDownloadBudget(qint64 more)
{
    if (m_received + more <= m_downloadBudget)
        return true;
    if (m_received + more > m_config.maxDownloadBytes()) {
        refuse(Error::io(QStringLiteral("The download of %1 passed the %2 download limit "
                                        "(SANZARU_QT_MAX_DOWNLOAD_BYTES) without ending; it was stopped and "
                                        "nothing was kept")
                             .arg(describe(), mib(m_config.maxDownloadBytes()))));
        return false;
    }
    // The budget was taken at the head; space may have been freed since.
    const qint64 available = availableBytes(m_destination);
    if (available >= 0)
        m_downloadBudget =
            qMin(m_config.maxDownloadBytes(), m_received + available - ApiLimits::diskMarginBytes);
    else
        m_downloadBudget = m_config.maxDownloadBytes();
    if (m_received + more <= m_downloadBudget)
        return true;
    refuse(Error::io(
        QStringLiteral("The disk at %1 is nearly full (%2 free, %3 is kept free); the download of %4 "
                       "was stopped after %5 and nothing was kept")
            .arg(QFileInfo(m_destination).absolutePath(), mib(qMax<qint64>(0, available)),
                 mib(ApiLimits::diskMarginBytes), describe(), mib(m_received))));
    return false;
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
    if (!m_gotHead) {
        onHead();
        if (m_done)
            return;
    }
    armStallTimer();
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const bool streamToFile = !m_destination.isEmpty() && status >= 200 && status < 300;
    if (!streamToFile) {
        // Checked before appending: a body without (or lying about) its length stops at the cap.
        if (m_buffer.size() + m_reply->bytesAvailable() > answerCap()) {
            refuse(Error::network(
                QStringLiteral("The answer to %1 is larger than the %2 limit for this endpoint; "
                               "it was refused")
                    .arg(describe(), mib(answerCap()))));
            return;
        }
        m_buffer += m_reply->readAll();
        m_received = m_buffer.size();
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
        if (!withinDownloadBudget(chunk.size()))
            return;
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
    m_timeout =
        m_request.createsPaidJob && m_uploadDone && !m_gotHead ? Timeout::ResponseHead : Timeout::Stall;
    m_reply->abort();
}

void ApiExchange::onDeadline()
{
    if (m_done)
        return;
    if (m_reply) {
        m_timeout = Timeout::Deadline;
        m_reply->abort(); // onFinished reports it
        return;
    }
    m_retryTimer.stop();
    complete(Error::timeout(timeoutMessage(Timeout::Deadline)));
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
    const QByteArray location = reply->rawHeader("Location");
    dropReply();

    if (m_timeout != Timeout::None)
        return failTimeout();
    if (gotHead && RedirectRule::isRedirect(status) && followRedirect(status, location))
        return;
    const bool httpError = gotHead && status >= 400;
    const bool truncated = gotHead && !httpError && expected >= 0 && m_received < expected;
    if (!httpError && (code != QNetworkReply::NoError || truncated || !gotHead))
        return failTransfer(code, truncated ? QStringLiteral("connection closed mid-body") : errorText,
                            gotHead);
    if (httpError)
        return failHttpStatus(status, headers);
    ApiResponse response;
    response.status = status;
    response.requestId = requestId;
    succeed(std::move(response));
}

QString ApiExchange::timeoutMessage(Timeout timeout) const
{
    if (timeout == Timeout::Deadline)
        return QStringLiteral("%1 did not complete within %2 s (SANZARU_QT_REQUEST_DEADLINE_MS); it was "
                              "abandoned")
            .arg(describe())
            .arg(m_config.requestDeadlineMs() / 1000.0);
    if (timeout == Timeout::ResponseHead)
        return QStringLiteral("No answer from the API within %1 s of sending %2 "
                              "(SANZARU_QT_RESPONSE_TIMEOUT_MS); the request was abandoned.")
            .arg(m_config.responseTimeoutMs() / 1000.0)
            .arg(describe());
    return QStringLiteral("No data from the OpenAI API for %1 s during %2; the transfer was abandoned")
        .arg(m_config.stallTimeoutMs() / 1000.0)
        .arg(describe());
}

void ApiExchange::failTimeout()
{
    if (m_file)
        m_file->discard();
    QString message = timeoutMessage(m_timeout);
    if (m_request.createsPaidJob)
        message += (message.endsWith(QLatin1Char('.')) ? QString() : QStringLiteral(".")) + billedHint();
    const Error e = Error::timeout(message);
    // The deadline covers retries too; a stall may be retried when the policy allows it.
    if (m_timeout != Timeout::Deadline &&
        m_policy.shouldRetryFailure(RetryPolicy::Failure::MaybeReceived, m_request.createsPaidJob))
        retryOrFail(e, m_policy.delayMs(m_retries, {}));
    else
        complete(e);
}

void ApiExchange::failTransfer(QNetworkReply::NetworkError code, const QString &text, bool gotHead)
{
    if (m_file)
        m_file->discard();
    const bool notSent = !gotHead && neverReachedServer(code);
    const Error e = networkError(code, text, !notSent);
    const auto failure = notSent ? RetryPolicy::Failure::NotSent : RetryPolicy::Failure::MaybeReceived;
    if (m_policy.shouldRetryFailure(failure, m_request.createsPaidJob))
        retryOrFail(e, m_policy.delayMs(m_retries, {}));
    else
        complete(e);
}

void ApiExchange::failHttpStatus(int status, const RetryPolicy::Headers &headers)
{
    if (m_file)
        m_file->discard();
    Error e = ApiErrors::fromResponse(status, m_buffer, QString::fromLatin1(m_request.method), m_request.path,
                                      buildRequest().url().host());
    if (m_policy.shouldRetryStatus(status, headers, m_request.createsPaidJob))
        retryOrFail(e, m_policy.delayMs(m_retries, headers));
    else
        complete(e);
}

void ApiExchange::succeed(ApiResponse response)
{
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
    if (response.body.size() > parseOffThreadAbove)
        return parseOnPool(std::move(response));
    complete(parseJsonBody(std::move(response), describe(), m_request.extractBase64Payloads));
}

void ApiExchange::parseOnPool(ApiResponse response)
{
    // A multi-megabyte JSON (base64 images) is parsed on the pool so the network thread keeps moving
    // other transfers.
    m_done = true;
    auto control = m_control;
    auto *notifier = m_notifier;
    const QString what = describe();
    const bool extract = m_request.extractBase64Payloads;
    QThreadPool::globalInstance()->start(
        [control, notifier, response = std::move(response), what, extract]() mutable {
            Result<ApiResponse> parsed = parseJsonBody(std::move(response), what, extract);
            {
                QMutexLocker lock(&control->mutex);
                control->result.emplace(std::move(parsed));
            }
            emit notifier->finished();
            notifier->deleteLater();
        });
    deleteLater();
}

bool ApiExchange::followRedirect(int status, const QByteArray &location)
{
    const RedirectRule::Decision d = RedirectRule::decide(m_url, requestUrl(), m_credentials,
                                                          m_request.method, status, location, m_redirects);
    if (d.verdict == RedirectRule::Verdict::Refuse) {
        Error e = Error::network(
            QStringLiteral("The API redirected %1 (HTTP %2) and the redirect was not followed: %3.")
                .arg(describe())
                .arg(status)
                .arg(d.reason));
        e.httpStatus = status;
        complete(e);
        return true;
    }
    ++m_redirects;
    if (d.verdict == RedirectRule::Verdict::FollowWithoutCredentials && m_credentials)
        qCInfo(lcOpenAi).noquote() << describe() << "continues at"
                                   << d.target.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery)
                                   << "without credentials";
    m_credentials = m_credentials && d.verdict == RedirectRule::Verdict::FollowWithCredentials;
    m_url = d.target;
    issue();
    return true;
}

Error ApiExchange::networkError(QNetworkReply::NetworkError code, const QString &text,
                                bool maybeReceived) const
{
    QString message =
        QStringLiteral("Network error talking to the OpenAI API (%1): %2").arg(describe(), text);
    if (maybeReceived && m_request.createsPaidJob)
        message +=
            QStringLiteral(". The request may have reached the server, so it was not re-sent (that could "
                           "start and bill a second job); check the job list before trying again.") +
            billedHint();
    Error e = Error::network(message, QStringLiteral("QNetworkReply error %1").arg(int(code)));
    return e;
}

QString ApiExchange::retryReason(const Error &error)
{
    // Not the final error's text: that one gives the advice for after the last retry.
    if (error.kind != ErrorKind::Api || error.httpStatus <= 0)
        return error.message;
    if (error.httpStatus == 429)
        return QStringLiteral("Rate limited (HTTP 429)");
    return QStringLiteral("The API answered HTTP %1").arg(error.httpStatus);
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
    qCInfo(lcOpenAi).noquote() << "retry" << m_retries << "of" << describe() << "in" << delayMs
                               << "ms:" << error.message;
    m_retryTimer.start(delayMs);
    emit m_notifier->retrying(delayMs, retryReason(error));
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
    m_deadlineTimer.stop();
    {
        QMutexLocker lock(&m_control->mutex);
        m_control->result.emplace(std::move(result));
    }
    emit m_notifier->finished();
    m_notifier->deleteLater();
    deleteLater();
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "fakeopenaiserver.h"

#include "fakeapistate.h"
#include "fakeconnection.h"
#include "httprequestparser.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMutexLocker>
#include <QTcpServer>
#include <QThread>

namespace Sanzaru::Testing {

// QT_LOGGING_RULES="sanzaru.test.fakeserver.debug=true" traces every exchange (never the Authorization).
Q_LOGGING_CATEGORY(lcFakeServer, "sanzaru.test.fakeserver", QtWarningMsg)

namespace {

bool requestMatches(const RecordedRequest &r, const QByteArray &method, const QString &path)
{
    return Fault::methodMatches(method, r.method) && Fault::pathMatches(path, r.path);
}

// The real API's wording for a missing or wrong key (the key itself is masked).
FakeReply unauthorized(const QByteArray &sentKey)
{
    QString message;
    if (sentKey.isEmpty()) {
        message =
            QStringLiteral("You didn't provide an API key. You need to provide your API key in an "
                           "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
    } else {
        const QString key = QString::fromLatin1(sentKey);
        const QString masked =
            key.size() > 8 ? key.left(3) + QStringLiteral("****") + key.right(4) : QStringLiteral("****");
        message = QStringLiteral("Incorrect API key provided: %1. You can find your API key at "
                                 "https://platform.openai.com/account/api-keys.")
                      .arg(masked);
    }
    return FakeReply::error(401, message, QStringLiteral("invalid_request_error"), QJsonValue::Null,
                            QStringLiteral("invalid_api_key"));
}

QByteArray bearerToken(const RecordedRequest &request)
{
    const QByteArray value = request.header("authorization").trimmed();
    const qsizetype space = value.indexOf(' ');
    if (space < 0 || value.left(space).toLower() != "bearer")
        return {};
    return value.mid(space + 1).trimmed();
}

// A reply that parses as the start of JSON and then stops: what a client sees from a cut proxy buffer.
void makeMalformed(FakeReply *reply)
{
    QByteArray body = reply->joinedBody();
    body = body.size() > 2 ? body.left(body.size() / 2) : QByteArrayLiteral("{\"object\": \"vid");
    reply->status = 200;
    reply->contentType = QByteArrayLiteral("application/json");
    reply->body = {body};
}

} // namespace

FakeOpenAiServer::FakeOpenAiServer(QObject *parent)
    : QObject(parent)
    , m_state(std::make_unique<FakeApiState>())
{}

FakeOpenAiServer::~FakeOpenAiServer()
{
    stop();
}

bool FakeOpenAiServer::start(quint16 port)
{
    if (m_thread)
        return true;
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("fake-openai"));
    m_context = new QObject;
    m_context->moveToThread(m_thread);
    m_thread->start();
    m_connections = 0;

    bool listening = false;
    quint16 bound = 0;
    QObject *context = m_context;
    // Blocking is safe here: the server thread never waits on the caller's thread.
    QMetaObject::invokeMethod(
        m_context,
        [this, context, port, &listening, &bound] {
            auto *tcp = new QTcpServer(context);
            connect(tcp, &QTcpServer::newConnection, context, [this, tcp, context] {
                while (QTcpSocket *socket = tcp->nextPendingConnection()) {
                    ++m_connections;
                    new FakeConnection(
                        socket, [this](const HttpRequest &r) { return process(r); }, context);
                }
            });
            listening = tcp->listen(QHostAddress::LocalHost, port);
            bound = tcp->serverPort();
        },
        Qt::BlockingQueuedConnection);
    if (!listening) {
        stop();
        return false;
    }
    QMutexLocker lock(&m_mutex);
    m_port = bound;
    return true;
}

void FakeOpenAiServer::stop()
{
    if (!m_thread)
        return;
    QObject *context = m_context;
    // Connections and the listener are destroyed on their own thread, then the thread is joined.
    QMetaObject::invokeMethod(
        m_context,
        [context] {
            const QObjectList children = context->children(); // a copy: each delete edits the live list
            qDeleteAll(children);
        },
        Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_context;
    delete m_thread;
    m_context = nullptr;
    m_thread = nullptr;
    QMutexLocker lock(&m_mutex);
    m_port = 0;
}

bool FakeOpenAiServer::isListening() const
{
    return port() != 0;
}

quint16 FakeOpenAiServer::port() const
{
    QMutexLocker lock(&m_mutex);
    return m_port;
}

QUrl FakeOpenAiServer::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(port()));
}

void FakeOpenAiServer::setApiKey(const QByteArray &key)
{
    QMutexLocker lock(&m_mutex);
    m_apiKey = key;
}

QByteArray FakeOpenAiServer::apiKey() const
{
    QMutexLocker lock(&m_mutex);
    return m_apiKey;
}

void FakeOpenAiServer::setModelIds(const QStringList &ids)
{
    QMutexLocker lock(&m_mutex);
    m_state->models().setIds(ids);
}

void FakeOpenAiServer::setVideoContentSize(qint64 bytes)
{
    QMutexLocker lock(&m_mutex);
    m_state->videos().setContentSize(qMax<qint64>(0, bytes));
}

qint64 FakeOpenAiServer::videoContentSize() const
{
    QMutexLocker lock(&m_mutex);
    return m_state->videos().contentSize();
}

void FakeOpenAiServer::setDialect(FakeDialect dialect)
{
    QMutexLocker lock(&m_mutex);
    m_state->videos().setDialect(dialect);
    // A gateway lists its own models (setModelIds afterwards still wins).
    m_state->models().setIds(dialect == FakeDialect::Gateway ? FakeGateway::modelIds() + QStringList{QStringLiteral("meta/llama-4-scout")}
                                                             : FakeModels::defaultIds());
}

FakeDialect FakeOpenAiServer::dialect() const
{
    QMutexLocker lock(&m_mutex);
    return m_state->videos().dialect();
}

QList<RecordedRequest> FakeOpenAiServer::requests() const
{
    QMutexLocker lock(&m_mutex);
    return m_requests;
}

int FakeOpenAiServer::requestCount(const QByteArray &method, const QString &path) const
{
    QMutexLocker lock(&m_mutex);
    return int(std::count_if(m_requests.cbegin(), m_requests.cend(),
                             [&](const RecordedRequest &r) { return requestMatches(r, method, path); }));
}

QList<RecordedRequest> FakeOpenAiServer::requestsMatching(const QByteArray &method, const QString &path) const
{
    QMutexLocker lock(&m_mutex);
    QList<RecordedRequest> matching;
    for (const RecordedRequest &r : m_requests) {
        if (requestMatches(r, method, path))
            matching.append(r);
    }
    return matching;
}

void FakeOpenAiServer::clearRequests()
{
    QMutexLocker lock(&m_mutex);
    m_requests.clear();
    m_executed.clear();
}

void FakeOpenAiServer::addFault(const QByteArray &method, const QString &pathPattern, const Fault &fault)
{
    QMutexLocker lock(&m_mutex);
    if (fault.times != 0)
        m_faults.append(FaultRule{method, pathPattern, fault});
}

void FakeOpenAiServer::clearFaults()
{
    QMutexLocker lock(&m_mutex);
    m_faults.clear();
}

int FakeOpenAiServer::pendingFaultCount() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_faults.size());
}

int FakeOpenAiServer::connectionsAccepted() const
{
    return m_connections;
}

void FakeOpenAiServer::setRandomFaults(const FakeRandomFaults &faults)
{
    QMutexLocker lock(&m_mutex);
    m_randomFaults = faults;
}

void FakeOpenAiServer::clearRandomFaults()
{
    QMutexLocker lock(&m_mutex);
    m_randomFaults.reset();
}

QMap<QString, int> FakeOpenAiServer::randomFaultCounts() const
{
    QMutexLocker lock(&m_mutex);
    return m_randomFaults ? m_randomFaults->counts() : QMap<QString, int>();
}

QList<RecordedRequest> FakeOpenAiServer::executedRequestsMatching(const QByteArray &method,
                                                                  const QString &path) const
{
    QMutexLocker lock(&m_mutex);
    QList<RecordedRequest> matching;
    for (const RecordedRequest &r : m_executed) {
        if (requestMatches(r, method, path))
            matching.append(r);
    }
    return matching;
}

QString FakeOpenAiServer::addCompletedVideo(const QJsonObject &overrides)
{
    QMutexLocker lock(&m_mutex);
    return m_state->videos().addCompleted(overrides);
}

QJsonObject FakeOpenAiServer::video(const QString &id) const
{
    QMutexLocker lock(&m_mutex);
    return m_state->videos().video(id);
}

QByteArray FakeOpenAiServer::videoContent(const QString &id, const QString &variant) const
{
    QMutexLocker lock(&m_mutex);
    return m_state->videos().contentBytes(id, variant);
}

bool FakeOpenAiServer::takeFault(const QByteArray &method, const QString &path, Fault *fault)
{
    for (qsizetype i = 0; i < m_faults.size(); ++i) {
        FaultRule &rule = m_faults[i];
        if (!Fault::methodMatches(rule.method, method) || !Fault::pathMatches(rule.pattern, path))
            continue;
        *fault = rule.fault;
        if (rule.fault.times > 0 && --rule.fault.times == 0)
            m_faults.removeAt(i);
        return true;
    }
    return false;
}

bool FakeOpenAiServer::authorized(const RecordedRequest &request) const
{
    const QByteArray token = bearerToken(request);
    return !token.isEmpty() && token == m_apiKey;
}

FakeOutcome FakeOpenAiServer::process(const HttpRequest &request)
{
    // Parsing multipart/JSON bodies happens before taking the lock: uploads can be large.
    const RecordedRequest recorded = RecordedRequest::fromHttp(request);
    QMutexLocker lock(&m_mutex);
    m_requests.append(recorded);

    FakeOutcome outcome;
    Fault fault;
    if (takeFault(recorded.method, recorded.path, &fault)) {
        outcome.fault = fault;
    } else if (m_randomFaults) {
        if (const std::optional<Fault> drawn = m_randomFaults->draw(recorded.method, recorded.path)) {
            fault = *drawn;
            outcome.fault = fault;
        }
    }
    if (outcome.fault && !fault.executesRequest()) {
        qCDebug(lcFakeServer) << recorded.method << recorded.path << "-> fault" << int(fault.kind)
                              << fault.status;
        if (fault.kind == Fault::Kind::Status) {
            outcome.reply = fault.body.isEmpty() ? FakeReply::errorForStatus(fault.status)
                                                 : FakeReply::bytes("application/json", {fault.body});
            outcome.reply.status = fault.status;
            outcome.reply.headers += fault.headers;
        }
        return outcome;
    }
    m_executed.append(recorded);
    outcome.reply = authorized(recorded) ? m_state->handle(recorded) : unauthorized(bearerToken(recorded));
    if (outcome.fault) {
        outcome.reply.headers += fault.headers;
        if (fault.kind == Fault::Kind::MalformedJson)
            makeMalformed(&outcome.reply);
    }
    qCDebug(lcFakeServer) << recorded.method << recorded.path << "->" << outcome.reply.status
                          << (outcome.fault ? int(fault.kind) : -1);
    return outcome;
}

} // namespace Sanzaru::Testing

// SPDX-License-Identifier: MIT
#pragma once

#include "fakefault.h"
#include "fakerandomfaults.h"
#include "fakegateway.h"
#include "recordedrequest.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <atomic>
#include <memory>
#include <optional>

class QThread;

namespace Sanzaru::Testing {

class FakeApiState;
struct FakeOutcome;
struct HttpRequest;

/// A fake OpenAI HTTP API (videos, images, files, responses) on 127.0.0.1, faithful to
/// shared/reference/openai-wire.md, with injectable faults and a record of every request.
///
/// The server runs on its own thread: start() returns once it listens, so test code and clients on any
/// thread can block or spin event loops without deadlocking it. Every public method is thread-safe except
/// start() and stop(), which belong to the owning thread.
///
/// Behaviour where the real API gives no contract (openai-wire.md §6): a video advances one step per
/// GET /v1/videos/{id} (queued → in_progress 33 → 67 → completed 100); a background response is
/// in_progress on its first GET and finished on the second. Prompt markers: "[fake:fail]" (video and
/// response fail), "[fake:refuse]" (response answers text only), "[fake:empty]" / "[fake:nob64]" (images
/// answer `data: []` / `data: [{}]`).
class FakeOpenAiServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeOpenAiServer)

public:
    explicit FakeOpenAiServer(QObject *parent = nullptr);
    ~FakeOpenAiServer() override; ///< stops the server thread cleanly

    /// Listens on 127.0.0.1:port (0 = a free port). Returns false if the port cannot be bound.
    bool start(quint16 port = 0);
    /// Closes the listener and every connection, and joins the thread. start() may be called again.
    void stop();
    bool isListening() const;
    quint16 port() const;
    /// "http://127.0.0.1:PORT/v1" — the base URL a client would use for api.openai.com/v1.
    QUrl baseUrl() const;

    /// The key expected in "Authorization: Bearer <key>" (default "sk-test"); others get 401.
    void setApiKey(const QByteArray &key);
    QByteArray apiKey() const;
    /// Size of every video's MP4 content (default 256 KiB). Thumbnails and spritesheets are real images.
    void setVideoContentSize(qint64 bytes);
    qint64 videoContentSize() const;
    /// The provider /v1/videos imitates: OpenAI (default, openai-wire.md) or a gateway (FakeGateway:
    /// other models, optional size, pending/processing, float timestamps, extra fields). Other routes
    /// are the same in both.
    void setDialect(FakeDialect dialect);
    FakeDialect dialect() const;
    /// The model ids GET /v1/models lists (default FakeModels::defaultIds()).
    void setModelIds(const QStringList &ids);

    QList<RecordedRequest> requests() const;
    /// Requests with this method whose path equals `path`, or starts with it when it ends with '*'.
    int requestCount(const QByteArray &method, const QString &path) const;
    /// Same filter as requestCount, in arrival order.
    QList<RecordedRequest> requestsMatching(const QByteArray &method, const QString &path) const;
    void clearRequests();

    /// Queues a fault for requests whose method matches (empty or "*" = any) and whose path matches the
    /// pattern (exact, or a prefix when it ends with '*'). Faults apply in the order they were added; each
    /// is used up after `fault.times` matching requests (-1 = never).
    void addFault(const QByteArray &method, const QString &pathPattern, const Fault &fault);
    void clearFaults();
    /// Faults not yet used up.
    int pendingFaultCount() const;
    /// TCP connections accepted since start().
    int connectionsAccepted() const;

    /// Draws a random fault for every request no queued fault (addFault) matched; see FakeRandomFaults.
    void setRandomFaults(const FakeRandomFaults &faults);
    void clearRandomFaults();
    /// Random faults injected so far, by name (empty without random faults).
    QMap<QString, int> randomFaultCounts() const;
    /// Requests the API actually executed (no fault, or a fault that executes them), in arrival order,
    /// filtered as requestCount(): what a billing system would have counted.
    QList<RecordedRequest> executedRequestsMatching(const QByteArray &method, const QString &path) const;

    /// Seeds a completed video (fields of the Video object can be overridden) and returns its id.
    QString addCompletedVideo(const QJsonObject &overrides = {});
    /// The current Video object (as the last GET returned it), or empty if unknown.
    QJsonObject video(const QString &id) const;
    /// The exact bytes GET /v1/videos/{id}/content[?variant=] serves; empty if not downloadable.
    QByteArray videoContent(const QString &id, const QString &variant = QString()) const;

private:
    struct FaultRule
    {
        QByteArray method;
        QString pattern;
        Fault fault;
    };

    FakeOutcome process(const HttpRequest &request);
    bool takeFault(const QByteArray &method, const QString &path, Fault *fault);
    bool authorized(const RecordedRequest &request) const;

    mutable QMutex m_mutex;
    std::unique_ptr<FakeApiState> m_state;
    QList<RecordedRequest> m_requests;
    QList<FaultRule> m_faults;
    std::optional<FakeRandomFaults> m_randomFaults;
    QList<RecordedRequest> m_executed;
    QByteArray m_apiKey = QByteArrayLiteral("sk-test");
    std::atomic<int> m_connections{0};
    quint16 m_port = 0;
    QThread *m_thread = nullptr;
    QObject *m_context = nullptr; // lives on m_thread; parent of the QTcpServer and the connections
};

} // namespace Sanzaru::Testing

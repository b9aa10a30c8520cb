// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>

namespace Sanzaru::Core {

class ToolCall;
class ToolRegistry;

/// One MCP conversation, transport-free: messages in (one JSON text each), messages out (messageReady).
/// Legacy lifecycle with version negotiation (2025-11-25, 2025-06-18, 2025-03-26 with batches,
/// 2024-11-05) and stateless 2026-07-28 requests (server/discover, per-request _meta). tools/list and
/// tools/call over the ToolRegistry; resources/list and resources/read for the MCP Apps media viewer
/// (McpAppResources; an unknown URI is -32002, or -32602 in 2026-07-28, with the uri in data); progress
/// notifications for callers that sent a progressToken; notifications/cancelled aborts the call and nothing
/// is sent for it afterwards.
class McpSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(McpSession)

public:
    /// Messages in one 2025-03-26 batch; a longer batch gets one -32600 error.
    static constexpr int maxBatchSize = 1000;

    static const QStringList &legacyVersions(); ///< newest first
    static QString modernVersion();             ///< "2026-07-28"

    explicit McpSession(const ToolRegistry *registry, QObject *parent = nullptr);
    ~McpSession() override;

    /// Handles one framed message (a JSON object, or an array where batches are allowed).
    void receive(const QByteArray &message);
    /// Cancels every call in flight; nothing more is sent.
    void close();

    QString negotiatedVersion() const { return m_version; }
    int callsInFlight() const { return int(m_calls.size()); }
    /// How often this session built the tools/list result (tests check that batches reuse it).
    int toolsListBuilds() const { return m_toolsListBuilds; }

signals:
    /// One compact JSON-RPC message (no newline) to write to the peer.
    void messageReady(const QByteArray &message);
    /// A tools/call started (the desktop app mirrors such calls in its job queue).
    void toolCallStarted(Sanzaru::Core::ToolCall *call);

private:
    struct Batch;
    struct ProgressStream;
    struct Request
    {
        QJsonValue id;
        QString method;
        QJsonObject params;
        std::shared_ptr<Batch> batch;
        bool modern = false;
        QString version; ///< the version this request is answered in
    };

    void handleValue(const QJsonValue &value, const std::shared_ptr<Batch> &batch);
    void handleRequest(Request request);
    void handleNotification(const QString &method, const QJsonObject &params);
    void initialize(const Request &request);
    void listTools(const Request &request);
    QJsonObject toolsListResult(const QString &version, bool modern) const;
    void callTool(const Request &request);
    /// tools/call checks (a string name of a known tool, object arguments); on failure replies and returns
    /// false.
    bool acceptToolCall(const Request &request);
    /// Sends the call's progress as notifications/progress with the client's token: strictly increasing,
    /// at most ~10 per second; a message without new progress (ToolCall::reportWait: a wait before a retry)
    /// goes out at once, just above the last value sent.
    void forwardProgress(ToolCall *call, const QJsonValue &token, const QString &key);
    void sendWaitNotice(ProgressStream &stream, double progress, const QString &message);
    void sendProgress(const QJsonValue &token, double progress, double total, const QString &message);
    /// The call's finished(): answers it unless it was cancelled or the session closed.
    void finishToolCall(const Request &request, ToolCall *call, const QString &key);
    QJsonObject toolCallResult(const Request &request, const ToolCall &call) const;
    void resources(const Request &request);
    void discover(const Request &request);
    void reply(const Request &request, QJsonObject result);
    void replyError(const Request &request, int code, const QString &message, const QJsonValue &data = {});
    void emitMessage(const QJsonObject &message, const std::shared_ptr<Batch> &batch);
    void emitSerialized(const QByteArray &message, const std::shared_ptr<Batch> &batch);
    void flushBatch(const std::shared_ptr<Batch> &batch);
    QJsonObject serverInfo() const;
    bool atLeast(const QString &version, const char *minimum) const;
    static QString idKey(const QJsonValue &id);

    const ToolRegistry *m_registry;
    QString m_version; ///< negotiated legacy version; empty before initialize
    bool m_closed = false;
    QHash<QString, QPointer<ToolCall>> m_calls; ///< in flight, by id
    QByteArray m_toolsListJson; ///< serialized tools/list result for m_version (fixed once initialized)
    mutable int m_toolsListBuilds = 0;
};

} // namespace Sanzaru::Core

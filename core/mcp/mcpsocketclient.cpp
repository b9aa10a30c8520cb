// SPDX-License-Identifier: MIT
#include "mcpsocketclient.h"

#include "mcp/mcpiolog.h"
#include "mcp/mcpwire.h"

#include <QJsonDocument>
#include <QLocalSocket>
#include <QTimer>

namespace Sanzaru::Core {

namespace {

constexpr int initializeId = 1;
constexpr int callId = 2;
const QString protocolVersion = QStringLiteral("2025-11-25");
const QString progressToken = QStringLiteral("sanzaru-qt-tool");

} // namespace

McpSocketClient::McpSocketClient(QObject *parent)
    : QObject(parent)
{}

McpSocketClient::~McpSocketClient()
{
    // Closing the socket is what tells the instance to cancel a call still running for us.
    if (m_socket)
        m_socket->disconnect(this);
}

void McpSocketClient::callTool(const McpSocketPath &location, const QString &name,
                               const QJsonObject &arguments)
{
    if (m_stage != Stage::Idle) {
        qCWarning(lcMcpIo) << "McpSocketClient::callTool called twice; ignored";
        return;
    }
    m_stage = Stage::Connecting;
    m_path = location.path();
    m_toolName = name;
    m_arguments = arguments;
    // A socket in a directory another user controls could be anybody's: do not even try it.
    if (const Result<void> ok = location.check(); !ok)
        return finish(Status::NotRunning, ok.error());

    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (m_stage == Stage::Calling)
            return finish(
                Status::Failed,
                Error::timeout(QStringLiteral("The sanzaru-qt instance did not finish %1 within %2 s")
                                   .arg(m_toolName)
                                   .arg(m_callTimeoutMs / 1000.0)));
        finish(Status::NotRunning,
               Error::timeout(QStringLiteral("The sanzaru-qt instance on %1 did not answer within %2 s")
                                  .arg(m_path)
                                  .arg(m_handshakeTimeoutMs / 1000.0)));
    });
    m_timer->start(m_handshakeTimeoutMs);

    m_socket = new QLocalSocket(this);
    connect(m_socket, &QLocalSocket::connected, this, &McpSocketClient::onConnected);
    connect(m_socket, &QLocalSocket::readyRead, this, &McpSocketClient::onReadyRead);
    connect(m_socket, &QLocalSocket::disconnected, this, &McpSocketClient::onGone);
    connect(m_socket, &QLocalSocket::errorOccurred, this, [this](QLocalSocket::LocalSocketError error) {
        if (m_stage != Stage::Connecting)
            return onGone(); // PeerClosedError and friends after the connection was up
        qCDebug(lcMcpIo) << "no sanzaru-qt instance on" << m_path << error;
        finish(Status::NotRunning,
               Error::network(QStringLiteral("sanzaru-qt is not running (nothing answers on %1)").arg(m_path),
                              m_socket->errorString()));
    });
    // May report connected() or errorOccurred() before it returns; finish() queues finished() anyway.
    m_socket->connectToServer(m_path);
}

void McpSocketClient::onConnected()
{
    if (m_stage != Stage::Connecting)
        return;
    if (!McpSocketPath::peerIsOwner(m_socket->socketDescriptor())) {
        qCWarning(lcMcpIo) << "the process on" << m_path << "runs as another user; not calling it";
        return finish(Status::NotRunning,
                      Error::config(QStringLiteral("The process on %1 runs as another user").arg(m_path)));
    }
    m_stage = Stage::Initializing;
    qCDebug(lcMcpIo) << "connected to the sanzaru-qt instance on" << m_path;
    send(QJsonObject{
        {QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
        {QStringLiteral("id"), initializeId},
        {QStringLiteral("method"), QStringLiteral("initialize")},
        {QStringLiteral("params"),
         QJsonObject{{QStringLiteral("protocolVersion"), protocolVersion},
                     {QStringLiteral("capabilities"), QJsonObject{}},
                     {QStringLiteral("clientInfo"),
                      QJsonObject{{QStringLiteral("name"), QStringLiteral("sanzaru-qt-tool")},
                                  {QStringLiteral("version"), QStringLiteral(SANZARU_VERSION)}}}}}});
}

void McpSocketClient::sendCall()
{
    m_stage = Stage::Calling;
    m_timer->stop();
    if (m_callTimeoutMs > 0)
        m_timer->start(m_callTimeoutMs);
    send(QJsonObject{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                     {QStringLiteral("method"), QStringLiteral("notifications/initialized")}});
    send(QJsonObject{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                     {QStringLiteral("id"), callId},
                     {QStringLiteral("method"), QStringLiteral("tools/call")},
                     {QStringLiteral("params"),
                      QJsonObject{{QStringLiteral("name"), m_toolName},
                                  {QStringLiteral("arguments"), m_arguments},
                                  {QStringLiteral("_meta"),
                                   QJsonObject{{QStringLiteral("progressToken"), progressToken}}}}}});
    qCDebug(lcMcpIo) << "sent" << m_toolName << "to the sanzaru-qt instance on" << m_path;
}

void McpSocketClient::send(const QJsonObject &message)
{
    m_socket->write(QJsonDocument(message).toJson(QJsonDocument::Compact));
    m_socket->write("\n", 1);
}

void McpSocketClient::onReadyRead()
{
    while (m_stage != Stage::Done && m_socket->bytesAvailable() > 0) {
        QList<QByteArray> messages;
        const bool ok = m_framer.feed(m_socket->read(1 << 20), &messages);
        for (const QByteArray &message : std::as_const(messages)) {
            if (m_stage == Stage::Done)
                return;
            handleMessage(message);
        }
        if (!ok && m_stage != Stage::Done) {
            const Error error =
                Error::internal(QStringLiteral("The sanzaru-qt instance sent a message over %1")
                                    .arg(McpWire::sizeText(m_framer.maxMessageBytes())));
            finish(m_stage == Stage::Calling ? Status::Failed : Status::NotRunning, error);
        }
    }
}

void McpSocketClient::handleMessage(const QByteArray &line)
{
    const QJsonObject message = QJsonDocument::fromJson(line).object();
    if (message.isEmpty()) {
        qCDebug(lcMcpIo) << "ignoring a line that is not a JSON object from" << m_path;
        return;
    }
    const QString method = message.value(QStringLiteral("method")).toString();
    if (!method.isEmpty()) {
        const QJsonObject params = message.value(QStringLiteral("params")).toObject();
        if (method == QStringLiteral("notifications/progress") &&
            params.value(QStringLiteral("progressToken")).toString() == progressToken)
            emit progressed(params.value(QStringLiteral("progress")).toDouble(),
                            params.value(QStringLiteral("total")).toDouble(),
                            params.value(QStringLiteral("message")).toString());
        return; // nothing else the server may send needs an answer from a one-call client
    }
    const QJsonValue id = message.value(QStringLiteral("id"));
    const QJsonObject rpcError = message.value(QStringLiteral("error")).toObject();
    // An error without a usable id is the transport refusing a message of ours (parse, size).
    const bool forUs = id.isUndefined() || id.isNull() ||
                       id.toInt() == (m_stage == Stage::Initializing ? initializeId : callId);
    if (!forUs)
        return;
    if (m_stage == Stage::Initializing) {
        if (!rpcError.isEmpty() || !message.value(QStringLiteral("result")).isObject())
            return finish(
                Status::NotRunning,
                Error::internal(QStringLiteral("The sanzaru-qt instance on %1 refused the MCP "
                                               "handshake: %2")
                                    .arg(m_path, rpcError.value(QStringLiteral("message")).toString())));
        return sendCall();
    }
    if (m_stage != Stage::Calling)
        return;
    if (!rpcError.isEmpty() || !message.value(QStringLiteral("result")).isObject()) {
        m_rpcErrorCode = rpcError.value(QStringLiteral("code")).toInt();
        const QString text = rpcError.value(QStringLiteral("message")).toString();
        // The instance's own error when it sends one (its kind says e.g. "unknown tool"); else from the code.
        const QJsonObject structured = rpcError.value(QStringLiteral("data"))
                                           .toObject()
                                           .value(QStringLiteral("sanzaru-qt/error"))
                                           .toObject();
        Error error = !structured.isEmpty()      ? Error::fromJson(structured)
                      : m_rpcErrorCode == -32602 ? Error::badInput(text)
                                                 : Error::internal(text);
        if (error.message.isEmpty())
            error.message = QStringLiteral("The sanzaru-qt instance sent an invalid answer to tools/call");
        error.detail = QStringLiteral("JSON-RPC error %1").arg(m_rpcErrorCode);
        return finish(Status::Failed, error);
    }
    m_result = message.value(QStringLiteral("result")).toObject();
    finish(Status::Completed);
}

void McpSocketClient::onGone()
{
    if (m_stage == Stage::Done || m_stage == Stage::Idle)
        return;
    if (m_socket->bytesAvailable() > 0)
        onReadyRead(); // an answer written just before the instance closed still counts
    if (m_stage == Stage::Done)
        return;
    if (m_stage == Stage::Calling)
        return finish(Status::Failed,
                      Error::network(QStringLiteral("The sanzaru-qt instance closed the connection before %1 "
                                                    "finished (it may have stopped or crashed)")
                                         .arg(m_toolName)));
    finish(Status::NotRunning,
           Error::network(
               QStringLiteral("The sanzaru-qt instance on %1 closed the connection during the handshake")
                   .arg(m_path)));
}

void McpSocketClient::finish(Status status, const Error &error)
{
    if (m_stage == Stage::Done)
        return;
    const bool sent = m_stage == Stage::Calling;
    m_stage = Stage::Done;
    m_status = status;
    m_error = error;
    if (m_timer)
        m_timer->stop();
    if (m_socket) {
        m_socket->disconnect(this);
        // A finished call leaves cleanly; anything else is cut off so the instance cancels what it runs.
        if (status == Status::Completed || !sent)
            m_socket->disconnectFromServer();
        else
            m_socket->abort();
    }
    if (status != Status::Completed)
        qCDebug(lcMcpIo) << "tool call through" << m_path << "ended:" << error.message;
    QMetaObject::invokeMethod(this, &McpSocketClient::finished, Qt::QueuedConnection);
}

} // namespace Sanzaru::Core

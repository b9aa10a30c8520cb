// SPDX-License-Identifier: MIT
#include "mcpsession.h"

#include "mcp/mcpappresources.h"
#include "tools/toolcall.h"
#include "tools/toolregistry.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

#include <cmath>
#include <limits>

namespace Sanzaru::Core {

Q_LOGGING_CATEGORY(lcMcp, "sanzaru.mcp", QtInfoMsg)

namespace {

enum RpcError {
    ParseError = -32700,
    InvalidRequest = -32600,
    MethodNotFound = -32601,
    InvalidParams = -32602,
    UnsupportedProtocolVersion = -32022,
    ResourceNotFound = -32002, ///< up to 2025-11-25; 2026-07-28 answers -32602
};

const QString metaVersionKey = QStringLiteral("io.modelcontextprotocol/protocolVersion");
const QString metaCapabilitiesKey = QStringLiteral("io.modelcontextprotocol/clientCapabilities");
const QString metaServerInfoKey = QStringLiteral("io.modelcontextprotocol/serverInfo");

bool validId(const QJsonValue &id)
{
    if (id.isString())
        return true;
    if (!id.isDouble())
        return false;
    const double d = id.toDouble();
    return std::isfinite(d) && d == std::floor(d);
}

const QString instructions = QStringLiteral(
    "sanzaru-qt makes Sora videos and GPT images and keeps them in a local media folder. Video jobs are "
    "long-running: create_video returns at once; poll get_video_status every 5-10 s until completed, then "
    "download_video. For a video from a reference image, run prepare_reference_image with the video size "
    "first. "
    "generate_image and edit_image answer when the file is saved; create_image runs in the background (poll "
    "get_image_status, then download_image).");

} // namespace

/// What one call's progress notifications have said so far.
struct McpSession::ProgressStream
{
    QJsonValue token;
    double sent = -1;    ///< the last progress sent
    double seen = -1;    ///< the last progress the call reported, sent or held back by the rate limit
    double total = 0;    ///< the total that came with it (0: none)
    QElapsedTimer clock; ///< since the last notification
};

struct McpSession::Batch
{
    QList<QByteArray> responses; ///< each serialized once, joined when the batch is complete
    qsizetype bytes = 0;
    int pending = 0;
    bool sealed = false; ///< every element has been dispatched
};

const QStringList &McpSession::legacyVersions()
{
    static const QStringList versions{QStringLiteral("2025-11-25"), QStringLiteral("2025-06-18"),
                                      QStringLiteral("2025-03-26"), QStringLiteral("2024-11-05")};
    return versions;
}

QString McpSession::modernVersion()
{
    return QStringLiteral("2026-07-28");
}

McpSession::McpSession(const ToolRegistry *registry, QObject *parent)
    : QObject(parent)
    , m_registry(registry)
{}

McpSession::~McpSession()
{
    close();
}

void McpSession::close()
{
    m_closed = true;
    const auto calls = m_calls;
    m_calls.clear();
    for (const QPointer<ToolCall> &call : calls)
        if (call)
            call->cancel();
}

QString McpSession::idKey(const QJsonValue &id)
{
    return id.isString() ? QStringLiteral("s:") + id.toString()
                         : QStringLiteral("n:") + QString::number(id.toDouble(), 'g', 17);
}

bool McpSession::atLeast(const QString &version, const char *minimum) const
{
    return version >= QLatin1String(minimum); // ISO dates compare as strings
}

QJsonObject McpSession::serverInfo() const
{
    return QJsonObject{
        {QStringLiteral("name"), QStringLiteral("sanzaru-qt")},
        {QStringLiteral("title"), QStringLiteral("sanzaru-qt: Sora video and GPT image tools")},
        {QStringLiteral("version"), QStringLiteral(SANZARU_VERSION)}};
}

void McpSession::receive(const QByteArray &message)
{
    if (m_closed)
        return;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(message, &error);
    if (error.error != QJsonParseError::NoError) {
        // QJsonDocument parses only objects and arrays: a valid JSON scalar is an invalid request, not a
        // parse error.
        const QJsonDocument wrapped = QJsonDocument::fromJson('[' + message + ']', &error);
        if (error.error == QJsonParseError::NoError && wrapped.array().size() == 1)
            return handleValue(wrapped.array().first(), nullptr);
        QJsonDocument::fromJson(message, &error); // report the original error
        Request none;
        none.id = QJsonValue::Null;
        replyError(none, ParseError,
                   QStringLiteral("Parse error: %1 at offset %2").arg(error.errorString()).arg(error.offset));
        return;
    }
    if (doc.isArray()) {
        Request none;
        none.id = QJsonValue::Null;
        if (m_version != QStringLiteral("2025-03-26")) {
            replyError(
                none, InvalidRequest,
                QStringLiteral("Batches are only allowed in protocol version 2025-03-26 (this session: %1)")
                    .arg(m_version.isEmpty() ? QStringLiteral("not initialized") : m_version));
            return;
        }
        const QJsonArray items = doc.array();
        if (items.isEmpty()) {
            replyError(none, InvalidRequest, QStringLiteral("Empty batch"));
            return;
        }
        if (items.size() > maxBatchSize) {
            replyError(none, InvalidRequest,
                       QStringLiteral("Batch too large: %1 messages (at most %2 per batch)")
                           .arg(items.size())
                           .arg(maxBatchSize));
            return;
        }
        auto batch = std::make_shared<Batch>();
        for (const QJsonValue &item : items)
            handleValue(item, batch);
        batch->sealed = true;
        flushBatch(batch);
        return;
    }
    handleValue(doc.object(), nullptr);
}

void McpSession::handleValue(const QJsonValue &value, const std::shared_ptr<Batch> &batch)
{
    Request request;
    request.id = QJsonValue::Null;
    request.batch = batch;
    if (!value.isObject())
        return replyError(request, InvalidRequest,
                          QStringLiteral("Invalid Request: a message must be a JSON object"));
    const QJsonObject obj = value.toObject();
    const bool hasId = obj.contains(QStringLiteral("id"));
    const QJsonValue id = obj.value(QStringLiteral("id"));
    if (hasId && validId(id))
        request.id = id;
    if (obj.value(QStringLiteral("jsonrpc")).toString() != QStringLiteral("2.0"))
        return replyError(request, InvalidRequest,
                          QStringLiteral("Invalid Request: \"jsonrpc\" must be \"2.0\""));
    if (!obj.contains(QStringLiteral("method"))) {
        if (hasId && (obj.contains(QStringLiteral("result")) || obj.contains(QStringLiteral("error"))))
            return; // a response to a request of ours: we send none, so nothing to match
        return replyError(request, InvalidRequest, QStringLiteral("Invalid Request: \"method\" is missing"));
    }
    if (!obj.value(QStringLiteral("method")).isString())
        return replyError(request, InvalidRequest,
                          QStringLiteral("Invalid Request: \"method\" must be a string"));
    if (hasId && !validId(id))
        return replyError(request, InvalidRequest,
                          QStringLiteral("Invalid Request: \"id\" must be a string or an integer"));
    const QJsonValue params = obj.value(QStringLiteral("params"));
    request.method = obj.value(QStringLiteral("method")).toString();
    if (!hasId) {
        if (params.isObject() || params.isUndefined())
            handleNotification(request.method, params.toObject());
        return; // notifications never get an answer, not even an error
    }
    if (!params.isUndefined() && !params.isObject())
        return replyError(request, InvalidParams,
                          QStringLiteral("Invalid params: \"params\" must be an object"));
    request.params = params.toObject();
    handleRequest(std::move(request));
}

void McpSession::handleRequest(Request request)
{
    if (m_calls.contains(idKey(request.id)))
        return replyError(request, InvalidRequest,
                          QStringLiteral("Request id %1 is already in flight").arg(idKey(request.id).mid(2)));
    const QJsonObject meta = request.params.value(QStringLiteral("_meta")).toObject();
    if (meta.contains(metaVersionKey)) {
        // A modern (stateless) request carries its version and capabilities itself.
        const QString requested = meta.value(metaVersionKey).toString();
        if (requested != modernVersion()) {
            QJsonArray supported{modernVersion()};
            for (const QString &v : legacyVersions())
                supported.append(v);
            return replyError(request, UnsupportedProtocolVersion,
                              QStringLiteral("Unsupported protocol version: %1").arg(requested),
                              QJsonObject{{QStringLiteral("supported"), supported},
                                          {QStringLiteral("requested"), requested}});
        }
        if (!meta.value(metaCapabilitiesKey).isObject())
            return replyError(
                request, InvalidParams,
                QStringLiteral("Invalid params: _meta[\"%1\"] is required").arg(metaCapabilitiesKey));
        request.modern = true;
        request.version = requested;
    } else {
        request.version = m_version;
    }

    const QString &method = request.method;
    if (method == QStringLiteral("ping") && !request.modern)
        return reply(request, {});
    if (method == QStringLiteral("server/discover"))
        return discover(request);
    if (method == QStringLiteral("initialize"))
        return initialize(request);
    if (!request.modern && m_version.isEmpty())
        return replyError(
            request, InvalidRequest,
            QStringLiteral("Server not initialized: send \"initialize\" first (method %1)").arg(method));
    if (method == QStringLiteral("tools/list"))
        return listTools(request);
    if (method == QStringLiteral("tools/call"))
        return callTool(request);
    if (method.startsWith(QStringLiteral("resources/")))
        return resources(request);
    replyError(request, MethodNotFound, QStringLiteral("Method not found: %1").arg(method));
}

void McpSession::handleNotification(const QString &method, const QJsonObject &params)
{
    if (method == QStringLiteral("notifications/cancelled")) {
        const QJsonValue id = params.value(QStringLiteral("requestId"));
        if (!validId(id))
            return;
        const QPointer<ToolCall> call = m_calls.take(idKey(id));
        if (call) {
            qCDebug(lcMcp) << "cancelled" << call->toolName();
            call->cancel(); // its finished() finds no entry in m_calls: nothing is sent
        }
    }
    // notifications/initialized and unknown notifications need nothing.
}

void McpSession::initialize(const Request &request)
{
    if (request.modern)
        return replyError(
            request, InvalidRequest,
            QStringLiteral("initialize is not part of protocol version %1").arg(request.version));
    if (!m_version.isEmpty())
        return replyError(request, InvalidRequest,
                          QStringLiteral("Already initialized (protocol version %1)").arg(m_version));
    const QString requested = request.params.value(QStringLiteral("protocolVersion")).toString();
    m_version = legacyVersions().contains(requested) ? requested : legacyVersions().first();
    Request answered = request;
    answered.version = m_version;
    reply(answered, QJsonObject{{QStringLiteral("protocolVersion"), m_version},
                                {QStringLiteral("capabilities"),
                                 QJsonObject{{QStringLiteral("tools"),
                                              QJsonObject{{QStringLiteral("listChanged"), false}}},
                                             {QStringLiteral("resources"), QJsonObject{}}}},
                                {QStringLiteral("serverInfo"), serverInfo()},
                                {QStringLiteral("instructions"), instructions}});
}

void McpSession::discover(const Request &request)
{
    QJsonArray supported{modernVersion()};
    for (const QString &v : legacyVersions())
        supported.append(v);
    reply(request, QJsonObject{{QStringLiteral("resultType"), QStringLiteral("complete")},
                               {QStringLiteral("supportedVersions"), supported},
                               {QStringLiteral("capabilities"),
                                QJsonObject{{QStringLiteral("tools"), QJsonObject{}},
                                            {QStringLiteral("resources"), QJsonObject{}}}},
                               {QStringLiteral("instructions"), instructions},
                               {QStringLiteral("ttlMs"), 3600000},
                               {QStringLiteral("cacheScope"), QStringLiteral("public")},
                               {QStringLiteral("_meta"), QJsonObject{{metaServerInfoKey, serverInfo()}}}});
}

void McpSession::listTools(const Request &request)
{
    if (!request.modern) {
        // The list never changes and m_version is fixed once initialized: build and serialize it once
        // (~13 KiB of JSON) and splice the id in for every later call, batched or not.
        if (m_toolsListJson.isEmpty())
            m_toolsListJson = QJsonDocument(toolsListResult(m_version, false)).toJson(QJsonDocument::Compact);
        QByteArray id = QJsonDocument(QJsonArray{request.id}).toJson(QJsonDocument::Compact);
        id = id.mid(1, id.size() - 2); // the id exactly as JSON, without the array brackets
        QByteArray message;
        message.reserve(id.size() + m_toolsListJson.size() + 40);
        message += "{\"id\":";
        message += id;
        message += ",\"jsonrpc\":\"2.0\",\"result\":";
        message += m_toolsListJson;
        message += '}';
        return emitSerialized(message, request.batch);
    }
    reply(request, toolsListResult(modernVersion(), true));
}

QJsonObject McpSession::toolsListResult(const QString &version, bool modern) const
{
    ++m_toolsListBuilds;
    QJsonArray tools;
    for (const ToolDefinition &tool : m_registry->tools()) {
        QJsonObject t{{QStringLiteral("name"), tool.name},
                      {QStringLiteral("description"), tool.description},
                      {QStringLiteral("inputSchema"), tool.inputSchema}};
        if (atLeast(version, "2025-06-18")) {
            t.insert(QStringLiteral("title"), tool.title);
            t.insert(QStringLiteral("outputSchema"), tool.outputSchema);
        }
        if (atLeast(version, "2025-03-26"))
            t.insert(QStringLiteral("annotations"), tool.annotations.toJson(tool.title));
        if (!tool.meta.isEmpty())
            t.insert(QStringLiteral("_meta"), tool.meta);
        tools.append(t);
    }
    QJsonObject result{{QStringLiteral("tools"), tools}};
    if (modern) {
        result.insert(QStringLiteral("ttlMs"), 3600000);
        result.insert(QStringLiteral("cacheScope"), QStringLiteral("public"));
    }
    return result;
}

void McpSession::resources(const Request &request)
{
    QJsonObject result;
    if (request.method == QStringLiteral("resources/list")) {
        result.insert(QStringLiteral("resources"), McpAppResources::list());
    } else if (request.method == QStringLiteral("resources/templates/list")) {
        result.insert(QStringLiteral("resourceTemplates"), QJsonArray{});
    } else if (request.method == QStringLiteral("resources/read")) {
        const QJsonValue uri = request.params.value(QStringLiteral("uri"));
        if (!uri.isString())
            return replyError(request, InvalidParams,
                              QStringLiteral("Invalid params: resources/read needs a string \"uri\""));
        const std::optional<QJsonArray> contents = McpAppResources::read(uri.toString());
        if (!contents)
            return replyError(request, request.modern ? InvalidParams : ResourceNotFound,
                              QStringLiteral("Resource not found: %1").arg(uri.toString()),
                              QJsonObject{{QStringLiteral("uri"), uri}});
        return reply(request, QJsonObject{{QStringLiteral("contents"), *contents}});
    } else {
        // subscribe/unsubscribe: not offered (the capability has no "subscribe").
        return replyError(request, MethodNotFound,
                          QStringLiteral("Method not found: %1").arg(request.method));
    }
    if (request.modern) {
        result.insert(QStringLiteral("ttlMs"), 3600000);
        result.insert(QStringLiteral("cacheScope"), QStringLiteral("public"));
    }
    reply(request, result);
}

void McpSession::callTool(const Request &request)
{
    if (!acceptToolCall(request))
        return;
    const QString key = idKey(request.id); // not in flight: checked in handleRequest
    ToolCall *call = m_registry->call(request.params.value(QStringLiteral("name")).toString(),
                                      request.params.value(QStringLiteral("arguments")).toObject(), this);
    m_calls.insert(key, call);
    emit toolCallStarted(call);
    if (request.batch)
        ++request.batch->pending;

    const QJsonValue token =
        request.params.value(QStringLiteral("_meta")).toObject().value(QStringLiteral("progressToken"));
    if (token.isString() || token.isDouble())
        forwardProgress(call, token, key);
    connect(call, &ToolCall::finished, this,
            [this, call, key, request] { finishToolCall(request, call, key); });
}

bool McpSession::acceptToolCall(const Request &request)
{
    const QJsonValue name = request.params.value(QStringLiteral("name"));
    if (!name.isString()) {
        replyError(request, InvalidParams,
                   QStringLiteral("Invalid params: tools/call needs a string \"name\""));
        return false;
    }
    const QJsonValue arguments = request.params.value(QStringLiteral("arguments"));
    if (!arguments.isUndefined() && !arguments.isNull() && !arguments.isObject()) {
        replyError(request, InvalidParams, QStringLiteral("Invalid params: \"arguments\" must be an object"));
        return false;
    }
    if (!m_registry->find(name.toString())) {
        const Error unknown = Error::unknownTool(QStringLiteral("Unknown tool: %1").arg(name.toString()));
        replyError(request, InvalidParams, unknown.message,
                   QJsonObject{{QStringLiteral("sanzaru-qt/error"), unknown.toJson()}});
        return false;
    }
    return true;
}

void McpSession::forwardProgress(ToolCall *call, const QJsonValue &token, const QString &key)
{
    auto stream = std::make_shared<ProgressStream>();
    stream->token = token;
    connect(call, &ToolCall::progressed, this,
            [this, stream, key](double progress, double total, const QString &message) {
                if (!m_calls.contains(key))
                    return; // nothing for a finished or cancelled call
                // ToolCall::reportWait: a message at the progress already reported, without a total.
                if (!message.isEmpty() && total <= 0 && progress <= std::max(stream->seen, 0.0))
                    return sendWaitNotice(*stream, progress, message);
                stream->seen = progress;
                stream->total = total;
                if (progress <= stream->sent)
                    return; // strictly increasing
                if (stream->clock.isValid() && stream->clock.elapsed() < 100 &&
                    !(total > 0 && progress >= total))
                    return; // at most ~10 per second
                stream->clock.start();
                stream->sent = progress;
                sendProgress(stream->token, progress, total, message);
            });
}

void McpSession::sendWaitNotice(ProgressStream &stream, double progress, const QString &message)
{
    // A wait before a retry is rare and the client should hear it at once, so the rate limit does not
    // apply. Progress must increase with every notification: the notice goes out at the call's progress
    // when that was not sent yet (held back by the rate limit), else at the smallest double above the last
    // value sent (a normal one: a denormal might read as 0 in a client that flushes them).
    stream.seen = std::max(stream.seen, progress);
    const double value = progress > stream.sent ? progress
                         : stream.sent < std::numeric_limits<double>::min()
                             ? std::numeric_limits<double>::min()
                             : std::nextafter(stream.sent, std::numeric_limits<double>::infinity());
    stream.sent = value;
    stream.clock.start();
    sendProgress(stream.token, value, stream.total, message);
}

void McpSession::sendProgress(const QJsonValue &token, double progress, double total, const QString &message)
{
    QJsonObject params{{QStringLiteral("progressToken"), token}, {QStringLiteral("progress"), progress}};
    if (total > 0)
        params.insert(QStringLiteral("total"), total);
    if (!message.isEmpty())
        params.insert(QStringLiteral("message"), message);
    emit messageReady(
        QJsonDocument(QJsonObject{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                                  {QStringLiteral("method"), QStringLiteral("notifications/progress")},
                                  {QStringLiteral("params"), params}})
            .toJson(QJsonDocument::Compact));
}

void McpSession::finishToolCall(const Request &request, ToolCall *call, const QString &key)
{
    call->deleteLater();
    const bool live = m_calls.value(key) == call;
    if (live)
        m_calls.remove(key);
    if (request.batch)
        --request.batch->pending;
    // A call the client cancelled (or a closed session) gets no answer at all.
    if (live && !m_closed)
        reply(request, toolCallResult(request, *call));
    if (request.batch)
        flushBatch(request.batch);
}

QJsonObject McpSession::toolCallResult(const Request &request, const ToolCall &call) const
{
    const Result<QJsonObject> &result = call.result();
    QJsonObject out;
    QJsonArray content;
    if (result) {
        content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                   {QStringLiteral("text"), QString::fromUtf8(QJsonDocument(*result).toJson(
                                                                QJsonDocument::Indented))}});
        for (const ToolImage &image : call.images())
            content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("image")},
                                       {QStringLiteral("data"), QString::fromLatin1(image.data.toBase64())},
                                       {QStringLiteral("mimeType"), image.mimeType}});
        if (request.modern || atLeast(request.version, "2025-06-18"))
            out.insert(QStringLiteral("structuredContent"), *result);
        out.insert(QStringLiteral("isError"), false);
    } else {
        content.append(QJsonObject{
            {QStringLiteral("type"), QStringLiteral("text")},
            {QStringLiteral("text"),
             QStringLiteral("Error executing tool %1: %2").arg(call.toolName(), result.error().message)}});
        out.insert(QStringLiteral("isError"), true);
        // The structured error (kind, HTTP status, API code) for clients that want more than the text,
        // e.g. `sanzaru-qt tool` relayed through the app prints exactly what it would print in-process.
        out.insert(QStringLiteral("_meta"),
                   QJsonObject{{QStringLiteral("sanzaru-qt/error"), result.error().toJson()}});
    }
    out.insert(QStringLiteral("content"), content);
    return out;
}

void McpSession::reply(const Request &request, QJsonObject result)
{
    if (request.modern) {
        if (!result.contains(QStringLiteral("resultType")))
            result.insert(QStringLiteral("resultType"), QStringLiteral("complete"));
        QJsonObject meta = result.value(QStringLiteral("_meta")).toObject();
        meta.insert(metaServerInfoKey, serverInfo());
        result.insert(QStringLiteral("_meta"), meta);
    }
    emitMessage(QJsonObject{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                            {QStringLiteral("id"), request.id},
                            {QStringLiteral("result"), result}},
                request.batch);
}

void McpSession::replyError(const Request &request, int code, const QString &message, const QJsonValue &data)
{
    QJsonObject error{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
    if (!data.isUndefined() && !data.isNull())
        error.insert(QStringLiteral("data"), data);
    emitMessage(QJsonObject{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                            {QStringLiteral("id"), request.id},
                            {QStringLiteral("error"), error}},
                request.batch);
}

void McpSession::emitMessage(const QJsonObject &message, const std::shared_ptr<Batch> &batch)
{
    if (m_closed)
        return;
    emitSerialized(QJsonDocument(message).toJson(QJsonDocument::Compact), batch);
}

void McpSession::emitSerialized(const QByteArray &message, const std::shared_ptr<Batch> &batch)
{
    if (m_closed)
        return;
    if (batch) {
        batch->responses.append(message);
        batch->bytes += message.size() + 1;
        return;
    }
    emit messageReady(message);
}

void McpSession::flushBatch(const std::shared_ptr<Batch> &batch)
{
    if (!batch->sealed || batch->pending > 0 || m_closed)
        return;
    if (!batch->responses.isEmpty()) {
        // Every response was serialized once when it was made; the array is just their concatenation.
        QByteArray array;
        array.reserve(batch->bytes + 1);
        array += '[';
        for (const QByteArray &response : std::as_const(batch->responses)) {
            if (array.size() > 1)
                array += ',';
            array += response;
        }
        array += ']';
        batch->responses.clear();
        emit messageReady(array);
    }
    batch->responses = {};
}

} // namespace Sanzaru::Core

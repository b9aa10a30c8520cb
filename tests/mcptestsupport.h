// SPDX-License-Identifier: MIT
#pragma once

// Helpers for the MCP transport tests: an engine (registry over a media folder and any OpenAI base URL)
// and a newline-delimited JSON-RPC client on a QLocalSocket. Header-only; waits spin the event loop
// through QTest::qWaitFor (what QTRY_* uses), never plain sleeps.

#include "config/config.h"
#include "config/mediapaths.h"
#include "openai/apiclient.h"
#include "tools/toolcontext.h"
#include "tools/toolregistry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QProcessEnvironment>
#include <QTest>
#include <QThreadPool>
#include <QUrl>

#include <memory>

namespace Sanzaru::Testing {

/// The services a front end builds (config → API client → media paths → context → registry).
class McpTestEngine
{
public:
    McpTestEngine(const QString &mediaRoot, const QUrl &baseUrl, const QByteArray &apiKey = "sk-test")
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("OPENAI_API_KEY"), QString::fromLatin1(apiKey));
        env.insert(QStringLiteral("OPENAI_BASE_URL"), baseUrl.toString());
        env.insert(QStringLiteral("SANZARU_MEDIA_PATH"), mediaRoot);
        const Core::Config config = Core::Config::fromEnvironment(env);
        m_api = std::make_unique<Core::ApiClient>(config);
        m_paths = std::make_unique<Core::MediaPaths>(config);
        m_pool.setMaxThreadCount(2);
        m_context = std::make_unique<Core::ToolContext>(m_api.get(), m_paths.get(), &m_pool);
        m_registry = std::make_unique<Core::ToolRegistry>(m_context.get());
    }
    ~McpTestEngine() { m_pool.waitForDone(); }

    const Core::ToolRegistry *registry() const { return m_registry.get(); }

private:
    std::unique_ptr<Core::ApiClient> m_api;
    std::unique_ptr<Core::MediaPaths> m_paths;
    QThreadPool m_pool;
    std::unique_ptr<Core::ToolContext> m_context;
    std::unique_ptr<Core::ToolRegistry> m_registry;
};

inline QJsonObject rpcRequest(const QJsonValue &id, const QString &method, const QJsonObject &params = {})
{
    QJsonObject request{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                        {QStringLiteral("id"), id},
                        {QStringLiteral("method"), method}};
    if (!params.isEmpty())
        request.insert(QStringLiteral("params"), params);
    return request;
}

inline QJsonObject initializeRequest(const QJsonValue &id,
                                     const QString &version = QStringLiteral("2025-11-25"))
{
    return rpcRequest(
        id, QStringLiteral("initialize"),
        {{QStringLiteral("protocolVersion"), version},
         {QStringLiteral("capabilities"), QJsonObject{}},
         {QStringLiteral("clientInfo"), QJsonObject{{QStringLiteral("name"), QStringLiteral("qtest")},
                                                    {QStringLiteral("version"), QStringLiteral("1")}}}});
}

inline QJsonObject toolCall(const QJsonValue &id, const QString &tool, const QJsonObject &arguments = {})
{
    return rpcRequest(id, QStringLiteral("tools/call"),
                      {{QStringLiteral("name"), tool}, {QStringLiteral("arguments"), arguments}});
}

/// A newline-framed JSON-RPC client on a QLocalSocket that records every line it receives.
class McpLineClient
{
    Q_DISABLE_COPY_MOVE(McpLineClient)

public:
    McpLineClient()
    {
        QObject::connect(&m_socket, &QLocalSocket::readyRead, [this] {
            m_buffer += m_socket.readAll();
            qsizetype newline;
            while ((newline = m_buffer.indexOf('\n')) >= 0) {
                const QByteArray line = m_buffer.left(newline);
                m_buffer.remove(0, newline + 1);
                m_lines.append(line);
                m_messages.append(QJsonDocument::fromJson(line).object());
            }
        });
        QObject::connect(&m_socket, &QLocalSocket::disconnected, [this] { m_disconnected = true; });
    }

    bool connectTo(const QString &path)
    {
        m_socket.connectToServer(path);
        return QTest::qWaitFor([this] { return m_socket.state() == QLocalSocket::ConnectedState; }, 5000);
    }
    QLocalSocket &socket() { return m_socket; }
    bool isDisconnected() const { return m_disconnected; }

    void sendRaw(const QByteArray &bytes) { m_socket.write(bytes); }
    void send(const QJsonObject &message)
    {
        sendRaw(QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n');
    }

    const QList<QByteArray> &lines() const { return m_lines; }
    const QList<QJsonObject> &messages() const { return m_messages; }

    /// The response carrying this id (same JSON type and value), or an empty object.
    QJsonObject responseFor(const QJsonValue &id) const
    {
        for (const QJsonObject &m : m_messages)
            if (m.contains(QStringLiteral("id")) && m.value(QStringLiteral("id")) == id &&
                !m.contains(QStringLiteral("method")))
                return m;
        return {};
    }
    QJsonObject waitFor(const QJsonValue &id, int timeoutMs = 10000)
    {
        (void)QTest::qWaitFor([&] { return !responseFor(id).isEmpty(); }, timeoutMs);
        return responseFor(id);
    }
    /// Sends a request and waits for its answer.
    QJsonObject call(const QJsonObject &request, int timeoutMs = 10000)
    {
        send(request);
        return waitFor(request.value(QStringLiteral("id")), timeoutMs);
    }

private:
    QLocalSocket m_socket;
    QByteArray m_buffer;
    QList<QByteArray> m_lines;
    QList<QJsonObject> m_messages;
    bool m_disconnected = false;
};

} // namespace Sanzaru::Testing

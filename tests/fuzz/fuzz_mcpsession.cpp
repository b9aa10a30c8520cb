// SPDX-License-Identifier: MIT
// The MCP server session fed the way the stdio and socket transports feed it (LineFramer → McpSession),
// with the real tool registry over a media folder in a temporary directory and no API key (so no tool
// reaches the network). Every emitted message must be one line of JSON.
#include "config/config.h"
#include "config/mediapaths.h"
#include "fuzzsupport.h"
#include "mcp/lineframer.h"
#include "mcp/mcpsession.h"
#include "openai/apiclient.h"
#include "tools/toolcontext.h"
#include "tools/toolregistry.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QThreadPool>

#include <memory>

using namespace Sanzaru::Core;

namespace {

struct World
{
    QTemporaryDir media;
    Config config;
    std::unique_ptr<ApiClient> api;
    std::unique_ptr<MediaPaths> paths;
    QThreadPool pool;
    std::unique_ptr<ToolContext> context;
    std::unique_ptr<ToolRegistry> registry;

    World()
    {
        QDir().mkpath(media.path() + QStringLiteral("/videos"));
        QDir().mkpath(media.path() + QStringLiteral("/images"));
        // A 1×1 PNG for the tools that read images.
        QFile png(media.path() + QStringLiteral("/images/a.png"));
        if (png.open(QIODevice::WriteOnly))
            png.write(QByteArray::fromBase64("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8B"
                                             "QDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="));
        QProcessEnvironment env;
        env.insert(QStringLiteral("SANZARU_MEDIA_PATH"), media.path());
        env.insert(QStringLiteral("OPENAI_BASE_URL"), QStringLiteral("http://127.0.0.1:9/v1"));
        config = Config::fromEnvironment(env);
        api = std::make_unique<ApiClient>(config);
        paths = std::make_unique<MediaPaths>(config);
        pool.setMaxThreadCount(1);
        context = std::make_unique<ToolContext>(api.get(), paths.get(), &pool);
        registry = std::make_unique<ToolRegistry>(context.get());
    }
};

const QByteArray initialize =
    R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18",)"
    R"("capabilities":{},"clientInfo":{"name":"fuzz","version":"1"}}})";
const QByteArray initialized = R"({"jsonrpc":"2.0","method":"notifications/initialized"})";

void checkMessage(const QByteArray &message)
{
    FUZZ_CHECK(!message.contains('\n') && !message.contains('\r'));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(message, &error);
    FUZZ_CHECK(error.error == QJsonParseError::NoError);
    FUZZ_CHECK(doc.isObject() || doc.isArray());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Sanzaru::Fuzz::ensureApplication();
    static World world;
    if (size == 0)
        return 0;

    auto session = std::make_unique<McpSession>(world.registry.get());
    QObject::connect(session.get(), &McpSession::messageReady, session.get(), &checkMessage);
    // An odd first byte starts from an initialized legacy session, so the fuzzer reaches tools quickly.
    if (data[0] & 1) {
        session->receive(initialize);
        session->receive(initialized);
    }
    LineFramer framer(1 << 20);
    QList<QByteArray> messages;
    framer.feed(QByteArrayView(data + 1, qsizetype(size - 1)), &messages);
    for (const QByteArray &message : messages)
        session->receive(message);

    // Let pool work and queued results come back, then close whatever is still running.
    for (int i = 0; i < 20 && session->callsInFlight() > 0; ++i) {
        world.pool.waitForDone();
        QCoreApplication::processEvents();
    }
    session->close();
    world.pool.waitForDone();
    QCoreApplication::processEvents();
    session.reset();
    QCoreApplication::processEvents();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return 0;
}

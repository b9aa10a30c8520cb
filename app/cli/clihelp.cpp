// SPDX-License-Identifier: MIT
#include "clihelp.h"

#include "config/config.h"
#include "mcp/mcpsocketpath.h"
#include "tools/videomodeltable.h"

#include <QLocalSocket>
#include <QTimer>

#include <memory>

namespace Sanzaru::App::Cli {

namespace {

const char kCommon[] =
    "\n"
    "Output: one JSON envelope per input on stdout "
    "({\"v\":1,\"ok\":...,\"command\":...,\"result\"|\"error\":...});\n"
    "progress and a one-line error summary on stderr (-q silences progress).\n"
    "Exit: 0 ok, 1 runtime/API, 2 usage, 3 config, 4 timeout (job still running; the envelope's\n"
    "\"resume\" re-attaches), 5 job failed, 6 partial batch failure, 130 interrupted.\n"
    "Global options: -q/--quiet, --local (run the tools in this process even if the app is running),\n"
    "--json (accepted, output is always JSON). Durations: 90, 90s, 5m.\n"
    "Prompts: text, @FILE, - (stdin); a literal leading @ is written @@.\n"
    "Inputs: a bare name in the media folder, or a path inside it.\n";

const char kVideo[] =
    "Usage: sanzaru-qt video VERB [ARGS] [OPTIONS]\n"
    "\n"
    "  create PROMPT [--model M] [--seconds N] [--size WxH] [--input-ref IMAGE]\n"
    "                                  submit a video job (returns its id at once);\n"
    "                                  --model defaults to %1, as in the desktop window\n"
    "  remix ID PROMPT                 submit a remix of a completed video\n"
    "  status ID                       the job's status and progress (never waits)\n"
    "  wait ID... [--download]         wait until done; several IDs stream one line each\n"
    "  download ID [--variant video|thumbnail|spritesheet]\n"
    "  list [--limit N] [--after ID] [--order asc|desc]   jobs on the account\n"
    "  delete ID                       delete the job and its files upstream\n"
    "  files [--pattern GLOB] [--type mp4|webm|mov|all] [--sort name|size|modified]\n"
    "        [--order asc|desc] [--limit N]               videos in the video folder\n"
    "\n"
    "One-shot options (create, remix, wait): -o PATH implies --download implies --wait;\n"
    "  -o DIR/ names the file ID.mp4 inside DIR; --timeout D (default 30m); --poll-interval D\n"
    "  (default adaptive 5s x1.5 up to 20s).\n";

const char kImage[] =
    "Usage: sanzaru-qt image VERB [ARGS] [OPTIONS]\n"
    "\n"
    "  generate PROMPT [--model M] [--size S] [--quality Q] [--background B] [--format F]\n"
    "                  [--moderation auto|low] [-o PATH]  Images API, waits for the picture\n"
    "  edit PROMPT --input-image IMAGE... [--mask PNG] [--fidelity high|low] [-o PATH]\n"
    "  create PROMPT [--input-image IMAGE...] [--mask PNG] [--previous RESP_ID] [--model M]\n"
    "                [--size S] [--quality Q] [--background B] [--format F]\n"
    "                                  Responses API job (returns resp_... at once)\n"
    "  status ID                       the job's status (never waits)\n"
    "  wait ID... [--download]         wait until done; several IDs stream one line each\n"
    "  download ID [-o PATH]           save the job's picture\n"
    "  prepare IMAGE --size WxH [--mode crop|pad|rescale] [-o PATH]\n"
    "                                  resize a reference image for video (local)\n"
    "  files [--pattern GLOB] [--type jpeg|png|webp|all] [--sort name|size|modified]\n"
    "        [--order asc|desc] [--limit N]               pictures in the image folder\n"
    "\n"
    "One-shot options (create, wait): -o PATH implies --download implies --wait; -o DIR/ auto-names;\n"
    "  --timeout D (default 10m); --poll-interval D (default adaptive 2s x1.5 up to 10s).\n";

const char kWait[] =
    "Usage: sanzaru-qt wait ID... [--type video|image] [--download] [-o DIR/] [--timeout D]\n"
    "                    [--poll-interval D]\n"
    "\n"
    "Waits for video_... and resp_... jobs concurrently (the prefix picks the type; --type overrides)\n"
    "and streams one compact envelope per line as each finishes. Exit 6 when some failed; when all\n"
    "failed, 4 if any timed out, else the highest code.\n";

const char kCapabilities[] =
    "Usage: sanzaru-qt capabilities\n"
    "\n"
    "What works here, without a key and without network: the tools, the media folders, the\n"
    "providers (base URLs, whether a key is set) and whether the desktop app is running.\n";

} // namespace

QByteArray CliHelp::text(const QString &group)
{
    const QByteArray video = QString::fromUtf8(kVideo).arg(defaultVideoModel()).toUtf8();
    QByteArray body = group == QLatin1String("video")          ? video
                      : group == QLatin1String("image")        ? kImage
                      : group == QLatin1String("wait")         ? kWait
                      : group == QLatin1String("capabilities") ? kCapabilities
                                                               : video + '\n' + kImage;
    return body + kCommon;
}

QJsonArray CliHelp::commands()
{
    return {
        QStringLiteral("video create"), QStringLiteral("video remix"),    QStringLiteral("video status"),
        QStringLiteral("video wait"),   QStringLiteral("video download"), QStringLiteral("video list"),
        QStringLiteral("video delete"), QStringLiteral("video files"),    QStringLiteral("image generate"),
        QStringLiteral("image edit"),   QStringLiteral("image create"),   QStringLiteral("image status"),
        QStringLiteral("image wait"),   QStringLiteral("image download"), QStringLiteral("image prepare"),
        QStringLiteral("image files"),  QStringLiteral("wait"),           QStringLiteral("capabilities"),
        QStringLiteral("tool")};
}

QString CliHelp::defaultVideoModel()
{
    return Core::VideoModelTable::builtIn().defaultModel();
}

QJsonObject CliHelp::providers(const Core::Config &config)
{
    return {{QStringLiteral("image"),
             QJsonObject{{QStringLiteral("base_url"), config.baseUrl().toString()},
                         {QStringLiteral("key_configured"), !config.apiKey().isEmpty()}}},
            {QStringLiteral("video"),
             QJsonObject{{QStringLiteral("base_url"), config.videoBaseUrl().toString()},
                         {QStringLiteral("key_configured"), !config.videoApiKey().isEmpty()},
                         {QStringLiteral("separate"), config.hasSeparateVideoProvider()}}}};
}

void CliHelp::probeApp(QObject *context, std::function<void(bool, const QString &)> done)
{
    const QString path = Core::McpSocketPath::fromEnvironment().path();
    auto *socket = new QLocalSocket(context);
    auto finished = std::make_shared<bool>(false);
    const auto finish = [socket, finished, done, path](bool running) {
        if (*finished)
            return;
        *finished = true;
        socket->abort();
        socket->deleteLater();
        done(running, path);
    };
    QObject::connect(socket, &QLocalSocket::connected, context, [finish] { finish(true); });
    QObject::connect(socket, &QLocalSocket::errorOccurred, context, [finish] { finish(false); });
    QTimer::singleShot(2000, context, [finish] { finish(false); });
    socket->connectToServer(path);
}

} // namespace Sanzaru::App::Cli

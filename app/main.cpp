// SPDX-License-Identifier: MIT
#include "desktopcommand.h"
#include "mcpcommand.h"
#include "servecommand.h"
#include "toolcommand.h"
#include "cli/agentcommand.h"

#include "common/fdlimit.h"

#include <QApplication>
#include <QCoreApplication>
#include <QFileInfo>
#include <QTimer>

#include <cstdio>
#include <cstring>

namespace {

const char usage[] =
    "Usage: sanzaru-qt [COMMAND]\n"
    "\n"
    "Sora video and GPT image studio for people and MCP clients.\n"
    "\n"
    "Commands:\n"
    "  (none) [FILE...]       open the desktop app (it also serves MCP on the local socket); when it\n"
    "                         is already running, raise its window instead (passing FILEs along).\n"
    "                         FILEs (JPEG, PNG, WEBP) are imported into the reference library\n"
    "  --new-video, --new-image\n"
    "                         the same, showing the form for a new video / image\n"
    "  mcp                    MCP over stdio for clients that launch a command: relays to the\n"
    "                         running app's socket (jobs show in its window), else serves in-process\n"
    "  mcp --print-config claude-desktop|claude-code|cursor\n"
    "                         print the MCP client set-up for this binary\n"
    "  mcp --print-config http [PORT]\n"
    "                         the set-up for clients of serve --http PORT, with its bearer token\n"
    "  serve [--http PORT]    the MCP endpoint without a window: local socket, plus HTTP on\n"
    "                         http://127.0.0.1:PORT/mcp with --http (PORT 0 picks one; requests need\n"
    "                         'Authorization: Bearer TOKEN'); prints MCP_SOCKET=..., MCP_HTTP_URL=...\n"
    "                         and MCP_HTTP_TOKEN_FILE=... and runs until SIGTERM/SIGINT\n"
    "  serve --print-token    print the HTTP bearer token alone (created on first use)\n"
    "  serve --rotate-token   replace it; a running server accepts only the new one from then on\n"
    "  tool NAME [JSON|-]     run one tool and print its JSON result (exit 0; 1 on a tool error,\n"
    "                         2 on a usage error). JSON '-' reads the arguments from stdin. The tool\n"
    "                         runs in the running app (its queue shows the job) when there is one,\n"
    "                         else in this process\n"
    "  tool --local NAME [JSON|-]\n"
    "                         the same, always in this process\n"
    "  tool --list            list the tools with their input schemas\n"
    "  video VERB ...         the agent CLI (sanzaru's contract): create, remix, status, wait,\n"
    "                         download, list, delete, files; one JSON envelope per input on\n"
    "                         stdout; `sanzaru-qt video --help`\n"
    "  image VERB ...         generate, edit, create, status, wait, download, prepare, files\n"
    "  wait ID...             wait for video_... and resp_... jobs, one JSON line each\n"
    "  capabilities           what works here without a key or network (JSON)\n"
    "  --version              print the version\n"
    "  --help                 print this help\n"
    "\n"
    "Environment:\n"
    "  OPENAI_API_KEY         API key (needed by tools that call the API)\n"
    "  OPENAI_BASE_URL        API base URL (default https://api.openai.com/v1)\n"
    "  SANZARU_VIDEO_BASE_URL, SANZARU_VIDEO_API_KEY\n"
    "                         the video provider (default: OPENAI_*); OPENAI_API_KEY is sent to it\n"
    "                         only when it is the same host as OPENAI_BASE_URL\n"
    "  OPENAI_ORG_ID, OPENAI_PROJECT_ID, OPENAI_CUSTOM_HEADERS\n"
    "  SANZARU_MEDIA_PATH     media root: videos/ and images/ below it (created on demand)\n"
    "  VIDEO_PATH, IMAGE_PATH override the video / image folder\n"
    "  SANZARU_QT_SOCKET      MCP socket path, or a name in the per-user directory (default\n"
    "                         /run/user/UID/sanzaru-qt/mcp.sock, else /tmp/sanzaru-qt-UID/mcp.sock,\n"
    "                         else ~/.cache/sanzaru-qt/run/mcp.sock when another user owns the\n"
    "                         /tmp folder)\n"
    "  SANZARU_QT_STALL_TIMEOUT_MS  abandon a transfer that moves no bytes for this long (60000)\n"
    "  SANZARU_QT_POLL_SCALE  multiply the agent CLI's poll intervals (tests use e.g. 0.01)\n"
    "  LOG_LEVEL              debug, info, warning, error (logs go to stderr)\n";

void applyLogLevel()
{
    const QByteArray level = qgetenv("LOG_LEVEL").trimmed().toLower();
    QByteArray rules = "sanzaru.*.debug=false\n";
    if (level == "debug")
        rules = "sanzaru.*.debug=true\n";
    else if (level == "warning" || level == "error")
        rules = "sanzaru.*.debug=false\nsanzaru.*.info=false\n";
    qputenv("QT_LOGGING_RULES", rules);
}

} // namespace

int main(int argc, char *argv[])
{
    applyLogLevel();
    // Every mode serves or relays connections, downloads and decodes in parallel: the usual soft limit of
    // 1,024 descriptors is a denial of service waiting for a flood of clients.
    Sanzaru::Core::FdLimit::raiseSoftToHard();
    const char *command = argc > 1 ? argv[1] : "";
    if (std::strcmp(command, "--help") == 0 || std::strcmp(command, "-h") == 0) {
        std::fputs(usage, stdout);
        return 0;
    }
    if (std::strcmp(command, "--version") == 0) {
        std::printf("sanzaru-qt %s\n", SANZARU_VERSION);
        return 0;
    }
    QCoreApplication::setApplicationName(QStringLiteral("sanzaru-qt"));
    QCoreApplication::setOrganizationName(QStringLiteral("sanzaru-qt"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SANZARU_VERSION));

    if (std::strcmp(command, "tool") == 0) {
        QCoreApplication app(argc, argv);
        QStringList args = QCoreApplication::arguments().mid(2);
        Sanzaru::App::ToolCommand tool;
        QTimer::singleShot(0, &tool, [&tool, args] { tool.start(args); });
        return app.exec();
    }
    if (std::strcmp(command, "video") == 0 || std::strcmp(command, "image") == 0 ||
        std::strcmp(command, "wait") == 0 || std::strcmp(command, "capabilities") == 0) {
        QCoreApplication app(argc, argv);
        const QStringList args = QCoreApplication::arguments().mid(1);
        Sanzaru::App::Cli::AgentCommand agent;
        QTimer::singleShot(0, &agent, [&agent, args] { agent.start(args); });
        return app.exec();
    }
    if (std::strcmp(command, "mcp") == 0) {
        QCoreApplication app(argc, argv);
        const QStringList args = QCoreApplication::arguments().mid(2);
        Sanzaru::App::McpCommand mcp;
        QTimer::singleShot(0, &mcp, [&mcp, args] { mcp.start(args); });
        return app.exec();
    }
    if (std::strcmp(command, "serve") == 0) {
        QCoreApplication app(argc, argv);
        const QStringList args = QCoreApplication::arguments().mid(2);
        Sanzaru::App::ServeCommand serve;
        QTimer::singleShot(0, &serve, [&serve, args] { serve.start(args); });
        return app.exec();
    }
    // Anything else that is not an option must be a file for the desktop app to open.
    if (command[0] != '\0' && command[0] != '-' && !QFileInfo::exists(QString::fromLocal8Bit(command))) {
        std::fprintf(stderr, "sanzaru-qt: unknown command '%s'\n\n%s", command, usage);
        return 2;
    }

    // Qt 6.4's FFmpeg backend plays Sora's H.264 MP4s with the libraries Qt Multimedia already depends on;
    // GStreamer would need extra codec packages. The user's own choice wins.
    if (qEnvironmentVariableIsEmpty("QT_MEDIA_BACKEND"))
        qputenv("QT_MEDIA_BACKEND", "ffmpeg");
    QApplication app(argc, argv);
    // The desktop entry's name (packaging/): Wayland compositors and docks match the window to it.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.sanzaru_qt.SanzaruQt"));
    QStringList files; // what QApplication left after taking its own options (-style, -platform, ...)
    QString form;      // the desktop entry's actions: New video, New image
    for (const QString &argument : QCoreApplication::arguments().mid(1)) {
        if (argument == QLatin1String("--new-video") || argument == QLatin1String("--new-image")) {
            const QString named = argument.mid(6);
            if (!form.isEmpty() && form != named) {
                std::fputs("sanzaru-qt: --new-video and --new-image exclude each other\n", stderr);
                return 2;
            }
            form = named;
        } else if (!argument.startsWith(QLatin1Char('-'))) {
            files.append(argument);
        }
    }
    Sanzaru::App::DesktopCommand desktop;
    int exitCode = 0;
    if (!desktop.start(&exitCode, files, form))
        return exitCode;
    return app.exec();
}

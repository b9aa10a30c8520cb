// SPDX-License-Identifier: MIT
#include "mainwindow.h"
#include "toolcommand.h"

#include <QApplication>
#include <QCoreApplication>
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
    "  (none)                 open the desktop app\n"
    "  tool NAME [JSON|-]     run one tool and print its JSON result (exit 0; 1 on a tool error,\n"
    "                         2 on a usage error). JSON '-' reads the arguments from stdin.\n"
    "  tool --list            list the tools with their input schemas\n"
    "  --version              print the version\n"
    "  --help                 print this help\n"
    "\n"
    "Environment:\n"
    "  OPENAI_API_KEY         API key (needed by tools that call the API)\n"
    "  OPENAI_BASE_URL        API base URL (default https://api.openai.com/v1)\n"
    "  OPENAI_ORG_ID, OPENAI_PROJECT_ID, OPENAI_CUSTOM_HEADERS\n"
    "  SANZARU_MEDIA_PATH     media root: videos/ and images/ below it (created on demand)\n"
    "  VIDEO_PATH, IMAGE_PATH override the video / image folder\n"
    "  SANZARU_QT_STALL_TIMEOUT_MS  abandon a transfer that moves no bytes for this long (60000)\n"
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
    if (command[0] != '\0' && command[0] != '-') {
        std::fprintf(stderr, "sanzaru-qt: unknown command '%s'\n\n%s", command, usage);
        return 2;
    }

    QApplication app(argc, argv);
    Sanzaru::Ui::MainWindow window;
    window.show();
    return app.exec();
}

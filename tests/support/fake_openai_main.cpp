// SPDX-License-Identifier: MIT
// fake-openai: the test suite's fake OpenAI server as a standalone process, for manual runs and for
// driving it with other clients (the official SDK, curl). Prints FAKE_OPENAI_URL=… once it listens and
// runs until killed or until its stdin reaches end of file.
#include "fakeopenaiserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>

#include <cstdio>
#include <memory>
#include <optional>
#include <unistd.h>

using Sanzaru::Testing::FakeDialect;
using Sanzaru::Testing::FakeGateway;
using Sanzaru::Testing::FakeOpenAiServer;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("fake-openai"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Fake OpenAI API server (videos, images, files, responses)."));
    parser.addHelpOption();
    const QCommandLineOption portOption(QStringLiteral("port"),
                                        QStringLiteral("TCP port on 127.0.0.1 (0 = any)."),
                                        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption keyOption(QStringLiteral("api-key"), QStringLiteral("Accepted API key."),
                                       QStringLiteral("K"), QStringLiteral("sk-test"));
    const QCommandLineOption sizeOption(QStringLiteral("video-size"),
                                        QStringLiteral("Bytes of each video's MP4."), QStringLiteral("BYTES"),
                                        QString::number(256 * 1024));
    const QCommandLineOption modelsOption(QStringLiteral("models"),
                                          QStringLiteral("Comma-separated model ids GET /v1/models lists."),
                                          QStringLiteral("IDS"));
    const QCommandLineOption noStdinOption(QStringLiteral("no-stdin"),
                                           QStringLiteral("Do not exit when stdin reaches end of file."));
    const QCommandLineOption dialectOption(
        QStringLiteral("dialect"),
        QStringLiteral("Provider imitated on /v1/videos: openai (Sora, default) or gateway (minimax/h3, "
                       "google/veo-3.1-fast, wan-ai/wan-2.6-t2v; optional size, pending/processing, float "
                       "timestamps)."),
        QStringLiteral("NAME"), QStringLiteral("openai"));
    parser.addOptions({portOption, keyOption, sizeOption, modelsOption, noStdinOption, dialectOption});
    parser.process(app);

    bool portOk = false;
    const uint port = parser.value(portOption).toUInt(&portOk);
    bool sizeOk = false;
    const qint64 videoSize = parser.value(sizeOption).toLongLong(&sizeOk);
    if (!portOk || port > 65535 || !sizeOk || videoSize < 0) {
        std::fprintf(stderr, "fake-openai: invalid --port or --video-size\n");
        return 2;
    }

    const std::optional<FakeDialect> dialect = FakeGateway::parse(parser.value(dialectOption));
    if (!dialect) {
        std::fprintf(stderr, "fake-openai: --dialect must be openai or gateway\n");
        return 2;
    }

    FakeOpenAiServer server;
    server.setDialect(*dialect);
    server.setApiKey(parser.value(keyOption).toUtf8());
    server.setVideoContentSize(videoSize);
    if (parser.isSet(modelsOption))
        server.setModelIds(parser.value(modelsOption).split(QLatin1Char(','), Qt::SkipEmptyParts));
    if (!server.start(quint16(port))) {
        std::fprintf(stderr, "fake-openai: cannot listen on 127.0.0.1:%u\n", port);
        return 1;
    }
    std::printf("FAKE_OPENAI_URL=%s\n", server.baseUrl().toString().toUtf8().constData());
    std::fflush(stdout);

    // A parent process that dies closes our stdin: leave with it instead of lingering as an orphan.
    std::unique_ptr<QSocketNotifier> stdinWatch;
    if (!parser.isSet(noStdinOption)) {
        stdinWatch = std::make_unique<QSocketNotifier>(STDIN_FILENO, QSocketNotifier::Read);
        QObject::connect(stdinWatch.get(), &QSocketNotifier::activated, &app, [&stdinWatch] {
            char buffer[4096];
            const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
            if (n <= 0) {
                stdinWatch->setEnabled(false);
                QCoreApplication::quit();
            }
        });
    }
    return app.exec();
}

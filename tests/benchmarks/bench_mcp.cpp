// SPDX-License-Identifier: MIT
// Benchmark (not a test): MCP round trips (tools/list, ping) over the local socket (McpLocalServer in this
// process, clients on their own threads with blocking sockets) and over stdio (`sanzaru-qt mcp`
// subprocesses), with 1 and 4 concurrent clients; p50/p99 in microseconds. Then the time from starting
// `sanzaru-qt mcp` to its initialize answer (in-process and relayed), median of --starts runs.
//
//   bench_mcp [--rounds 2000] [--starts 20] [--binary PATH_TO_sanzaru-qt]
#include "../mcptestsupport.h"

#include "mcp/mcplocalserver.h"
#include "mcp/mcpsocketpath.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char **environ;

using namespace Sanzaru::Core;
using Clock = std::chrono::steady_clock;

namespace {

/// A blocking line-oriented peer: a connected socket (one fd) or a child's stdin/stdout pipes.
struct LinePeer
{
    int writeFd = -1;
    int readFd = -1;
    pid_t pid = -1;
    std::string buffer;

    bool sendLine(const std::string &line) const
    {
        std::string out = line + '\n';
        const char *p = out.data();
        size_t left = out.size();
        while (left > 0) {
            const ssize_t n = ::write(writeFd, p, left);
            if (n <= 0)
                return false;
            p += n;
            left -= size_t(n);
        }
        return true;
    }
    bool readLine(std::string *line)
    {
        for (;;) {
            const size_t newline = buffer.find('\n');
            if (newline != std::string::npos) {
                line->assign(buffer, 0, newline);
                buffer.erase(0, newline + 1);
                return true;
            }
            char chunk[65536];
            const ssize_t n = ::read(readFd, chunk, sizeof chunk);
            if (n <= 0)
                return false;
            buffer.append(chunk, size_t(n));
        }
    }
    void close()
    {
        if (writeFd >= 0)
            ::close(writeFd);
        if (readFd >= 0 && readFd != writeFd)
            ::close(readFd);
        writeFd = readFd = -1;
        if (pid > 0)
            ::waitpid(pid, nullptr, 0);
        pid = -1;
    }
};

LinePeer connectSocket(const QString &path)
{
    LinePeer peer;
    const QByteArray file = QFile::encodeName(path);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, file.constData(), size_t(file.size()));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0)
        peer.writeFd = peer.readFd = fd;
    else
        ::close(fd);
    return peer;
}

/// `binary mcp` with the given SANZARU_QT_SOCKET; stderr goes to /dev/null.
LinePeer spawnMcp(const QByteArray &binary, const QByteArray &socketPath, const QByteArray &media)
{
    LinePeer peer;
    int toChild[2];
    int fromChild[2];
    if (::pipe2(toChild, O_CLOEXEC) != 0 || ::pipe2(fromChild, O_CLOEXEC) != 0)
        return peer;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, toChild[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, fromChild[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    std::vector<std::string> env;
    for (char **e = environ; *e; ++e)
        if (std::strncmp(*e, "SANZARU_", 8) != 0)
            env.emplace_back(*e);
    env.push_back("SANZARU_QT_SOCKET=" + socketPath.toStdString());
    env.push_back("SANZARU_MEDIA_PATH=" + media.toStdString());
    std::vector<char *> envp;
    for (std::string &s : env)
        envp.push_back(s.data());
    envp.push_back(nullptr);
    std::string program = binary.toStdString();
    std::string command = "mcp";
    char *argv[] = {program.data(), command.data(), nullptr};
    const int rc = posix_spawn(&peer.pid, program.c_str(), &actions, nullptr, argv, envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(toChild[0]);
    ::close(fromChild[1]);
    if (rc != 0) {
        peer.pid = -1;
        ::close(toChild[1]);
        ::close(fromChild[0]);
        return peer;
    }
    peer.writeFd = toChild[1];
    peer.readFd = fromChild[0];
    return peer;
}

std::string compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

/// initialize, then `rounds` round trips of `method`; microseconds per round trip, or empty on failure.
std::vector<double> roundTrips(LinePeer &peer, const QString &method, int rounds)
{
    std::string line;
    if (!peer.sendLine(compact(Sanzaru::Testing::initializeRequest(0))) || !peer.readLine(&line))
        return {};
    std::vector<double> samples;
    samples.reserve(size_t(rounds));
    const int warmup = std::max(50, rounds / 10);
    for (int i = 1; i <= warmup + rounds; ++i) {
        const std::string request = compact(Sanzaru::Testing::rpcRequest(i, method));
        const auto start = Clock::now();
        if (!peer.sendLine(request) || !peer.readLine(&line) || line.find("\"result\"") == std::string::npos)
            return {};
        const double us = std::chrono::duration<double, std::micro>(Clock::now() - start).count();
        if (i > warmup)
            samples.push_back(us);
    }
    return samples;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return -1;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size())))];
}

struct Row
{
    QString transport;
    QString method;
    int clients;
    std::vector<double> samples;
};

void printRow(const Row &r)
{
    std::printf("%-13s %-11s %7d %9zu %10.1f %10.1f\n", qPrintable(r.transport), qPrintable(r.method),
                r.clients, r.samples.size(), percentile(r.samples, 0.50), percentile(r.samples, 0.99));
    std::fflush(stdout);
}

/// Runs `clients` peers concurrently (each on its own thread) and merges their samples.
template <typename MakePeer>
Row runConcurrent(const QString &transport, const QString &method, int clients, int rounds, MakePeer makePeer,
                  bool spinEventLoop)
{
    Row row{transport, method, clients, {}};
    std::vector<std::vector<double>> perClient(static_cast<size_t>(clients));
    std::atomic<int> done{0};
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            LinePeer peer = makePeer();
            perClient[size_t(c)] = roundTrips(peer, method, rounds);
            peer.close();
            ++done;
        });
    }
    // The local-socket server lives on this thread: keep its event loop turning while clients run.
    while (spinEventLoop && done.load() < clients)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
    for (std::thread &t : threads)
        t.join();
    for (const auto &s : perClient) {
        if (s.empty())
            std::fprintf(stderr, "bench_mcp: a %s client failed\n", qPrintable(transport));
        row.samples.insert(row.samples.end(), s.begin(), s.end());
    }
    return row;
}

/// Milliseconds from spawning `mcp` to its initialize answer; median of `runs`.
double startupMs(const QByteArray &binary, const QByteArray &socket, const QByteArray &media, int runs,
                 bool spin)
{
    std::vector<double> times;
    std::atomic<bool> finished{false};
    std::thread worker([&] {
        for (int i = 0; i < runs; ++i) {
            const auto start = Clock::now();
            LinePeer peer = spawnMcp(binary, socket, media);
            std::string line;
            if (peer.sendLine(compact(Sanzaru::Testing::initializeRequest(0))) && peer.readLine(&line))
                times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
            peer.close(); // closing stdin makes it exit; waitpid reaps it
        }
        finished = true;
    });
    while (spin && !finished.load())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
    worker.join();
    return percentile(times, 0.5);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption roundsOption(QStringLiteral("rounds"), QStringLiteral("Round trips per client."),
                                          QStringLiteral("N"), QStringLiteral("2000"));
    const QCommandLineOption startsOption(QStringLiteral("starts"), QStringLiteral("Start-up runs."),
                                          QStringLiteral("N"), QStringLiteral("20"));
    const QCommandLineOption binaryOption(QStringLiteral("binary"), QStringLiteral("sanzaru-qt to run."),
                                          QStringLiteral("PATH"), QStringLiteral(SANZARU_QT_BINARY));
    parser.addOptions({roundsOption, startsOption, binaryOption});
    parser.process(app);
    const int rounds = qMax(1, parser.value(roundsOption).toInt());
    const int starts = qMax(1, parser.value(startsOption).toInt());
    const QByteArray binary = QFile::encodeName(parser.value(binaryOption));

    QTemporaryDir media;
    QTemporaryDir run;
    Sanzaru::Testing::McpTestEngine engine(media.path(), QUrl(QStringLiteral("http://127.0.0.1:9/v1")));
    const QString socketPath = run.path() + QStringLiteral("/bench.sock");
    const QByteArray noSocket = QFile::encodeName(run.path() + QStringLiteral("/nobody.sock"));
    const QByteArray mediaPath = QFile::encodeName(media.path());

    std::printf("%-13s %-11s %7s %9s %10s %10s\n", "transport", "method", "clients", "samples", "p50 us",
                "p99 us");
    {
        McpLocalServer server(engine.registry());
        if (server.listen(McpSocketPath::custom(socketPath)) != McpLocalServer::ListenResult::Listening) {
            std::fprintf(stderr, "bench_mcp: %s\n", qPrintable(server.errorString()));
            return 1;
        }
        for (const QString &method : {QStringLiteral("tools/list"), QStringLiteral("ping")})
            for (const int clients : {1, 4})
                printRow(runConcurrent(
                    QStringLiteral("local socket"), method, clients, rounds,
                    [&] { return connectSocket(socketPath); }, true));
    }
    for (const QString &method : {QStringLiteral("tools/list"), QStringLiteral("ping")})
        for (const int clients : {1, 4})
            printRow(runConcurrent(
                QStringLiteral("stdio"), method, clients, rounds,
                [&] { return spawnMcp(binary, noSocket, mediaPath); }, false));

    std::printf("\n%-40s %10s\n", "start -> initialize answer", "median ms");
    std::printf("%-40s %10.1f\n", "sanzaru-qt mcp (in-process)",
                startupMs(binary, noSocket, mediaPath, starts, false));
    McpLocalServer instance(engine.registry());
    if (instance.listen(McpSocketPath::custom(socketPath)) == McpLocalServer::ListenResult::Listening)
        std::printf("%-40s %10.1f\n", "sanzaru-qt mcp (relayed to an instance)",
                    startupMs(binary, QFile::encodeName(socketPath), mediaPath, starts, true));
    return 0;
}

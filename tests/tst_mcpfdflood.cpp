// SPDX-License-Identifier: MIT
// Running out of file descriptors must not end the local MCP endpoint: the real `sanzaru-qt serve`,
// started with its fd limit at 1,024 (soft and hard, so raising it cannot help), takes a flood of
// 2,000 connections and serves a normal client within 1 s after they are dropped. Also the start-up
// helper that raises the soft limit.
#include "mcptestsupport.h"

#include "common/fdlimit.h"
#include "mcp/mcplocalserver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <cstring>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

using namespace Sanzaru::Core;
using namespace Sanzaru::Testing;
using namespace Qt::StringLiterals;

namespace {

constexpr int floodConnections = 2000;
constexpr rlim_t serverFdLimit = 1024;

/// A blocking connect that gives up after a second (a full backlog blocks connect() on Unix sockets).
int connectWithin1s(const QByteArray &path)
{
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    const timeval timeout{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, path.constData(), size_t(path.size()));
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

/// "Max open files  <soft>  <hard>  files" of another process.
QString openFilesLimitOf(qint64 pid)
{
    QFile limits(u"/proc/%1/limits"_s.arg(pid));
    if (!limits.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray &line : limits.readAll().split('\n'))
        if (line.startsWith("Max open files"))
            return QString::fromLatin1(line.mid(14)).simplified();
    return {};
}

} // namespace

class TestMcpFdFlood final : public QObject
{
    Q_OBJECT

private slots:
    void raiseSoftLimitToHard()
    {
        rlimit original{};
        QCOMPARE(::getrlimit(RLIMIT_NOFILE, &original), 0);
        if (original.rlim_max == RLIM_INFINITY || original.rlim_max < 600)
            QSKIP("needs a finite hard fd limit of at least 600");
        rlimit lowered = original;
        lowered.rlim_cur = 512;
        QCOMPARE(::setrlimit(RLIMIT_NOFILE, &lowered), 0);
        QCOMPARE(FdLimit::soft(), 512L);
        QCOMPARE(FdLimit::raiseSoftToHard(), long(original.rlim_max));
        rlimit now{};
        QCOMPARE(::getrlimit(RLIMIT_NOFILE, &now), 0);
        QCOMPARE(now.rlim_cur, original.rlim_max);
        QCOMPARE(now.rlim_max, original.rlim_max);
    }

    void floodAtTheFdLimitLeavesTheSocketServing()
    {
        const QString binary = QProcessEnvironment::systemEnvironment().value(u"SANZARU_QT_BINARY"_s);
        QVERIFY(!binary.isEmpty());
        // This process holds the flood: as many descriptors as the hard limit allows, in waves if needed.
        FdLimit::raiseSoftToHard();
        const long ownLimit = FdLimit::soft();
        const int wave =
            ownLimit < 0 ? floodConnections : int(qBound(100L, ownLimit - 200, long(floodConnections)));

        QTemporaryDir home;
        QTemporaryDir run;
        QVERIFY(home.isValid() && run.isValid());
        const QString socketPath = run.path() + u"/sock/mcp.sock"_s;
        QProcessEnvironment env;
        env.insert(u"HOME"_s, home.path());
        env.insert(u"PATH"_s, u"/usr/bin:/bin"_s);
        env.insert(u"SANZARU_QT_SOCKET"_s, socketPath);
        env.insert(u"SANZARU_MEDIA_PATH"_s, home.path() + u"/media"_s);
        env.insert(u"OPENAI_API_KEY"_s, u"sk-test"_s);
        env.insert(u"OPENAI_BASE_URL"_s, u"http://127.0.0.1:9/v1"_s);
        env.insert(u"LOG_LEVEL"_s, u"warning"_s);

        QProcess serve;
        serve.setProgram(binary);
        serve.setArguments({u"serve"_s});
        serve.setProcessEnvironment(env);
        serve.setChildProcessModifier([] {
            const rlimit limit{serverFdLimit, serverFdLimit};
            ::setrlimit(RLIMIT_NOFILE, &limit);
        });
        QByteArray out;
        QByteArray err;
        connect(&serve, &QProcess::readyReadStandardOutput, this,
                [&] { out += serve.readAllStandardOutput(); });
        connect(&serve, &QProcess::readyReadStandardError, this,
                [&] { err += serve.readAllStandardError(); });
        serve.start();
        QTRY_COMPARE_WITH_TIMEOUT(serve.state(), QProcess::Running, 5000);
        auto stop = qScopeGuard([&serve] {
            if (serve.state() != QProcess::NotRunning) {
                serve.kill();
                (void)QTest::qWaitFor([&serve] { return serve.state() == QProcess::NotRunning; }, 5000);
            }
        });
        QTRY_VERIFY_WITH_TIMEOUT(out.contains("MCP_SOCKET="), 10000);
        QCOMPARE(openFilesLimitOf(serve.processId()), u"1024 1024 files"_s);

        const QByteArray path = QFile::encodeName(socketPath);
        int opened = 0;
        int refusedAtConnect = 0;
        QList<int> fds;
        QElapsedTimer flood;
        flood.start();
        while (opened + refusedAtConnect < floodConnections && flood.elapsed() < 60000) {
            for (int i = 0; i < wave && opened + refusedAtConnect < floodConnections; ++i) {
                const int fd = connectWithin1s(path);
                if (fd < 0) {
                    ++refusedAtConnect;
                    continue;
                }
                fds.append(fd);
                ++opened;
            }
            if (opened + refusedAtConnect < floodConnections) { // the next wave needs our descriptors back
                for (int fd : std::as_const(fds))
                    ::close(fd);
                fds.clear();
            }
        }
        QCOMPARE(opened + refusedAtConnect, floodConnections);
        // Clients over the cap were told why before being closed.
        int busy = 0;
        for (int fd : std::as_const(fds)) {
            char buffer[512];
            const ssize_t got = ::recv(fd, buffer, sizeof buffer - 1, MSG_DONTWAIT);
            if (got > 0 && QByteArray(buffer, int(got)).contains("\"code\":-32000"))
                ++busy;
        }
        // At the peak the server still listens: its socket file was never taken away.
        const bool presentAtPeak = QFileInfo::exists(socketPath);
        qInfo("at the peak the server holds %lld descriptors; socket file %s",
              qint64(QDir(u"/proc/%1/fd"_s.arg(serve.processId())).count()),
              presentAtPeak ? "present" : "missing");
        for (int fd : std::as_const(fds))
            ::close(fd);
        fds.clear();
        QElapsedTimer dropped;
        dropped.start();
        qInfo("%d connections opened, %d refused at connect, %d told busy (of the last wave), in %lld ms",
              opened, refusedAtConnect, busy, flood.elapsed());

        // A normal client within 1 s of the drop: initialize + tools/list.
        McpLineClient client;
        QVERIFY2(client.connectTo(socketPath), err.right(2000).constData());
        QCOMPARE(client.call(initializeRequest(1), 1000)[u"result"_s][u"protocolVersion"_s].toString(),
                 u"2025-11-25"_s);
        client.send(QJsonObject{{u"jsonrpc"_s, u"2.0"_s}, {u"method"_s, u"notifications/initialized"_s}});
        const QJsonArray tools =
            client.call(rpcRequest(2, u"tools/list"_s), 1000)[u"result"_s][u"tools"_s].toArray();
        const qint64 servedAfterMs = dropped.elapsed();
        QVERIFY2(!tools.isEmpty(), err.right(2000).constData());
        qInfo("normal client served %lld ms after the flood was dropped", servedAfterMs);
        QVERIFY2(servedAfterMs < 1000, qPrintable(u"%1 ms"_s.arg(servedAfterMs)));
        if (opened > McpLocalServer::defaultMaxClients + 50)
            QVERIFY2(busy > 0, "clients over the cap get a -32000 line");
        QVERIFY(presentAtPeak);
        QVERIFY(QFileInfo::exists(socketPath));
        QCOMPARE(serve.state(), QProcess::Running);
    }
};

QTEST_GUILESS_MAIN(TestMcpFdFlood)
#include "tst_mcpfdflood.moc"

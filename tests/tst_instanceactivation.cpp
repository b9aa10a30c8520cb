// SPDX-License-Identifier: MIT
// Single-instance activation: InstanceActivation's listen/requestActivation in-process (files delivered,
// permissions, one listener per path, stale sockets, malformed requests, a destroyed requester), then
// two real desktop processes: the second exits 0 at once and the first logs that it was asked to raise
// its window, with the file given on the second's command line.
#include "mcp/instanceactivation.h"
#include "mcp/mcplocalserver.h"
#include "mcp/mcpsocketpath.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QProcess>
#include <QProcessEnvironment>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <optional>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

using namespace Sanzaru::Core;
using namespace Qt::StringLiterals;

namespace {

int modeOf(const QString &path)
{
    struct stat st
    {
    };
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

bool makeStaleSocket(const QString &path)
{
    const QByteArray file = QFile::encodeName(path);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, file.constData(), size_t(file.size()));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    const bool bound =
        ::bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0 && ::listen(fd, 1) == 0;
    ::close(fd);
    return bound;
}

/// What a requestActivation() callback received.
struct Answer
{
    int calls = 0;
    std::optional<Result<void>> result;
};

InstanceActivation::Callback recordInto(Answer *answer)
{
    return [answer](const Result<void> &result) {
        ++answer->calls;
        answer->result.emplace(result);
    };
}

} // namespace

class TestInstanceActivation final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_paths = 0;

    QString freshPath()
    {
        const QString dir = m_dir.path() + u"/run%1"_s.arg(++m_paths);
        QDir().mkpath(dir);
        ::chmod(QFile::encodeName(dir).constData(), 0700);
        return dir + u"/mcp.activate.sock"_s;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void pathSitsBesideTheMcpSocket_data()
    {
        QTest::addColumn<QString>("mcp");
        QTest::addColumn<QString>("activation");
        QTest::newRow("default name") << u"/d/mcp.sock"_s << u"/d/mcp.activate.sock"_s;
        QTest::newRow("test name") << u"/d/test.sock"_s << u"/d/test.activate.sock"_s;
        QTest::newRow("no suffix") << u"/d/endpoint"_s << u"/d/endpoint.activate.sock"_s;
    }
    void pathSitsBesideTheMcpSocket()
    {
        QFETCH(QString, mcp);
        QFETCH(QString, activation);
        QCOMPARE(InstanceActivation::pathFor(McpSocketPath::custom(mcp)).path(), activation);
        // The per-user default keeps its private directory.
        QProcessEnvironment env;
        const McpSocketPath byDefault = McpSocketPath::fromEnvironment(env);
        QCOMPARE(InstanceActivation::pathFor(byDefault).path(),
                 McpSocketPath::userDirectory() + u"/mcp.activate.sock"_s);
    }

    void requestDeliversFiles()
    {
        const QString path = freshPath();
        InstanceActivation server;
        QCOMPARE(server.listen(McpSocketPath::custom(path)), InstanceActivation::ListenResult::Listening);
        QVERIFY(server.isListening());
        QCOMPARE(modeOf(path), 0600);
        QCOMPARE(modeOf(QFileInfo(path).path()), 0700);
        QSignalSpy requested(&server, &InstanceActivation::activationRequested);

        QObject context;
        Answer answer;
        const QStringList files{u"relative/a.png"_s, u"/abs/with space.png"_s, u"/abs/new\nline \"q\".jpg"_s};
        InstanceActivation::requestActivation(McpSocketPath::custom(path), files, &context,
                                              recordInto(&answer));
        QCOMPARE(answer.calls, 0); // never from inside requestActivation()
        QTRY_COMPARE(answer.calls, 1);
        QVERIFY2(answer.result->ok(), qPrintable(answer.result->error().message));
        QCOMPARE(requested.count(), 1);
        const QStringList expected{QDir::currentPath() + u"/relative/a.png"_s, files.at(1), files.at(2)};
        QCOMPARE(requested.at(0).at(0).toStringList(), expected);

        // Without files, and a second time on the same listener.
        InstanceActivation::requestActivation(McpSocketPath::custom(path), {}, &context, recordInto(&answer));
        QTRY_COMPARE(answer.calls, 2);
        QVERIFY(answer.result->ok());
        QCOMPARE(requested.count(), 2);
        QCOMPARE(requested.at(1).at(0).toStringList(), QStringList());
        QTest::qWait(50);
        QCOMPARE(answer.calls, 2);
        QCOMPARE(requested.count(), 2);

        server.close();
        QVERIFY2(!QFileInfo::exists(path), "close() removes the socket file");
    }

    void requestDeliversTheForm_data()
    {
        QTest::addColumn<QString>("form");
        QTest::addColumn<QStringList>("files");
        QTest::newRow("new video") << u"video"_s << QStringList();
        QTest::newRow("new image with a file") << u"image"_s << QStringList{u"/abs/b.webp"_s};
        QTest::newRow("no form") << QString() << QStringList{u"/abs/c.jpg"_s};
    }
    void requestDeliversTheForm()
    {
        QFETCH(QString, form);
        QFETCH(QStringList, files);
        const QString path = freshPath();
        InstanceActivation server;
        QCOMPARE(server.listen(McpSocketPath::custom(path)), InstanceActivation::ListenResult::Listening);
        QSignalSpy requested(&server, &InstanceActivation::activationRequested);

        QObject context;
        Answer answer;
        InstanceActivation::requestActivation(McpSocketPath::custom(path),
                                              InstanceActivation::Request{files, form}, &context,
                                              recordInto(&answer));
        QTRY_COMPARE(answer.calls, 1);
        QVERIFY2(answer.result->ok(), qPrintable(answer.result->error().message));
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.at(0).at(0).toStringList(), files);
        QCOMPARE(requested.at(0).at(1).toString(), form);
    }

    void noInstanceIsAnError()
    {
        QObject context;
        Answer answer;
        InstanceActivation::requestActivation(McpSocketPath::custom(freshPath()), {}, &context,
                                              recordInto(&answer));
        QCOMPARE(answer.calls, 0);
        QTRY_COMPARE(answer.calls, 1);
        QVERIFY(!answer.result->ok());
        QCOMPARE(answer.result->error().kind, ErrorKind::Network);

        // A directory we do not own exclusively is not even tried.
        const QString open = m_dir.path() + u"/open"_s;
        QVERIFY(QDir().mkpath(open));
        QVERIFY(::chmod(QFile::encodeName(open).constData(), 0777) == 0);
        InstanceActivation::requestActivation(McpSocketPath::custom(open + u"/mcp.activate.sock"_s), {},
                                              &context, recordInto(&answer));
        QTRY_COMPARE(answer.calls, 2);
        QCOMPARE(answer.result->error().kind, ErrorKind::Config);
    }

    void staleSocketIsRecovered()
    {
        const QString path = freshPath();
        QVERIFY(makeStaleSocket(path));
        QVERIFY(!McpLocalServer::isAnswering(path));
        QObject context;
        Answer answer;
        InstanceActivation::requestActivation(McpSocketPath::custom(path), {}, &context, recordInto(&answer));
        QTRY_COMPARE(answer.calls, 1);
        QVERIFY(!answer.result->ok()); // a crashed instance cannot be raised...

        InstanceActivation server; // ...and does not keep the next one from starting
        QCOMPARE(server.listen(McpSocketPath::custom(path)), InstanceActivation::ListenResult::Listening);
        QSignalSpy requested(&server, &InstanceActivation::activationRequested);
        InstanceActivation::requestActivation(McpSocketPath::custom(path), {}, &context, recordInto(&answer));
        QTRY_COMPARE(answer.calls, 2);
        QVERIFY(answer.result->ok());
        QCOMPARE(requested.count(), 1);
        server.close();

        // A regular file in its place is not ours to delete.
        QFile plain(path);
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.write("keep me");
        plain.close();
        QCOMPARE(server.listen(McpSocketPath::custom(path)), InstanceActivation::ListenResult::Failed);
        QVERIFY(plain.open(QIODevice::ReadOnly));
        QCOMPARE(plain.readAll(), QByteArray("keep me"));
    }

    void secondListenerIsRefused()
    {
        const QString path = freshPath();
        InstanceActivation first;
        QCOMPARE(first.listen(McpSocketPath::custom(path)), InstanceActivation::ListenResult::Listening);
        InstanceActivation second;
        QCOMPARE(second.listen(McpSocketPath::custom(path)),
                 InstanceActivation::ListenResult::AlreadyRunning);
        second.close(); // must not remove the first one's socket
        QVERIFY(QFileInfo::exists(path));
        QVERIFY(McpLocalServer::isAnswering(path));
        first.close();
        QCOMPARE(second.listen(McpSocketPath::custom(path)), InstanceActivation::ListenResult::Listening);
    }

    void malformedRequestIsIgnored_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::newRow("other word") << QByteArray("hello\n");
        QTest::newRow("not an array") << QByteArray("activate {\"a\":1}\n");
        QTest::newRow("not strings") << QByteArray("activate [1, 2]\n");
        QTest::newRow("broken JSON") << QByteArray("activate [\"a\"\n");
        QTest::newRow("unknown form") << QByteArray("activate {\"files\":[],\"form\":\"sound\"}\n");
        QTest::newRow("form not a string") << QByteArray("activate {\"files\":[],\"form\":1}\n");
        QTest::newRow("form without files") << QByteArray("activate {\"form\":\"video\"}\n");
        QTest::newRow("extra key") << QByteArray("activate {\"files\":[],\"form\":\"video\",\"x\":1}\n");
        QTest::newRow("files not strings") << QByteArray("activate {\"files\":[1],\"form\":\"video\"}\n");
        QTest::newRow("a scalar") << QByteArray("activate \"video\"\n");
    }
    void malformedRequestIsIgnored()
    {
        QFETCH(QByteArray, request);
        const QString path = freshPath();
        InstanceActivation server;
        QCOMPARE(server.listen(McpSocketPath::custom(path)), InstanceActivation::ListenResult::Listening);
        QSignalSpy requested(&server, &InstanceActivation::activationRequested);
        QLocalSocket raw;
        QByteArray answer;
        bool closed = false;
        connect(&raw, &QLocalSocket::readyRead, this, [&] { answer += raw.readAll(); });
        connect(&raw, &QLocalSocket::disconnected, this, [&] { closed = true; });
        raw.connectToServer(path);
        QTRY_COMPARE(raw.state(), QLocalSocket::ConnectedState);
        raw.write(request);
        QTRY_VERIFY(closed);
        QCOMPARE(answer, QByteArray("error\n"));
        QCOMPARE(requested.count(), 0);
    }

    void destroyedContextGetsNoCallback()
    {
        // An instance that accepts and never answers: the request is pending when its context goes.
        QLocalServer mute;
        const QString path = freshPath();
        QVERIFY(mute.listen(path));
        QList<QLocalSocket *> accepted;
        connect(&mute, &QLocalServer::newConnection, this, [&] {
            while (QLocalSocket *s = mute.nextPendingConnection())
                accepted.append(s);
        });
        Answer answer;
        auto context = std::make_unique<QObject>();
        InstanceActivation::requestActivation(McpSocketPath::custom(path), {}, context.get(),
                                              recordInto(&answer), 300);
        QTRY_COMPARE(accepted.size(), 1);
        QTRY_VERIFY(accepted.first()->bytesAvailable() > 0 || accepted.first()->canReadLine());
        context.reset();
        QTRY_COMPARE(accepted.first()->state(), QLocalSocket::UnconnectedState);
        QTest::qWait(500); // past the request's own timeout
        QCOMPARE(answer.calls, 0);

        // With the context alive, the timeout is reported once.
        QObject alive;
        InstanceActivation::requestActivation(McpSocketPath::custom(path), {}, &alive, recordInto(&answer),
                                              300);
        QTRY_COMPARE(answer.calls, 1);
        QCOMPARE(answer.result->error().kind, ErrorKind::Timeout);
    }

    void secondDesktopLaunchRaisesTheFirst_data()
    {
        QTest::addColumn<bool>("afterCrash");
        QTest::newRow("clean start") << false;
        QTest::newRow("after a crashed instance") << true;
    }
    void secondDesktopLaunchRaisesTheFirst()
    {
        QFETCH(bool, afterCrash);
        const QString binary = qEnvironmentVariable("SANZARU_QT_BINARY");
        QVERIFY2(!binary.isEmpty() && QFileInfo(binary).isExecutable(), "SANZARU_QT_BINARY is not set");
        QTemporaryDir home;
        QVERIFY(home.isValid());
        const QString run = home.path() + u"/run"_s;
        QVERIFY(QDir().mkpath(run));
        QVERIFY(::chmod(QFile::encodeName(run).constData(), 0700) == 0);
        const QString mcpSocket = run + u"/mcp.sock"_s;
        const QString activationSocket = run + u"/mcp.activate.sock"_s;
        const QString image = home.path() + u"/picture.png"_s;
        QFile(image).open(QIODevice::WriteOnly);

        QProcessEnvironment env;
        env.insert(u"PATH"_s, QProcessEnvironment::systemEnvironment().value(u"PATH"_s, u"/usr/bin:/bin"_s));
        env.insert(u"HOME"_s, home.path());
        env.insert(u"XDG_CONFIG_HOME"_s, home.path() + u"/config"_s);
        env.insert(u"XDG_DATA_HOME"_s, home.path() + u"/data"_s);
        env.insert(u"XDG_CACHE_HOME"_s, home.path() + u"/cache"_s);
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        env.insert(u"SANZARU_QT_SOCKET"_s, mcpSocket);
        env.insert(u"SANZARU_MEDIA_PATH"_s, home.path() + u"/media"_s);
        env.insert(u"OPENAI_BASE_URL"_s, u"http://127.0.0.1:9/v1"_s);
        env.insert(u"LOG_LEVEL"_s, u"debug"_s);

        if (afterCrash) {
            // An instance killed outright leaves both socket files behind; the next start replaces them.
            QProcess crashed;
            crashed.setProgram(binary);
            crashed.setProcessEnvironment(env);
            crashed.setWorkingDirectory(home.path());
            crashed.start();
            QTRY_VERIFY_WITH_TIMEOUT(McpLocalServer::isAnswering(activationSocket), 30000);
            crashed.kill();
            QTRY_COMPARE_WITH_TIMEOUT(crashed.state(), QProcess::NotRunning, 10000);
            QVERIFY(QFileInfo::exists(activationSocket));
            QVERIFY(QFileInfo::exists(mcpSocket));
            QVERIFY(!McpLocalServer::isAnswering(activationSocket));
        }

        QProcess first;
        first.setProgram(binary);
        first.setArguments({u"--new-image"_s}); // the desktop entry's New image action
        first.setProcessEnvironment(env);
        first.setWorkingDirectory(home.path());
        QByteArray firstErr;
        connect(&first, &QProcess::readyReadStandardError, this,
                [&] { firstErr += first.readAllStandardError(); });
        first.start();
        const auto stopFirst = qScopeGuard([&first] {
            if (first.state() != QProcess::NotRunning) {
                first.kill();
                (void)QTest::qWaitFor([&first] { return first.state() == QProcess::NotRunning; }, 10000);
            }
        });
        QTRY_VERIFY2_WITH_TIMEOUT(McpLocalServer::isAnswering(activationSocket), firstErr.constData(), 30000);
        QVERIFY(McpLocalServer::isAnswering(mcpSocket));
        QTRY_COMPARE(modeOf(activationSocket), 0600); // chmod-ed right after listen()
        if (afterCrash)
            QTRY_VERIFY2(firstErr.contains("removing stale activation socket"), firstErr.constData());
        QTRY_VERIFY2(firstErr.contains("showing the new image form"), firstErr.constData());

        QProcess second;
        second.setProgram(binary);
        second.setArguments({u"picture.png"_s});
        second.setProcessEnvironment(env);
        second.setWorkingDirectory(home.path());
        QSignalSpy secondFinished(&second, &QProcess::finished);
        QElapsedTimer clock;
        clock.start();
        second.start();
        QTRY_COMPARE_WITH_TIMEOUT(secondFinished.count(), 1, 20000);
        const QByteArray secondErr = second.readAllStandardError();
        QCOMPARE(second.exitStatus(), QProcess::NormalExit);
        QVERIFY2(second.exitCode() == 0, secondErr.constData());
        QVERIFY2(!secondErr.contains("could not raise"), secondErr.constData());
        qDebug() << "second launch took" << clock.elapsed() << "ms";

        // The first heard it, with the file made absolute, and is still running.
        QTRY_VERIFY2_WITH_TIMEOUT(firstErr.contains("activation requested"), firstErr.constData(), 10000);
        QVERIFY2(firstErr.contains(image.toUtf8()), firstErr.constData());
        QTRY_VERIFY2(firstErr.contains("raising the window"), firstErr.constData());
        QCOMPARE(first.state(), QProcess::Running);

        // The New video action while the app runs: the running window shows the video form.
        QProcess third;
        third.setProgram(binary);
        third.setArguments({u"--new-video"_s});
        third.setProcessEnvironment(env);
        third.setWorkingDirectory(home.path());
        QSignalSpy thirdFinished(&third, &QProcess::finished);
        third.start();
        QTRY_COMPARE_WITH_TIMEOUT(thirdFinished.count(), 1, 20000);
        const QByteArray thirdErr = third.readAllStandardError();
        QVERIFY2(third.exitStatus() == QProcess::NormalExit && third.exitCode() == 0, thirdErr.constData());
        QTRY_VERIFY2_WITH_TIMEOUT(firstErr.contains("showing the new video form"), firstErr.constData(),
                                  10000);
        QCOMPARE(first.state(), QProcess::Running);

        // SIGTERM: a clean exit that removes both sockets.
        QSignalSpy firstFinished(&first, &QProcess::finished);
        first.terminate();
        QTRY_COMPARE_WITH_TIMEOUT(firstFinished.count(), 1, 20000);
        QVERIFY(!QFileInfo::exists(activationSocket));
        QVERIFY(!QFileInfo::exists(mcpSocket));
    }
};

QTEST_GUILESS_MAIN(TestInstanceActivation)
#include "tst_instanceactivation.moc"

// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

#include <functional>

class QLocalServer;
class QObject;

namespace Sanzaru::Core {

class GuardedLocalServer;
class McpSocketPath;

/// A QLocalServer on a per-user socket path that one process owns at a time. "<path>.lock" is flock()ed
/// (the kernel releases it when its holder dies, so a crash never blocks the next start); a live peer on the
/// path wins; a stale socket of ours is replaced; anything else at the path is refused. The socket is 0600
/// inside the private 0700 directory that McpSocketPath prepares. Shared by the MCP endpoint and the
/// single-instance activation socket.
///
/// Running out of file descriptors does not end it (see GuardedLocalServer): should the listener close
/// anyway, it listens again on the same path while still holding the lock, so the socket file is never
/// missing for long while this process owns the path.
class UserSocketListener
{
public:
    enum class Outcome { Listening, AlreadyRunning, Failed };

    UserSocketListener() = default;
    ~UserSocketListener();
    UserSocketListener(const UserSocketListener &) = delete;
    UserSocketListener &operator=(const UserSocketListener &) = delete;

    /// alreadyRunning: the error when another instance owns the path; what: the socket's name in log lines
    /// ("MCP socket"). The server is created as a child of serverParent (its thread).
    Outcome listen(const McpSocketPath &location, const QString &alreadyRunning, const QString &what,
                   QObject *serverParent);
    /// Connections admit() refuses get refusalLine and are closed at once (set before listen()).
    void setAdmission(std::function<bool()> admit, const QByteArray &refusalLine);
    /// Closes the server (removing the socket file) and releases the lock. Safe to call twice.
    void close();

    /// The listening server, or nullptr.
    QLocalServer *server() const;
    bool isListening() const;
    QString errorString() const { return m_error; }

    /// Whether a live server answers on this socket path (a non-blocking connect probe).
    static bool isAnswering(const QString &socketPath);

private:
    bool takeLock(const QString &lockPath);
    void releaseLock();
    void relisten(int attempt);

    GuardedLocalServer *m_server = nullptr;
    std::function<bool()> m_admit;
    QByteArray m_refusalLine;
    QString m_path;
    QString m_what;
    QString m_error;
    int m_lockFd = -1;
};

} // namespace Sanzaru::Core

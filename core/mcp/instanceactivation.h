// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "mcp/mcpsocketpath.h"
#include "mcp/usersocketlistener.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <utility>

class QLocalServer;
class QLocalSocket;

namespace Sanzaru::Core {

/// Single-instance activation: the running desktop app listens on a small local socket beside its MCP
/// socket; launching the app again connects to it, asks the first instance to raise its window (and
/// open files given on the command line) and leaves once that is acknowledged.
///
/// Wire format, one line each way: the launcher sends `activate`, `activate ["/abs/a.png", ...]` (a JSON
/// array, so any file name survives) or, when it also names the form to show, `activate {"files": [...],
/// "form": "video"|"image"}`; the instance answers `ok` and closes. Launchers without a form keep sending
/// the array, which every version of the app understands.
///
/// Socket rules are McpLocalServer's: private 0700 directory, socket 0600 (UserAccessOption), peers of
/// another uid refused, a `<socket>.lock` flock decides who owns the path, and a socket file nobody
/// answers on (a crashed instance) is replaced instead of blocking start-up.
class InstanceActivation final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InstanceActivation)

public:
    using ListenResult = UserSocketListener::Outcome;
    /// The launcher's callback: success, or why the running instance could not be asked.
    using Callback = std::function<void(const Result<void> &)>;

    static constexpr int defaultRequestTimeoutMs = 5000;

    /// What a launch asks of the running instance. Implicit from a file list: most launches name files only.
    struct Request
    {
        Request() = default;
        Request(QStringList files, QString form = {})
            : files(std::move(files))
            , form(std::move(form))
        {}
        QStringList files; ///< pictures to import as references
        QString form; ///< "video" or "image": the creation form to show; empty: leave the window as it is
    };
    /// The forms a request may name.
    static bool isKnownForm(const QString &form);

    explicit InstanceActivation(QObject *parent = nullptr);
    ~InstanceActivation() override;

    /// The activation socket that belongs to an MCP socket: `<dir>/<name>.activate.sock` for
    /// `<dir>/<name>.sock` (mcp.sock → mcp.activate.sock), so instances isolated by SANZARU_QT_SOCKET in
    /// a shared directory never reach each other's window.
    static McpSocketPath pathFor(const McpSocketPath &mcpSocket);

    ListenResult listen(const McpSocketPath &location);
    /// Stops listening, removes the socket file and releases the lock.
    void close();
    bool isListening() const;
    QString socketPath() const { return m_path; }
    QString errorString() const { return m_error; }

    /// Asks the instance listening on `location` to activate, open `request.files` (made absolute here: the
    /// instance runs in another working directory) and show `request.form` (empty or one of isKnownForm()).
    /// `callback` runs once, later (never inside this call), in `context`'s thread, and not at all if
    /// `context` is destroyed first.
    static void requestActivation(const McpSocketPath &location, const Request &request, QObject *context,
                                  Callback callback, int timeoutMs = defaultRequestTimeoutMs);

signals:
    /// A second launch asked for the window; `files` are absolute paths (possibly none), `form` is empty or
    /// a known form.
    void activationRequested(const QStringList &files, const QString &form);

private:
    void acceptConnections();
    void readRequest(QLocalSocket *socket);

    UserSocketListener m_listener;
    QList<QLocalSocket *> m_pending; ///< connected launchers whose line is not complete yet
    QString m_path;
    QString m_error;
};

} // namespace Sanzaru::Core

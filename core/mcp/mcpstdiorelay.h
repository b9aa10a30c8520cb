// SPDX-License-Identifier: MIT
#pragma once

#include "mcp/mcpsocketpath.h"

#include <QObject>

#include <unistd.h>

class QLocalSocket;

namespace Sanzaru::Core {

class FdReader;
class FdWriter;

/// `sanzaru-qt mcp` when an app instance of this user runs: stdin bytes go to its local socket and the
/// socket's bytes come back on stdout, so the client's jobs appear in that instance's window. Both
/// directions are newline-delimited JSON already (the server writes whole lines), so bytes pass through
/// unparsed. When nobody answers, noInstance() tells the caller to serve in-process instead.
///
/// End of stdin behaves as in-process: what the instance answers at once (initialize, ping, tools/list,
/// errors) still reaches stdout, calls still running are cancelled. To know when "at once" is over, the
/// relay sends its own ping and disconnects when that answer (which it swallows) comes back.
class McpStdioRelay final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(McpStdioRelay)

public:
    explicit McpStdioRelay(QObject *parent = nullptr);
    ~McpStdioRelay() override;

    /// Tries the socket; emits relaying() or noInstance() later (never from inside this call).
    void start(const McpSocketPath &location, int inFd = STDIN_FILENO, int outFd = STDOUT_FILENO);

signals:
    void relaying();
    void noInstance();
    /// 0 after end of stdin, 1 when the instance went away; stdout is flushed.
    void finished(int exitCode);

private:
    void onConnected();
    void onSocketData();
    void onStdinEnd();
    void onSocketGone();
    void end(int exitCode);

    QLocalSocket *m_socket = nullptr;
    FdReader *m_reader = nullptr;
    FdWriter *m_writer = nullptr;
    QString m_path;
    int m_inFd = STDIN_FILENO;
    int m_outFd = STDOUT_FILENO;
    QByteArray m_marker; ///< id of the relay's closing ping, once stdin ended
    QByteArray m_tail;   ///< after stdin ended: bytes of an unfinished line from the instance
    bool m_connected = false;
    bool m_ending = false;
    int m_exitCode = 0;
};

} // namespace Sanzaru::Core

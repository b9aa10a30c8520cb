// SPDX-License-Identifier: MIT
#pragma once

#include "mcp/lineframer.h"
#include "mcp/mcpsession.h"

#include <QObject>

#include <unistd.h>

namespace Sanzaru::Core {

class FdReader;
class FdWriter;
class ToolRegistry;

/// One MCP session over stdin/stdout (the transport MCP clients launch a command for). stdin is read on
/// FdReader's thread, stdout gets nothing but MCP messages, one per line, written by FdWriter. End of
/// stdin means "exit now": the calls in flight are cancelled, what is queued is flushed, finished(0).
class McpStdioServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(McpStdioServer)

public:
    explicit McpStdioServer(const ToolRegistry *registry, QObject *parent = nullptr);
    ~McpStdioServer() override;

    void setMaxMessageBytes(qsizetype bytes) { m_framer = LineFramer(bytes); }
    void start(int inFd = STDIN_FILENO, int outFd = STDOUT_FILENO);

signals:
    /// The session ended: 0 after end of stdin (or a closed stdout), 1 after an over-long message.
    /// Everything written before is on its way out; the caller may quit.
    void finished(int exitCode);

private:
    void onData(const QByteArray &bytes);
    void shutDown(int exitCode);

    McpSession m_session;
    LineFramer m_framer;
    FdReader *m_reader = nullptr;
    FdWriter *m_writer = nullptr;
    bool m_ending = false;
    int m_exitCode = 0;
};

} // namespace Sanzaru::Core

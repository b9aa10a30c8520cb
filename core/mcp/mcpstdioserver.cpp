// SPDX-License-Identifier: MIT
#include "mcpstdioserver.h"

#include "mcp/fdreader.h"
#include "mcp/fdwriter.h"
#include "mcp/mcpiolog.h"
#include "mcp/mcpwire.h"

namespace Sanzaru::Core {

McpStdioServer::McpStdioServer(const ToolRegistry *registry, QObject *parent)
    : QObject(parent)
    , m_session(registry)
{}

McpStdioServer::~McpStdioServer()
{
    m_session.close();
}

void McpStdioServer::start(int inFd, int outFd)
{
    m_reader = new FdReader(inFd, this);
    m_writer = new FdWriter(outFd, this);
    connect(&m_session, &McpSession::messageReady, m_writer, &FdWriter::writeLine);
    connect(m_reader, &FdReader::dataRead, this, &McpStdioServer::onData);
    connect(m_reader, &FdReader::endOfFile, this, [this] {
        qCDebug(lcMcpIo) << "stdin closed; ending the MCP session";
        shutDown(0);
    });
    connect(m_writer, &FdWriter::failed, this, [this] {
        qCInfo(lcMcpIo) << "stdout closed by the client; ending the MCP session";
        shutDown(0);
    });
    connect(m_writer, &FdWriter::finished, this, [this] { emit finished(m_exitCode); });
    m_reader->start();
    qCDebug(lcMcpIo) << "MCP session on stdio";
}

void McpStdioServer::onData(const QByteArray &bytes)
{
    if (m_ending)
        return;
    QList<QByteArray> messages;
    const bool ok = m_framer.feed(bytes, &messages);
    for (const QByteArray &message : std::as_const(messages)) {
        if (m_ending)
            return;
        m_session.receive(message);
    }
    if (!ok && !m_ending) {
        qCWarning(lcMcpIo) << "stdin carried a message over" << m_framer.maxMessageBytes() << "bytes; ending";
        m_writer->writeLine(McpWire::oversizedError(m_framer.maxMessageBytes()));
        shutDown(1);
    }
}

void McpStdioServer::shutDown(int exitCode)
{
    if (m_ending)
        return;
    m_ending = true;
    m_exitCode = exitCode;
    m_session.close(); // cancels the calls in flight; nothing more is emitted
    m_writer->finish();
}

} // namespace Sanzaru::Core

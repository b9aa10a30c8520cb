// SPDX-License-Identifier: MIT
#include "mcpstdiorelay.h"

#include "mcp/fdreader.h"
#include "mcp/fdwriter.h"
#include "mcp/mcpiolog.h"

#include <QLocalSocket>
#include <QRandomGenerator>
#include <QTimer>

namespace Sanzaru::Core {

McpStdioRelay::McpStdioRelay(QObject *parent)
    : QObject(parent)
{}

McpStdioRelay::~McpStdioRelay() = default;

void McpStdioRelay::start(const McpSocketPath &location, int inFd, int outFd)
{
    m_inFd = inFd;
    m_outFd = outFd;
    m_path = location.path();
    // A socket in a directory another user controls could be anybody's: do not even try it.
    if (const Result<void> ok = location.check(); !ok) {
        qCDebug(lcMcpIo) << "no usable MCP socket:" << ok.error().message;
        QMetaObject::invokeMethod(this, &McpStdioRelay::noInstance, Qt::QueuedConnection);
        return;
    }
    m_socket = new QLocalSocket(this);
    connect(m_socket, &QLocalSocket::connected, this, &McpStdioRelay::onConnected, Qt::QueuedConnection);
    connect(
        m_socket, &QLocalSocket::errorOccurred, this,
        [this](QLocalSocket::LocalSocketError error) {
            if (!m_connected) {
                qCDebug(lcMcpIo) << "no sanzaru-qt instance on" << m_path << error;
                emit noInstance();
            }
        },
        Qt::QueuedConnection);
    connect(m_socket, &QLocalSocket::disconnected, this, &McpStdioRelay::onSocketGone, Qt::QueuedConnection);
    m_socket->connectToServer(m_path);
}

void McpStdioRelay::onConnected()
{
    if (!McpSocketPath::peerIsOwner(m_socket->socketDescriptor())) {
        qCWarning(lcMcpIo) << "the process on" << m_path << "runs as another user; not relaying";
        m_socket->abort();
        emit noInstance();
        return;
    }
    m_connected = true;
    qCInfo(lcMcpIo) << "relaying MCP to the running sanzaru-qt instance on" << m_path;
    m_reader = new FdReader(m_inFd, this);
    m_writer = new FdWriter(m_outFd, this);
    connect(m_reader, &FdReader::dataRead, m_socket, [this](const QByteArray &bytes) {
        if (!m_ending)
            m_socket->write(bytes);
    });
    connect(m_reader, &FdReader::endOfFile, this, &McpStdioRelay::onStdinEnd);
    connect(m_socket, &QLocalSocket::readyRead, this, &McpStdioRelay::onSocketData);
    connect(m_writer, &FdWriter::failed, this, [this] { end(0); });
    connect(m_writer, &FdWriter::finished, this, [this] { emit finished(m_exitCode); });
    m_reader->start();
    emit relaying();
    if (m_socket->bytesAvailable() > 0)
        onSocketData();
}

void McpStdioRelay::onSocketData()
{
    if (m_marker.isEmpty()) {
        m_writer->write(m_socket->readAll());
        return;
    }
    m_tail += m_socket->readAll();
    qsizetype newline;
    while ((newline = m_tail.indexOf('\n')) >= 0) {
        const QByteArray line = m_tail.left(newline + 1);
        m_tail.remove(0, newline + 1);
        if (line.contains(m_marker))
            return end(0); // everything answered before our ping is out
        m_writer->write(line);
    }
}

void McpStdioRelay::onStdinEnd()
{
    if (m_ending || !m_marker.isEmpty())
        return;
    const quint64 nonce = QRandomGenerator::system()->generate64();
    m_marker = "sanzaru-qt-relay-" + QByteArray::number(nonce, 16);
    // The leading newline ends a last request the client sent without one.
    m_socket->write("\n{\"jsonrpc\":\"2.0\",\"id\":\"" + m_marker + "\",\"method\":\"ping\"}\n");
    QTimer::singleShot(5000, this, [this] { end(0); }); // an instance too busy to answer does not keep us
}

void McpStdioRelay::onSocketGone()
{
    if (!m_connected)
        return;
    if (!m_ending)
        qCWarning(lcMcpIo) << "the sanzaru-qt instance closed the MCP connection";
    end(1);
}

void McpStdioRelay::end(int exitCode)
{
    if (m_ending)
        return;
    m_ending = true;
    m_exitCode = exitCode;
    if (m_marker.isEmpty() && m_socket->bytesAvailable() > 0)
        m_writer->write(m_socket->readAll());
    // disconnectFromServer() sends what is still queued first; the instance then cancels our calls.
    m_socket->disconnectFromServer();
    m_writer->finish();
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QLocalServer>

#include <functional>

namespace Sanzaru::Core {

/// A QLocalServer that survives running out of file descriptors.
///
/// QLocalServer closes itself and deletes its socket file when accept() fails once (EMFILE at the fd
/// limit), so one flood of connections would end the endpoint for good. This server (1) refuses a
/// connection it may not admit at once: it writes one line to it and closes the descriptor, so refused
/// clients hold nothing; (2) keeps one spare descriptor and refuses a connection that would use the
/// last free one, so accept() itself keeps finding a descriptor; (3) notices when the listener was
/// closed anyway (listenerFailed()) so the owner can listen again on the same path.
class GuardedLocalServer final : public QLocalServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GuardedLocalServer)

public:
    explicit GuardedLocalServer(QObject *parent = nullptr);
    ~GuardedLocalServer() override;

    /// admit() is asked for every accepted connection; when it says no, refusalLine (one JSON-RPC
    /// message, without the newline) is written to the client and the connection is closed.
    void setAdmission(std::function<bool()> admit, const QByteArray &refusalLine);
    /// The line written to a connection refused for lack of descriptors or by admit().
    QByteArray refusalLine() const { return m_refusalLine; }

    /// Listens on path, using the spare descriptor when no other is free. Watches the listener afterwards.
    bool listenGuarded(const QString &path);

signals:
    /// The listener stopped although nobody closed it (an accept() error); the socket file is gone.
    void listenerFailed();

protected:
    void incomingConnection(quintptr socketDescriptor) override;

private:
    void refuse(int fd);
    void watchListener();
    void openSpare();
    void closeSpare();

    std::function<bool()> m_admit;
    QByteArray m_refusalLine;
    int m_spareFd = -1;
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace Sanzaru::Core {

/// Where the per-user MCP socket lives. Computed from the uid and HOME alone (plus SANZARU_QT_SOCKET),
/// never from XDG_RUNTIME_DIR or TMPDIR: `sanzaru-qt mcp` launched by an MCP client with only HOME,
/// LOGNAME, PATH, SHELL, TERM and USER must find the socket of the app the user started from the desktop.
///
/// The folder is the first usable one of an ordered list that servers and clients walk alike:
///   1. /run/user/<uid>/sanzaru-qt   when /run/user/<uid> (the usual XDG_RUNTIME_DIR) exists and is ours,
///   2. /tmp/sanzaru-qt-<uid>,
///   3. $HOME/.cache/sanzaru-qt/run.
/// A candidate is usable when it is missing (a server creates it 0700) or is a real directory we own; one
/// that somebody else owns, or a symlink, is skipped (so another user pre-creating /tmp/sanzaru-qt-<uid>
/// cannot block us). A candidate where a live server already answers wins over all of them, so a client
/// finds a server that had to fall back and a second server sees the first.
class McpSocketPath
{
public:
    /// SANZARU_QT_SOCKET when set (a path, or a bare name placed in userDirectory()), else the default.
    static McpSocketPath
    fromEnvironment(const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
    /// An explicit socket path (its directory is created 0700 when missing, never chmod-ed when present).
    static McpSocketPath custom(const QString &socketPath);
    /// The private per-user directory (not created here): the first usable candidate.
    static QString userDirectory();
    /// The ordered candidate folders (see the class comment).
    static QStringList candidateDirectories();
    /// Tests only: replaces the candidate list (an empty list restores the real one).
    static void setCandidateDirectoriesForTesting(const QStringList &directories);

    QString path() const { return m_path; }
    QString directory() const;
    /// Another socket in the same directory, under the same rules (e.g. the instance-activation socket).
    McpSocketPath sibling(const QString &fileName) const;

    /// For servers: creates the directory (0700) when missing and checks it (see check()). Our own
    /// per-user directory is also tightened to 0700 when it is ours but looser.
    Result<void> prepare() const;
    /// For clients and servers: the directory exists, is a real directory owned by us and nobody else may
    /// write to it (so nobody can swap the socket), and the path fits a sockaddr_un.
    Result<void> check() const;

    /// Whether the peer of a connected Unix socket runs as our uid (SO_PEERCRED). Defence in depth:
    /// the 0700 directory and 0600 socket already keep other users out.
    static bool peerIsOwner(qintptr socketDescriptor);

private:
    McpSocketPath(const QString &path, bool dedicated);
    /// The folder of the first candidate where a server answers on fileName, else the first usable one.
    static QString resolveDirectory(const QString &fileName);

    QString m_path;
    bool m_dedicated = false; ///< the directory is ours alone (the default or a bare SANZARU_QT_SOCKET name)
};

} // namespace Sanzaru::Core

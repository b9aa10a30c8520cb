// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "storage/privatefile.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace Sanzaru::Core {

/// The bearer token of the MCP HTTP endpoint: 256 bits from the system CSPRNG as 64 hex digits, one per
/// install, in a file only the user can read beside the app's settings. The file is written to a temporary
/// name created 0600 and renamed into place, so it is never readable by others, not even briefly. A token
/// file that is a symbolic link, not a regular file, not ours, readable or writable by others, or malformed
/// is never used: a new token replaces it (the old one may have leaked). Not thread-safe; one thread.
class McpHttpTokenStore
{
public:
    /// "<folder of the QSettings file>/mcp-http-token", e.g. ~/.config/sanzaru-qt/mcp-http-token.
    static QString defaultFilePath();

    explicit McpHttpTokenStore(QString filePath);

    QString filePath() const { return m_path; }

    /// The current token, created when missing. The file is read again only when it changed on disk
    /// (one stat() per call), so a server calling this for each request honours a rotation made by
    /// another process (`serve --rotate-token`, the window's Rotate button) from the next request on.
    Result<QByteArray> token();
    /// Replaces the token with a new random one and returns it.
    Result<QByteArray> rotate();

    /// Whether presented equals token, in time independent of where they differ (both are hashed first,
    /// so the comparison does not even depend on the presented length).
    static bool matches(QByteArrayView presented, QByteArrayView token);
    /// 64 lower-case hex digits.
    static bool isWellFormed(QByteArrayView token);

private:
    Result<QByteArray> write(PrivateFile::Write mode);
    Result<QByteArray> read(bool mayReplace);
    Result<QByteArray> replaceUnusable(const QString &why, bool mayReplace);

    QString m_path;
    QByteArray m_token;
    PrivateFile::Identity m_identity;
};

} // namespace Sanzaru::Core

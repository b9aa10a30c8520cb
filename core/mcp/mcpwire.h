// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

namespace Sanzaru::Core {

/// JSON-RPC messages the transports produce themselves, outside any session (framing and HTTP-level
/// failures). They carry no "id": the request that caused them could not be read (MCP 2025-11-25 makes
/// the id optional for exactly this case).
class McpWire
{
public:
    enum Code { ParseError = -32700, InvalidRequest = -32600, ServerBusy = -32000 };

    static QByteArray idLessError(int code, const QString &message);
    /// -32600 "message exceeds 64 MiB" (the cap as the client would say it).
    static QByteArray oversizedError(qsizetype maxMessageBytes);
    /// -32000 "server busy": the transport already serves its maximum of maxClients connections.
    static QByteArray busyError(int maxClients);
    /// "64 MiB", "512 KiB" or "1000 bytes".
    static QString sizeText(qsizetype bytes);
};

} // namespace Sanzaru::Core

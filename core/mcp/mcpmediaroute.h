// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QtGlobal>

namespace Sanzaru::Core {

class McpHttpConnection;
class ToolContext;
struct McpHttpRequest;

/// `GET|HEAD /media/{video|image}/{filename}` on the MCP HTTP endpoint: the bytes of a file in the media
/// folder, as sanzaru's route, without base64. Behind the same Host/Origin checks and bearer token as
/// /mcp (the caller checks those first). The name is percent-decoded and goes through the folder's
/// sandbox: a name it refuses (traversal, control characters, a symlink, not a regular file) → 403, a
/// missing file → 404, another media type → 400. The file is streamed from an O_NOFOLLOW descriptor in small pieces as the
/// socket drains. One byte range (`bytes=a-b`, `a-`, `-n`) → 206 with Content-Range; a range outside the
/// file → 416 with `Content-Range: bytes */size`; several ranges or a malformed header → the whole file.
class McpMediaRoute
{
public:
    struct ByteRange
    {
        qint64 first = 0;
        qint64 last = -1; ///< inclusive
    };
    enum class RangeKind { None, Satisfiable, Unsatisfiable };

    static bool matches(const QByteArray &path) { return path.startsWith("/media/"); }
    /// Parses a Range header against a file of size bytes (RFC 9110 §14.1.2, one range only).
    static RangeKind parseRange(const QByteArray &header, qint64 size, ByteRange *range);
    static void serve(McpHttpConnection *connection, const McpHttpRequest &request,
                      const ToolContext *context);
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

namespace Sanzaru::Core {

/// Resource limits of the MCP HTTP endpoint. The defaults are far above what an MCP client sends (a
/// tools/call with the longest prompt the image API takes, 32,000 characters, is under 200 KB even with
/// every character JSON-escaped; clients send a few hundred bytes of headers; Node's fetch and Python's
/// httpx drop idle keep-alive connections after 4-5 s) and low enough that 64 connections at their limits
/// hold about 260 MB, not gigabytes. Tests lower them through McpHttpServer::setLimits().
struct McpHttpLimits
{
    /// Concurrent connections; more are answered 503 with Retry-After and closed.
    int maxConnections = 64;
    /// A request body larger than this is refused with 413 before any of it is buffered.
    qint64 maxBodyBytes = 4LL * 1024 * 1024;
    /// Request line plus headers; more is refused with 431.
    qsizetype maxHeadBytes = 16 * 1024;
    /// A connection waiting for a request (new, or kept alive after an answer) must deliver a complete
    /// request within this time, however slowly its bytes trickle in, or it is closed.
    int idleTimeoutMs = 60 * 1000;
    /// Legacy sessions: at most this many. A new one may only push out a session with no call in flight
    /// that was never used beyond its handshake, or that has been idle for sessionEvictionIdleMs.
    int maxSessions = 64;
    int sessionEvictionIdleMs = 10 * 60 * 1000;
};

} // namespace Sanzaru::Core

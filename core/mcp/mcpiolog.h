// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

// Shared by the MCP transports (local socket, stdio, relay, HTTP) so one rule
// ("sanzaru.mcp.io.debug=true") shows every connection event. Qt's default handler writes to stderr,
// which is the only place logs may go: stdout belongs to the MCP stream in `sanzaru-qt mcp`.
Q_DECLARE_LOGGING_CATEGORY(lcMcpIo)

// SPDX-License-Identifier: MIT
#include "mcpiolog.h"

Q_LOGGING_CATEGORY(lcMcpIo, "sanzaru.mcp.io", QtInfoMsg)

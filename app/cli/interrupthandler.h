// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace Sanzaru::App::Cli {

/// SIGINT for the agent CLI: the job keeps running upstream, so the handler writes the resume command
/// (prepared beforehand) on stderr and exits 130; stdout gets nothing, as in sanzaru. Only
/// write() and _exit() run in the handler (async-signal-safe).
class InterruptHandler
{
public:
    static void install();
    /// The command name and the resume command the next SIGINT reports.
    static void setContext(const QString &command, const QString &resume);
};

} // namespace Sanzaru::App::Cli

// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QStringList>

#include "services.h"

namespace Sanzaru::App {

/// `sanzaru-qt tool NAME [JSON]`: runs one tool headless, prints its JSON result on stdout and exits
/// 0, or prints {"error": {...}} and exits 1 (2 for usage errors). `tool --list` lists the tools.
class ToolCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ToolCommand)

public:
    ToolCommand();
    ~ToolCommand() override;

    /// Starts the command; the application quits with the exit code when done.
    void start(const QStringList &arguments);

private:
    void printAndQuit(const QByteArray &json, int exitCode);

    Services m_services;
};

} // namespace Sanzaru::App

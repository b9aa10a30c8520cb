// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include "services.h"

namespace Sanzaru::App {

/// `sanzaru-qt tool [--local] NAME [JSON]`: runs one tool, prints its JSON result on stdout and exits 0,
/// or prints {"error": {...}} and exits 1 (2 for usage errors). `tool --list` lists the tools.
///
/// When an app instance of this user is running (its MCP socket answers), the call goes through it as
/// an MCP tools/call, so the job shows in that window's queue; the output is the same as in-process
/// (the result's text block is the very JSON an in-process run prints). `--local`, or no instance,
/// runs the tool in this process. Usage errors are decided here before anything is sent.
///
/// One difference through an instance: an isError result carries only its message ("Error executing
/// tool NAME: ..."), so the error object is {"kind": "tool_error", "message": ...} without the kind,
/// detail and HTTP fields of an in-process run, unless the instance also sends the structured error in
/// the result's _meta["sanzaru-qt/error"].
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

// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

#include <memory>

namespace Sanzaru::Core {
class InstanceActivation;
class McpLocalServer;
class McpSocketPath;
} // namespace Sanzaru::Core

namespace Sanzaru::Ui {
class MainWindow;
} // namespace Sanzaru::Ui

namespace Sanzaru::App {

class DesktopApp;
class QuitSignals;
class Services;

/// `sanzaru-qt [--new-video|--new-image] [FILE...]` with no command: the desktop window, which also hosts
/// the MCP endpoint on the per-user local socket. A second instance does not steal the socket: it asks the
/// running one to raise its window (passing FILEs and the form along) and leaves.
class DesktopCommand
{
public:
    DesktopCommand();
    ~DesktopCommand();
    DesktopCommand(const DesktopCommand &) = delete;
    DesktopCommand &operator=(const DesktopCommand &) = delete;

    /// Builds the services, the endpoint and the window. Returns false (exit code in *exitCode) when
    /// the application should not run. When another instance runs, returns true without a window: the
    /// event loop then runs until that instance acknowledged the activation, and exits 0.
    /// `form` ("video", "image" or empty) is the creation form to show, after FILEs are imported.
    bool start(int *exitCode, const QStringList &files = {}, const QString &form = {});

private:
    // --- single-instance activation ---
    bool activateRunningInstance(const Core::McpSocketPath &location, const QStringList &files,
                                 const QString &form);
    void listenForActivation(const Core::McpSocketPath &location);
    void raiseWindow(const QStringList &files, const QString &form);
    void openFiles(const QStringList &files);
    void showForm(const QString &form);
    // ---

    std::unique_ptr<Services> m_services;
    std::unique_ptr<Core::McpLocalServer> m_mcp;
    std::unique_ptr<DesktopApp> m_app;
    std::unique_ptr<QuitSignals> m_signals;
    std::unique_ptr<Core::InstanceActivation> m_activation;
};

} // namespace Sanzaru::App

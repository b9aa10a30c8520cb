// SPDX-License-Identifier: MIT
#pragma once

#include "config/appsettings.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

namespace Sanzaru::Core {
class JobQueue;
class JobStore;
class McpLocalServer;
} // namespace Sanzaru::Core

namespace Sanzaru::Ui {
class ApiKeyStore;
class MainWindow;
} // namespace Sanzaru::Ui

namespace Sanzaru::App {

class Services;

/// Wires the desktop app: stored settings and the keychain key into the engine's Config, the persistent
/// job queue (restored at start, fed by the MCP endpoint's tool calls), and the main window.
class DesktopApp final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DesktopApp)

public:
    /// services and mcp (may be null) are not owned and must outlive this object.
    DesktopApp(Services *services, Core::McpLocalServer *mcp, const Core::AppSettings &settings);
    ~DesktopApp() override;

    Ui::MainWindow *window() const { return m_window.get(); }
    Core::JobQueue *queue() const { return m_queue.get(); }

    /// Shows the window, restores the queue, reads the keychain and runs the first-run flow if needed.
    void start();

private:
    void applySettings(const Core::AppSettings &settings);
    void applyKey(const QString &key);
    void applyVideoKey(const QString &key);
    void reconfigure();
    void showFirstRunIfNeeded();

    Services *m_services;
    Core::McpLocalServer *m_mcp;
    Core::AppSettings m_settings;
    QString m_keychainKey;
    QString m_videoKeychainKey;
    std::unique_ptr<Ui::ApiKeyStore> m_keys;
    std::unique_ptr<Ui::ApiKeyStore> m_videoKeys;
    std::unique_ptr<Core::JobStore> m_store;
    std::unique_ptr<Core::JobQueue> m_queue;
    std::unique_ptr<Ui::MainWindow> m_window;
};

} // namespace Sanzaru::App

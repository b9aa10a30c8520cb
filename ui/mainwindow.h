// SPDX-License-Identifier: MIT
#pragma once

#include <QMainWindow>

class QLabel;

namespace Sanzaru::Core {
class McpLocalServer;
} // namespace Sanzaru::Core

namespace Sanzaru::Ui {

/// The desktop window.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QWidget *parent = nullptr);

    /// The MCP endpoint this app hosts (owned by the caller); the status bar shows its clients.
    void setMcpServer(Core::McpLocalServer *server);

private:
    QLabel *m_mcpStatus = nullptr;
};

} // namespace Sanzaru::Ui

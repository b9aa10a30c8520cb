// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "mcp/mcplocalserver.h"

#include <QLabel>
#include <QStatusBar>

namespace Sanzaru::Ui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("sanzaru-qt"));
    auto *label = new QLabel(tr("sanzaru-qt: Sora video and GPT image studio"), this);
    label->setAlignment(Qt::AlignCenter);
    setCentralWidget(label);
    resize(960, 640);
}

void MainWindow::setMcpServer(Core::McpLocalServer *server)
{
    if (!m_mcpStatus) {
        m_mcpStatus = new QLabel(this);
        statusBar()->addPermanentWidget(m_mcpStatus);
    }
    const auto show = [this, server](int clients) {
        if (!server->isListening())
            m_mcpStatus->setText(tr("MCP endpoint off"));
        else
            m_mcpStatus->setText(tr("MCP: %n client(s)", nullptr, clients));
        m_mcpStatus->setToolTip(server->isListening() ? server->socketPath() : server->errorString());
    };
    connect(server, &Core::McpLocalServer::clientCountChanged, m_mcpStatus, show);
    show(server->clientCount());
}

} // namespace Sanzaru::Ui

// SPDX-License-Identifier: MIT
#include "desktopcommand.h"

#include "mainwindow.h"
#include "quitsignals.h"
#include "services.h"

#include "desktopapp.h"

#include "config/appsettings.h"
#include "config/configresolver.h"
#include "mcp/instanceactivation.h"
#include "mcp/mcplocalserver.h"
#include "mcp/mcpsocketpath.h"

#include <QApplication>
#include <QLoggingCategory>

#include <cstdio>

namespace Sanzaru::App {

using namespace Sanzaru::Core;

namespace {
Q_LOGGING_CATEGORY(lcDesktop, "sanzaru.desktop", QtInfoMsg)
} // namespace

DesktopCommand::DesktopCommand() = default;

DesktopCommand::~DesktopCommand()
{
    m_activation.reset(); // no activation may reach a window being destroyed
    m_app.reset();        // window, then queue (saved), then the queue file's writes
    m_mcp.reset();        // cancels the clients' calls while the services still exist
}

bool DesktopCommand::start(int *exitCode, const QStringList &files, const QString &form)
{
    const AppSettings settings = AppSettings::load();
    m_services = std::make_unique<Services>(ConfigResolver::resolve(
        QProcessEnvironment::systemEnvironment(), settings, ConfigResolver::withKeyFiles({})));
    m_mcp = std::make_unique<McpLocalServer>(m_services->registry());
    const McpSocketPath location = McpSocketPath::fromEnvironment();
    switch (m_mcp->listen(location)) {
    case McpLocalServer::ListenResult::Listening:
        break;
    case McpLocalServer::ListenResult::AlreadyRunning:
        *exitCode = 0;
        return activateRunningInstance(location, files, form);
    case McpLocalServer::ListenResult::Failed:
        // The window is still useful without the endpoint.
        std::fprintf(stderr, "sanzaru-qt: MCP endpoint disabled: %s\n", qPrintable(m_mcp->errorString()));
        break;
    }
    m_signals = std::make_unique<QuitSignals>();
    m_app = std::make_unique<DesktopApp>(m_services.get(), m_mcp->isListening() ? m_mcp.get() : nullptr,
                                         settings);
    m_app->start();
    listenForActivation(location);
    openFiles(files);
    showForm(form);
    return true;
}

// --- single-instance activation --------------------------------------------------------------------
// Kept apart from the window set-up above: the only window calls are show/raise/activate/setWindowState.

bool DesktopCommand::activateRunningInstance(const McpSocketPath &location, const QStringList &files,
                                             const QString &form)
{
    const QString running = m_mcp->errorString();
    InstanceActivation::requestActivation(
        InstanceActivation::pathFor(location), InstanceActivation::Request{files, form}, qApp,
        [running](const Result<void> &result) {
            // Exit 0 either way, as before activation existed: the app the user wanted is running. An
            // instance without a window (`sanzaru-qt serve`) has no activation socket.
            if (result)
                qCDebug(lcDesktop) << "the running instance raised its window";
            else
                std::fprintf(stderr, "sanzaru-qt: %s; could not raise its window: %s\n", qPrintable(running),
                             qPrintable(result.error().message));
            QCoreApplication::exit(0);
        });
    return true;
}

void DesktopCommand::listenForActivation(const McpSocketPath &location)
{
    m_activation = std::make_unique<InstanceActivation>();
    const McpSocketPath path = InstanceActivation::pathFor(location);
    if (m_activation->listen(path) != InstanceActivation::ListenResult::Listening) {
        // Only a second launch loses: it cannot raise this window. Not worth refusing to start.
        std::fprintf(stderr, "sanzaru-qt: window activation disabled: %s\n",
                     qPrintable(m_activation->errorString()));
        m_activation.reset();
        return;
    }
    QObject::connect(m_activation.get(), &InstanceActivation::activationRequested, m_app->window(),
                     [this](const QStringList &files, const QString &form) { raiseWindow(files, form); });
}

void DesktopCommand::raiseWindow(const QStringList &files, const QString &form)
{
    qCDebug(lcDesktop) << "raising the window for a second launch";
    m_app->window()->activate(files);
    showForm(form);
}

void DesktopCommand::openFiles(const QStringList &files)
{
    if (!files.isEmpty())
        m_app->window()->importReferences(files);
}

void DesktopCommand::showForm(const QString &form)
{
    if (form.isEmpty())
        return;
    qCDebug(lcDesktop).noquote() << "showing the new" << form << "form";
    if (form == QLatin1String("video"))
        m_app->window()->showNewVideo();
    else if (form == QLatin1String("image"))
        m_app->window()->showNewImage();
}

} // namespace Sanzaru::App

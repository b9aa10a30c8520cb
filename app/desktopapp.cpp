// SPDX-License-Identifier: MIT
#include "desktopapp.h"

#include "services.h"

#include "apikeystore.h"
#include "firstrundialog.h"
#include "mainwindow.h"

#include "config/configresolver.h"
#include "config/mediapaths.h"
#include "jobs/jobqueue.h"
#include "jobs/jobstore.h"
#include "mcp/mcplocalserver.h"

#include <QCoreApplication>
#include <QLoggingCategory>

namespace Sanzaru::App {

using namespace Sanzaru::Core;

namespace {
Q_LOGGING_CATEGORY(lcDesktopApp, "sanzaru.desktop.app", QtInfoMsg)

QString folderOrEmpty(const Result<QString> &dir)
{
    return dir ? *dir : QString();
}
} // namespace

DesktopApp::DesktopApp(Services *services, McpLocalServer *mcp, const AppSettings &settings)
    : m_services(services)
    , m_mcp(mcp)
    , m_settings(settings)
{
    m_keys = std::make_unique<Ui::ApiKeyStore>();
    m_videoKeys = std::make_unique<Ui::ApiKeyStore>(Ui::ApiKeyStore::defaultServiceName(),
                                                    Ui::ApiKeyStore::videoKeyName(), nullptr);
    m_store = std::make_unique<JobStore>(JobStore::defaultPath());
    m_queue = std::make_unique<JobQueue>(services->registry(), m_store.get());
    m_queue->setLimits(settings.limits);
    if (mcp) // jobs started by MCP clients (and the CLI through the endpoint) show in the queue
        connect(mcp, &McpLocalServer::toolCallStarted, m_queue.get(), &JobQueue::observe);

    Ui::MainWindow::Services ui;
    ui.queue = m_queue.get();
    ui.tools = services->registry();
    ui.pool = services->pool();
    ui.keys = m_keys.get();
    ui.videoKeys = m_videoKeys.get();
    ui.videoDir = folderOrEmpty(services->paths()->videoDir());
    ui.imageDir = folderOrEmpty(services->paths()->imageDir());
    ui.binaryPath = QCoreApplication::applicationFilePath();
    ui.mediaPath = services->config().mediaRoot();
    m_window = std::make_unique<Ui::MainWindow>(ui);
    m_window->setSettings(settings);
    if (mcp)
        m_window->setMcpServer(mcp);
    connect(m_window.get(), &Ui::MainWindow::settingsSaved, this, &DesktopApp::applySettings);
    connect(m_window.get(), &Ui::MainWindow::apiKeyChanged, this, &DesktopApp::applyKey);
    connect(m_window.get(), &Ui::MainWindow::videoApiKeyChanged, this, &DesktopApp::applyVideoKey);
}

DesktopApp::~DesktopApp()
{
    m_window.reset();
    m_queue.reset(); // saves what is pending
    m_store.reset(); // finishes the queued writes
}

void DesktopApp::start()
{
    m_window->show();
    // The saved jobs resume polling at once, so they wait for the keychain's answer (key or not).
    m_keys->read([this](Result<QString> key) {
        if (key && !key->isEmpty())
            m_keychainKey = *key;
        else if (!key)
            qCInfo(lcDesktopApp).noquote() << "keychain:" << key.error().message;
        m_videoKeys->read([this](Result<QString> videoKey) {
            if (videoKey && !videoKey->isEmpty())
                m_videoKeychainKey = *videoKey;
            reconfigure();
            m_queue->restore();
            showFirstRunIfNeeded();
        });
    });
}

void DesktopApp::showFirstRunIfNeeded()
{
    if (!m_services->config().apiKey().isEmpty())
        return;
    auto *dialog = new Ui::FirstRunDialog(m_keys.get(), m_window.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &Ui::FirstRunDialog::apiKeyChanged, this, &DesktopApp::applyKey);
    dialog->open();
}

void DesktopApp::applySettings(const AppSettings &settings)
{
    m_settings = settings;
    m_queue->setLimits(settings.limits);
    reconfigure();
    m_window->setMediaFolders(folderOrEmpty(m_services->paths()->videoDir()),
                              folderOrEmpty(m_services->paths()->imageDir()));
}

void DesktopApp::applyKey(const QString &key)
{
    m_keychainKey = key;
    reconfigure();
}

void DesktopApp::applyVideoKey(const QString &key)
{
    m_videoKeychainKey = key;
    reconfigure();
}

void DesktopApp::reconfigure()
{
    // Keys the user chose to keep in a file (no keychain) come after the keychain's.
    m_services->reconfigure(
        ConfigResolver::resolve(QProcessEnvironment::systemEnvironment(), m_settings,
                                ConfigResolver::withKeyFiles({m_keychainKey, m_videoKeychainKey})));
}

} // namespace Sanzaru::App

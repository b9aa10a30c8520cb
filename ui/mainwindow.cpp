// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "apikeystore.h"
#include "connectclientdialog.h"
#include "imagedropfilter.h"
#include "imageform.h"
#include "jobnotifier.h"
#include "jobqueueview.h"
#include "localvideosview.h"
#include "previewpane.h"
#include "referencelibrary.h"
#include "settingsdialog.h"
#include "shortcutsdialog.h"
#include "shortcuttable.h"
#include "videoform.h"

#include "config/formmemory.h"
#include "jobs/jobqueue.h"
#include "jobs/referencepreparation.h"
#include "mcp/mcplocalserver.h"
#include "tools/toolcontext.h"
#include "tools/toolregistry.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QJsonObject>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>

namespace Sanzaru::Ui {

using namespace Sanzaru::Core;

namespace {
constexpr int statusMessageMs = 8000;
constexpr int failureMessageMs = 20000; // long enough to read an error
} // namespace

MainWindow::MainWindow(const Services &services, QWidget *parent)
    : QMainWindow(parent)
    , m_services(services)
    , m_pricing(PricingTable::load())
{
    setWindowTitle(QStringLiteral("sanzaru-qt"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/sanzaru-qt.svg")));
    setAcceptDrops(true);

    buildPanes();
    connectReferences();
    connectForms();
    connectQueue();
    connectPreview();

    m_notifier = new JobNotifier(services.queue, this, this);
    connect(m_notifier, &JobNotifier::activated, this, [this] { activate({}); });

    buildMenus();
    buildStatusBar();
    resize(1280, 800);
    restoreWindowState();
}

// The three panes: forms and browsers, the job queue, the preview.
void MainWindow::buildPanes()
{
    m_videoForm = new VideoForm(m_services.tools, m_pricing, this);
    m_videoForm->setImageFolder(m_services.imageDir);
    m_imageForm = new ImageForm(m_services.tools, m_pricing, this);
    m_imageForm->setImageFolder(m_services.imageDir);
    m_library = new ReferenceLibrary(m_services.imageDir, m_services.pool, this);
    m_videos = new LocalVideosView(m_services.videoDir, m_services.pool, this);
    // Prompt and date of a local video, from the job that downloaded it (when the queue still has it).
    m_videos->setInfoLookup([queue = m_services.queue](const QString &path) -> std::optional<LocalVideoInfo> {
        if (!queue)
            return std::nullopt;
        const QString wanted = QFileInfo(path).canonicalFilePath();
        const QStringList ids = queue->ids();
        for (const QString &id : ids) {
            const JobRecord *record = queue->find(id);
            if (!record)
                continue;
            for (const JobOutput &output : record->outputs)
                if (QFileInfo(output.path).canonicalFilePath() == wanted)
                    return LocalVideoInfo{record->prompt(), record->finishedAt.isValid() ? record->finishedAt
                                                                                         : record->createdAt};
        }
        return std::nullopt;
    });

    m_tabs = new QTabWidget(this);
    m_tabs->setAccessibleName(tr("Create and browse"));
    m_tabs->addTab(m_videoForm, tr("&Video"));
    m_tabs->addTab(m_imageForm, tr("&Image"));
    m_tabs->addTab(m_library, tr("&References"));
    m_tabs->addTab(m_videos, tr("Local v&ideos"));

    m_queueView = new JobQueueView(m_services.queue, this);
    m_preview = new PreviewPane(m_services.pool, this);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(m_tabs);
    m_splitter->addWidget(m_queueView);
    m_splitter->addWidget(m_preview);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setStretchFactor(2, 3);
    m_splitter->setChildrenCollapsible(false);
    setCentralWidget(m_splitter);
}

// Drops and preparations that become references.
void MainWindow::connectReferences()
{
    // Pictures dropped anywhere but the video form's own drop zone become references in the library.
    m_dropFilter = new ImageDropFilter(this);
    m_dropFilter->attach(m_queueView);
    m_dropFilter->attach(m_preview);
    connect(m_dropFilter, &ImageDropFilter::filesDropped, this, &MainWindow::importReferences);

    m_references = new ReferencePreparation(m_services.queue, m_services.pool, this);
    m_references->setImageDir(m_services.imageDir);
    connect(m_videoForm, &VideoForm::referenceDropped, m_references, &ReferencePreparation::prepare);
    // Library ▸ Prepare for video size…: the same visible preparation job (no copy: the file is there).
    connect(m_library, &ReferenceLibrary::prepareRequested, m_references, &ReferencePreparation::prepare);
    connect(
        m_videoForm, &VideoForm::referenceDropped, this, [this](const QString &path, const QString &size) {
            statusBar()->showMessage(
                tr("Preparing %1 as a %2 reference…").arg(QFileInfo(path).fileName(), size), statusMessageMs);
        });
    connect(m_references, &ReferencePreparation::prepared, this, [this](const QString &name) {
        m_videoForm->setReference(name);
        statusBar()->showMessage(tr("Reference ready: %1").arg(name), statusMessageMs);
    });
    connect(m_references, &ReferencePreparation::failed, this,
            [this](const QString &message) { statusBar()->showMessage(message, statusMessageMs); });
}

// Submissions from the forms, and the choices they remember.
void MainWindow::connectForms()
{
    // The forms start from the choices they were last submitted with, and keep the new ones.
    m_videoForm->applyChoices(Core::FormMemory(QStringLiteral("video")).load());
    m_imageForm->applyChoices(Core::FormMemory(QStringLiteral("image")).load());
    connect(m_videoForm, &VideoForm::submitRequested, this,
            [this] { Core::FormMemory(QStringLiteral("video")).save(m_videoForm->choices()); });
    connect(m_imageForm, &ImageForm::submitRequested, this,
            [this] { Core::FormMemory(QStringLiteral("image")).save(m_imageForm->choices()); });
    connect(m_videoForm, &VideoForm::submitRequested, this,
            [this](JobKind kind, const QJsonObject &arguments) { submit(int(kind), arguments); });
    connect(m_imageForm, &ImageForm::submitRequested, this,
            [this](JobKind kind, const QJsonObject &arguments) { submit(int(kind), arguments); });
}

// The queue's events: the preview of the shown job, the summary and failures in the status bar.
void MainWindow::connectQueue()
{
    connect(m_queueView, &JobQueueView::currentJobChanged, this, &MainWindow::showJob);
    connect(m_services.queue, &JobQueue::jobChanged, this, &MainWindow::onJobChanged);
    // The summary counts every job: recount at most a few times a second, not once per job event.
    m_summaryTimer.setSingleShot(true);
    m_summaryTimer.setInterval(200);
    connect(&m_summaryTimer, &QTimer::timeout, this, &MainWindow::updateJobSummary);
    const auto summarySoon = [this] {
        if (!m_summaryTimer.isActive())
            m_summaryTimer.start();
    };
    connect(m_services.queue, &JobQueue::jobAdded, this, summarySoon);
    connect(m_services.queue, &JobQueue::jobRemoved, this, summarySoon);
    connect(m_services.queue, &JobQueue::jobFinished, this, summarySoon);
    // A failure replaces whatever the status bar said before ("Video queued" must not outlive it).
    connect(m_services.queue, &JobQueue::jobFinished, this, [this](const QString &id) {
        const JobRecord *record = m_services.queue->find(id);
        if (!record || record->state != JobState::Failed)
            return;
        const QString reason = record->error ? record->error->message.section(u'\n', 0, 0) : QString();
        statusBar()->showMessage(reason.isEmpty()
                                     ? tr("%1 failed").arg(displayName(record->kind))
                                     : tr("%1 failed: %2").arg(displayName(record->kind), reason),
                                 failureMessageMs);
    });
    connect(m_services.queue, &JobQueue::restored, this, [this](int count, const QString &warning) {
        if (!warning.isEmpty())
            showNonModal(QMessageBox::Warning, tr("Saved jobs"), warning);
        else if (count > 0)
            statusBar()->showMessage(count == 1 ? tr("1 saved job restored")
                                                : tr("%1 saved jobs restored").arg(count),
                                     statusMessageMs);
        updateJobSummary();
    });
}

// What the library, the local videos and the preview show or say.
void MainWindow::connectPreview()
{
    connect(m_library, &ReferenceLibrary::imageActivated, m_preview, &PreviewPane::setFile);
    // One click previews a reference, as in the job list.
    connect(m_library, &ReferenceLibrary::currentImageChanged, this, [this](const QString &path) {
        if (!path.isEmpty())
            m_preview->setFile(path);
    });
    connect(m_library, &ReferenceLibrary::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, statusMessageMs); });
    connect(m_videos, &LocalVideosView::videoActivated, m_preview, &PreviewPane::setFile);
    connect(m_preview, &PreviewPane::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, statusMessageMs); });
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *newVideo = file->addAction(tr("New &video"), this, &MainWindow::showNewVideo);
    newVideo->setShortcuts(ShortcutTable::keys(ShortcutTable::Id::NewVideo));
    QAction *newImage = file->addAction(tr("New &image"), this, &MainWindow::showNewImage);
    newImage->setShortcuts(ShortcutTable::keys(ShortcutTable::Id::NewImage));
    QAction *import = file->addAction(tr("&Import reference images…"), this, [this] {
        auto *dialog = new QFileDialog(this, tr("Import reference images"), QString(),
                                       tr("Images (*.png *.jpg *.jpeg *.webp)"));
        dialog->setFileMode(QFileDialog::ExistingFiles);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QFileDialog::filesSelected, this, &MainWindow::importReferences);
        dialog->open();
    });
    import->setShortcuts(ShortcutTable::keys(ShortcutTable::Id::ImportReferences));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QApplication::quit);
    quit->setShortcuts(ShortcutTable::keys(ShortcutTable::Id::Quit));
    quit->setMenuRole(QAction::QuitRole);

    QMenu *jobs = menuBar()->addMenu(tr("&Jobs"));
    for (auto which :
         {JobQueueView::Action::Cancel, JobQueueView::Action::Retry, JobQueueView::Action::Remove,
          JobQueueView::Action::Download, JobQueueView::Action::Open, JobQueueView::Action::ShowInFolder,
          JobQueueView::Action::CopyId, JobQueueView::Action::CopyPrompt,
          JobQueueView::Action::ClearFinished}) {
        if (QAction *action = m_queueView->action(which))
            jobs->addAction(action);
    }
    jobs->addSeparator();
    m_remixAction = jobs->addAction(tr("Re&mix this video…"), this, &MainWindow::remixCurrent);
    m_refineAction = jobs->addAction(tr("Re&fine this image…"), this, &MainWindow::refineCurrent);
    m_remixAction->setEnabled(false);
    m_refineAction->setEnabled(false);

    QMenu *tools = menuBar()->addMenu(tr("&Tools"));
    QAction *settings = tools->addAction(tr("&Settings…"), this, &MainWindow::openSettings);
    settings->setObjectName(QStringLiteral("settings"));
    // QKeySequence::Preferences is empty on X11: the table adds Ctrl+, everywhere.
    settings->setShortcuts(ShortcutTable::keys(ShortcutTable::Id::Settings));
    settings->setMenuRole(QAction::PreferencesRole);
    tools->addAction(tr("&Connect an MCP client…"), this, &MainWindow::openConnectDialog);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *shortcuts = help->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcuts);
    shortcuts->setObjectName(QStringLiteral("keyboardShortcuts"));
    shortcuts->setShortcuts(ShortcutTable::keys(ShortcutTable::Id::KeyboardShortcuts));
    help->addAction(tr("&About sanzaru-qt"), this, &MainWindow::showAbout)->setMenuRole(QAction::AboutRole);
}

void MainWindow::buildStatusBar()
{
    m_jobSummary = new QLabel(this);
    m_jobSummary->setAccessibleName(tr("Job summary"));
    statusBar()->addPermanentWidget(m_jobSummary);
    m_mcpStatus = new QLabel(this);
    m_mcpStatus->setAccessibleName(tr("MCP endpoint status"));
    m_mcpStatus->setTextFormat(Qt::RichText);
    connect(m_mcpStatus, &QLabel::linkActivated, this, &MainWindow::openConnectDialog);
    statusBar()->addPermanentWidget(m_mcpStatus);
    m_mcpStatus->setText(tr("MCP endpoint off"));
    updateJobSummary();
}

void MainWindow::setMcpServer(McpLocalServer *server)
{
    m_mcp = server;
    const auto show = [this](int clients) {
        if (!m_mcp)
            return;
        const QString connect = QStringLiteral(" · <a href=\"connect\">%1</a>").arg(tr("Connect a client"));
        if (!m_mcp->isListening())
            m_mcpStatus->setText(tr("MCP endpoint off") + connect);
        else
            m_mcpStatus->setText((clients == 1 ? tr("MCP: 1 client") : tr("MCP: %1 clients").arg(clients)) +
                                 connect);
        m_mcpStatus->setToolTip(m_mcp->isListening() ? m_mcp->socketPath() : m_mcp->errorString());
    };
    connect(server, &McpLocalServer::clientCountChanged, m_mcpStatus, show);
    show(server->clientCount());
}

void MainWindow::setMediaFolders(const QString &videoDir, const QString &imageDir)
{
    m_services.videoDir = videoDir;
    m_services.imageDir = imageDir;
    m_videoForm->setImageFolder(imageDir);
    m_imageForm->setImageFolder(imageDir);
    m_library->setFolder(imageDir);
    m_videos->setFolder(videoDir);
    m_references->setImageDir(imageDir);
}

void MainWindow::activate(const QStringList &files)
{
    if (isMinimized())
        setWindowState(windowState() & ~Qt::WindowMinimized);
    show();
    raise();
    activateWindow();
    if (!files.isEmpty())
        importReferences(files);
}

void MainWindow::showNewVideo()
{
    m_tabs->setCurrentWidget(m_videoForm);
    m_videoForm->setFocus();
}

void MainWindow::showNewImage()
{
    m_tabs->setCurrentWidget(m_imageForm);
    m_imageForm->setFocus();
}

void MainWindow::importReferences(const QStringList &paths)
{
    m_tabs->setCurrentWidget(m_library);
    m_library->importFiles(paths);
}

void MainWindow::submit(int kind, const QJsonObject &arguments)
{
    const QString id = m_services.queue->submit(JobKind(kind), arguments);
    m_queueView->setCurrentJob(id);
    statusBar()->showMessage(tr("%1 queued").arg(displayName(JobKind(kind))), statusMessageMs);
}

void MainWindow::showJob(const QString &id)
{
    m_shownJob = id;
    const JobRecord *record = m_services.queue->find(id);
    m_remixAction->setEnabled(record && record->canRemix());
    m_refineAction->setEnabled(record && record->kind == JobKind::ResponsesImage &&
                               !record->remoteId.isEmpty() && record->state == JobState::Completed);
    if (!record) {
        m_shownState = -1;
        m_shownOutputs = -1;
        m_preview->clear();
        return;
    }
    m_shownState = int(record->state);
    m_shownOutputs = record->outputs.size();
    m_preview->setJob(*record);
}

void MainWindow::onJobChanged(const QString &id)
{
    if (id != m_shownJob)
        return;
    // Progress ticks do not reload the preview (it may be playing); a new state or new files do.
    const JobRecord *record = m_services.queue->find(id);
    if (record && (int(record->state) != m_shownState || record->outputs.size() != m_shownOutputs))
        showJob(id);
    else if (record)
        m_preview->updateJob(*record);
}

void MainWindow::updateJobSummary()
{
    int active = 0;
    int failed = 0;
    int overdue = 0;
    const QStringList ids = m_services.queue->ids();
    for (const QString &id : ids) {
        const JobRecord *record = m_services.queue->find(id);
        if (!record)
            continue;
        if (record->state == JobState::Failed)
            ++failed;
        else if (record->state == JobState::Overdue)
            ++overdue;
        else if (!isTerminal(record->state))
            ++active;
    }
    QStringList parts{tr("%n active", nullptr, active)};
    if (overdue > 0)
        parts << tr("%n overdue", nullptr, overdue);
    if (failed > 0)
        parts << tr("%n failed", nullptr, failed);
    m_jobSummary->setText(parts.join(QStringLiteral(" · ")));
}

void MainWindow::openSettings()
{
    auto *dialog = new SettingsDialog(m_services.keys, m_services.videoKeys, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setSettings(m_settings);
    if (m_services.tools)
        dialog->setEffectiveConfig(m_services.tools->context()->config());
    dialog->setEnvironmentKeyPresent(ApiKeyStore::environmentHasKey());
    connect(dialog, &SettingsDialog::settingsSaved, this, [this](const AppSettings &settings) {
        m_settings = settings;
        emit settingsSaved(settings);
    });
    connect(dialog, &SettingsDialog::apiKeyChanged, this, &MainWindow::apiKeyChanged);
    connect(dialog, &SettingsDialog::videoApiKeyChanged, this, &MainWindow::videoApiKeyChanged);
    dialog->open();
}

void MainWindow::openConnectDialog()
{
    auto *dialog = new ConnectClientDialog(m_services.binaryPath, m_services.mediaPath, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showShortcuts()
{
    auto *dialog = new ShortcutsDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showAbout()
{
    showNonModal(QMessageBox::Information, tr("About sanzaru-qt"),
                 tr("<b>sanzaru-qt %1</b><br>Sora video and GPT image studio with an embedded MCP endpoint.")
                     .arg(QStringLiteral(SANZARU_VERSION)));
}

void MainWindow::showNonModal(int icon, const QString &title, const QString &text)
{
    // open(), not exec(): no nested event loop on the GUI thread.
    auto *box = new QMessageBox(QMessageBox::Icon(icon), title, text, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::remixCurrent()
{
    const JobRecord *record = m_services.queue->find(m_shownJob);
    if (!record)
        return;
    m_videoForm->setRemixSource(record->remoteId);
    m_tabs->setCurrentWidget(m_videoForm);
}

void MainWindow::refineCurrent()
{
    const JobRecord *record = m_services.queue->find(m_shownJob);
    if (!record)
        return;
    m_imageForm->setMode(ImageForm::Mode::Responses);
    m_imageForm->setPreviousResponseId(record->remoteId);
    m_tabs->setCurrentWidget(m_imageForm);
}

void MainWindow::restoreWindowState()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    m_tabs->setCurrentIndex(settings.value(QStringLiteral("window/tab"), 0).toInt());
}

void MainWindow::saveWindowState() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveWindowState();
    QMainWindow::closeEvent(event);
}

} // namespace Sanzaru::Ui

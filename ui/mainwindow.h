// SPDX-License-Identifier: MIT
#pragma once

#include "config/appsettings.h"
#include "jobs/pricingtable.h"

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

class QLabel;
class QSplitter;
class QTabWidget;
class QThreadPool;

namespace Sanzaru::Core {
class JobQueue;
class McpLocalServer;
class ReferencePreparation;
class ToolRegistry;
} // namespace Sanzaru::Core

namespace Sanzaru::Ui {

class ApiKeyStore;
class ImageDropFilter;
class ImageForm;
class JobNotifier;
class JobQueueView;
class LocalVideosView;
class PreviewPane;
class ReferenceLibrary;
class VideoForm;

/// The desktop window: creation forms and libraries on the left, the job queue in the middle, the preview
/// on the right. It only presents and forwards: jobs live in the JobQueue, settings are applied by app/.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    /// What the window works with; nothing is owned.
    struct Services
    {
        Core::JobQueue *queue = nullptr;
        const Core::ToolRegistry *tools = nullptr;
        QThreadPool *pool = nullptr;
        ApiKeyStore *keys = nullptr;
        ApiKeyStore *videoKeys = nullptr; ///< the video provider's keychain entry
        QString videoDir;
        QString imageDir;
        QString binaryPath; ///< shown in the MCP client configuration
        QString mediaPath;  ///< SANZARU_MEDIA_PATH for that configuration (may be empty)
    };

    explicit MainWindow(const Services &services, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// The MCP endpoint this app hosts (owned by the caller); the status bar shows its state and clients.
    void setMcpServer(Core::McpLocalServer *server);
    void setSettings(const Core::AppSettings &settings) { m_settings = settings; }
    /// New folders after a settings change.
    void setMediaFolders(const QString &videoDir, const QString &imageDir);
    /// Brings the window to the front (second launch); files are imported as references.
    void activate(const QStringList &files);
    /// File ▸ New video / New image, also the desktop entry's actions (`sanzaru-qt --new-video`).
    void showNewVideo();
    void showNewImage();
    /// Imports picture files into the reference library (window-level drops, File ▸ Import).
    void importReferences(const QStringList &paths);

    JobQueueView *queueView() const { return m_queueView; }
    PreviewPane *preview() const { return m_preview; }
    VideoForm *videoForm() const { return m_videoForm; }
    ImageForm *imageForm() const { return m_imageForm; }
    ReferenceLibrary *library() const { return m_library; }
    LocalVideosView *localVideos() const { return m_videos; }
    LocalVideosView *videosView() const { return m_videos; }
    JobNotifier *notifier() const { return m_notifier; }
    QTabWidget *sideTabs() const { return m_tabs; }

signals:
    void settingsSaved(const Core::AppSettings &settings);
    void apiKeyChanged(const QString &key);
    void videoApiKeyChanged(const QString &key);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildPanes();
    void connectReferences();
    void connectForms();
    void connectQueue();
    void connectPreview();
    void buildMenus();
    void buildStatusBar();
    void submit(int kind, const QJsonObject &arguments);
    void showJob(const QString &id);
    void onJobChanged(const QString &id);
    void updateJobSummary();
    void openSettings();
    void openConnectDialog();
    void showShortcuts();
    void showAbout();
    void showNonModal(int icon, const QString &title, const QString &text);
    void remixCurrent();
    void refineCurrent();
    void restoreWindowState();
    void saveWindowState() const;

    Services m_services;
    Core::AppSettings m_settings;
    Core::PricingTable m_pricing;
    QSplitter *m_splitter = nullptr;
    QTabWidget *m_tabs = nullptr;
    VideoForm *m_videoForm = nullptr;
    ImageForm *m_imageForm = nullptr;
    ReferenceLibrary *m_library = nullptr;
    LocalVideosView *m_videos = nullptr;
    JobQueueView *m_queueView = nullptr;
    PreviewPane *m_preview = nullptr;
    JobNotifier *m_notifier = nullptr;
    ImageDropFilter *m_dropFilter = nullptr;
    Core::ReferencePreparation *m_references = nullptr;
    QLabel *m_mcpStatus = nullptr;
    QLabel *m_jobSummary = nullptr;
    QTimer m_summaryTimer;
    QPointer<Core::McpLocalServer> m_mcp;
    QString m_shownJob;
    int m_shownState = -1;
    qsizetype m_shownOutputs = -1;
    QAction *m_remixAction = nullptr;
    QAction *m_refineAction = nullptr;
};

} // namespace Sanzaru::Ui

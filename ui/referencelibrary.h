// SPDX-License-Identifier: MIT
#pragma once

#include "media/referenceimporter.h"

#include <QFutureWatcher>
#include <QList>
#include <QStringList>
#include <QWidget>

#include <functional>

class QLabel;
class QMenu;
class QThreadPool;
class QUrl;

namespace Sanzaru::Core {
class MediaFolderModel;
} // namespace Sanzaru::Core

namespace Sanzaru::Ui {

class ImageDropFilter;
class MediaBrowser;

/// The reference-image library: the image folder as a thumbnail grid that follows the disk, with
/// sort and filter. Local files dropped on it are imported through ReferenceImporter (off the GUI
/// thread); each refused file is reported with its reason, inline and through message(). Items can
/// be dragged out (as file URLs) onto the video form.
class ReferenceLibrary final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReferenceLibrary)

public:
    /// imageDir: the image folder (MediaPaths::imageDir()); pool: not owned, used for listing,
    /// thumbnails and imports.
    ReferenceLibrary(const QString &imageDir, QThreadPool *pool, QWidget *parent = nullptr);
    ~ReferenceLibrary() override;

    void setFolder(const QString &imageDir);
    QString folder() const;

    /// Imports files (what a drop does; the main window routes window-level drops here). Files
    /// dropped while an import runs are queued behind it.
    void importFiles(const QStringList &paths);
    bool isImporting() const;

    Core::MediaFolderModel *model() const { return m_model; }
    MediaBrowser *browser() const { return m_browser; }
    /// The widget that accepts file drops (the grid's viewport).
    QWidget *dropWidget() const;
    /// The inline message line (last import result).
    QString inlineMessage() const;
    QString currentImage() const;

    /// Opens folders for *Show in folder* (QDesktopServices::openUrl by default; tests record instead).
    using UrlOpener = std::function<bool(const QUrl &)>;
    void setUrlOpener(UrlOpener opener) { m_openUrl = std::move(opener); }
    /// The context menu of an image (Prepare for video size…, Show in folder, Delete…), built for path.
    QMenu *contextMenu() const { return m_menu; }

Q_SIGNALS:
    /// Double click / Enter on an image: show it in the preview.
    void imageActivated(const QString &path);
    void currentImageChanged(const QString &path);
    /// A sentence for the status bar: import results and refusals.
    void message(const QString &text);
    /// An import batch finished; imported holds the absolute paths of the new files.
    void importFinished(const QStringList &imported, const QStringList &errors);
    /// *Prepare for video size…* was confirmed: prepare path for size with resizeMode (a visible job).
    void prepareRequested(const QString &path, const QString &size, const QString &resizeMode);

private:
    void startNextImport();
    void importDone();
    void showMessage(const QString &text, bool error);
    void buildContextMenu();
    void showContextMenu(const QPoint &pos);
    void choosePrepareSize(const QString &path);
    void confirmDelete(const QString &path);

    Core::MediaFolderModel *m_model;
    MediaBrowser *m_browser;
    ImageDropFilter *m_dropFilter;
    QLabel *m_message;
    QThreadPool *m_pool;
    QFutureWatcher<Core::ReferenceImportResult> m_import;
    QList<QStringList> m_queued;
    QString m_selectAfterScan;
    QMenu *m_menu = nullptr;
    QString m_menuPath; ///< the image the context menu was opened on
    UrlOpener m_openUrl;
};

} // namespace Sanzaru::Ui

// SPDX-License-Identifier: MIT
#include "referencelibrary.h"

#include "imagedropfilter.h"
#include "media/mediafoldermodel.h"
#include "mediabrowser.h"
#include "preparesizedialog.h"

#include <QAction>
#include <QDesktopServices>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QStyle>
#include <QThreadPool>
#include <QUrl>
#include <QVBoxLayout>

namespace Sanzaru::Ui {

using Core::MediaFolderModel;
using Core::ReferenceImportResult;

ReferenceLibrary::ReferenceLibrary(const QString &imageDir, QThreadPool *pool, QWidget *parent)
    : QWidget(parent)
    , m_model(new MediaFolderModel(pool, this))
    , m_browser(nullptr)
    , m_dropFilter(new ImageDropFilter(this))
    , m_message(new QLabel(this))
    , m_pool(pool)
{
    m_model->setExtensions(
        {QStringLiteral(".png"), QStringLiteral(".jpg"), QStringLiteral(".jpeg"), QStringLiteral(".webp")});
    m_model->setThumbnailSource(MediaFolderModel::ThumbnailSource::File);
    m_browser =
        new MediaBrowser(m_model, style()->standardIcon(QStyle::SP_FileIcon), tr("reference images"), this);
    m_browser->setEmptyText(tr("No reference images yet. Drop JPEG, PNG or WEBP files here to add them."));

    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setAccessibleName(tr("Import messages"));
    m_message->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_browser, 1);
    layout->addWidget(m_message);
    setAccessibleName(tr("Reference image library"));

    // The whole library is a drop target, the grid included (also when it is empty).
    m_dropFilter->attach(m_browser->view()->viewport());
    m_dropFilter->attach(this);
    connect(m_dropFilter, &ImageDropFilter::filesDropped, this, &ReferenceLibrary::importFiles);

    connect(m_browser, &MediaBrowser::activated, this, &ReferenceLibrary::imageActivated);
    connect(m_browser, &MediaBrowser::currentChanged, this, &ReferenceLibrary::currentImageChanged);
    connect(&m_import, &QFutureWatcherBase::finished, this, &ReferenceLibrary::importDone);
    // Select what was just imported once the listing shows it.
    connect(m_model, &MediaFolderModel::scanFinished, this, [this] {
        if (!m_selectAfterScan.isEmpty() && m_browser->selectPath(m_selectAfterScan))
            m_selectAfterScan.clear();
    });

    m_openUrl = [](const QUrl &url) { return QDesktopServices::openUrl(url); };
    buildContextMenu();
    setFolder(imageDir);
}

void ReferenceLibrary::buildContextMenu()
{
    m_menu = new QMenu(this);
    m_menu->setObjectName(QStringLiteral("referenceMenu"));
    m_menu->setAccessibleName(tr("Reference image actions"));
    QAction *prepare =
        m_menu->addAction(tr("&Prepare for video size…"), this, [this] { choosePrepareSize(m_menuPath); });
    prepare->setObjectName(QStringLiteral("prepareForVideo"));
    QAction *show = m_menu->addAction(tr("Show in &folder"), this, [this] {
        if (m_openUrl && !m_menuPath.isEmpty())
            m_openUrl(QUrl::fromLocalFile(QFileInfo(m_menuPath).absolutePath()));
    });
    show->setObjectName(QStringLiteral("showInFolder"));
    m_menu->addSeparator();
    QAction *remove = m_menu->addAction(tr("&Delete…"), this, [this] { confirmDelete(m_menuPath); });
    remove->setObjectName(QStringLiteral("deleteImage"));

    QListView *view = m_browser->view();
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view, &QWidget::customContextMenuRequested, this, &ReferenceLibrary::showContextMenu);
}

void ReferenceLibrary::showContextMenu(const QPoint &pos)
{
    QListView *view = m_browser->view();
    const QModelIndex index = view->indexAt(pos);
    if (!index.isValid())
        return;
    view->setCurrentIndex(index);
    m_menuPath = m_browser->pathAt(index.row());
    if (m_menuPath.isEmpty())
        return;
    m_menu->popup(view->viewport()->mapToGlobal(pos));
}

void ReferenceLibrary::choosePrepareSize(const QString &path)
{
    if (path.isEmpty())
        return;
    auto *dialog = new PrepareSizeDialog(QFileInfo(path).fileName(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog, path] { Q_EMIT prepareRequested(path, dialog->size(), dialog->resizeMode()); });
    dialog->open();
}

void ReferenceLibrary::confirmDelete(const QString &path)
{
    if (path.isEmpty())
        return;
    const QString name = QFileInfo(path).fileName();
    auto *box = new QMessageBox(QMessageBox::Question, tr("Delete reference image"),
                                tr("Delete %1 from the image folder? This cannot be undone.").arg(name),
                                QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("confirmDelete"));
    QPushButton *yes = box->addButton(tr("Delete"), QMessageBox::DestructiveRole);
    yes->setObjectName(QStringLiteral("confirmDeleteButton"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, yes, path, name](QAbstractButton *clicked) {
        if (clicked != yes)
            return;
        if (QFile::remove(path))
            showMessage(tr("%1 deleted.").arg(name), false);
        else
            showMessage(tr("%1 could not be deleted.").arg(name), true);
        m_model->rescan();
    });
    box->open();
}

ReferenceLibrary::~ReferenceLibrary()
{
    // Stop between files; a file in progress finishes or is discarded by the worker on its own.
    m_import.cancel();
}

void ReferenceLibrary::setFolder(const QString &imageDir)
{
    m_model->setFolder(imageDir);
}

QString ReferenceLibrary::folder() const
{
    return m_model->folder();
}

QWidget *ReferenceLibrary::dropWidget() const
{
    return m_browser->view()->viewport();
}

QString ReferenceLibrary::inlineMessage() const
{
    return m_message->text();
}

QString ReferenceLibrary::currentImage() const
{
    return m_browser->currentPath();
}

bool ReferenceLibrary::isImporting() const
{
    return m_import.isRunning() || !m_queued.isEmpty();
}

void ReferenceLibrary::importFiles(const QStringList &paths)
{
    if (paths.isEmpty())
        return;
    m_queued.append(paths);
    if (!m_import.isRunning())
        startNextImport();
}

void ReferenceLibrary::startNextImport()
{
    if (m_queued.isEmpty())
        return;
    const QStringList paths = m_queued.takeFirst();
    if (folder().isEmpty()) {
        showMessage(tr("No image folder is configured; set one in the settings to import pictures."), true);
        Q_EMIT importFinished({}, {});
        startNextImport();
        return;
    }
    showMessage(paths.size() == 1 ? tr("Importing %1…").arg(QFileInfo(paths.first()).fileName())
                                  : tr("Importing %1 files…").arg(paths.size()),
                false);
    const Core::ReferenceImporter importer(folder(), m_pool);
    m_import.setFuture(importer.import(paths));
}

void ReferenceLibrary::importDone()
{
    const QList<ReferenceImportResult> results = m_import.future().results();
    QStringList imported;
    QStringList errors;
    for (const ReferenceImportResult &r : results) {
        if (r.ok())
            imported.append(r.importedPath);
        else
            errors.append(r.message());
    }
    QString text;
    if (imported.size() == 1 && results.size() == 1)
        text = results.first().message(); // "photo.png imported (as photo-2.png)"
    else if (!imported.isEmpty())
        text = tr("Imported %1 pictures.").arg(imported.size());
    if (!errors.isEmpty()) {
        if (!text.isEmpty())
            text += QLatin1Char(' ');
        text += errors.join(QLatin1Char('\n'));
    }
    if (text.isEmpty())
        text = tr("Nothing imported.");
    showMessage(text, !errors.isEmpty());
    // The watcher will notice too; a direct rescan makes the new files show without waiting for it.
    m_model->rescan();
    if (!imported.isEmpty())
        m_selectAfterScan = imported.constLast();
    Q_EMIT message(text);
    Q_EMIT importFinished(imported, errors);
    startNextImport();
}

void ReferenceLibrary::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    QPalette palette = this->palette();
    if (error)
        palette.setColor(QPalette::WindowText, QColor(0xb0, 0x20, 0x20));
    m_message->setPalette(palette);
    m_message->setVisible(!text.isEmpty());
}

} // namespace Sanzaru::Ui

// SPDX-License-Identifier: MIT
#include "localvideosview.h"

#include "media/mediafoldermodel.h"
#include "mediabrowser.h"

#include <QStyle>
#include <QVBoxLayout>

namespace Sanzaru::Ui {

using Core::MediaFolderModel;

LocalVideosView::LocalVideosView(const QString &videoDir, QThreadPool *pool, QWidget *parent)
    : QWidget(parent)
    , m_model(new MediaFolderModel(pool, this))
    , m_browser(nullptr)
{
    m_model->setExtensions(videoExtensions());
    m_model->setThumbnailSource(MediaFolderModel::ThumbnailSource::SiblingWebp);
    m_browser =
        new MediaBrowser(m_model, style()->standardIcon(QStyle::SP_MediaPlay), tr("local videos"), this);
    m_browser->setSortKey(MediaBrowser::SortKey::Newest);
    m_browser->setEmptyText(tr("No videos downloaded yet."));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_browser);
    setAccessibleName(tr("Local videos"));

    connect(m_browser, &MediaBrowser::activated, this, &LocalVideosView::videoActivated);
    connect(m_browser, &MediaBrowser::currentChanged, this, &LocalVideosView::currentVideoChanged);
    setFolder(videoDir);
}

QStringList LocalVideosView::videoExtensions()
{
    return {QStringLiteral(".mp4"), QStringLiteral(".webm"), QStringLiteral(".mov")};
}

void LocalVideosView::setFolder(const QString &videoDir)
{
    m_model->setFolder(videoDir);
}

QString LocalVideosView::folder() const
{
    return m_model->folder();
}

QString LocalVideosView::currentVideo() const
{
    return m_browser->currentPath();
}

} // namespace Sanzaru::Ui

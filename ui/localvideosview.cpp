// SPDX-License-Identifier: MIT
#include "localvideosview.h"

#include "media/mediafoldermodel.h"
#include "mediabrowser.h"

#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QStyle>
#include <QVBoxLayout>

namespace Sanzaru::Ui {

using Core::MediaFolderModel;

LocalVideosView::LocalVideosView(const QString &videoDir, QThreadPool *pool, QWidget *parent)
    : QWidget(parent)
    , m_model(new MediaFolderModel(pool, this))
    , m_browser(nullptr)
    , m_details(new QLabel(this))
{
    m_model->setExtensions(videoExtensions());
    m_model->setThumbnailSource(MediaFolderModel::ThumbnailSource::SiblingWebp);
    m_browser =
        new MediaBrowser(m_model, style()->standardIcon(QStyle::SP_MediaPlay), tr("local videos"), this);
    m_browser->setSortKey(MediaBrowser::SortKey::Newest);
    m_browser->setEmptyText(tr("No videos downloaded yet."));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_browser, 1);
    layout->addWidget(m_details);
    m_details->setObjectName(QStringLiteral("videoDetails"));
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::PlainText);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setVisible(false);
    setAccessibleName(tr("Local videos"));

    connect(m_browser, &MediaBrowser::activated, this, &LocalVideosView::videoActivated);
    connect(m_browser, &MediaBrowser::currentChanged, this, &LocalVideosView::currentVideoChanged);
    connect(m_browser, &MediaBrowser::currentChanged, this, &LocalVideosView::updateDetails);
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

void LocalVideosView::setInfoLookup(InfoLookup lookup)
{
    m_lookup = std::move(lookup);
    updateDetails(currentVideo());
}

QString LocalVideosView::detailsText() const
{
    return m_details->text();
}

void LocalVideosView::updateDetails(const QString &path)
{
    if (path.isEmpty()) {
        m_details->clear();
        m_details->setVisible(false);
        return;
    }
    const std::optional<LocalVideoInfo> info = m_lookup ? m_lookup(path) : std::nullopt;
    const QDateTime when = info && info->created.isValid() ? info->created : QFileInfo(path).lastModified();
    const QString date = QLocale().toString(when.toLocalTime(), QLocale::ShortFormat);
    const QString prompt = info ? info->prompt.simplified() : QString();
    m_details->setText(prompt.isEmpty() ? tr("%1 — %2").arg(QFileInfo(path).fileName(), date)
                                        : tr("%1 — %2").arg(prompt, date));
    m_details->setToolTip(info ? info->prompt : QString());
    m_details->setVisible(true);
}

QString LocalVideosView::currentVideo() const
{
    return m_browser->currentPath();
}

} // namespace Sanzaru::Ui

// SPDX-License-Identifier: MIT
#include "mediabrowser.h"

#include "media/mediafoldermodel.h"
#include "mediathumbnaildelegate.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSortFilterProxyModel>
#include <QVBoxLayout>

namespace Sanzaru::Ui {

using Core::MediaFolderModel;

namespace {

constexpr int kThumbnailEdge = 160;

} // namespace

MediaBrowser::MediaBrowser(MediaFolderModel *model, const QIcon &fallbackIcon, const QString &noun,
                           QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_sort(new QComboBox(this))
    , m_view(new QListView(this))
    , m_empty(new QLabel(this))
{
    m_proxy->setSourceModel(model);
    m_proxy->setFilterRole(MediaFolderModel::NameRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortLocaleAware(true);
    // Rows change as files come and go on disk; keep the chosen order without the user re-sorting.
    m_proxy->setDynamicSortFilter(true);

    m_filter->setPlaceholderText(tr("Filter by name"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Filter %1").arg(noun));
    m_sort->addItem(tr("Name"), QVariant::fromValue(SortKey::Name));
    m_sort->addItem(tr("Newest first"), QVariant::fromValue(SortKey::Newest));
    m_sort->addItem(tr("Largest first"), QVariant::fromValue(SortKey::Largest));
    m_sort->setAccessibleName(tr("Sort %1 by").arg(noun));

    m_view->setModel(m_proxy);
    m_view->setItemDelegate(new MediaThumbnailDelegate(fallbackIcon, m_view));
    m_view->setViewMode(QListView::IconMode);
    m_view->setResizeMode(QListView::Adjust);
    m_view->setMovement(QListView::Static);
    m_view->setWrapping(true);
    m_view->setUniformItemSizes(true);
    m_view->setIconSize(QSize(kThumbnailEdge, kThumbnailEdge));
    m_view->setGridSize(QSize(kThumbnailEdge + 24, kThumbnailEdge + 2 * fontMetrics().height() + 12));
    m_view->setTextElideMode(Qt::ElideMiddle);
    m_view->setWordWrap(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setDragEnabled(true);
    m_view->setDragDropMode(QAbstractItemView::DragOnly);
    m_view->setDefaultDropAction(Qt::CopyAction);
    m_view->setAccessibleName(noun.left(1).toUpper() + noun.mid(1));
    model->setThumbnailEdge(kThumbnailEdge);

    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setEnabled(false);
    m_empty->setAccessibleName(tr("No %1").arg(noun));

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_sort);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_empty);
    layout->addWidget(m_view, 1);

    connect(m_filter, &QLineEdit::textChanged, this, &MediaBrowser::setFilterText);
    connect(m_sort, &QComboBox::currentIndexChanged, this, &MediaBrowser::applySort);
    connect(m_view, &QListView::activated, this,
            [this](const QModelIndex &index) { Q_EMIT activated(pathOf(index)); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { Q_EMIT currentChanged(pathOf(current)); });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &MediaBrowser::updateEmptyState);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &MediaBrowser::updateEmptyState);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &MediaBrowser::updateEmptyState);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &MediaBrowser::updateEmptyState);
    applySort();
    updateEmptyState();
}

void MediaBrowser::setSortKey(SortKey key)
{
    const int i = m_sort->findData(QVariant::fromValue(key));
    if (i >= 0)
        m_sort->setCurrentIndex(i);
}

MediaBrowser::SortKey MediaBrowser::sortKey() const
{
    return m_sort->currentData().value<SortKey>();
}

void MediaBrowser::applySort()
{
    switch (sortKey()) {
    case SortKey::Name:
        m_proxy->setSortRole(MediaFolderModel::NameRole);
        m_proxy->sort(0, Qt::AscendingOrder);
        break;
    case SortKey::Newest:
        m_proxy->setSortRole(MediaFolderModel::ModifiedRole);
        m_proxy->sort(0, Qt::DescendingOrder);
        break;
    case SortKey::Largest:
        m_proxy->setSortRole(MediaFolderModel::SizeRole);
        m_proxy->sort(0, Qt::DescendingOrder);
        break;
    }
}

void MediaBrowser::setFilterText(const QString &text)
{
    if (m_filter->text() != text)
        m_filter->setText(text); // comes back through textChanged
    else
        m_proxy->setFilterFixedString(text);
    updateEmptyState();
}

void MediaBrowser::setEmptyText(const QString &text)
{
    m_empty->setText(text);
    updateEmptyState();
}

void MediaBrowser::updateEmptyState()
{
    // The grid stays visible even when empty: it is also where files are dropped.
    m_empty->setVisible(m_proxy->rowCount() == 0 && !m_empty->text().isEmpty());
}

QString MediaBrowser::pathOf(const QModelIndex &proxyIndex) const
{
    return proxyIndex.isValid() ? proxyIndex.data(MediaFolderModel::PathRole).toString() : QString();
}

QString MediaBrowser::pathAt(int proxyRow) const
{
    return pathOf(m_proxy->index(proxyRow, 0));
}

QString MediaBrowser::currentPath() const
{
    return pathOf(m_view->currentIndex());
}

QStringList MediaBrowser::selectedPaths() const
{
    QStringList paths;
    const QModelIndexList selected = m_view->selectionModel()->selectedIndexes();
    for (const QModelIndex &index : selected)
        paths.append(pathOf(index));
    return paths;
}

bool MediaBrowser::selectPath(const QString &path)
{
    const int row = m_model->rowOfPath(path);
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row));
    if (!index.isValid())
        return false;
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
    return true;
}

} // namespace Sanzaru::Ui

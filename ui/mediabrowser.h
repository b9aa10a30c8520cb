// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>
#include <QWidget>

class QComboBox;
class QIcon;
class QLabel;
class QLineEdit;
class QListView;
class QModelIndex;
class QSortFilterProxyModel;

namespace Sanzaru::Core {
class MediaFolderModel;
} // namespace Sanzaru::Core

namespace Sanzaru::Ui {

/// The part the reference library and the local videos view share: a filter field, a sort choice and
/// an icon grid over a MediaFolderModel (through a sort/filter proxy), whose items can be dragged out
/// as file URLs. Reports activation and the current item as absolute paths.
class MediaBrowser final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MediaBrowser)

public:
    enum class SortKey { Name, Newest, Largest };
    Q_ENUM(SortKey)

    /// model: not owned. noun: what the items are, for accessible names ("reference images").
    MediaBrowser(Core::MediaFolderModel *model, const QIcon &fallbackIcon, const QString &noun,
                 QWidget *parent = nullptr);

    QListView *view() const { return m_view; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QLineEdit *filterEdit() const { return m_filter; }
    QComboBox *sortBox() const { return m_sort; }

    void setSortKey(SortKey key);
    SortKey sortKey() const;
    void setFilterText(const QString &text);
    /// Shown in place of the grid while nothing is listed (or everything is filtered out).
    void setEmptyText(const QString &text);

    /// Absolute path of the current item, or empty.
    QString currentPath() const;
    QStringList selectedPaths() const;
    /// Makes the item with this path current (if listed and not filtered out).
    bool selectPath(const QString &path);
    /// Path of a proxy row.
    QString pathAt(int proxyRow) const;

Q_SIGNALS:
    void activated(const QString &path);
    void currentChanged(const QString &path);

private:
    void applySort();
    void updateEmptyState();
    QString pathOf(const QModelIndex &proxyIndex) const;

    Core::MediaFolderModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filter;
    QComboBox *m_sort;
    QListView *m_view;
    QLabel *m_empty;
};

} // namespace Sanzaru::Ui

// SPDX-License-Identifier: MIT
#pragma once

#include <QIcon>
#include <QStyledItemDelegate>

namespace Sanzaru::Ui {

/// Paints MediaFolderModel rows as icon tiles: the thumbnail at its own size (the model delivers it
/// already shrunk to the tile), or, for rows without one (a video with no saved thumbnail, a picture
/// still loading or unreadable), the fallback icon at the view's icon size, so the grid never shows
/// bare names.
class MediaThumbnailDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MediaThumbnailDelegate)

public:
    explicit MediaThumbnailDelegate(const QIcon &fallback, QObject *parent = nullptr);

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    QIcon m_fallback;
};

} // namespace Sanzaru::Ui

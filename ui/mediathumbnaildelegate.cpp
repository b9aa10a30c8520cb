// SPDX-License-Identifier: MIT
#include "mediathumbnaildelegate.h"

namespace Sanzaru::Ui {

MediaThumbnailDelegate::MediaThumbnailDelegate(const QIcon &fallback, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_fallback(fallback)
{}

void MediaThumbnailDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (!(option->features & QStyleOptionViewItem::HasDecoration) || option->icon.isNull()) {
        option->icon = m_fallback;
        option->features |= QStyleOptionViewItem::HasDecoration;
    }
}

} // namespace Sanzaru::Ui

// SPDX-License-Identifier: MIT
#pragma once

#include <QCache>
#include <QImage>
#include <QPointer>
#include <QSet>
#include <QStyleOption>
#include <QStyledItemDelegate>

class QAbstractItemView;

namespace Sanzaru::Ui {

/// Paints one JobListModel row: a thumbnail at the start, the prompt, a details line (kind · model ·
/// size · seconds) and a status line (status, elapsed, time left) with a progress bar at the end. It
/// only paints: no widgets, no editors. The bar is a QStyleOptionProgressBar drawn by the style (busy when
/// progress is unknown, bytes while downloading); failed and cancelled rows paint disabled and show the
/// error instead of a bar.
///
/// Thumbnails are decoded off the GUI thread (QtConcurrent, shrunk while decoding) and cached by path;
/// until one arrives the row paints without it, and the view's viewport is repainted when it does.
class JobDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobDelegate)

public:
    /// view is the view this delegate paints for (repainted when a thumbnail arrives); it is also the parent.
    explicit JobDelegate(QAbstractItemView *view);
    ~JobDelegate() override;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /// The row's third line before times: the status text, or for a failed or cancelled job the first
    /// line of its error ("Failed: …").
    static QString statusLine(const QModelIndex &index);
    static QColor errorColor();

    /// Thumbnails decoded and kept (not counting failures), and decodes still running.
    int cachedThumbnailCount() const { return int(m_thumbnails.count()); }
    int pendingThumbnailCount() const { return int(m_pending.size()); }

signals:
    /// A thumbnail for this file is now cached (or known to be undecodable: then it stays blank).
    void thumbnailReady(const QString &path);

private:
    struct Layout
    {
        QRect thumbnail;
        QRect line[3];
        QRect bar;
    };

    Layout layoutFor(const QStyleOptionViewItem &option) const;
    static QString titleText(const QModelIndex &index);
    static QString detailsText(const QModelIndex &index);
    static QStyleOptionProgressBar progressBarOption(const QStyleOptionViewItem &opt,
                                                     const QModelIndex &index, const QRect &rect);
    void paintThumbnail(QPainter *painter, const QStyleOptionViewItem &opt, QPalette::ColorGroup group,
                        const QModelIndex &index, const QRect &box) const;
    QSize thumbnailBox(const QStyleOptionViewItem &option) const;
    /// The cached thumbnail, or a null image after starting its decode.
    QImage thumbnail(const QString &path, QSize box) const;
    void onDecoded(const QString &key, const QImage &image);

    QPointer<QAbstractItemView> m_view;
    mutable QCache<QString, QImage> m_thumbnails;
    mutable QSet<QString> m_pending;
    QSet<QString> m_failed;
};

} // namespace Sanzaru::Ui

// SPDX-License-Identifier: MIT
#include "jobdelegate.h"

#include "common/backgroundpriority.h"
#include "jobs/joblistmodel.h"
#include "jobs/jobroles.h"
#include "jobs/jobtypes.h"
#include "media/imagesniffer.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QFutureWatcher>
#include <QImageReader>
#include <QPainter>
#include <QStyle>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace Sanzaru::Ui {

using namespace Core::JobRoles;
using Core::JobKind;
using Core::JobState;

namespace {

constexpr int margin = 6;
constexpr int lineSpacing = 2;
constexpr int lineCount = 3;
constexpr qsizetype thumbnailCacheKb = 32 * 1024;

// Runs on a pool thread: only the path and the size cross over, only the image comes back.
QImage decodeThumbnail(const QString &path, QSize pixelBox, qreal devicePixelRatio)
{
    Core::BackgroundPriority::applyToCurrentThread();
    QFile file;
    QImageReader reader;
    if (!Core::ImageSniffer::openRegularFile(file, path))
        return {};
    const Core::Result<Core::ImageSniffer::Bound> bound =
        Core::ImageSniffer::bind(reader, &file, Core::ImageSniffer::preparableFormats());
    if (!bound)
        return {};
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    // Shrinking while decoding (JPEG scales in the decoder) is several times cheaper than decoding in full.
    if (size.isValid() && (size.width() > pixelBox.width() || size.height() > pixelBox.height()))
        reader.setScaledSize(size.scaled(pixelBox, Qt::KeepAspectRatio));
    QImage image;
    if (QString error; !Core::ImageSniffer::read(reader, *bound, &image, &error) || image.isNull())
        return {};
    // Formats without scaled decoding, and rotated pictures, can still come back larger than the box.
    if (image.width() > pixelBox.width() || image.height() > pixelBox.height())
        image = image.scaled(pixelBox, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    image.setDevicePixelRatio(devicePixelRatio);
    return image;
}

QString remainingText(qint64 ms)
{
    if (ms < 0)
        return {};
    if (ms < 60 * 1000)
        return JobDelegate::tr("less than a minute left");
    const int minutes = int((ms + 30 * 1000) / (60 * 1000));
    return JobDelegate::tr("about %n min left", nullptr, minutes);
}

QString megabytes(qint64 bytes)
{
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1);
}

} // namespace

JobDelegate::JobDelegate(QAbstractItemView *view)
    : QStyledItemDelegate(view)
    , m_view(view)
    , m_thumbnails(thumbnailCacheKb)
{}

// Decodes still running finish on the pool and deliver to nobody: their watchers are children of this.
JobDelegate::~JobDelegate() = default;

QSize JobDelegate::thumbnailBox(const QStyleOptionViewItem &option) const
{
    const int height = lineCount * option.fontMetrics.height() + (lineCount - 1) * lineSpacing;
    return {height * 16 / 9, height};
}

JobDelegate::Layout JobDelegate::layoutFor(const QStyleOptionViewItem &option) const
{
    // Computed left to right, then mirrored for right-to-left layouts.
    const QRect area = option.rect.adjusted(margin, margin, -margin, -margin);
    const int lineHeight = option.fontMetrics.height();
    Layout layout;
    layout.thumbnail = QRect(area.topLeft(), thumbnailBox(option));
    const int textLeft = layout.thumbnail.right() + 1 + margin;
    const int textWidth = std::max(0, area.right() + 1 - textLeft);
    for (int i = 0; i < lineCount; ++i)
        layout.line[i] = QRect(textLeft, area.top() + i * (lineHeight + lineSpacing), textWidth, lineHeight);
    const int barWidth = std::clamp(textWidth / 3, std::min(80, textWidth / 2), 240);
    layout.bar = QRect(textLeft + textWidth - barWidth, layout.line[2].top(), barWidth, lineHeight);
    const auto mirror = [&option](QRect &rect) {
        rect = QStyle::visualRect(option.direction, option.rect, rect);
    };
    mirror(layout.thumbnail);
    for (QRect &line : layout.line)
        mirror(line);
    mirror(layout.bar);
    return layout;
}

QSize JobDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    // Fixed per font: the view lays out thousands of rows from one hint (uniform item sizes).
    const QSize box = thumbnailBox(option);
    return {box.width() + 3 * margin + 30 * option.fontMetrics.averageCharWidth(), box.height() + 2 * margin};
}

QColor JobDelegate::errorColor()
{
    return {0xb0, 0x20, 0x20}; // the preview's error colour
}

QString JobDelegate::statusLine(const QModelIndex &index)
{
    const auto state = JobState(index.data(StateRole).toInt());
    const QString error = index.data(ErrorRole).toString();
    if ((state == JobState::Failed || state == JobState::Cancelled) && !error.isEmpty()) {
        // The first line: the rest (a response body, a hint) is in the preview's Error row.
        const QString first = error.section(QLatin1Char('\n'), 0, 0).trimmed();
        return state == JobState::Failed ? tr("Failed: %1").arg(first) : first;
    }
    const QString statusText = index.data(StatusTextRole).toString();
    return statusText.isEmpty() ? Core::displayName(state) : statusText;
}

QString JobDelegate::titleText(const QModelIndex &index)
{
    const QString title = index.data(TitleRole).toString().simplified();
    if (!title.isEmpty())
        return title;
    const auto kind = JobKind(index.data(KindRole).toInt());
    const QString remoteId = index.data(RemoteIdRole).toString();
    return remoteId.isEmpty() ? Core::displayName(kind) : Core::displayName(kind) + u' ' + remoteId;
}

QString JobDelegate::detailsText(const QModelIndex &index)
{
    QStringList details{Core::displayName(JobKind(index.data(KindRole).toInt()))};
    for (const int role : {int(ModelRole), int(SizeRole)}) {
        const QString value = index.data(role).toString();
        if (!value.isEmpty())
            details.append(value);
    }
    const QString seconds = index.data(SecondsRole).toString();
    if (!seconds.isEmpty())
        details.append(tr("%1 s").arg(seconds));
    if (index.data(OriginRole).toInt() == int(Core::JobOrigin::Mcp))
        details.append(tr("MCP"));
    return details.join(QStringLiteral(" · "));
}

// Thumbnail, or a quiet placeholder so rows stay aligned while it loads (or when there is none); a failed
// job without one gets an error mark.
void JobDelegate::paintThumbnail(QPainter *painter, const QStyleOptionViewItem &opt,
                                 QPalette::ColorGroup group, const QModelIndex &index, const QRect &box) const
{
    const auto state = JobState(index.data(StateRole).toInt());
    const QString thumbnailPath = index.data(ThumbnailPathRole).toString();
    const QImage image = thumbnailPath.isEmpty() ? QImage() : thumbnail(thumbnailPath, box.size());
    if (!image.isNull()) {
        const QSize shown = image.size() / image.devicePixelRatio();
        QRect target(QPoint(), shown);
        target.moveCenter(box.center());
        if (state == JobState::Cancelled)
            painter->setOpacity(0.5);
        painter->drawImage(target, image);
        painter->setOpacity(1.0);
        return;
    }
    painter->fillRect(box, opt.palette.color(group, QPalette::Midlight));
    if (state == JobState::Failed) {
        const int side = std::min(box.width(), box.height()) / 2;
        QRect mark(0, 0, side, side);
        mark.moveCenter(box.center());
        const QWidget *widget = opt.widget;
        QStyle *style = widget ? widget->style() : QApplication::style();
        style->standardIcon(QStyle::SP_MessageBoxCritical, &opt, widget).paint(painter, mark);
    }
}

// The row's bar: bytes while downloading, percent while running, busy when unknown, "Done" at the end.
QStyleOptionProgressBar JobDelegate::progressBarOption(const QStyleOptionViewItem &opt,
                                                       const QModelIndex &index, const QRect &rect)
{
    const auto state = JobState(index.data(StateRole).toInt());
    QStyleOptionProgressBar bar;
    bar.rect = rect;
    bar.direction = opt.direction;
    bar.palette = opt.palette;
    bar.fontMetrics = opt.fontMetrics;
    // Qt 6 styles draw nothing sensible without State_Horizontal.
    bar.state = (opt.state & (QStyle::State_Enabled | QStyle::State_Active)) | QStyle::State_Horizontal;
    bar.minimum = 0;
    bar.textVisible = true;
    bar.textAlignment = Qt::AlignCenter;
    const qint64 total = index.data(BytesTotalRole).toLongLong();
    const int progress = index.data(ProgressRole).toInt();
    if (state == JobState::Downloading && total > 0) {
        // KiB keep files beyond 2 GiB inside the bar's int range.
        const qint64 received = index.data(BytesReceivedRole).toLongLong();
        bar.maximum = int(std::max<qint64>(1, total / 1024));
        bar.progress = int(std::clamp<qint64>(received / 1024, 0, bar.maximum));
        bar.text = tr("%1 of %2 MB").arg(megabytes(received), megabytes(total));
    } else if (state == JobState::Completed && progress < 0) {
        bar.maximum = 100;
        bar.progress = 100;
        bar.text = tr("Done");
    } else if (progress < 0) {
        // Unknown progress: max == min == 0 makes the style draw a busy bar.
        bar.maximum = Core::JobListModel::isLive(state) ? 0 : 100;
        bar.progress = 0;
        bar.textVisible = false;
    } else {
        bar.maximum = 100;
        bar.progress = std::clamp(progress, 0, 100);
        bar.text = tr("%1 %").arg(bar.progress);
    }
    return bar;
}

void JobDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    const auto state = JobState(index.data(StateRole).toInt());
    // Cancelled rows are quiet (greyed); failed ones are errors, drawn in full colour with the reason.
    const bool failed = state == JobState::Failed;
    const bool dimmed = state == JobState::Cancelled;
    const bool ended = failed || dimmed;

    QStyleOptionViewItem opt = option;
    if (dimmed)
        opt.state &= ~QStyle::State_Enabled;
    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette::ColorGroup group = !(opt.state & QStyle::State_Enabled) ? QPalette::Disabled
                                       : (opt.state & QStyle::State_Active) ? QPalette::Normal
                                                                            : QPalette::Inactive;

    painter->save();
    painter->setLayoutDirection(opt.direction);
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);

    const Layout layout = layoutFor(opt);

    paintThumbnail(painter, opt, group, index, layout.thumbnail);

    const QColor textColor = opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    const int alignment = int(QStyle::visualAlignment(opt.direction, Qt::AlignLeft | Qt::AlignVCenter));
    const auto drawLine = [&](const QRect &rect, const QString &text, const QFont &font,
                              const QColor &color) {
        painter->setFont(font);
        painter->setPen(color);
        const QString elided = QFontMetrics(font).elidedText(text, Qt::ElideRight, rect.width());
        painter->drawText(rect, alignment, elided);
    };

    // Line 1: the prompt (or the file a preparation works on).
    QFont titleFont = opt.font;
    titleFont.setBold(true);
    drawLine(layout.line[0], titleText(index), titleFont, textColor);

    // Line 2: kind · model · size · seconds.
    drawLine(layout.line[1], detailsText(index), opt.font, textColor);

    // Line 3: status, elapsed and time left; failed and cancelled rows show why instead of a bar.
    QStringList status{statusLine(index)};
    const QString elapsed = Core::JobListModel::formatDuration(index.data(ElapsedMsRole).toLongLong());
    if (!elapsed.isEmpty())
        status.append(elapsed);
    const QString left = remainingText(index.data(RemainingMsRole).toLongLong());
    if (!left.isEmpty())
        status.append(left);
    QRect statusRect = layout.line[2];
    if (!ended) {
        // The bar takes the end of the line (left edge in right-to-left layouts).
        if (opt.direction == Qt::RightToLeft)
            statusRect.setLeft(layout.bar.right() + 1 + margin);
        else
            statusRect.setRight(layout.bar.left() - 1 - margin);
    }
    drawLine(statusRect, status.join(QStringLiteral(" · ")), opt.font,
             failed && !selected ? errorColor() : textColor);

    if (!ended) {
        const QStyleOptionProgressBar bar = progressBarOption(opt, index, layout.bar);
        style->drawControl(QStyle::CE_ProgressBar, &bar, painter, widget);
    }

    if (opt.state & QStyle::State_HasFocus) {
        QStyleOptionFocusRect focus;
        focus.QStyleOption::operator=(opt);
        focus.state |= QStyle::State_KeyboardFocusChange;
        focus.backgroundColor = opt.palette.color(group, selected ? QPalette::Highlight : QPalette::Base);
        style->drawPrimitive(QStyle::PE_FrameFocusRect, &focus, painter, widget);
    }
    painter->restore();
}

QImage JobDelegate::thumbnail(const QString &path, QSize box) const
{
    const qreal ratio = m_view ? m_view->devicePixelRatioF() : 1.0;
    const QSize pixelBox = box * ratio;
    const QString key =
        path + u'|' + QString::number(pixelBox.width()) + u'x' + QString::number(pixelBox.height());
    if (const QImage *cached = m_thumbnails.object(key))
        return *cached;
    if (m_failed.contains(key) || m_pending.contains(key))
        return {};
    m_pending.insert(key);
    // Painting is logically const; the cache and the decodes it starts are the delegate's own business.
    auto *self = const_cast<JobDelegate *>(this);
    auto *watcher = new QFutureWatcher<QImage>(self);
    connect(watcher, &QFutureWatcher<QImage>::finished, self, [self, watcher, key, path] {
        self->onDecoded(key, watcher->result());
        watcher->deleteLater();
        emit self->thumbnailReady(path);
    });
    watcher->setFuture(QtConcurrent::run(decodeThumbnail, path, pixelBox, ratio));
    return {};
}

void JobDelegate::onDecoded(const QString &key, const QImage &image)
{
    m_pending.remove(key);
    if (image.isNull()) {
        m_failed.insert(key);
        return;
    }
    m_thumbnails.insert(key, new QImage(image), std::max<qsizetype>(1, image.sizeInBytes() / 1024));
    if (m_view)
        m_view->viewport()->update();
}

} // namespace Sanzaru::Ui

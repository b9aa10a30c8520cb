// SPDX-License-Identifier: MIT
#include "previewpane.h"

#include "elidedlabel.h"
#include "imageloader.h"
#include "imageview.h"
#include "jobs/jobkindtraits.h"
#include "videoplayerwidget.h"

#include <QDir>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyle>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace Sanzaru::Ui {

using Core::JobKind;
using Core::JobRecord;
using Core::JobState;

namespace {

constexpr int kFieldCount = int(PreviewPane::Field::Error) + 1;

bool isVideoPath(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("mp4") || suffix == QLatin1String("webm") ||
           suffix == QLatin1String("mov") || suffix == QLatin1String("m4v");
}

QString scalarText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double: {
        const double d = value.toDouble();
        return d == std::floor(d) && std::abs(d) < 1e15 ? QString::number(qint64(d)) : QString::number(d);
    }
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return {};
    }
}

// Everything the tool call carried besides what has a row of its own, "quality: high · n: 1".
QString otherParameters(const QJsonObject &arguments)
{
    static const QStringList own = {QStringLiteral("prompt"), QStringLiteral("model"), QStringLiteral("size"),
                                    QStringLiteral("seconds")};
    QStringList parts;
    for (auto it = arguments.begin(); it != arguments.end(); ++it) {
        if (own.contains(it.key()))
            continue;
        if (it.value().isObject()) {
            // tool_config of the Responses API: its model and size have rows already.
            const QJsonObject inner = it.value().toObject();
            for (auto jt = inner.begin(); jt != inner.end(); ++jt) {
                const QString text = scalarText(jt.value());
                if (!own.contains(jt.key()) && !text.isEmpty())
                    parts.append(jt.key() + QStringLiteral(": ") + text);
            }
            continue;
        }
        const QString text = scalarText(it.value());
        if (!text.isEmpty())
            parts.append(it.key() + QStringLiteral(": ") + text);
    }
    return parts.join(QStringLiteral(" · "));
}

QString fieldLabel(PreviewPane::Field field)
{
    switch (field) {
    case PreviewPane::Field::Status:
        return PreviewPane::tr("Status");
    case PreviewPane::Field::Prompt:
        return PreviewPane::tr("Prompt");
    case PreviewPane::Field::Model:
        return PreviewPane::tr("Model");
    case PreviewPane::Field::Size:
        return PreviewPane::tr("Size");
    case PreviewPane::Field::Seconds:
        return PreviewPane::tr("Seconds");
    case PreviewPane::Field::Parameters:
        return PreviewPane::tr("Parameters");
    case PreviewPane::Field::File:
        return PreviewPane::tr("File");
    case PreviewPane::Field::FileSize:
        return PreviewPane::tr("File size");
    case PreviewPane::Field::Dimensions:
        return PreviewPane::tr("Dimensions");
    case PreviewPane::Field::RemoteId:
        return PreviewPane::tr("Remote id");
    case PreviewPane::Field::Error:
        return PreviewPane::tr("Error");
    }
    return {};
}

QToolButton *toolButton(QWidget *parent, const QString &text, const QString &toolTip)
{
    auto *button = new QToolButton(parent);
    button->setText(text);
    button->setToolTip(toolTip);
    button->setAccessibleName(toolTip);
    return button;
}

} // namespace

PreviewPane::PreviewPane(QThreadPool *pool, QWidget *parent)
    : QWidget(parent)
    , m_loader(new ImageLoader(pool, this))
    , m_sheetLoader(new ImageLoader(pool, this))
    , m_tabs(new QTabWidget(this))
    , m_stack(new QStackedWidget(this))
    , m_placeholder(new QLabel(this))
    , m_imagePage(new QWidget(this))
    , m_imageView(new ImageView(this))
    , m_scaleLabel(new QLabel(this))
    , m_player(new VideoPlayerWidget(this))
    , m_sheetView(new ImageView(this))
    , m_grid(new QGridLayout)
{
    setAccessibleName(tr("Preview"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setAccessibleName(tr("Preview message"));

    buildImagePage();
    buildLayout();
    connectLoaders();
    reset();
    showMessage(tr("Select a job, a picture or a video to preview it."));
}

// The picture page: zoom buttons above the view (the keys work too, see ImageView).
void PreviewPane::buildImagePage()
{
    auto *fit = toolButton(m_imagePage, tr("Fit"), tr("Fit to window (0)"));
    auto *actual = toolButton(m_imagePage, tr("100 %"), tr("Actual size (1)"));
    auto *zoomOut = toolButton(m_imagePage, tr("−"), tr("Zoom out (-)"));
    auto *zoomIn = toolButton(m_imagePage, tr("+"), tr("Zoom in (+)"));
    m_scaleLabel->setAccessibleName(tr("Zoom level"));
    auto *zoomBar = new QHBoxLayout;
    zoomBar->addWidget(fit);
    zoomBar->addWidget(actual);
    zoomBar->addWidget(zoomOut);
    zoomBar->addWidget(zoomIn);
    zoomBar->addWidget(m_scaleLabel);
    zoomBar->addStretch(1);
    auto *imageLayout = new QVBoxLayout(m_imagePage);
    imageLayout->setContentsMargins(0, 0, 0, 0);
    imageLayout->addLayout(zoomBar);
    imageLayout->addWidget(m_imageView, 1);
    connect(fit, &QToolButton::clicked, m_imageView, &ImageView::fitToWindow);
    connect(actual, &QToolButton::clicked, m_imageView, &ImageView::actualSize);
    connect(zoomOut, &QToolButton::clicked, m_imageView, &ImageView::zoomOut);
    connect(zoomIn, &QToolButton::clicked, m_imageView, &ImageView::zoomIn);
    connect(m_imageView, &ImageView::scaleChanged, this, &PreviewPane::updateScaleLabel);
}

// Preview and frames tabs above the detail rows.
void PreviewPane::buildLayout()
{
    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(m_imagePage);
    m_stack->addWidget(m_player);
    m_sheetView->setAccessibleName(tr("Spritesheet frames"));
    m_tabs->addTab(m_stack, tr("Preview"));
    m_tabs->addTab(m_sheetView, tr("Frames"));
    m_tabs->setTabVisible(1, false);
    m_tabs->setDocumentMode(true);

    QWidget *details = buildDetails();
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_tabs);
    splitter->addWidget(details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
}

// Detail rows, in Field order; empty rows are hidden.
// A grid, not a QFormLayout: with word-wrapped values and hidden rows, Qt 6.4.2's form layout
// writes past its row arrays (heap corruption seen under valgrind).
QWidget *PreviewPane::buildDetails()
{
    auto *details = new QWidget(this);
    details->setLayout(m_grid);
    m_grid->setColumnStretch(1, 1);
    m_grid->setRowStretch(kFieldCount, 1); // spare height below the rows, not between them
    for (int i = 0; i < kFieldCount; ++i) {
        const auto field = Field(i);
        // File names and ids have no spaces to wrap at: they elide instead of widening the pane.
        const bool oneToken = field == Field::File || field == Field::RemoteId;
        QLabel *value = oneToken ? new ElidedLabel(details) : new QLabel(details);
        value->setWordWrap(!oneToken);
        value->setAlignment(Qt::AlignLeft | Qt::AlignTop); // on the name's line, whatever the row height
        // Prompts may contain '<': never let Qt guess rich text.
        value->setTextFormat(Qt::PlainText);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setAccessibleName(fieldLabel(field));
        if (field == Field::Error) {
            QPalette palette = value->palette();
            palette.setColor(QPalette::WindowText, QColor(0xb0, 0x20, 0x20));
            value->setPalette(palette);
        }
        auto *name = new QLabel(fieldLabel(field), details);
        name->setAlignment(Qt::AlignRight | Qt::AlignTop);
        name->setBuddy(value);
        m_grid->addWidget(name, i, 0);
        m_grid->addWidget(value, i, 1);
        m_names.append(name);
        m_values.append(value);
    }
    auto *detailsScroll = new QScrollArea(this);
    detailsScroll->setWidget(details);
    detailsScroll->setWidgetResizable(true);
    detailsScroll->setFrameShape(QFrame::NoFrame);
    detailsScroll->setAccessibleName(tr("Details"));
    detailsScroll->setObjectName(QStringLiteral("previewDetails"));
    return detailsScroll;
}

void PreviewPane::connectLoaders()
{
    connect(m_loader, &ImageLoader::finished, this, [this](int ticket, const ImageLoader::Loaded &loaded) {
        if (ticket == m_imageTicket) {
            if (loaded.image.isNull()) {
                showMessage(loaded.error);
                Q_EMIT message(loaded.error);
                return;
            }
            m_imageView->setImage(loaded.image, loaded.originalSize);
            setDetail(
                Field::Dimensions,
                tr("%1 × %2 pixels").arg(loaded.originalSize.width()).arg(loaded.originalSize.height()));
            m_stack->setCurrentWidget(m_imagePage);
            Q_EMIT previewReady();
        } else if (ticket == m_posterTicket) {
            // A missing or broken thumbnail only costs the poster; the video still plays.
            if (!loaded.image.isNull())
                m_player->setPoster(loaded.image);
            Q_EMIT previewReady();
        }
    });
    connect(m_sheetLoader, &ImageLoader::finished, this,
            [this](int ticket, const ImageLoader::Loaded &loaded) {
                if (ticket != m_sheetTicket || loaded.image.isNull())
                    return;
                m_sheetView->setImage(loaded.image, loaded.originalSize);
                m_tabs->setTabVisible(1, true);
            });
    connect(m_player, &VideoPlayerWidget::errorOccurred, this, &PreviewPane::message);
}

PreviewPane::~PreviewPane() = default;

void PreviewPane::reset()
{
    m_loader->cancel();
    m_sheetLoader->cancel();
    m_imageTicket = m_posterTicket = m_sheetTicket = 0;
    m_imageView->clear();
    m_sheetView->clear();
    m_player->clear();
    m_tabs->setTabVisible(1, false);
    m_tabs->setCurrentIndex(0);
    m_jobId.clear();
    m_filePath.clear();
    for (int i = 0; i < kFieldCount; ++i)
        setDetail(Field(i), QString());
}

void PreviewPane::clear()
{
    reset();
    showMessage(tr("Select a job, a picture or a video to preview it."));
    m_mode = Mode::Empty;
}

void PreviewPane::showMessage(const QString &text)
{
    m_placeholder->setText(text);
    m_stack->setCurrentWidget(m_placeholder);
    m_mode = Mode::Message;
}

QString PreviewPane::messageText() const
{
    return m_stack->currentWidget() == m_placeholder ? m_placeholder->text() : QString();
}

void PreviewPane::setDetail(Field field, const QString &text, const QString &toolTip)
{
    QLabel *value = m_values.at(int(field));
    if (auto *elided = qobject_cast<ElidedLabel *>(value)) {
        elided->setFullText(text, toolTip);
    } else {
        value->setText(text);
        value->setToolTip(toolTip);
    }
    const bool visible = !text.isEmpty();
    value->setVisible(visible);
    m_names.at(int(field))->setVisible(visible);
}

QString PreviewPane::detail(Field field) const
{
    const QLabel *value = m_values.at(int(field));
    if (const auto *elided = qobject_cast<const ElidedLabel *>(value))
        return elided->fullText();
    return value->text();
}

bool PreviewPane::isDetailVisible(Field field) const
{
    return !detail(field).isEmpty();
}

bool PreviewPane::hasSpritesheet() const
{
    return m_tabs->isTabVisible(1);
}

void PreviewPane::setFileDetails(const QString &path)
{
    const QFileInfo info(path);
    setDetail(Field::File, info.fileName(), path);
    if (info.isFile())
        setDetail(Field::FileSize, QLocale().formattedDataSize(info.size(), 1));
}

void PreviewPane::showImageFile(const QString &path)
{
    m_filePath = path;
    m_mode = Mode::Image;
    showMessage(tr("Loading %1…").arg(QFileInfo(path).fileName()));
    m_mode = Mode::Image;
    m_imageTicket = m_loader->load(path, displayEdge);
}

void PreviewPane::showVideoFile(const QString &path, const QString &posterPath)
{
    m_filePath = path;
    m_player->setSource(path);
    m_stack->setCurrentWidget(m_player);
    m_mode = Mode::Video;
    if (!posterPath.isEmpty() && QFileInfo(posterPath).isFile())
        m_posterTicket = m_loader->load(posterPath, displayEdge);
}

void PreviewPane::showSpritesheet(const QString &path)
{
    if (!path.isEmpty() && QFileInfo(path).isFile())
        m_sheetTicket = m_sheetLoader->load(path, displayEdge);
}

void PreviewPane::setFile(const QString &path)
{
    reset();
    if (path.isEmpty()) {
        clear();
        return;
    }
    setFileDetails(path);
    if (!QFileInfo(path).isFile()) {
        showMessage(tr("%1 no longer exists.").arg(QFileInfo(path).fileName()));
        return;
    }
    if (isVideoPath(path)) {
        const QFileInfo info(path);
        showVideoFile(path, info.dir().filePath(info.completeBaseName() + QStringLiteral(".webp")));
    } else {
        showImageFile(path);
    }
}

void PreviewPane::setJob(const JobRecord &record)
{
    reset();
    m_jobId = record.id;

    setJobStatus(record);
    setDetail(Field::Prompt, record.prompt());
    setDetail(Field::Model, record.model());
    setDetail(Field::Size, record.size());
    setDetail(Field::Seconds, record.seconds());
    setDetail(Field::Parameters, otherParameters(record.arguments));
    setDetail(Field::RemoteId, record.remoteId);

    const bool video = Core::traitsOf(record.kind).video;
    const QString main = video ? record.outputPath(QStringLiteral("video"))
                               : (record.outputPath(QStringLiteral("image")).isEmpty()
                                      ? record.outputPath()
                                      : record.outputPath(QStringLiteral("image")));
    const QString thumbnail = video ? record.outputPath(QStringLiteral("thumbnail")) : QString();
    if (video)
        showSpritesheet(record.outputPath(QStringLiteral("spritesheet")));

    if (!main.isEmpty() && QFileInfo(main).isFile()) {
        setFileDetails(main);
        if (video)
            showVideoFile(main, thumbnail);
        else
            showImageFile(main);
        return;
    }
    if (!main.isEmpty())
        setFileDetails(main);
    if (!thumbnail.isEmpty() && QFileInfo(thumbnail).isFile()) {
        // Only the thumbnail was saved (or the video was moved away): show it as a picture.
        showImageFile(thumbnail);
        return;
    }
    if (!main.isEmpty() && record.state != JobState::Failed && record.state != JobState::Cancelled)
        showMessage(tr("%1 no longer exists.").arg(QFileInfo(main).fileName()));
    else
        showMessage(pendingMessage(record));
}

void PreviewPane::updateJob(const JobRecord &record)
{
    if (record.id != m_jobId)
        return;
    setJobStatus(record);
    if (m_mode == Mode::Message)
        showMessage(pendingMessage(record));
}

void PreviewPane::setJobStatus(const JobRecord &record)
{
    QString status = Core::displayName(record.kind) + QStringLiteral(" — ") + Core::displayName(record.state);
    if (!record.statusText.isEmpty() && !Core::isTerminal(record.state))
        status += QStringLiteral(" (") + record.statusText + QLatin1Char(')');
    setDetail(Field::Status, status);
    if (record.error)
        setDetail(Field::Error, record.error->message, record.error->detail);
    else
        setDetail(Field::Error, QString());
}

QString PreviewPane::pendingMessage(const JobRecord &record) const
{
    switch (record.state) {
    case JobState::Failed:
        return record.error ? record.error->message : tr("The job failed.");
    case JobState::Cancelled:
        return tr("The job was cancelled.");
    case JobState::Completed:
        // A job finished upstream whose files are not here yet (started by an MCP client or the CLI).
        return record.canDownload()
                   ? tr("Finished upstream; not downloaded yet. Download (Ctrl+D) fetches it.")
                   : tr("This job saved no file to preview.");
    default:
        return record.statusText.isEmpty() ? Core::displayName(record.state) : record.statusText;
    }
}

void PreviewPane::updateScaleLabel()
{
    m_scaleLabel->setText(m_imageView->hasImage()
                              ? QStringLiteral("%1 %").arg(std::lround(m_imageView->scale() * 100))
                              : QString());
}

} // namespace Sanzaru::Ui

// SPDX-License-Identifier: MIT
#include "videoplayerwidget.h"

#include "shortcuttable.h"

#include <QAudioOutput>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMediaPlayer>
#include <QSlider>
#include <QStackedWidget>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>
#include <QVideoWidget>

#include <algorithm>
#include <climits>

namespace Sanzaru::Ui {

namespace {

QString clock(qint64 msecs)
{
    const qint64 seconds = msecs / 1000;
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

VideoPlayerWidget::VideoPlayerWidget(QWidget *parent)
    : QWidget(parent)
    , m_stack(new QStackedWidget(this))
    , m_posterLabel(new QLabel(this))
    , m_playButton(new QToolButton(this))
    , m_position(new QSlider(Qt::Horizontal, this))
    , m_time(new QLabel(this))
    , m_error(new QLabel(this))
{
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Video player"));
    m_posterLabel->setAlignment(Qt::AlignCenter);
    m_posterLabel->setMinimumSize(64, 36);
    m_posterLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
    m_posterLabel->setBackgroundRole(QPalette::Dark);
    m_posterLabel->setAutoFillBackground(true);
    m_posterLabel->setAccessibleName(tr("Video thumbnail"));
    m_stack->addWidget(m_posterLabel);

    m_playButton->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_playButton->setAccessibleName(tr("Play"));
    m_playButton->setToolTip(tr("Play (Space)"));
    m_position->setAccessibleName(tr("Playback position"));
    m_position->setRange(0, 0);
    m_time->setAccessibleName(tr("Playback time"));
    m_time->setText(clock(0) + QStringLiteral(" / ") + clock(0));
    m_error->setWordWrap(true);
    m_error->hide();

    auto *controls = new QHBoxLayout;
    controls->addWidget(m_playButton);
    controls->addWidget(m_position, 1);
    controls->addWidget(m_time);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack, 1);
    layout->addLayout(controls);
    layout->addWidget(m_error);

    connect(m_playButton, &QToolButton::clicked, this, &VideoPlayerWidget::togglePlayback);
    connect(m_position, &QSlider::sliderMoved, this, [this](int value) {
        if (m_player)
            m_player->setPosition(value);
    });
    updateControls();
}

VideoPlayerWidget::~VideoPlayerWidget()
{
    // The player must let go of the video sink before the widget goes away.
    if (m_player)
        m_player->stop();
}

void VideoPlayerWidget::ensurePlayer()
{
    if (m_player)
        return;
    m_player = new QMediaPlayer(this);
    m_audio = new QAudioOutput(this);
    m_video = new QVideoWidget(this);
    m_video->setAccessibleName(tr("Video"));
    m_stack->addWidget(m_video);
    m_player->setAudioOutput(m_audio);
    m_player->setVideoOutput(m_video);

    connect(m_player, &QMediaPlayer::durationChanged, this, [this](qint64 duration) {
        m_duration = duration;
        m_position->setRange(0, int(std::min<qint64>(duration, INT_MAX)));
        updateControls();
    });
    connect(m_player, &QMediaPlayer::positionChanged, this, [this](qint64 position) {
        if (!m_position->isSliderDown())
            m_position->setValue(int(std::min<qint64>(position, INT_MAX)));
        updateControls();
    });
    connect(m_player, &QMediaPlayer::playbackStateChanged, this, [this](QMediaPlayer::PlaybackState state) {
        if (state == QMediaPlayer::PlayingState)
            m_stack->setCurrentWidget(m_video);
        updateControls();
    });
    connect(m_player, &QMediaPlayer::errorOccurred, this,
            [this](QMediaPlayer::Error error, const QString &text) {
                if (error == QMediaPlayer::NoError)
                    return;
                const QString message = text.isEmpty() ? tr("This video cannot be played.")
                                                       : tr("Cannot play this video: %1").arg(text);
                m_error->setText(message);
                m_error->show();
                Q_EMIT errorOccurred(message);
            });
}

void VideoPlayerWidget::setSource(const QString &path)
{
    if (path.isEmpty()) {
        if (m_player) {
            m_player->stop();
            m_player->setSource(QUrl());
        }
        m_stack->setCurrentWidget(m_posterLabel);
        updateControls();
        return;
    }
    ensurePlayer();
    m_error->hide();
    m_duration = 0;
    m_position->setRange(0, 0);
    m_player->stop();
    m_player->setSource(QUrl::fromLocalFile(path));
    m_stack->setCurrentWidget(m_posterLabel);
    updateControls();
}

QUrl VideoPlayerWidget::source() const
{
    return m_player ? m_player->source() : QUrl();
}

void VideoPlayerWidget::setPoster(const QImage &poster)
{
    m_poster = poster;
    updatePosterPixmap();
}

void VideoPlayerWidget::clear()
{
    setSource(QString());
    setPoster(QImage());
    m_error->hide();
}

void VideoPlayerWidget::play()
{
    if (m_player && !m_player->source().isEmpty())
        m_player->play();
}

void VideoPlayerWidget::pause()
{
    if (m_player)
        m_player->pause();
}

void VideoPlayerWidget::togglePlayback()
{
    if (m_player && m_player->playbackState() == QMediaPlayer::PlayingState)
        pause();
    else
        play();
}

QString VideoPlayerWidget::timeText() const
{
    return m_time->text();
}

void VideoPlayerWidget::updateControls()
{
    const bool loaded = m_player && !m_player->source().isEmpty();
    const bool playing = loaded && m_player->playbackState() == QMediaPlayer::PlayingState;
    m_playButton->setEnabled(loaded);
    m_position->setEnabled(loaded);
    m_playButton->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_playButton->setAccessibleName(playing ? tr("Pause") : tr("Play"));
    m_playButton->setToolTip(playing ? tr("Pause (Space)") : tr("Play (Space)"));
    const qint64 position = loaded ? m_player->position() : 0;
    m_time->setText(clock(position) + QStringLiteral(" / ") + clock(loaded ? m_duration : 0));
}

void VideoPlayerWidget::updatePosterPixmap()
{
    if (m_poster.isNull()) {
        m_posterLabel->setPixmap(QPixmap());
        return;
    }
    // The thumbnail is small (a quarter of the video); scaling it to the label is cheap.
    const QSize area = m_posterLabel->size().boundedTo(m_poster.size() * 4);
    m_posterLabel->setPixmap(
        QPixmap::fromImage(m_poster.scaled(area, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
}

void VideoPlayerWidget::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    updatePosterPixmap();
}

void VideoPlayerWidget::keyPressEvent(QKeyEvent *event)
{
    if (ShortcutTable::matches(ShortcutTable::Id::PlayPause, event)) {
        togglePlayback();
        event->accept();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace Sanzaru::Ui

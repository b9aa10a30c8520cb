// SPDX-License-Identifier: MIT
#pragma once

#include <QImage>
#include <QUrl>
#include <QWidget>

class QAudioOutput;
class QLabel;
class QMediaPlayer;
class QSlider;
class QStackedWidget;
class QToolButton;
class QVideoWidget;

namespace Sanzaru::Ui {

/// Plays a local video in the window: a poster (the saved thumbnail) until playback starts, then the
/// video, with play/pause, a position slider and "0:03 / 0:08". Space toggles playback. The media
/// objects are created on the first setSource(), so a preview that only ever shows pictures costs
/// no decoder or audio device.
class VideoPlayerWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VideoPlayerWidget)

public:
    explicit VideoPlayerWidget(QWidget *parent = nullptr);
    ~VideoPlayerWidget() override;

    /// Loads (does not start) a local file; an empty path unloads.
    void setSource(const QString &path);
    QUrl source() const;
    void setPoster(const QImage &poster);
    bool hasPoster() const { return !m_poster.isNull(); }
    /// Stops, unloads and clears the poster.
    void clear();

    /// Null until the first setSource().
    QMediaPlayer *player() const { return m_player; }
    QString timeText() const;

public Q_SLOTS:
    void play();
    void pause();
    void togglePlayback();

Q_SIGNALS:
    /// The backend could not open or decode the file (a sentence for the user).
    void errorOccurred(const QString &message);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void ensurePlayer();
    void updateControls();
    void updatePosterPixmap();

    QMediaPlayer *m_player = nullptr;
    QAudioOutput *m_audio = nullptr;
    QVideoWidget *m_video = nullptr;
    QStackedWidget *m_stack;
    QLabel *m_posterLabel;
    QToolButton *m_playButton;
    QSlider *m_position;
    QLabel *m_time;
    QLabel *m_error;
    QImage m_poster;
    qint64 m_duration = 0;
};

} // namespace Sanzaru::Ui

// SPDX-License-Identifier: MIT
#pragma once

#include "jobs/jobrecord.h"

#include <QString>
#include <QWidget>

class QGridLayout;
class QLabel;
class QStackedWidget;
class QTabWidget;
class QThreadPool;
class QToolButton;

namespace Sanzaru::Ui {

class ImageLoader;
class ImageView;
class VideoPlayerWidget;

/// Shows one job or one file: a picture in a zoomable view, a video with in-app playback (poster =
/// the saved thumbnail) and, when the job saved one, its spritesheet under "Frames"; below, what the
/// job was (prompt, model, size, seconds, other parameters), the file and its size, the remote id
/// and, for failed jobs, the error. Pictures are decoded on the pool (ImageLoader), never here.
class PreviewPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreviewPane)

public:
    enum class Mode { Empty, Image, Video, Message };
    Q_ENUM(Mode)
    /// The detail rows; rows without a value are hidden.
    enum class Field {
        Status,
        Prompt,
        Model,
        Size,
        Seconds,
        Parameters,
        File,
        FileSize,
        Dimensions,
        RemoteId,
        Error
    };
    Q_ENUM(Field)

    /// Longest edge a picture is decoded to for display (larger ones are shrunk while decoding).
    static constexpr int displayEdge = 4096;

    /// pool: not owned; decodes run there.
    explicit PreviewPane(QThreadPool *pool, QWidget *parent = nullptr);
    ~PreviewPane() override;

    void setJob(const Core::JobRecord &record);
    /// The shown job moved on without new files (progress, status text): updates its status line, and
    /// the sentence in place of media, without reloading what is shown. Ignored for any other job.
    void updateJob(const Core::JobRecord &record);
    /// A picture, or a video (by extension: mp4, webm, mov, m4v) with its "<stem>.webp" as poster.
    void setFile(const QString &path);
    void clear();

    Mode mode() const { return m_mode; }
    /// The job shown (empty id when showing a file or nothing).
    QString jobId() const { return m_jobId; }
    /// The main file shown (picture or video), or empty.
    QString filePath() const { return m_filePath; }
    QString detail(Field field) const;
    bool isDetailVisible(Field field) const;
    /// The sentence shown instead of media (no output yet, a file that cannot be shown, …).
    QString messageText() const;

    ImageView *imageView() const { return m_imageView; }
    ImageView *spritesheetView() const { return m_sheetView; }
    VideoPlayerWidget *videoPlayer() const { return m_player; }
    /// True while the spritesheet tab is offered.
    bool hasSpritesheet() const;

Q_SIGNALS:
    /// The picture (or the video poster) finished decoding and is on screen.
    void previewReady();
    /// Decoding or playback failed; a sentence for the status bar.
    void message(const QString &text);

private:
    void buildImagePage();
    void buildLayout();
    /// The detail rows in a scroll area.
    QWidget *buildDetails();
    void connectLoaders();
    void reset();
    void showMessage(const QString &text);
    void showImageFile(const QString &path);
    void showVideoFile(const QString &path, const QString &posterPath);
    void showSpritesheet(const QString &path);
    void setDetail(Field field, const QString &text, const QString &toolTip = QString());
    void setJobStatus(const Core::JobRecord &record);
    /// What stands in place of media while a job has no file to show.
    QString pendingMessage(const Core::JobRecord &record) const;
    void setFileDetails(const QString &path);
    void updateScaleLabel();

    ImageLoader *m_loader;
    ImageLoader *m_sheetLoader;
    QTabWidget *m_tabs;
    QStackedWidget *m_stack;
    QLabel *m_placeholder;
    QWidget *m_imagePage;
    ImageView *m_imageView;
    QLabel *m_scaleLabel;
    VideoPlayerWidget *m_player;
    ImageView *m_sheetView;
    QGridLayout *m_grid;
    QList<QLabel *> m_names;
    QList<QLabel *> m_values;

    Mode m_mode = Mode::Empty;
    QString m_jobId;
    QString m_filePath;
    int m_imageTicket = 0;
    int m_posterTicket = 0;
    int m_sheetTicket = 0;
};

} // namespace Sanzaru::Ui

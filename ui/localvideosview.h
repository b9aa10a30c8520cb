// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QString>
#include <QWidget>

#include <functional>
#include <optional>

class QLabel;
class QThreadPool;

namespace Sanzaru::Core {
class MediaFolderModel;
} // namespace Sanzaru::Core

namespace Sanzaru::Ui {

class MediaBrowser;

/// What the app knows about a local video from the job that made it.
struct LocalVideoInfo
{
    QString prompt;
    QDateTime created; ///< invalid when unknown
};

/// The video folder as a grid (MP4, WEBM, MOV) that follows the disk, with sort and filter. A video's
/// tile shows the "<stem>.webp" thumbnail download_video saved beside it, or a generic video icon.
/// Items drag out as file URLs.
class LocalVideosView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LocalVideosView)

public:
    /// videoDir: the video folder (MediaPaths::videoDir()); pool: not owned.
    LocalVideosView(const QString &videoDir, QThreadPool *pool, QWidget *parent = nullptr);

    void setFolder(const QString &videoDir);
    QString folder() const;
    QString currentVideo() const;

    Core::MediaFolderModel *model() const { return m_model; }
    MediaBrowser *browser() const { return m_browser; }

    /// The extensions listed, with the dot.
    static QStringList videoExtensions();

    /// Where prompt and date come from (the queue's records); without it, or for a video no job made,
    /// the details say only the file's date.
    using InfoLookup = std::function<std::optional<LocalVideoInfo>(const QString &path)>;
    void setInfoLookup(InfoLookup lookup);
    /// The line under the grid about the current video ("prompt — date").
    QString detailsText() const;

Q_SIGNALS:
    /// Double click / Enter on a video: play it in the preview.
    void videoActivated(const QString &path);
    void currentVideoChanged(const QString &path);

private:
    void updateDetails(const QString &path);

    Core::MediaFolderModel *m_model;
    MediaBrowser *m_browser;
    QLabel *m_details;
    InfoLookup m_lookup;
};

} // namespace Sanzaru::Ui

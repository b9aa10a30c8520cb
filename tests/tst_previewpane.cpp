// SPDX-License-Identifier: MIT
// ui PreviewPane, ImageView, VideoPlayerWidget, ImageLoader: pictures decoded off the GUI thread and
// zoomed, job details and errors, videos handed to the media player (and a real MP4 loaded).
#include "imageloader.h"
#include "imageview.h"
#include "previewpane.h"
#include "previewtesthelpers.h"
#include "testimages.h"
#include "videoplayerwidget.h"

#include <QApplication>
#include <QDir>
#include <QJsonObject>
#include <QMediaPlayer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QWheelEvent>

#include <memory>

using namespace Sanzaru;
using Core::JobKind;
using Core::JobOutput;
using Core::JobRecord;
using Core::JobState;
using Sanzaru::Testing::TestImages;
using Field = Ui::PreviewPane::Field;

class TestPreviewPane final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void pictureFileDecodesAsync();
    void zoomControls();
    void hugePictureIsShrunkWhileDecoding();
    void brokenAndMissingFiles();
    void failedJobShowsError();
    void runningJobShowsStatus();
    void runningJobUpdatesInPlace();
    void imageJobShowsPictureAndParameters();
    void videoJobUsesPlayer();
    void videoFileUsesSiblingThumbnail();
    void realMp4Loads();
    void loaderDropsSupersededResults();

private:
    QString write(const QString &name, const QByteArray &bytes);
    JobRecord videoJob(const QString &mp4, bool withExtras);

    std::unique_ptr<QTemporaryDir> m_tmp;
    QThreadPool m_pool;
    std::unique_ptr<Ui::PreviewPane> m_pane;
};

void TestPreviewPane::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_tmp->isValid());
    m_pane = std::make_unique<Ui::PreviewPane>(&m_pool);
    m_pane->resize(640, 640);
    m_pane->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_pane.get()));
}

void TestPreviewPane::cleanup()
{
    m_pane.reset();
    m_pool.waitForDone(); // teardown only: no decode may outlive the temporary folder
}

QString TestPreviewPane::write(const QString &name, const QByteArray &bytes)
{
    const QString path = m_tmp->filePath(name);
    if (!TestImages::write(path, bytes))
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

JobRecord TestPreviewPane::videoJob(const QString &mp4, bool withExtras)
{
    JobRecord r;
    r.id = QStringLiteral("job-0123456789ab");
    r.kind = JobKind::Video;
    r.state = JobState::Completed;
    r.remoteId = QStringLiteral("video_abc123");
    r.arguments = QJsonObject{{QStringLiteral("prompt"), QStringLiteral("A red fox in the snow")},
                              {QStringLiteral("model"), QStringLiteral("sora-2")},
                              {QStringLiteral("size"), QStringLiteral("1280x720")},
                              {QStringLiteral("seconds"), QStringLiteral("8")}};
    r.outputs.append(JobOutput{mp4, QStringLiteral("video")});
    if (withExtras) {
        r.outputs.append(JobOutput{write(QStringLiteral("video_abc123.webp"),
                                         TestImages::encode(TestImages::photoLike(QSize(320, 180)), "WEBP")),
                                   QStringLiteral("thumbnail")});
        r.outputs.append(JobOutput{write(QStringLiteral("video_abc123.jpg"),
                                         TestImages::encode(TestImages::photoLike(QSize(640, 360)), "JPEG")),
                                   QStringLiteral("spritesheet")});
    }
    return r;
}

void TestPreviewPane::pictureFileDecodesAsync()
{
    const QByteArray png = TestImages::encode(TestImages::photoLike(QSize(1600, 1200)), "PNG");
    const QString path = write(QStringLiteral("photo.png"), png);
    QSignalSpy ready(m_pane.get(), &Ui::PreviewPane::previewReady);
    m_pane->setFile(path);
    // Nothing decoded on this thread: the view is still empty when setFile() returns.
    QVERIFY(!m_pane->imageView()->hasImage());
    QCOMPARE(m_pane->mode(), Ui::PreviewPane::Mode::Image);
    QVERIFY(ready.wait(20000));
    QCOMPARE(ready.count(), 1);
    QVERIFY(m_pane->imageView()->hasImage());
    QCOMPARE(m_pane->imageView()->originalSize(), QSize(1600, 1200));
    QCOMPARE(m_pane->imageView()->imageSize(), QSize(1600, 1200));
    QCOMPARE(m_pane->filePath(), path);
    QCOMPARE(m_pane->detail(Field::File), QStringLiteral("photo.png"));
    QCOMPARE(m_pane->detail(Field::Dimensions), QStringLiteral("1600 × 1200 pixels"));
    QVERIFY(!m_pane->detail(Field::FileSize).isEmpty());
    QVERIFY(!m_pane->isDetailVisible(Field::Prompt));
    QVERIFY(!m_pane->isDetailVisible(Field::Error));
    QVERIFY(m_pane->messageText().isEmpty());
}

void TestPreviewPane::zoomControls()
{
    const QString path = write(QStringLiteral("photo.png"),
                               TestImages::encode(TestImages::photoLike(QSize(1600, 1200)), "PNG"));
    QSignalSpy ready(m_pane.get(), &Ui::PreviewPane::previewReady);
    m_pane->setFile(path);
    QVERIFY(ready.wait(20000));
    Ui::ImageView *view = m_pane->imageView();
    QVERIFY(view->isFitToWindow());
    const double fit = view->scale();
    QVERIFY2(fit < 1.0 && fit > 0.05, qPrintable(QString::number(fit)));
    QVERIFY(view->displayedSize().width() <= view->viewport()->width());
    QVERIFY(view->displayedSize().height() <= view->viewport()->height());

    QSignalSpy scale(view, &Ui::ImageView::scaleChanged);
    view->actualSize();
    QCOMPARE(view->scale(), 1.0);
    QVERIFY(!view->isFitToWindow());
    QCOMPARE(view->displayedSize(), QSize(1600, 1200));
    QCOMPARE(scale.count(), 1);
    view->zoomIn();
    QCOMPARE(view->scale(), 1.25);
    view->zoomOut();
    view->zoomOut();
    QCOMPARE(view->scale(), 0.8);

    // Keys: 0 fits, 1 is 100 %, + and - zoom.
    view->setFocus();
    QTest::keyClick(view, Qt::Key_0);
    QVERIFY(view->isFitToWindow());
    QCOMPARE(view->scale(), fit);
    QTest::keyClick(view, Qt::Key_1);
    QCOMPARE(view->scale(), 1.0);
    QTest::keyClick(view, Qt::Key_Plus);
    QCOMPARE(view->scale(), 1.25);
    QTest::keyClick(view, Qt::Key_Minus);
    QCOMPARE(view->scale(), 1.0);

    // Ctrl+wheel zooms; a plain wheel scrolls.
    const QPointF at(view->viewport()->rect().center());
    QWheelEvent up(at, view->viewport()->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton,
                   Qt::ControlModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(view->viewport(), &up);
    QCOMPARE(view->scale(), 1.25);
    QWheelEvent plain(at, view->viewport()->mapToGlobal(at), QPoint(), QPoint(0, -120), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(view->viewport(), &plain);
    QCOMPARE(view->scale(), 1.25);

    // Fit follows the window size.
    view->fitToWindow();
    m_pane->resize(400, 400);
    QTRY_VERIFY(view->scale() < fit);
    QVERIFY(view->isFitToWindow());
}

void TestPreviewPane::hugePictureIsShrunkWhileDecoding()
{
    const QString path = write(QStringLiteral("wide.jpg"),
                               TestImages::encode(TestImages::solid(QSize(6000, 200), Qt::darkCyan), "JPEG"));
    QSignalSpy ready(m_pane.get(), &Ui::PreviewPane::previewReady);
    m_pane->setFile(path);
    QVERIFY(ready.wait(20000));
    QCOMPARE(m_pane->imageView()->originalSize(), QSize(6000, 200));
    QVERIFY(m_pane->imageView()->imageSize().width() <= Ui::PreviewPane::displayEdge);
    m_pane->imageView()->actualSize();
    QCOMPARE(m_pane->imageView()->displayedSize(), QSize(6000, 200)); // 100 % means the real size
}

void TestPreviewPane::brokenAndMissingFiles()
{
    QSignalSpy messages(m_pane.get(), &Ui::PreviewPane::message);
    const QByteArray png = TestImages::encode(TestImages::photoLike(QSize(64, 64)), "PNG");
    m_pane->setFile(write(QStringLiteral("cut.png"), png.left(png.size() / 2)));
    QVERIFY(messages.wait(20000));
    QVERIFY2(messages.first().first().toString().startsWith(QStringLiteral("cut.png cannot be shown")),
             qPrintable(messages.first().first().toString()));
    QCOMPARE(m_pane->messageText(), messages.first().first().toString());
    QVERIFY(!m_pane->imageView()->hasImage());

    m_pane->setFile(m_tmp->filePath(QStringLiteral("gone.png")));
    QCOMPARE(m_pane->mode(), Ui::PreviewPane::Mode::Message);
    QCOMPARE(m_pane->messageText(), QStringLiteral("gone.png no longer exists."));

    m_pane->clear();
    QCOMPARE(m_pane->mode(), Ui::PreviewPane::Mode::Empty);
    QVERIFY(!m_pane->isDetailVisible(Field::File));
}

void TestPreviewPane::failedJobShowsError()
{
    JobRecord r;
    r.id = QStringLiteral("job-00000000000f");
    r.kind = JobKind::Video;
    r.state = JobState::Failed;
    r.remoteId = QStringLiteral("video_failed1");
    r.arguments = QJsonObject{{QStringLiteral("prompt"), QStringLiteral("A cat playing chess")},
                              {QStringLiteral("model"), QStringLiteral("sora-2-pro")},
                              {QStringLiteral("size"), QStringLiteral("1792x1024")},
                              {QStringLiteral("seconds"), QStringLiteral("12")}};
    Core::Error error =
        Core::Error::badInput(QStringLiteral("Your request was blocked by our moderation system."),
                              QStringLiteral("moderation_blocked"));
    error.kind = Core::ErrorKind::JobFailed;
    r.error = error;
    m_pane->setJob(r);

    QCOMPARE(m_pane->mode(), Ui::PreviewPane::Mode::Message);
    QCOMPARE(m_pane->jobId(), r.id);
    QCOMPARE(m_pane->detail(Field::Error),
             QStringLiteral("Your request was blocked by our moderation system."));
    QVERIFY(m_pane->isDetailVisible(Field::Error));
    QCOMPARE(m_pane->messageText(), QStringLiteral("Your request was blocked by our moderation system."));
    QCOMPARE(m_pane->detail(Field::Prompt), QStringLiteral("A cat playing chess"));
    QCOMPARE(m_pane->detail(Field::Model), QStringLiteral("sora-2-pro"));
    QCOMPARE(m_pane->detail(Field::Size), QStringLiteral("1792x1024"));
    QCOMPARE(m_pane->detail(Field::Seconds), QStringLiteral("12"));
    QCOMPARE(m_pane->detail(Field::RemoteId), QStringLiteral("video_failed1"));
    QVERIFY(m_pane->detail(Field::Status).contains(Core::displayName(JobState::Failed)));
    QVERIFY(!m_pane->isDetailVisible(Field::File));
    QVERIFY(!m_pane->hasSpritesheet());
    QVERIFY(!m_pane->videoPlayer()->player() || m_pane->videoPlayer()->source().isEmpty());
}

void TestPreviewPane::runningJobShowsStatus()
{
    JobRecord r;
    r.id = QStringLiteral("job-000000000001");
    r.kind = JobKind::Video;
    r.state = JobState::Running;
    r.statusText = QStringLiteral("Rendering 42 %");
    r.arguments = QJsonObject{{QStringLiteral("prompt"), QStringLiteral("Waves")}};
    m_pane->setJob(r);
    QCOMPARE(m_pane->messageText(), QStringLiteral("Rendering 42 %"));
    QVERIFY(m_pane->detail(Field::Status).contains(QStringLiteral("Rendering 42 %")));
    QVERIFY(!m_pane->isDetailVisible(Field::Error));
    QVERIFY(!m_pane->isDetailVisible(Field::RemoteId));
}

void TestPreviewPane::imageJobShowsPictureAndParameters()
{
    JobRecord r;
    r.id = QStringLiteral("job-000000000002");
    r.kind = JobKind::ImageGenerate;
    r.state = JobState::Completed;
    r.arguments = QJsonObject{{QStringLiteral("prompt"), QStringLiteral("A lighthouse")},
                              {QStringLiteral("model"), QStringLiteral("gpt-image-2")},
                              {QStringLiteral("size"), QStringLiteral("1024x1024")},
                              {QStringLiteral("quality"), QStringLiteral("high")},
                              {QStringLiteral("n"), 1}};
    const QByteArray png = TestImages::encode(TestImages::photoLike(QSize(256, 256)), "PNG");
    r.outputs.append(JobOutput{write(QStringLiteral("lighthouse.png"), png), QStringLiteral("image")});
    QSignalSpy ready(m_pane.get(), &Ui::PreviewPane::previewReady);
    m_pane->setJob(r);
    QVERIFY(ready.wait(20000));
    QCOMPARE(m_pane->mode(), Ui::PreviewPane::Mode::Image);
    QCOMPARE(m_pane->imageView()->originalSize(), QSize(256, 256));
    QCOMPARE(m_pane->detail(Field::Model), QStringLiteral("gpt-image-2"));
    QCOMPARE(m_pane->detail(Field::Parameters), QStringLiteral("n: 1 · quality: high"));
    QCOMPARE(m_pane->detail(Field::File), QStringLiteral("lighthouse.png"));
    QCOMPARE(m_pane->detail(Field::FileSize), QLocale().formattedDataSize(png.size(), 1));
    QVERIFY(!m_pane->isDetailVisible(Field::Seconds));
}

void TestPreviewPane::videoJobUsesPlayer()
{
    const QString mp4 = write(QStringLiteral("video_abc123.mp4"), QByteArray(4096, '\0'));
    QSignalSpy ready(m_pane.get(), &Ui::PreviewPane::previewReady);
    m_pane->setJob(videoJob(mp4, true));
    QCOMPARE(m_pane->mode(), Ui::PreviewPane::Mode::Video);
    Ui::VideoPlayerWidget *player = m_pane->videoPlayer();
    QVERIFY(player->player());
    QCOMPARE(player->source(), QUrl::fromLocalFile(mp4));
    QCOMPARE(player->player()->source(), QUrl::fromLocalFile(mp4));
    QVERIFY(player->player()->audioOutput());
    QVERIFY(player->player()->videoOutput());
    QCOMPARE(m_pane->detail(Field::Prompt), QStringLiteral("A red fox in the snow"));
    QCOMPARE(m_pane->detail(Field::RemoteId), QStringLiteral("video_abc123"));
    QCOMPARE(m_pane->detail(Field::File), QStringLiteral("video_abc123.mp4"));
    QVERIFY(m_pane->isDetailVisible(Field::FileSize));
    // Poster (thumbnail) and spritesheet arrive asynchronously.
    QVERIFY(ready.count() > 0 || ready.wait(20000));
    QVERIFY(player->hasPoster());
    QTRY_VERIFY(m_pane->hasSpritesheet());
    QCOMPARE(m_pane->spritesheetView()->originalSize(), QSize(640, 360));

    // Switching to another job unloads the video.
    m_pane->setFile(write(QStringLiteral("still.png"),
                          TestImages::encode(TestImages::solid(QSize(8, 8), Qt::red), "PNG")));
    QVERIFY(player->source().isEmpty());
    QVERIFY(!m_pane->hasSpritesheet());
}

void TestPreviewPane::videoFileUsesSiblingThumbnail()
{
    const QString mp4 = write(QStringLiteral("clip.mp4"), QByteArray(1024, '\0'));
    write(QStringLiteral("clip.webp"), TestImages::encode(TestImages::photoLike(QSize(160, 90)), "WEBP"));
    QSignalSpy ready(m_pane.get(), &Ui::PreviewPane::previewReady);
    m_pane->setFile(mp4);
    QCOMPARE(m_pane->mode(), Ui::PreviewPane::Mode::Video);
    QCOMPARE(m_pane->videoPlayer()->source(), QUrl::fromLocalFile(mp4));
    QVERIFY(ready.wait(20000));
    QVERIFY(m_pane->videoPlayer()->hasPoster());
}

void TestPreviewPane::realMp4Loads()
{
    const QByteArray mp4 = PreviewTest::mjpegMp4(QSize(160, 96), 12);
    const QString path = write(QStringLiteral("real.mp4"), mp4);
    m_pane->setJob(videoJob(path, false));
    QMediaPlayer *player = m_pane->videoPlayer()->player();
    QVERIFY(player);
    QCOMPARE(player->source(), QUrl::fromLocalFile(path));
    // The backend opens the container and finds its frames: loaded, with the real duration.
    QTRY_VERIFY_WITH_TIMEOUT(player->mediaStatus() == QMediaPlayer::LoadedMedia ||
                                 player->error() != QMediaPlayer::NoError,
                             20000);
    QCOMPARE(player->error(), QMediaPlayer::NoError);
    QVERIFY(player->hasVideo());
    QTRY_COMPARE_WITH_TIMEOUT(player->duration(), qint64(1200), 20000);
    QTRY_COMPARE(m_pane->videoPlayer()->timeText(), QStringLiteral("0:00 / 0:01"));
}

void TestPreviewPane::loaderDropsSupersededResults()
{
    Ui::ImageLoader loader(&m_pool);
    QSignalSpy finished(&loader, &Ui::ImageLoader::finished);
    const QString a =
        write(QStringLiteral("a.png"), TestImages::encode(TestImages::solid(QSize(30, 20), Qt::red), "PNG"));
    const QString b =
        write(QStringLiteral("b.png"), TestImages::encode(TestImages::solid(QSize(10, 40), Qt::blue), "PNG"));
    loader.load(a, 1000);
    const int second = loader.load(b, 1000);
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.first().at(0).toInt(), second);
    QCOMPARE(finished.first().at(1).value<Ui::ImageLoader::Loaded>().originalSize, QSize(10, 40));

    const Ui::ImageLoader::Loaded shrunk = Ui::ImageLoader::decode(a, 15);
    QCOMPARE(shrunk.image.size(), QSize(15, 10));
    QCOMPARE(shrunk.originalSize, QSize(30, 20));
}

void TestPreviewPane::runningJobUpdatesInPlace()
{
    JobRecord r;
    r.id = QStringLiteral("job-000000000002");
    r.kind = JobKind::Video;
    r.state = JobState::Running;
    r.statusText = QStringLiteral("Rendering 42 %");
    m_pane->setJob(r);
    r.statusText = QStringLiteral("Rendering 67 %");
    m_pane->updateJob(r);
    QCOMPARE(m_pane->messageText(), QStringLiteral("Rendering 67 %"));
    QVERIFY(m_pane->detail(Field::Status).contains(QStringLiteral("Rendering 67 %")));

    // Another job's progress leaves the shown one alone.
    JobRecord other = r;
    other.id = QStringLiteral("job-000000000003");
    other.statusText = QStringLiteral("Rendering 5 %");
    m_pane->updateJob(other);
    QCOMPARE(m_pane->messageText(), QStringLiteral("Rendering 67 %"));

    // Finished upstream but not downloaded here (an MCP client's job): the way to get it is named.
    JobRecord finished = r;
    finished.state = JobState::Completed;
    finished.remoteId = QStringLiteral("video_done1");
    finished.remoteStatus = Sanzaru::Core::RemoteStatus::fromWord(QStringLiteral("completed"));
    m_pane->setJob(finished);
    QVERIFY2(m_pane->messageText().contains(QLatin1String("Download (Ctrl+D)")),
             qPrintable(m_pane->messageText()));
    m_pane->setJob(r);

    // A failure reached without new files shows the error in both places.
    r.state = JobState::Failed;
    Sanzaru::Core::Error error;
    error.kind = Sanzaru::Core::ErrorKind::JobFailed;
    error.message = QStringLiteral("Moderation blocked");
    r.error = error;
    m_pane->updateJob(r);
    QCOMPARE(m_pane->messageText(), QStringLiteral("Moderation blocked"));
    QCOMPARE(m_pane->detail(Field::Error), QStringLiteral("Moderation blocked"));
}

int main(int argc, char **argv)
{
    // The FFmpeg backend reads the in-memory MJPEG fixture on every machine; GStreamer would need
    // plugins Debian installs separately.
    if (qEnvironmentVariableIsEmpty("QT_MEDIA_BACKEND"))
        qputenv("QT_MEDIA_BACKEND", "ffmpeg");
    QApplication app(argc, argv);
    TestPreviewPane test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_previewpane.moc"

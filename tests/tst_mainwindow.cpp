// SPDX-License-Identifier: MIT
// The desktop window over a real engine and the fake OpenAI server: a video made through the form goes
// through the queue to a playable preview; drops import references and prepare the video form's
// reference; background completion notifies. Ends with a screenshot that must not be blank.

#include "apikeystore.h"
#include "elidedlabel.h"
#include "imagedropzone.h"
#include "imageform.h"
#include "jobnotifier.h"
#include "jobqueueview.h"
#include "mainwindow.h"
#include "previewpane.h"
#include "referencelibrary.h"
#include "settingsdialog.h"
#include "shortcutsdialog.h"
#include "shortcuttable.h"
#include "testimages.h"
#include "toolharness.h"
#include "videoform.h"
#include "videoplayerwidget.h"

#include "config/formmemory.h"
#include "jobs/joblistmodel.h"
#include "jobs/jobqueue.h"
#include "jobs/jobroles.h"
#include "jobs/jobstore.h"
#include "media/mediafoldermodel.h"

#include <QApplication>
#include <QDragEnterEvent>
#include <QLabel>
#include <QListView>
#include <QMenuBar>
#include <QMimeData>
#include <QScrollArea>
#include <QScrollBar>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

using namespace Sanzaru::Core;
using namespace Sanzaru::Testing;
using namespace Sanzaru::Ui;

namespace {

/// A drag from the desktop: enter, move and drop at the widget's centre.
bool dropFiles(QWidget *target, const QStringList &paths)
{
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString &path : paths)
        urls << QUrl::fromLocalFile(path);
    mime.setUrls(urls);
    const QPoint pos = target->rect().center();
    QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &enter);
    if (!enter.isAccepted())
        return false;
    QDragMoveEvent move(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &move);
    QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &drop);
    return drop.isAccepted();
}

/// Visible labels whose text does not fit: a wrapped one shorter than its text's height, another one
/// narrower than its text.
QStringList clippedLabels(QWidget *root)
{
    QStringList clipped;
    for (QLabel *label : root->findChildren<QLabel *>()) {
        if (!label->isVisible() || label->text().isEmpty() || label->width() <= 0)
            continue;
        if (auto *elided = qobject_cast<ElidedLabel *>(label)) {
            // Shortened on purpose: then the whole text must be in its tooltip.
            if (elided->isElided() && !elided->toolTip().contains(elided->fullText()))
                clipped
                    << QStringLiteral("%1 elided without its text in the tooltip").arg(elided->fullText());
            continue;
        }
        const bool fits = label->wordWrap() ? label->heightForWidth(label->width()) <= label->height() + 1
                                            : label->sizeHint().width() <= label->width() + 1;
        if (!fits)
            clipped << QStringLiteral("%1 \"%2\" %3x%4 needs %5x%6")
                           .arg(label->objectName(), label->text().left(40))
                           .arg(label->width())
                           .arg(label->height())
                           .arg(label->sizeHint().width())
                           .arg(label->wordWrap() ? label->heightForWidth(label->width())
                                                  : label->sizeHint().height());
    }
    return clipped;
}

int distinctColours(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 4) {
        for (int x = 0; x < image.width(); x += 4)
            colours.insert(image.pixel(x, y));
    }
    return int(colours.size());
}

} // namespace

class tst_MainWindow final : public QObject
{
    Q_OBJECT

private:
    struct Fixture
    {
        ToolHarness engine;
        QTemporaryDir data;
        JobStore store{data.filePath(QStringLiteral("queue.json"))};
        JobQueue queue{&engine.registry(), &store};
        // A service of its own: the tests never touch the user's key.
        ApiKeyStore keys{QStringLiteral("sanzaru-qt-test-mainwindow"), nullptr};
        std::unique_ptr<MainWindow> window;

        Fixture()
        {
            JobTiming timing;
            timing.videoFirstPollMs = 20;
            timing.videoMaxPollMs = 40;
            timing.imageFirstPollMs = 20;
            timing.imageMaxPollMs = 40;
            queue.setTiming(timing);
            MainWindow::Services services;
            services.queue = &queue;
            services.tools = &engine.registry();
            services.pool = QThreadPool::globalInstance();
            services.videoDir = engine.videoDir();
            services.imageDir = engine.imageDir();
            services.binaryPath = QStringLiteral("/usr/bin/sanzaru-qt");
            services.keys = &keys;
            window = std::make_unique<MainWindow>(services);
            window->resize(1400, 860);
            window->show();
        }
    };

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // window state goes to a throw-away settings file
        FormMemory(QStringLiteral("video")).clear();
        FormMemory(QStringLiteral("image")).clear();
    }

    void videoFromTheFormCompletesPreviewsAndPlays()
    {
        Fixture f;
        QVERIFY(f.engine.started());
        QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
        f.window->sideTabs()->setCurrentWidget(f.window->videoForm());
        f.window->videoForm()->setPrompt(QStringLiteral("A paper boat drifting down a rainy street"));
        QVERIFY(f.window->videoForm()->isValid());
        f.window->videoForm()->submit();

        QCOMPARE(f.queue.count(), 1);
        const QString id = f.queue.ids().first();
        QCOMPARE(f.window->queueView()->currentJobId(), id);
        QTRY_COMPARE(f.window->queueView()->model()->rowCount(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(f.queue.find(id)->state, JobState::Completed, 30000);
        const QString video = f.queue.find(id)->outputPath(QStringLiteral("video"));
        QVERIFY(QFile::exists(video));
        QCOMPARE(f.engine.server().requestCount("POST", QStringLiteral("/v1/videos")), 1);

        // The preview follows the selected job to its end: the downloaded MP4 in the player.
        QTRY_COMPARE_WITH_TIMEOUT(f.window->preview()->mode(), PreviewPane::Mode::Video, 10000);
        // The list shows the end too (its updates are coalesced, so it may lag the queue by a tick).
        QTRY_COMPARE(f.window->queueView()
                         ->model()
                         ->data(f.window->queueView()->model()->index(0, 0), JobRoles::StateRole)
                         .toInt(),
                     int(JobState::Completed));
        QCOMPARE(f.window->preview()->videoPlayer()->source(), QUrl::fromLocalFile(video));

        const QImage shot = f.window->grab().toImage();
        QVERIFY(!shot.isNull());
        QCOMPARE(shot.size(), f.window->size() * f.window->devicePixelRatio());
        const QString path = QDir::current().filePath(QStringLiteral("mainwindow-smoke.png"));
        QVERIFY(shot.save(path));
        qInfo("screenshot: %s", qPrintable(path));
        QVERIFY2(distinctColours(shot) > 50, "the window rendered (almost) nothing");
    }

    void previewFollowsTheRunningJob()
    {
        // The row and the preview read the same record: while the selected job runs, the preview's
        // sentence and status line move with it (they once stayed at "Queued upstream").
        Fixture f;
        int checked = 0;
        QStringList stale;
        connect(&f.queue, &JobQueue::jobChanged, f.window.get(), [&](const QString &id) {
            const JobRecord *record = f.queue.find(id);
            if (!record || record->state != JobState::Running ||
                !record->statusText.contains(QLatin1Char('%')))
                return;
            ++checked;
            if (f.window->preview()->messageText() != record->statusText ||
                !f.window->preview()->detail(PreviewPane::Field::Status).contains(record->statusText))
                stale << f.window->preview()->messageText() + QStringLiteral(" / ") + record->statusText;
        });
        f.window->videoForm()->setPrompt(QStringLiteral("A kite over a windy beach"));
        f.window->videoForm()->submit();
        const QString id = f.queue.ids().first();
        QCOMPARE(f.window->preview()->jobId(), id);
        QTRY_COMPARE_WITH_TIMEOUT(f.queue.find(id)->state, JobState::Completed, 30000);
        QVERIFY2(checked > 0, "the fake server reported no progress");
        QVERIFY2(stale.isEmpty(), qPrintable(stale.join(QStringLiteral("; "))));
    }

    void oneClickPreviewsAReference()
    {
        Fixture f;
        QVERIFY(TestImages::write(f.engine.imagePath(QStringLiteral("dune.png")),
                                  TestImages::encode(TestImages::photoLike(QSize(320, 200)), "PNG")));
        f.window->sideTabs()->setCurrentWidget(f.window->library());
        QListView *view = f.window->library()->findChild<QListView *>();
        QVERIFY(view);
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 1, 10000);
        QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
        const QRect cell = view->visualRect(view->model()->index(0, 0));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cell.center());
        QTRY_COMPARE(f.window->preview()->filePath(), f.engine.imagePath(QStringLiteral("dune.png")));
        QTRY_COMPARE_WITH_TIMEOUT(f.window->preview()->mode(), PreviewPane::Mode::Image, 10000);
    }

    void noClippedTextAtCommonSizes_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1280x800") << QSize(1280, 800);
        // Maximised on a 1280x800 screen: the title bar and panels leave the window less height.
        QTest::newRow("1280x800 maximised") << QSize(1280, 740);
        QTest::newRow("1920x1080") << QSize(1920, 1080);
    }

    void noClippedTextAtCommonSizes()
    {
        // Every visible label gets the room its text needs (wrapped ones their full height), and the
        // preview's details never scroll sideways, with a finished video job selected.
        QFETCH(QSize, size);
        Fixture f;
        f.window->resize(size);
        QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
        f.window->videoForm()->setPrompt(
            QStringLiteral("A slow dolly shot through a rain-soaked neon market at night, reflections in "
                           "puddles, steam rising from food stalls, a cat watching from a crate"));
        f.window->videoForm()->submit();
        const QString id = f.queue.ids().first();
        QTRY_COMPARE_WITH_TIMEOUT(f.queue.find(id)->state, JobState::Completed, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(f.window->preview()->mode(), PreviewPane::Mode::Video, 10000);
        auto *details = f.window->preview()->findChild<QScrollArea *>(QStringLiteral("previewDetails"));
        QVERIFY(details);
        for (QWidget *page :
             {static_cast<QWidget *>(f.window->videoForm()), static_cast<QWidget *>(f.window->imageForm()),
              static_cast<QWidget *>(f.window->library())}) {
            f.window->sideTabs()->setCurrentWidget(page);
            QTest::qWait(50); // layouts settle
            const QStringList clipped = clippedLabels(f.window.get());
            QVERIFY2(clipped.isEmpty(), qPrintable(clipped.join(QStringLiteral("; "))));
            QVERIFY(!details->horizontalScrollBar()->isVisible());
        }
        const QString path = QDir::current().filePath(
            QStringLiteral("mainwindow-%1x%2.png").arg(size.width()).arg(size.height()));
        QVERIFY(f.window->grab().save(path));
        qInfo("screenshot: %s", qPrintable(path));
    }

    void formsRememberTheLastChoices()
    {
        FormMemory(QStringLiteral("video")).clear();
        FormMemory(QStringLiteral("image")).clear();
        {
            Fixture f;
            VideoForm *video = f.window->videoForm();
            video->applyChoices({{QStringLiteral("model"), QStringLiteral("sora-2-pro")},
                                 {QStringLiteral("seconds"), QStringLiteral("8")},
                                 {QStringLiteral("size"), QStringLiteral("1024x1792")}});
            video->setPrompt(QStringLiteral("A lighthouse in a storm"));
            QVERIFY(video->isValid());
            video->submit();
            ImageForm *image = f.window->imageForm();
            image->setMode(ImageForm::Mode::Generate);
            image->applyChoices({{QStringLiteral("quality"), QStringLiteral("high")},
                                 {QStringLiteral("format"), QStringLiteral("webp")}});
            image->setPrompt(QStringLiteral("A red teapot"));
            QVERIFY(image->isValid());
            image->submit();
            QCOMPARE(f.queue.count(), 2);
        }
        // The next window (a restart) starts from those choices; the prompts are not kept.
        Fixture again;
        const QJsonObject video = again.window->videoForm()->arguments();
        QCOMPARE(video.value(QStringLiteral("model")).toString(), QStringLiteral("sora-2-pro"));
        QCOMPARE(video.value(QStringLiteral("seconds")).toString(), QStringLiteral("8"));
        QCOMPARE(video.value(QStringLiteral("size")).toString(), QStringLiteral("1024x1792"));
        QVERIFY(video.value(QStringLiteral("prompt")).toString().isEmpty());
        const QJsonObject image = again.window->imageForm()->arguments();
        QCOMPARE(again.window->imageForm()->mode(), ImageForm::Mode::Generate);
        QCOMPARE(image.value(QStringLiteral("quality")).toString(), QStringLiteral("high"));
        QCOMPARE(image.value(QStringLiteral("output_format")).toString(), QStringLiteral("webp"));
        FormMemory(QStringLiteral("video")).clear();
        FormMemory(QStringLiteral("image")).clear();
    }

    void newVideoAndNewImageShowTheirForms()
    {
        // The desktop entry's actions (--new-video / --new-image) and File ▸ New land here.
        Fixture f;
        f.window->sideTabs()->setCurrentWidget(f.window->library());
        f.window->showNewImage();
        QCOMPARE(f.window->sideTabs()->currentWidget(), f.window->imageForm());
        f.window->showNewVideo();
        QCOMPARE(f.window->sideTabs()->currentWidget(), f.window->videoForm());
    }

    void droppedPicturesBecomeReferences()
    {
        Fixture f;
        QTemporaryDir desktop;
        const QString photo = desktop.filePath(QStringLiteral("holiday.jpg"));
        const QByteArray bytes = TestImages::encode(TestImages::photoLike(QSize(900, 600)), "JPEG");
        QVERIFY(TestImages::write(photo, bytes));
        const QString notAnImage = desktop.filePath(QStringLiteral("notes.png"));
        QVERIFY(TestImages::write(notAnImage, QByteArray("just text, not a picture")));

        // Dropped on the queue: imported into the library, the original untouched, the fake refused.
        QSignalSpy messages(f.window->library(), &ReferenceLibrary::message);
        QVERIFY(dropFiles(f.window->queueView(), {photo, notAnImage}));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(f.engine.imagePath(QStringLiteral("holiday.jpg"))), 10000);
        QCOMPARE(f.window->sideTabs()->currentWidget(), f.window->library());
        QVERIFY(!QFile::exists(f.engine.imagePath(QStringLiteral("notes.png"))));
        QTRY_VERIFY(!messages.isEmpty());
        QVERIFY(QFile::exists(photo));
        QTRY_COMPARE_WITH_TIMEOUT(f.window->library()->model()->rowCount(), 1, 10000);

        // Dropped on the video form: imported, prepared to the form's size, and set as its reference.
        auto *zone = f.window->videoForm()->findChild<ImageDropZone *>(QStringLiteral("referenceDropZone"));
        QVERIFY(zone);
        const QString second = desktop.filePath(QStringLiteral("portrait.png"));
        QVERIFY(TestImages::write(second, TestImages::encode(TestImages::photoLike(QSize(500, 800)), "PNG")));
        QVERIFY(dropFiles(zone, {second}));
        QTRY_VERIFY_WITH_TIMEOUT(!f.window->videoForm()
                                      ->arguments()
                                      .value(QStringLiteral("input_reference_filename"))
                                      .toString()
                                      .isEmpty(),
                                 20000);
        const QString reference =
            f.window->videoForm()->arguments().value(QStringLiteral("input_reference_filename")).toString();
        // With a reference the form asks for the size it prepared it for.
        const QString size = f.window->videoForm()->arguments().value(QStringLiteral("size")).toString();
        const QStringList dims = size.split(QLatin1Char('x'));
        QCOMPARE(QImage(f.engine.imagePath(reference)).size(), QSize(dims.at(0).toInt(), dims.at(1).toInt()));
        QCOMPARE(f.queue.count(), 1); // the preparation is a visible job
        QCOMPARE(f.queue.find(f.queue.ids().first())->kind, JobKind::PrepareReference);
    }

    void backgroundCompletionNotifies()
    {
        Fixture f;
        f.window->notifier()->setAssumeBackground(true);
        QSignalSpy posted(f.window->notifier(), &JobNotifier::posted);
        f.window->sideTabs()->setCurrentWidget(f.window->imageForm());
        f.window->imageForm()->setMode(ImageForm::Mode::Generate);
        f.window->imageForm()->setPrompt(QStringLiteral("[fake:empty] a teapot"));
        f.window->imageForm()->submit();
        QTRY_COMPARE_WITH_TIMEOUT(posted.count(), 1, 20000);
        QVERIFY(posted.first().at(0).toString().contains(QLatin1String("failed")));
        QVERIFY(!posted.first().at(1).toString().isEmpty());
    }

    void statusBarReportsTheFailureNotTheQueueing()
    {
        Fixture f;
        f.window->sideTabs()->setCurrentWidget(f.window->imageForm());
        f.window->imageForm()->setMode(ImageForm::Mode::Generate);
        f.window->imageForm()->setPrompt(QStringLiteral("[fake:empty] a teapot"));
        f.window->imageForm()->submit();
        QVERIFY(f.window->statusBar()->currentMessage().contains(QLatin1String("queued")));
        const QString id = f.queue.ids().first();
        QTRY_COMPARE_WITH_TIMEOUT(f.queue.find(id)->state, JobState::Failed, 20000);
        const QString shown = f.window->statusBar()->currentMessage();
        QVERIFY2(shown.contains(QLatin1String("failed")), qPrintable(shown));
        QVERIFY2(!shown.contains(QLatin1String("queued")), qPrintable(shown));
    }

    void activationImportsFiles()
    {
        Fixture f;
        QTemporaryDir desktop;
        const QString photo = desktop.filePath(QStringLiteral("opened.png"));
        QVERIFY(TestImages::write(photo, TestImages::encode(TestImages::photoLike(QSize(300, 200)), "PNG")));
        f.window->showMinimized();
        f.window->activate({photo});
        QVERIFY(!f.window->isMinimized());
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(f.engine.imagePath(QStringLiteral("opened.png"))), 10000);
    }

    void ctrlCommaOpensTheSettings()
    {
        // QKeySequence::Preferences is empty on X11: Ctrl+, must still work there.
        Fixture f;
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        QVERIFY(!f.window->findChild<SettingsDialog *>());
        QTest::keyClick(f.window.get(), Qt::Key_Comma, Qt::ControlModifier);
        QTRY_VERIFY(f.window->findChild<SettingsDialog *>());
        QVERIFY(f.window->findChild<SettingsDialog *>()->isVisible());
    }

    void keyboardShortcutsListsEveryMenuShortcut()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        QTest::keyClick(f.window.get(), Qt::Key_Slash, Qt::ControlModifier);
        QTRY_VERIFY(f.window->findChild<ShortcutsDialog *>());
        auto *dialog = f.window->findChild<ShortcutsDialog *>();
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        QTableWidget *table = dialog->table();
        QCOMPARE(table->rowCount(), ShortcutTable::all().size());
        QStringList listed;
        for (int row = 0; row < table->rowCount(); ++row)
            listed << table->item(row, 2)->text();
        // Every shortcut of every menu item, the job list's included, is in the dialog.
        int checked = 0;
        const auto menus = f.window->menuBar()->findChildren<QMenu *>();
        for (QMenu *menu : menus) {
            for (QAction *action : menu->actions()) {
                if (action->shortcuts().isEmpty())
                    continue;
                ++checked;
                QVERIFY2(listed.contains(ShortcutTable::text(action->shortcuts())),
                         qPrintable(action->text()));
            }
        }
        QVERIFY(checked >= 14);
        // Nothing clipped: the table shows every row and column without scrolling.
        QVERIFY(!table->verticalScrollBar()->isVisible());
        QVERIFY(!table->horizontalScrollBar()->isVisible());
    }

    void readmeListsTheSameShortcuts()
    {
        QFile readme(QStringLiteral(SANZARU_README));
        QVERIFY(readme.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(readme.readAll());
        const qsizetype start = text.indexOf(QLatin1String("\n## The desktop app"));
        QVERIFY(start >= 0);
        const QString section = text.mid(start, text.indexOf(QLatin1String("\n## "), start + 1) - start);
        QStringList rows;
        for (const QString &line : section.split(QLatin1Char('\n'))) {
            const QString row = line.trimmed();
            if (row.startsWith(QLatin1String("| ")) && row.count(QLatin1Char('`')) >= 2)
                rows << row;
        }
        const QList<ShortcutTable::Entry> entries = ShortcutTable::all();
        QCOMPARE(rows.size(), entries.size());
        for (qsizetype i = 0; i < entries.size(); ++i) {
            QStringList keys;
            for (const QKeySequence &key : entries.at(i).keys)
                keys << QLatin1Char('`') + key.toString(QKeySequence::PortableText) + QLatin1Char('`');
            const QString expected =
                QStringLiteral("| %1 | %2 | %3 |")
                    .arg(entries.at(i).area, entries.at(i).action, keys.join(QStringLiteral(", ")));
            QCOMPARE(rows.at(i), expected);
        }
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"

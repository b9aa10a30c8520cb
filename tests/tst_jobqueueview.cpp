// SPDX-License-Identifier: MIT
// The job queue pane: the delegate paints (progress bar, disabled failed rows, thumbnails decoded off the
// GUI thread) without creating widgets, and the view's actions follow the current job and drive the queue.

#include "jobdelegate.h"
#include "jobqueueview.h"
#include "jobs/jobfilterproxy.h"
#include "jobs/joblistmodel.h"
#include "jobs/jobroles.h"
#include "jobviewtesthelpers.h"
#include "testimages.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QProgressBar>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

using namespace Sanzaru::Core;
using namespace Sanzaru::Core::JobRoles;
using Sanzaru::Testing::JobEngine;
using Sanzaru::Testing::makeRecord;
using Sanzaru::Ui::JobDelegate;
using Sanzaru::Ui::JobQueueView;
using Action = JobQueueView::Action;

namespace {

QString id(int n)
{
    return QStringLiteral("job-%1").arg(n, 12, 16, QLatin1Char('0'));
}

QModelIndex proxyIndex(const JobQueueView &view, const QString &jobId)
{
    return view.proxy()->mapFromSource(view.model()->index(view.model()->rowForId(jobId)));
}

/// Two videos (one overdue), an image and a failed preparation, for the filter tests.
QList<JobRecord> mixedJobs()
{
    return {makeRecord(id(1), JobKind::Video, JobState::Completed, QStringLiteral("red fox")),
            makeRecord(id(2), JobKind::ImageGenerate, JobState::Completed, QStringLiteral("blue fox")),
            makeRecord(id(3), JobKind::Video, JobState::Overdue, QStringLiteral("green owl")),
            makeRecord(id(4), JobKind::PrepareReference, JobState::Failed, QStringLiteral("owl"))};
}

QImage grabRow(const JobQueueView &view, const QString &jobId)
{
    const QRect rect = view.listView()->visualRect(proxyIndex(view, jobId));
    return view.listView()->viewport()->grab(rect).toImage().convertToFormat(QImage::Format_RGB32);
}

struct Difference
{
    int total = 0;
    int leftHalf = 0;
    int rightHalf = 0;
};

Difference compare(const QImage &a, const QImage &b)
{
    Difference d;
    if (a.size() != b.size()) {
        d.total = -1;
        return d;
    }
    for (int y = 0; y < a.height(); ++y) {
        for (int x = 0; x < a.width(); ++x) {
            if (a.pixel(x, y) != b.pixel(x, y)) {
                ++d.total;
                ++(x < a.width() / 2 ? d.leftHalf : d.rightHalf);
            }
        }
    }
    return d;
}

QByteArray describe(const Difference &d)
{
    return QStringLiteral("total %1, left %2, right %3")
        .arg(d.total)
        .arg(d.leftHalf)
        .arg(d.rightHalf)
        .toUtf8();
}

} // namespace

class tst_JobQueueView final : public QObject
{
    Q_OBJECT

private slots:
    void controlsHaveAccessibleNames();
    void delegatePaintsProgress();
    void delegatePaintsRightToLeft();
    void sizeHintIsFixedAndSane();
    void delegateCreatesNoWidgets();
    void thumbnailsDecodeOffThread();
    void actionsFollowTheCurrentJob();
    void cancelActionCancelsJob();
    void cancelShortcutWorksInTheList();
    void removeActionRemovesRow();
    void copyActionsFillTheClipboard();
    void openAndShowInFolder();
    void retryReplacesAndSelectsJob();
    void downloadFetchesRemoteVideo();
    void clearFinishedKeepsActiveJobs();
    void filterCombosChangeRows();
    void contextMenuActsOnClickedRow();
    void currentJobChangedFollowsSelection();
    void failedRowsReadAsErrors();
    void emptyStateExplains();
    void filterCombosCountJobs();

private:
    static bool showView(JobQueueView &view)
    {
        view.resize(720, 480);
        view.show();
        return QTest::qWaitForWindowExposed(&view);
    }
};

void tst_JobQueueView::controlsHaveAccessibleNames()
{
    JobEngine engine;
    QVERIFY(engine.ready());
    JobQueueView view(&engine.queue());
    QVERIFY(!view.accessibleName().isEmpty());
    for (QWidget *control :
         {static_cast<QWidget *>(view.stateCombo()), static_cast<QWidget *>(view.kindCombo()),
          static_cast<QWidget *>(view.searchField()), static_cast<QWidget *>(view.listView()),
          static_cast<QWidget *>(view.contextMenu())}) {
        QVERIFY2(!control->accessibleName().isEmpty(), control->metaObject()->className());
    }
    QVERIFY(view.searchField()->isClearButtonEnabled());
    QVERIFY(view.listView()->uniformItemSizes());
    QVERIFY(qobject_cast<JobDelegate *>(view.listView()->itemDelegate()));
}

void tst_JobQueueView::delegatePaintsProgress()
{
    JobEngine engine;
    QVERIFY(engine.ready());
    // Same prompt, times and status; only progress (and, for the failed one, the state) differ.
    JobRecord empty = makeRecord(id(1), JobKind::Video, JobState::Completed);
    empty.progress = 0;
    JobRecord full = makeRecord(id(2), JobKind::Video, JobState::Completed);
    full.progress = 100;
    JobRecord failed = makeRecord(id(3), JobKind::Video, JobState::Failed);
    failed.progress = 100;
    JobRecord other =
        makeRecord(id(4), JobKind::Video, JobState::Completed, QStringLiteral("the current row"));
    QVERIFY(engine.restore({empty, full, failed, other}));

    JobQueueView view(&engine.queue());
    QVERIFY(showView(view));
    QVERIFY(view.setCurrentJob(id(4))); // keep selection and focus frames off the compared rows

    const QImage emptyRow = grabRow(view, id(1));
    const QImage fullRow = grabRow(view, id(2));
    const QImage failedRow = grabRow(view, id(3));
    QVERIFY(!emptyRow.isNull());
    QCOMPARE(emptyRow.size(), fullRow.size());

    const Difference bar = compare(emptyRow, fullRow);
    QVERIFY2(bar.total > 100, describe(bar));
    QVERIFY2(bar.leftHalf == 0, describe(bar)); // only the bar at the end of the row changed

    const Difference state = compare(fullRow, failedRow);
    QVERIFY2(state.total > 100, describe(state));

    // The same row paints the same twice (the comparison above is not noise).
    QCOMPARE(compare(fullRow, grabRow(view, id(2))).total, 0);
}

void tst_JobQueueView::delegatePaintsRightToLeft()
{
    JobEngine engine;
    QVERIFY(engine.ready());
    JobRecord empty = makeRecord(id(1), JobKind::Video, JobState::Completed);
    empty.progress = 0;
    JobRecord full = makeRecord(id(2), JobKind::Video, JobState::Completed);
    JobRecord other = makeRecord(id(3), JobKind::Video, JobState::Completed, QStringLiteral("current"));
    QVERIFY(engine.restore({empty, full, other}));

    JobQueueView view(&engine.queue());
    view.setLayoutDirection(Qt::RightToLeft);
    QVERIFY(showView(view));
    QVERIFY(view.setCurrentJob(id(3)));
    const Difference bar = compare(grabRow(view, id(1)), grabRow(view, id(2)));
    QVERIFY2(bar.total > 100, describe(bar));
    QVERIFY2(bar.rightHalf == 0, describe(bar)); // mirrored: the bar is at the left
}

void tst_JobQueueView::sizeHintIsFixedAndSane()
{
    JobEngine engine;
    QVERIFY(engine.ready());
    QVERIFY(engine.restore({makeRecord(id(1), JobKind::Video, JobState::Completed, QStringLiteral("short")),
                            makeRecord(id(2), JobKind::Video, JobState::Failed, QString(500, u'x'))}));
    JobQueueView view(&engine.queue());
    QVERIFY(showView(view));

    QStyleOptionViewItem option;
    option.initFrom(view.listView());
    const QSize first = view.delegate()->sizeHint(option, proxyIndex(view, id(1)));
    const QSize second = view.delegate()->sizeHint(option, proxyIndex(view, id(2)));
    QCOMPARE(first, second); // does not depend on the row's text
    const int line = view.listView()->fontMetrics().height();
    QVERIFY2(first.height() >= 3 * line && first.height() <= 3 * line + 40,
             qPrintable(QString::number(first.height())));
    QVERIFY(first.width() > 0 && first.width() < 1000);
    QCOMPARE(view.listView()->visualRect(proxyIndex(view, id(1))).height(), first.height());
    QCOMPARE(view.listView()->visualRect(proxyIndex(view, id(2))).height(), first.height());
}

void tst_JobQueueView::delegateCreatesNoWidgets()
{
    JobEngine engine;
    QVERIFY(engine.ready());
    QList<JobRecord> records;
    for (int i = 0; i < 300; ++i) {
        const JobState state = i % 3 == 0   ? JobState::Overdue
                               : i % 3 == 1 ? JobState::Completed
                                            : JobState::Failed;
        JobRecord record = makeRecord(id(i), JobKind::Video, state, QStringLiteral("job %1").arg(i), i);
        record.progress = i % 101;
        records.append(record);
    }
    QVERIFY(engine.restore(records));
    JobQueueView view(&engine.queue());
    QVERIFY(showView(view));

    const qsizetype before = view.findChildren<QWidget *>().size();
    QScrollBar *scroll = view.listView()->verticalScrollBar();
    QVERIFY(scroll->maximum() > 0);
    for (int step = 0; step <= 10; ++step) {
        scroll->setValue(scroll->maximum() * step / 10);
        QVERIFY(!view.grab().isNull());
    }
    QCOMPARE(view.findChildren<QWidget *>().size(), before);
    QVERIFY(view.findChildren<QProgressBar *>().isEmpty());
    // Only the empty-state label lives on the viewport; no per-row widgets.
    const QList<QWidget *> onViewport = view.listView()->viewport()->findChildren<QWidget *>();
    QCOMPARE(onViewport.size(), 1);
    QCOMPARE(onViewport.first(), static_cast<QWidget *>(view.emptyState()));
}

void tst_JobQueueView::thumbnailsDecodeOffThread()
{
    JobEngine engine;
    QVERIFY(engine.ready());
    using Sanzaru::Testing::TestImages;
    const QString picture = engine.tempPath(QStringLiteral("picture.png"));
    const QString broken = engine.tempPath(QStringLiteral("broken.png"));
    QVERIFY(TestImages::write(picture, TestImages::encode(TestImages::photoLike(QSize(1600, 1200)), "PNG")));
    QVERIFY(TestImages::write(broken, QByteArray("not a picture at all")));
    JobRecord withPicture = makeRecord(id(1), JobKind::ImageGenerate, JobState::Completed);
    withPicture.outputs = {{picture, QStringLiteral("image")}};
    JobRecord withBroken = makeRecord(id(2), JobKind::ImageGenerate, JobState::Completed);
    withBroken.outputs = {{broken, QStringLiteral("image")}};
    JobRecord other = makeRecord(id(3), JobKind::Video, JobState::Completed, QStringLiteral("current"));
    QVERIFY(engine.restore({withPicture, withBroken, other}));

    JobQueueView view(&engine.queue());
    QSignalSpy ready(view.delegate(), &JobDelegate::thumbnailReady);
    QVERIFY(showView(view));
    QVERIFY(view.setCurrentJob(id(3)));
    const QImage before = grabRow(view, id(1));
    // Painting started the decodes and did not wait for them.
    QTRY_COMPARE(ready.count(), 2);
    QCOMPARE(view.delegate()->pendingThumbnailCount(), 0);
    QCOMPARE(view.delegate()->cachedThumbnailCount(), 1); // the broken file is remembered, not cached
    const QImage after = grabRow(view, id(1));
    QVERIFY(compare(before, after).total > 100); // the thumbnail is drawn now
    // Painting again decodes nothing more.
    QVERIFY(!view.grab().isNull());
    QCOMPARE(view.delegate()->pendingThumbnailCount(), 0);
    QCOMPARE(ready.count(), 2);
}

void tst_JobQueueView::actionsFollowTheCurrentJob()
{
    JobEngine engine;
    QVERIFY(engine.ready());
    JobRecord overdue = makeRecord(id(1), JobKind::Video, JobState::Overdue);
    JobRecord done = makeRecord(id(2), JobKind::Video, JobState::Completed);
    done.outputs = {{QStringLiteral("/media/videos/a.mp4"), QStringLiteral("video")}};
    JobRecord remoteOnly = makeRecord(id(3), JobKind::Video, JobState::Completed); // an MCP mirror: no files
    JobRecord failed = makeRecord(id(4), JobKind::ImageGenerate, JobState::Failed);
    JobRecord noPrompt = makeRecord(id(5), JobKind::Download, JobState::Cancelled, QString());
    QVERIFY(engine.restore({overdue, done, remoteOnly, failed, noPrompt}));
    JobQueueView view(&engine.queue());
    QVERIFY(showView(view));

    const auto enabled = [&view] {
        QString flags;
        for (Action which :
             {Action::Cancel, Action::Retry, Action::Remove, Action::Open, Action::ShowInFolder,
              Action::CopyId, Action::CopyPrompt, Action::Download, Action::ClearFinished})
            flags += view.action(which)->isEnabled() ? u'1' : u'0';
        return flags;
    };
    view.listView()->setCurrentIndex({});
    //                          C  R  Rm O  F  Id P  D  Clear
    QCOMPARE(enabled(), QStringLiteral("000000001"));
    QVERIFY(view.setCurrentJob(id(1)));
    QCOMPARE(enabled(), QStringLiteral("111001101"));
    QVERIFY(view.setCurrentJob(id(2)));
    QCOMPARE(enabled(), QStringLiteral("001111101"));
    QVERIFY(view.setCurrentJob(id(3)));
    QCOMPARE(enabled(), QStringLiteral("001001111"));
    QVERIFY(view.setCurrentJob(id(4)));
    QCOMPARE(enabled(), QStringLiteral("011001101"));
    QVERIFY(view.setCurrentJob(id(5)));
    QCOMPARE(enabled(), QStringLiteral("011001001"));

    // A state change of the current job updates the actions.
    QVERIFY(view.setCurrentJob(id(1)));
    engine.queue().cancel(id(1));
    QTRY_VERIFY(!view.action(Action::Cancel)->isEnabled());
    QVERIFY(view.action(Action::Retry)->isEnabled());
}

void tst_JobQueueView::cancelActionCancelsJob()
{
    JobEngine engine;
    QVERIFY(engine.ready());
    QVERIFY(engine.restore({makeRecord(id(1), JobKind::Video, JobState::Overdue)}));
    JobQueueView view(&engine.queue());
    QVERIFY(showView(view));
    QVERIFY(view.setCurrentJob(id(1)));
    QSignalSpy finished(&engine.queue(), &JobQueue::jobFinished);

    view.action(Action::Cancel)->trigger();
    QCOMPARE(engine.queue().find(id(1))->state, JobState::Cancelled);
    QCOMPARE(finished.count(), 1);
    QTRY_COMPARE(view.model()->index(0).data(StateRole).toInt(), int(JobState::Cancelled));
    view.action(Action::Cancel)->trigger(); // disabled now; the queue's cancel is idempotent anyway
    QCOMPARE(finished.count(), 1);
}

void tst_JobQueueView::cancelShortcutWorksInTheList()
{
    JobEngine engine;
    QVERIFY(engine.ready());
    QVERIFY(engine.restore({makeRecord(id(1), JobKind::Video, JobState::Overdue)}));
    JobQueueView view(&engine.queue());
    QVERIFY(showView(view));
    view.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&view));
    QVERIFY(view.setCurrentJob(id(1)));
    view.listView()->setFocus();
    QTRY_VERIFY(view.listView()->hasFocus());

    // In the search field the shortcut keys are text keys; nothing happens to the job.
    view.searchField()->setFocus();
    QTest::keyClick(view.searchField(), Qt::Key_Delete);
    QVERIFY(engine.queue().find(id(1)));

    view.listView()->setFocus();
    QTest::keyClick(view.listView(), Qt::Key_Period, Qt::ControlModifier);
    QCOMPARE(engine.queue().find(id(1))->state, JobState::Cancelled);
    QTest::keyClick(view.listView(), Qt::Key_Delete);
    QVERIFY(!engine.queue().find(id(1)));
}

void tst_JobQueueView::removeActionRemovesRow()
{
    JobEngine engine;
    QVERIFY(engine.ready());
    QVERIFY(engine.restore({makeRecord(id(1), JobKind::Video, JobState::Completed, QStringLiteral("a"), 1),
                            makeRecord(id(2), JobKind::Video, JobState::Overdue, QStringLiteral("b"), 2)}));
    JobQueueView view(&engine.queue());
    QVERIFY(showView(view));
    QVERIFY(view.setCurrentJob(id(2)));

    view.action(Action::Remove)->trigger(); // an unfinished job: cancelled, then removed
    QVERIFY(!engine.queue().find(id(2)));
    QTRY_COMPARE(view.listView()->model()->rowCount(), 1);
    QCOMPARE(view.model()->rowForId(id(2)), -1);
    QCOMPARE(view.listView()->model()->index(0, 0).data(IdRole).toString(), id(1));
}

void tst_JobQueueView::copyActionsFillTheClipboard()
{
    JobEngine engine;
    QVERIFY(engine.ready());
    QVERIFY(engine.restore(
        {makeRecord(id(1), JobKind::Video, JobState::Completed, QStringLiteral("a heron, dawn"))}));
    JobQueueView view(&engine.queue());
    QVERIFY(showView(view));
    QVERIFY(view.setCurrentJob(id(1)));

    view.action(Action::CopyPrompt)->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("a heron, dawn"));
    view.action(Action::CopyId)->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), id(1));
}

void tst_JobQueueView::openAndShowInFolder()
{
    JobEngine engine;
    QVERIFY(engine.ready());
    const QString file = engine.tempPath(QStringLiteral("videos/clip.mp4"));
    JobRecord done = makeRecord(id(1), JobKind::Video, JobState::Completed);
    done.outputs = {{file, QStringLiteral("video")}};
    QVERIFY(engine.restore({done}));
    JobQueueView view(&engine.queue());
    QList<QUrl> opened;
    view.setUrlOpener([&opened](const QUrl &url) {
        opened.append(url);
        return true;
    });
    QVERIFY(showView(view));
    QVERIFY(view.setCurrentJob(id(1)));

    view.action(Action::Open)->trigger();
    view.action(Action::ShowInFolder)->trigger();
    emit view.listView()->activated(view.listView()->currentIndex()); // Enter / double-click
    QCOMPARE(opened, QList<QUrl>({QUrl::fromLocalFile(file),
                                  QUrl::fromLocalFile(engine.tempPath(QStringLiteral("videos"))),
                                  QUrl::fromLocalFile(file)}));
}

void tst_JobQueueView::retryReplacesAndSelectsJob()
{
    JobEngine engine;
    QVERIFY(engine.ready());
    JobRecord failed = makeRecord(id(1), JobKind::PrepareReference, JobState::Failed);
    failed.arguments = {{QStringLiteral("input_filename"), QStringLiteral("missing.png")},
                        {QStringLiteral("target_size"), QStringLiteral("1280x720")}};
    QVERIFY(engine.restore({failed}));
    JobQueueView view(&engine.queue());
    QVERIFY(showView(view));
    QVERIFY(view.setCurrentJob(id(1)));
    QSignalSpy current(&view, &JobQueueView::currentJobChanged);

    view.action(Action::Retry)->trigger();
    QVERIFY(!engine.queue().find(id(1)));
    const QString replacement = view.currentJobId();
    QVERIFY(!replacement.isEmpty());
    QVERIFY(replacement != id(1));
    QVERIFY(engine.queue().find(replacement));
    QCOMPARE(current.last().first().toString(), replacement);
    QCOMPARE(view.model()->rowCount(), 1);
    // It fails again (the input is still missing) and can be retried again.
    QTRY_COMPARE(engine.queue().find(replacement)->state, JobState::Failed);
    QTRY_VERIFY(view.action(Action::Retry)->isEnabled());
}

void tst_JobQueueView::downloadFetchesRemoteVideo()
{
    JobEngine engine;
    QVERIFY(engine.ready());
    JobRecord mirror = makeRecord(id(1), JobKind::Video, JobState::Completed);
    mirror.remoteId = engine.harness().server().addCompletedVideo();
    mirror.remoteStatus = RemoteStatus::fromWord(QStringLiteral("completed"));
    mirror.autoDownload = false;
    mirror.origin = JobOrigin::Mcp;
    QVERIFY(engine.restore({mirror}));
    JobQueueView view(&engine.queue());
    QVERIFY(showView(view));
    QVERIFY(view.setCurrentJob(id(1)));
    QVERIFY(view.action(Action::Download)->isEnabled());

    // The files land in the job's own row: no second row, the same job selected.
    view.action(Action::Download)->trigger();
    QCOMPARE(view.currentJobId(), id(1));
    QCOMPARE(engine.queue().count(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(engine.queue().find(id(1))->state, JobState::Completed, 20000);
    QTRY_VERIFY(!engine.queue().find(id(1))->outputPath(QStringLiteral("video")).isEmpty());
    QCOMPARE(engine.queue().count(), 1);
    QTRY_VERIFY(view.action(Action::Open)->isEnabled());
    QVERIFY(!view.action(Action::Download)->isEnabled());
}

void tst_JobQueueView::clearFinishedKeepsActiveJobs()
{
    JobEngine engine;
    QVERIFY(engine.ready());
    QVERIFY(engine.restore({makeRecord(id(1), JobKind::Video, JobState::Completed),
                            makeRecord(id(2), JobKind::Video, JobState::Overdue),
                            makeRecord(id(3), JobKind::Video, JobState::Failed),
                            makeRecord(id(4), JobKind::Video, JobState::Cancelled)}));
    JobQueueView view(&engine.queue());
    QVERIFY(showView(view));
    QVERIFY(view.action(Action::ClearFinished)->isEnabled());

    view.action(Action::ClearFinished)->trigger();
    QCOMPARE(engine.queue().count(), 1);
    QTRY_COMPARE(view.listView()->model()->rowCount(), 1);
    QCOMPARE(view.model()->idAt(0), id(2));
    QTRY_VERIFY(!view.action(Action::ClearFinished)->isEnabled());
}

void tst_JobQueueView::filterCombosChangeRows()
{
    JobEngine engine;
    QVERIFY(engine.ready());
    QVERIFY(engine.restore(mixedJobs()));
    JobQueueView view(&engine.queue());
    QVERIFY(showView(view));
    QAbstractItemModel *shown = view.listView()->model();
    QCOMPARE(shown->rowCount(), 4);

    const auto select = [](QComboBox *combo, auto value) {
        const int index = combo->findData(QVariant::fromValue(value));
        QVERIFY(index >= 0);
        combo->setCurrentIndex(index);
    };
    select(view.stateCombo(), JobFilterProxy::StateFilter::Active);
    QCOMPARE(shown->rowCount(), 1);
    select(view.stateCombo(), JobFilterProxy::StateFilter::Completed);
    QCOMPARE(shown->rowCount(), 2);
    select(view.kindCombo(), JobFilterProxy::KindFilter::Images);
    QCOMPARE(shown->rowCount(), 1);
    QCOMPARE(shown->index(0, 0).data(IdRole).toString(), id(2));
    select(view.stateCombo(), JobFilterProxy::StateFilter::All);
    select(view.kindCombo(), JobFilterProxy::KindFilter::All);
    QCOMPARE(shown->rowCount(), 4);

    QTest::keyClicks(view.searchField(), QStringLiteral("OWL"));
    QCOMPARE(shown->rowCount(), 2);
    view.searchField()->clear();
    QCOMPARE(shown->rowCount(), 4);

    // Asking for a hidden job clears the filters that hide it.
    select(view.stateCombo(), JobFilterProxy::StateFilter::FailedOrCancelled);
    QVERIFY(view.setCurrentJob(id(1)));
    QCOMPARE(view.currentJobId(), id(1));
    QCOMPARE(shown->rowCount(), 4);
}

void tst_JobQueueView::contextMenuActsOnClickedRow()
{
    JobEngine engine;
    QVERIFY(engine.ready());
    QVERIFY(engine.restore({makeRecord(id(1), JobKind::Video, JobState::Completed, QStringLiteral("a"), 1),
                            makeRecord(id(2), JobKind::Video, JobState::Overdue, QStringLiteral("b"), 2)}));
    JobQueueView view(&engine.queue());
    QVERIFY(showView(view));
    QVERIFY(view.setCurrentJob(id(1)));

    const QPoint where = view.listView()->visualRect(proxyIndex(view, id(2))).center();
    emit view.listView()->customContextMenuRequested(where);
    QTRY_VERIFY(view.contextMenu()->isVisible());
    QCOMPARE(view.currentJobId(), id(2));
    QVERIFY(view.contextMenu()->actions().contains(view.action(Action::Cancel)));
    QVERIFY(view.action(Action::Cancel)->isEnabled());
    view.action(Action::Cancel)->trigger();
    view.contextMenu()->close();
    QCOMPARE(engine.queue().find(id(2))->state, JobState::Cancelled);
}

void tst_JobQueueView::currentJobChangedFollowsSelection()
{
    JobEngine engine;
    QVERIFY(engine.ready());
    QVERIFY(engine.restore({makeRecord(id(1), JobKind::Video, JobState::Completed, QStringLiteral("a"), 1),
                            makeRecord(id(2), JobKind::Video, JobState::Completed, QStringLiteral("b"), 2)}));
    JobQueueView view(&engine.queue());
    QVERIFY(showView(view));
    QSignalSpy current(&view, &JobQueueView::currentJobChanged);

    QVERIFY(view.setCurrentJob(id(1)));
    QCOMPARE(current.last().first().toString(), id(1));
    const int emitted = int(current.count());
    QVERIFY(view.setCurrentJob(id(1))); // same job: no signal
    QCOMPARE(current.count(), emitted);

    engine.queue().remove(id(1));
    QTRY_VERIFY(current.last().first().toString() != id(1));
    QCOMPARE(view.currentJobId(), current.last().first().toString());
    engine.queue().remove(id(2));
    QTRY_COMPARE(current.last().first().toString(), QString());
    QVERIFY(!view.setCurrentJob(id(2)));
}

void tst_JobQueueView::failedRowsReadAsErrors()
{
    JobEngine engine;
    QVERIFY(engine.ready());
    JobRecord failed = makeRecord(id(1), JobKind::Video, JobState::Failed);
    Sanzaru::Core::Error error;
    error.kind = Sanzaru::Core::ErrorKind::JobFailed;
    error.message = QStringLiteral("Your request was rejected by the safety system.\nrequest id req_123");
    failed.error = error;
    JobRecord cancelled = makeRecord(id(2), JobKind::Video, JobState::Cancelled);
    cancelled.error = error;
    JobRecord other = makeRecord(id(3), JobKind::Video, JobState::Completed);
    QVERIFY(engine.restore({failed, cancelled, other}));
    JobQueueView view(&engine.queue());
    QVERIFY(showView(view));
    QVERIFY(view.setCurrentJob(id(3)));

    // The first line of the error, named as a failure; the rest stays in the preview.
    QCOMPARE(JobDelegate::statusLine(proxyIndex(view, id(1))),
             QStringLiteral("Failed: Your request was rejected by the safety system."));
    QCOMPARE(JobDelegate::statusLine(proxyIndex(view, id(2))),
             QStringLiteral("Your request was rejected by the safety system."));

    // Drawn in the error colour (not greyed like a disabled item); a cancelled row has none of it.
    const auto errorPixels = [](const QImage &row) {
        int n = 0;
        for (int y = 0; y < row.height(); ++y)
            for (int x = 0; x < row.width(); ++x) {
                const QColor c = row.pixelColor(x, y);
                n += c.red() > 140 && c.green() < 100 && c.blue() < 100;
            }
        return n;
    };
    QVERIFY2(errorPixels(grabRow(view, id(1))) > 20, "the failed row shows no error colour");
    QCOMPARE(errorPixels(grabRow(view, id(2))), 0);
}

void tst_JobQueueView::emptyStateExplains()
{
    JobEngine engine;
    QVERIFY(engine.ready());
    JobQueueView view(&engine.queue());
    QVERIFY(showView(view));
    QTRY_VERIFY(view.emptyState()->isVisible());
    QVERIFY(view.emptyState()->text().contains(QLatin1String("No jobs yet")));

    QVERIFY(engine.restore({makeRecord(id(1), JobKind::Video, JobState::Completed, QStringLiteral("fox"))}));
    QTRY_VERIFY(!view.emptyState()->isVisible());

    // Filtered to nothing: says so, and how to see the jobs again.
    view.stateCombo()->setCurrentIndex(
        view.stateCombo()->findData(QVariant::fromValue(JobFilterProxy::StateFilter::FailedOrCancelled)));
    QTRY_VERIFY(view.emptyState()->isVisible());
    QVERIFY2(view.emptyState()->text().contains(QLatin1String("1 job hidden")),
             qPrintable(view.emptyState()->text()));
}

void tst_JobQueueView::filterCombosCountJobs()
{
    JobEngine engine;
    QVERIFY(engine.ready());
    QVERIFY(engine.restore(mixedJobs()));
    JobQueueView view(&engine.queue());
    QVERIFY(showView(view));
    const auto text = [](QComboBox *combo, auto value) {
        return combo->itemText(combo->findData(QVariant::fromValue(value)));
    };
    QTRY_COMPARE(text(view.stateCombo(), JobFilterProxy::StateFilter::All), QStringLiteral("All jobs (4)"));
    QCOMPARE(text(view.stateCombo(), JobFilterProxy::StateFilter::Active), QStringLiteral("Active (1)"));
    QCOMPARE(text(view.stateCombo(), JobFilterProxy::StateFilter::Completed),
             QStringLiteral("Completed (2)"));
    QCOMPARE(text(view.stateCombo(), JobFilterProxy::StateFilter::FailedOrCancelled),
             QStringLiteral("Failed or cancelled (1)"));
    QCOMPARE(text(view.kindCombo(), JobFilterProxy::KindFilter::Videos), QStringLiteral("Videos (2)"));
    QCOMPARE(text(view.kindCombo(), JobFilterProxy::KindFilter::References),
             QStringLiteral("References (1)"));

    // Counts follow the queue, also for jobs the current filter hides.
    view.kindCombo()->setCurrentIndex(
        view.kindCombo()->findData(QVariant::fromValue(JobFilterProxy::KindFilter::Images)));
    engine.queue().remove(id(1));
    QTRY_COMPARE(text(view.stateCombo(), JobFilterProxy::StateFilter::All), QStringLiteral("All jobs (3)"));
    QCOMPARE(text(view.kindCombo(), JobFilterProxy::KindFilter::Videos), QStringLiteral("Videos (1)"));
}

QTEST_MAIN(tst_JobQueueView)
#include "tst_jobqueueview.moc"

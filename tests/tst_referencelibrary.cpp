// SPDX-License-Identifier: MIT
// ui ReferenceLibrary / LocalVideosView / ImageDropFilter and core MediaFolderModel: synthetic drag
// and drop imports, refusals reported, the disk followed through the watcher, sort, filter, drags out.
#include "imagedropfilter.h"
#include "localvideosview.h"
#include "media/mediafoldermodel.h"
#include "mediabrowser.h"
#include "mediatesthelpers.h"
#include "preparesizedialog.h"
#include "referencelibrary.h"
#include "testimages.h"

#include <QApplication>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QDialogButtonBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QDragMoveEvent>
#include <QDropEvent>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QUrl>

#include <memory>

using namespace Sanzaru;
using Core::MediaFolderModel;
using Sanzaru::Testing::TestImages;

namespace {

const QByteArray kGif = QByteArray::fromHex("474946383961010001008000"
                                            "00ffffff00000021f90401000000002c00000000"
                                            "010001000002024401003b");

std::unique_ptr<QMimeData> fileMime(const QStringList &paths)
{
    auto mime = std::make_unique<QMimeData>();
    QList<QUrl> urls;
    for (const QString &p : paths)
        urls.append(QUrl::fromLocalFile(p));
    mime->setUrls(urls);
    return mime;
}

struct DropOutcome
{
    bool enterAccepted = false;
    bool moveAccepted = false;
    bool dropAccepted = false;
    Qt::DropAction action = Qt::IgnoreAction;
};

// What a real drag does to the target: enter, move, drop (each event is delivered like the platform
// drag manager would, to the widget itself).
DropOutcome dragAndDrop(QWidget *target, const QMimeData *mime, bool drop = true)
{
    DropOutcome out;
    const QPoint pos = target->rect().center();
    QDragEnterEvent enter(pos, Qt::CopyAction | Qt::MoveAction, mime, Qt::LeftButton, Qt::NoModifier);
    enter.setAccepted(false);
    QCoreApplication::sendEvent(target, &enter);
    out.enterAccepted = enter.isAccepted();
    QDragMoveEvent move(pos, Qt::CopyAction | Qt::MoveAction, mime, Qt::LeftButton, Qt::NoModifier);
    move.setAccepted(false);
    QCoreApplication::sendEvent(target, &move);
    out.moveAccepted = move.isAccepted();
    if (drop) {
        QDropEvent dropEvent(QPointF(pos), Qt::CopyAction | Qt::MoveAction, mime, Qt::LeftButton,
                             Qt::NoModifier);
        dropEvent.setAccepted(false);
        QCoreApplication::sendEvent(target, &dropEvent);
        out.dropAccepted = dropEvent.isAccepted();
        out.action = dropEvent.dropAction();
    }
    return out;
}

QStringList proxyNames(const QSortFilterProxyModel *proxy)
{
    QStringList names;
    for (int r = 0; r < proxy->rowCount(); ++r)
        names.append(proxy->index(r, 0).data(MediaFolderModel::NameRole).toString());
    return names;
}

bool setMtime(const QString &path, const QDateTime &time)
{
    QFile f(path);
    return f.open(QIODevice::ReadWrite) && f.setFileTime(time, QFileDevice::FileModificationTime);
}

} // namespace

class TestReferenceLibrary final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void dropImportsFile();
    void dropOfSeveralFiles();
    void rejectedDropReportsMessage();
    void nonFileDragIsRefused();
    void externalChangesAreFollowed();
    void sortAndFilter();
    void itemsDragOutAsUrls();
    void activationAndCurrentSignals();
    void thumbnailsDecodeOffThread();
    void symlinksAndTemporaryFilesAreNotListed();
    void dropFilterIsGeneric();
    void localVideosListsVideosWithThumbnails();
    void droppingTheSamePictureAgainReusesIt();
    void contextMenuPreparesShowsAndDeletes();
    void localVideosShowPromptAndDate();

private:
    QString writeSource(const QString &name, const QByteArray &bytes);
    void waitForScan(MediaFolderModel *model);

    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_imageDir;
    QString m_srcDir;
    QThreadPool m_pool;
    std::unique_ptr<Ui::ReferenceLibrary> m_library;
};

void TestReferenceLibrary::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_tmp->isValid());
    m_imageDir = m_tmp->filePath(QStringLiteral("images"));
    m_srcDir = m_tmp->filePath(QStringLiteral("desktop"));
    QVERIFY(QDir().mkpath(m_imageDir));
    QVERIFY(QDir().mkpath(m_srcDir));
    m_library = std::make_unique<Ui::ReferenceLibrary>(m_imageDir, &m_pool);
    m_library->model()->setDebounceInterval(20);
    m_library->resize(800, 600);
    m_library->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_library.get()));
    waitForScan(m_library->model());
}

void TestReferenceLibrary::cleanup()
{
    m_library.reset();
    m_pool.waitForDone(); // test teardown only: nothing may still write into the temporary folder
}

QString TestReferenceLibrary::writeSource(const QString &name, const QByteArray &bytes)
{
    const QString path = m_srcDir + QLatin1Char('/') + name;
    if (!TestImages::write(path, bytes))
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void TestReferenceLibrary::waitForScan(MediaFolderModel *model)
{
    QTRY_VERIFY(!model->isScanning());
}

void TestReferenceLibrary::dropImportsFile()
{
    const QByteArray png = TestImages::encode(TestImages::photoLike(QSize(120, 90)), "PNG");
    const QString src = writeSource(QStringLiteral("photo.png"), png);
    QSignalSpy messages(m_library.get(), &Ui::ReferenceLibrary::message);
    QSignalSpy finished(m_library.get(), &Ui::ReferenceLibrary::importFinished);

    const auto mime = fileMime({src});
    const DropOutcome out = dragAndDrop(m_library->dropWidget(), mime.get());
    QVERIFY(out.enterAccepted);
    QVERIFY(out.moveAccepted);
    QVERIFY(out.dropAccepted);
    QCOMPARE(out.action, Qt::CopyAction);

    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.first().at(0).toStringList(), QStringList{m_imageDir + QStringLiteral("/photo.png")});
    QVERIFY(finished.first().at(1).toStringList().isEmpty());
    QCOMPARE(messages.count(), 1);
    QCOMPARE(messages.first().first().toString(), QStringLiteral("photo.png imported"));
    QCOMPARE(m_library->inlineMessage(), QStringLiteral("photo.png imported"));

    QTRY_COMPARE(m_library->model()->rowCount(), 1);
    QCOMPARE(m_library->browser()->proxy()->rowCount(), 1);
    QCOMPARE(m_library->model()->index(0).data(Qt::DisplayRole).toString(), QStringLiteral("photo.png"));
    QCOMPARE(m_library->model()->index(0).data(MediaFolderModel::DimensionsRole).toSize(), QSize(120, 90));
    QCOMPARE(MediaTest::readFile(m_imageDir + QStringLiteral("/photo.png")), png);
    QCOMPARE(MediaTest::readFile(src), png);
    // The new picture becomes current.
    QTRY_COMPARE(m_library->currentImage(), m_imageDir + QStringLiteral("/photo.png"));
}

void TestReferenceLibrary::dropOfSeveralFiles()
{
    const QStringList sources = {
        writeSource(QStringLiteral("a.jpg"),
                    TestImages::encode(TestImages::photoLike(QSize(40, 30)), "JPEG")),
        writeSource(QStringLiteral("b.webp"),
                    TestImages::encode(TestImages::photoLike(QSize(40, 30)), "WEBP")),
        writeSource(QStringLiteral("c.gif"), kGif)};
    QSignalSpy finished(m_library.get(), &Ui::ReferenceLibrary::importFinished);
    QSignalSpy messages(m_library.get(), &Ui::ReferenceLibrary::message);
    const auto mime = fileMime(sources);
    QVERIFY(dragAndDrop(m_library->dropWidget(), mime.get()).dropAccepted);
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.first().at(0).toStringList().size(), 2);
    QCOMPARE(finished.first().at(1).toStringList(),
             QStringList{QStringLiteral("c.gif: unsupported format GIF — use JPEG, PNG or WEBP")});
    QCOMPARE(messages.count(), 1);
    const QString text = messages.first().first().toString();
    QVERIFY2(text.contains(QStringLiteral("Imported 2 pictures.")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("c.gif: unsupported format GIF — use JPEG, PNG or WEBP")),
             qPrintable(text));
    QTRY_COMPARE(m_library->model()->rowCount(), 2);
}

void TestReferenceLibrary::rejectedDropReportsMessage()
{
    const QString gif = writeSource(QStringLiteral("photo.gif"), kGif);
    const QString text = writeSource(QStringLiteral("notes.png"), QByteArray("just some text\n"));
    QSignalSpy messages(m_library.get(), &Ui::ReferenceLibrary::message);
    const auto mime = fileMime({gif, text});
    const DropOutcome out = dragAndDrop(m_library->dropWidget(), mime.get());
    QVERIFY(out.dropAccepted); // the drop is taken; the importer explains what it refused
    QVERIFY(messages.wait(20000));
    const QString message = messages.first().first().toString();
    QCOMPARE(message, QStringLiteral("photo.gif: unsupported format GIF — use JPEG, PNG or WEBP\n"
                                     "notes.png: not a picture (the content is not JPEG, PNG or WEBP)"));
    QCOMPARE(m_library->inlineMessage(), message);
    QCOMPARE(m_library->model()->rowCount(), 0);
    QCOMPARE(QDir(m_imageDir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList());
}

void TestReferenceLibrary::nonFileDragIsRefused()
{
    QSignalSpy finished(m_library.get(), &Ui::ReferenceLibrary::importFinished);
    QMimeData text;
    text.setText(QStringLiteral("hello"));
    DropOutcome out = dragAndDrop(m_library->dropWidget(), &text);
    QVERIFY(!out.enterAccepted);
    QVERIFY(!out.dropAccepted);
    QMimeData web;
    web.setUrls({QUrl(QStringLiteral("https://example.com/a.png"))});
    out = dragAndDrop(m_library->dropWidget(), &web);
    QVERIFY(!out.enterAccepted);
    QVERIFY(!out.dropAccepted);
    QCOMPARE(finished.count(), 0);
    QVERIFY(!m_library->isImporting());
}

void TestReferenceLibrary::externalChangesAreFollowed()
{
    MediaFolderModel *model = m_library->model();
    QCOMPARE(model->rowCount(), 0);
    const QByteArray png = TestImages::encode(TestImages::solid(QSize(10, 10), Qt::green), "PNG");
    QVERIFY(TestImages::write(m_imageDir + QStringLiteral("/outside.png"), png));
    QTRY_COMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0).data(MediaFolderModel::NameRole).toString(), QStringLiteral("outside.png"));

    QVERIFY(QFile::rename(m_imageDir + QStringLiteral("/outside.png"),
                          m_imageDir + QStringLiteral("/renamed.png")));
    QTRY_COMPARE(model->index(0).data(MediaFolderModel::NameRole).toString(), QStringLiteral("renamed.png"));
    QCOMPARE(model->rowCount(), 1);

    // A file of another type is not listed.
    QVERIFY(TestImages::write(m_imageDir + QStringLiteral("/notes.txt"), "text"));
    QVERIFY(TestImages::write(m_imageDir + QStringLiteral("/second.jpg"),
                              TestImages::encode(TestImages::solid(QSize(4, 4), Qt::red), "JPEG")));
    QTRY_COMPARE(model->rowCount(), 2);

    QVERIFY(QFile::remove(m_imageDir + QStringLiteral("/renamed.png")));
    QTRY_COMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0).data(MediaFolderModel::NameRole).toString(), QStringLiteral("second.jpg"));
    QCOMPARE(m_library->browser()->proxy()->rowCount(), 1);
}

void TestReferenceLibrary::sortAndFilter()
{
    const QDateTime base = QDateTime::currentDateTime().addDays(-1);
    struct File
    {
        const char *name;
        int edge;
        int ageHours;
    };
    // Sizes grow with the edge; ages make "newest" a third order.
    for (const File &f : {File{"beta.png", 64, 1}, File{"alpha.png", 16, 3}, File{"gamma.png", 32, 2}}) {
        const QString path = m_imageDir + QLatin1Char('/') + QLatin1String(f.name);
        QVERIFY(
            TestImages::write(path, TestImages::encode(TestImages::photoLike(QSize(f.edge, f.edge)), "PNG")));
        QVERIFY(setMtime(path, base.addSecs(-3600 * f.ageHours)));
    }
    QTRY_COMPARE(m_library->model()->rowCount(), 3);
    waitForScan(m_library->model());
    Ui::MediaBrowser *browser = m_library->browser();
    // The mtimes changed after the files appeared: let a rescan pick them up.
    m_library->model()->rescan();
    QTRY_VERIFY(!m_library->model()->isScanning());
    QTRY_COMPARE(m_library->model()
                     ->index(m_library->model()->rowOfPath(m_imageDir + QStringLiteral("/alpha.png")))
                     .data(MediaFolderModel::ModifiedRole)
                     .toDateTime()
                     .toSecsSinceEpoch(),
                 base.addSecs(-3 * 3600).toSecsSinceEpoch());

    browser->setSortKey(Ui::MediaBrowser::SortKey::Name);
    QCOMPARE(
        proxyNames(browser->proxy()),
        (QStringList{QStringLiteral("alpha.png"), QStringLiteral("beta.png"), QStringLiteral("gamma.png")}));
    browser->setSortKey(Ui::MediaBrowser::SortKey::Newest);
    QTRY_COMPARE(
        proxyNames(browser->proxy()),
        (QStringList{QStringLiteral("beta.png"), QStringLiteral("gamma.png"), QStringLiteral("alpha.png")}));
    browser->setSortKey(Ui::MediaBrowser::SortKey::Largest);
    QCOMPARE(
        proxyNames(browser->proxy()),
        (QStringList{QStringLiteral("beta.png"), QStringLiteral("gamma.png"), QStringLiteral("alpha.png")}));
    // The combo box drives the same thing.
    browser->sortBox()->setCurrentIndex(0);
    QCOMPARE(browser->sortKey(), Ui::MediaBrowser::SortKey::Name);
    QCOMPARE(proxyNames(browser->proxy()).first(), QStringLiteral("alpha.png"));

    browser->setFilterText(QStringLiteral("MM"));
    QCOMPARE(proxyNames(browser->proxy()), QStringList{QStringLiteral("gamma.png")});
    QTest::keyClicks(browser->filterEdit(), QStringLiteral("x"));
    QCOMPARE(browser->proxy()->rowCount(), 0);
    browser->setFilterText(QString());
    QCOMPARE(browser->proxy()->rowCount(), 3);

    // A new file lands in its sorted place without re-sorting by hand.
    QVERIFY(TestImages::write(m_imageDir + QStringLiteral("/aardvark.png"),
                              TestImages::encode(TestImages::solid(QSize(4, 4), Qt::red), "PNG")));
    QTRY_COMPARE(browser->proxy()->rowCount(), 4);
    QCOMPARE(proxyNames(browser->proxy()).first(), QStringLiteral("aardvark.png"));
}

void TestReferenceLibrary::itemsDragOutAsUrls()
{
    const QString path = m_imageDir + QStringLiteral("/drag.png");
    QVERIFY(TestImages::write(path, TestImages::encode(TestImages::solid(QSize(4, 4), Qt::red), "PNG")));
    MediaFolderModel *model = m_library->model();
    QTRY_COMPARE(model->rowCount(), 1);
    const QModelIndex index = model->index(0);
    QVERIFY(model->flags(index) & Qt::ItemIsDragEnabled);
    QCOMPARE(model->mimeTypes(), QStringList{QStringLiteral("text/uri-list")});
    std::unique_ptr<QMimeData> mime(model->mimeData({index}));
    QVERIFY(mime);
    QCOMPARE(mime->urls(), QList<QUrl>{QUrl::fromLocalFile(path)});
    QVERIFY(m_library->browser()->view()->dragEnabled());
    QVERIFY(!model->canDropMimeData(mime.get(), Qt::CopyAction, -1, -1, QModelIndex()));
}

void TestReferenceLibrary::activationAndCurrentSignals()
{
    const QString path = m_imageDir + QStringLiteral("/pick.png");
    QVERIFY(TestImages::write(path, TestImages::encode(TestImages::solid(QSize(8, 8), Qt::red), "PNG")));
    QTRY_COMPARE(m_library->browser()->proxy()->rowCount(), 1);
    QSignalSpy current(m_library.get(), &Ui::ReferenceLibrary::currentImageChanged);
    QSignalSpy activated(m_library.get(), &Ui::ReferenceLibrary::imageActivated);
    QListView *view = m_library->browser()->view();
    const QModelIndex index = m_library->browser()->proxy()->index(0, 0);
    view->setCurrentIndex(index);
    QCOMPARE(current.count(), 1);
    QCOMPARE(current.first().first().toString(), path);
    const QPoint centre = view->visualRect(index).center();
    // QTest's double click is press + double-click; the view wants the first click's press and release.
    QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::NoModifier, centre);
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, Qt::NoModifier, centre);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.first().first().toString(), path);
    // Keyboard activation too.
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Return);
    QCOMPARE(activated.count(), 2);

    QCOMPARE(m_library->accessibleName(), QStringLiteral("Reference image library"));
    QCOMPARE(view->accessibleName(), QStringLiteral("Reference images"));
    QVERIFY(!m_library->browser()->filterEdit()->accessibleName().isEmpty());
    QVERIFY(!m_library->browser()->sortBox()->accessibleName().isEmpty());
}

void TestReferenceLibrary::thumbnailsDecodeOffThread()
{
    const QString path = m_imageDir + QStringLiteral("/big.jpg");
    MediaFolderModel *model = m_library->model();
    QSignalSpy changed(model, &QAbstractItemModel::dataChanged);
    QVERIFY(TestImages::write(path, TestImages::encode(TestImages::photoLike(QSize(1200, 800)), "JPEG")));
    QTRY_COMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0).data(MediaFolderModel::HasThumbnailRole).toBool(), true);
    // The first request only schedules the decode.
    (void)model->index(0).data(Qt::DecorationRole);
    QTRY_VERIFY(!model->index(0).data(MediaFolderModel::ThumbnailRole).value<QImage>().isNull());
    const QImage thumb = model->index(0).data(Qt::DecorationRole).value<QImage>();
    QCOMPARE(thumb.size(), QSize(160, 106));
    QVERIFY(!changed.isEmpty());
    QVERIFY(changed.last().at(2).value<QList<int>>().contains(Qt::DecorationRole));
}

void TestReferenceLibrary::symlinksAndTemporaryFilesAreNotListed()
{
    const QString outside = m_tmp->filePath(QStringLiteral("outside.png"));
    QVERIFY(TestImages::write(outside, TestImages::encode(TestImages::solid(QSize(4, 4), Qt::red), "PNG")));
    QVERIFY(QFile::link(outside, m_imageDir + QStringLiteral("/link.png")));
    QVERIFY(TestImages::write(m_imageDir + QStringLiteral("/.x.png.0123456789ab.sanzaru-part"), "partial"));
    QVERIFY(TestImages::write(m_imageDir + QStringLiteral("/real.png"),
                              TestImages::encode(TestImages::solid(QSize(4, 4), Qt::blue), "PNG")));
    QTRY_COMPARE(m_library->model()->rowCount(), 1);
    waitForScan(m_library->model());
    QCOMPARE(m_library->model()->index(0).data(MediaFolderModel::NameRole).toString(),
             QStringLiteral("real.png"));
}

void TestReferenceLibrary::dropFilterIsGeneric()
{
    QWidget window;
    Ui::ImageDropFilter filter;
    filter.attach(&window);
    QVERIFY(window.acceptDrops());
    QSignalSpy dropped(&filter, &Ui::ImageDropFilter::filesDropped);
    QSignalSpy active(&filter, &Ui::ImageDropFilter::dragActiveChanged);
    const auto mime = fileMime({QStringLiteral("/tmp/a.png"), QStringLiteral("/tmp/b b.jpg")});
    const DropOutcome out = dragAndDrop(&window, mime.get());
    QVERIFY(out.enterAccepted);
    QVERIFY(out.dropAccepted);
    QCOMPARE(dropped.count(), 1);
    QCOMPARE(dropped.first().first().toStringList(),
             (QStringList{QStringLiteral("/tmp/a.png"), QStringLiteral("/tmp/b b.jpg")}));
    QCOMPARE(active.count(), 2); // on, then off at the drop
    QMimeData mixed;
    mixed.setUrls({QUrl(QStringLiteral("https://example.com/x.png")),
                   QUrl::fromLocalFile(QStringLiteral("/tmp/c.png"))});
    QCOMPARE(Ui::ImageDropFilter::localFiles(&mixed), QStringList{QStringLiteral("/tmp/c.png")});
    filter.detach(&window);
    QVERIFY(!dragAndDrop(&window, mime.get()).dropAccepted);
    QCOMPARE(dropped.count(), 1);
}

void TestReferenceLibrary::localVideosListsVideosWithThumbnails()
{
    const QString videoDir = m_tmp->filePath(QStringLiteral("videos"));
    QVERIFY(QDir().mkpath(videoDir));
    QVERIFY(TestImages::write(videoDir + QStringLiteral("/video_a.mp4"), QByteArray(2000, 'v')));
    QVERIFY(TestImages::write(videoDir + QStringLiteral("/video_a.webp"),
                              TestImages::encode(TestImages::photoLike(QSize(320, 180)), "WEBP")));
    QVERIFY(TestImages::write(videoDir + QStringLiteral("/video_b.MOV"), QByteArray(1000, 'v')));
    QVERIFY(TestImages::write(videoDir + QStringLiteral("/video_c.jpg"), "x"));
    Ui::LocalVideosView view(videoDir, &m_pool);
    view.model()->setDebounceInterval(20);
    view.resize(600, 400);
    view.show();
    MediaFolderModel *model = view.model();
    QTRY_COMPARE(model->rowCount(), 2);
    const QModelIndex a = model->index(model->rowOfPath(videoDir + QStringLiteral("/video_a.mp4")));
    const QModelIndex b = model->index(model->rowOfPath(videoDir + QStringLiteral("/video_b.MOV")));
    QVERIFY(a.isValid() && b.isValid());
    QVERIFY(a.data(MediaFolderModel::HasThumbnailRole).toBool());
    QVERIFY(!b.data(MediaFolderModel::HasThumbnailRole).toBool());
    (void)a.data(Qt::DecorationRole);
    QTRY_COMPARE(a.data(MediaFolderModel::ThumbnailRole).value<QImage>().size(), QSize(160, 90));
    QVERIFY(b.data(Qt::DecorationRole).isNull());

    // A thumbnail saved later shows up with the next scan.
    QVERIFY(TestImages::write(videoDir + QStringLiteral("/video_b.webp"),
                              TestImages::encode(TestImages::photoLike(QSize(90, 160)), "WEBP")));
    QTRY_VERIFY(model->index(model->rowOfPath(videoDir + QStringLiteral("/video_b.MOV")))
                    .data(MediaFolderModel::HasThumbnailRole)
                    .toBool());

    QSignalSpy activated(&view, &Ui::LocalVideosView::videoActivated);
    QListView *list = view.browser()->view();
    const QModelIndex first = view.browser()->proxy()->index(0, 0);
    list->setCurrentIndex(first);
    QCOMPARE(view.currentVideo(), first.data(MediaFolderModel::PathRole).toString());
    list->setFocus();
    QTest::keyClick(list, Qt::Key_Return);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.first().first().toString(), view.currentVideo());

    QVERIFY(QFile::remove(videoDir + QStringLiteral("/video_a.mp4")));
    QTRY_COMPARE(model->rowCount(), 1);
}

QTEST_MAIN(TestReferenceLibrary)
void TestReferenceLibrary::droppingTheSamePictureAgainReusesIt()
{
    const QByteArray png = TestImages::encode(TestImages::photoLike(QSize(120, 90)), "PNG");
    const QString src = writeSource(QStringLiteral("photo.png"), png);
    QSignalSpy finished(m_library.get(), &Ui::ReferenceLibrary::importFinished);
    for (int drop = 0; drop < 2; ++drop) {
        const auto mime = fileMime({src});
        QVERIFY(dragAndDrop(m_library->dropWidget(), mime.get()).dropAccepted);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), drop + 1, 20000);
    }
    QCOMPARE(m_library->inlineMessage(), QStringLiteral("photo.png is already in the library"));
    QCOMPARE(finished.at(1).at(0).toStringList(), QStringList{m_imageDir + QStringLiteral("/photo.png")});
    QTRY_COMPARE(m_library->model()->rowCount(), 1);
    QCOMPARE(QDir(m_imageDir).entryList(QDir::Files | QDir::Hidden),
             QStringList{QStringLiteral("photo.png")});
}

namespace {

/// Right-click on the view's first item, as the platform delivers it to the viewport.
QMenu *openContextMenu(Ui::ReferenceLibrary *library)
{
    QListView *view = library->browser()->view();
    const QPoint pos = view->visualRect(library->browser()->proxy()->index(0, 0)).center();
    QContextMenuEvent event(QContextMenuEvent::Mouse, pos, view->viewport()->mapToGlobal(pos));
    QCoreApplication::sendEvent(view->viewport(), &event);
    QMenu *menu = library->contextMenu();
    return menu->isVisible() ? menu : nullptr;
}

void clickAction(QMenu *menu, const char *name)
{
    QAction *action = menu->findChild<QAction *>(QLatin1String(name));
    QVERIFY2(action, name);
    QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(action).center());
}

} // namespace

void TestReferenceLibrary::contextMenuPreparesShowsAndDeletes()
{
    const QString path = m_imageDir + QStringLiteral("/beach.png");
    QVERIFY(TestImages::write(path, TestImages::encode(TestImages::photoLike(QSize(160, 90)), "PNG")));
    QTRY_COMPARE(m_library->browser()->proxy()->rowCount(), 1);
    QList<QUrl> opened;
    m_library->setUrlOpener([&opened](const QUrl &url) {
        opened.append(url);
        return true;
    });

    // The menu offers the three actions, in words.
    QMenu *menu = openContextMenu(m_library.get());
    QVERIFY(menu);
    QStringList texts;
    for (QAction *a : menu->actions())
        if (!a->isSeparator())
            texts << a->text().remove(QLatin1Char('&'));
    QCOMPARE(texts, (QStringList{QStringLiteral("Prepare for video size…"), QStringLiteral("Show in folder"),
                                 QStringLiteral("Delete…")}));

    // Show in folder opens the image folder.
    clickAction(menu, "showInFolder");
    QTRY_COMPARE(opened.size(), 1);
    QCOMPARE(opened.first(), QUrl::fromLocalFile(m_imageDir));

    // Prepare for video size…: a chooser of the video sizes; its Prepare asks for the job.
    QSignalSpy prepare(m_library.get(), &Ui::ReferenceLibrary::prepareRequested);
    menu = openContextMenu(m_library.get());
    QVERIFY(menu);
    clickAction(menu, "prepareForVideo");
    Ui::PrepareSizeDialog *chooser = nullptr;
    QTRY_VERIFY((chooser = m_library->findChild<Ui::PrepareSizeDialog *>()) && chooser->isVisible());
    QVERIFY(chooser->sizeBox()->count() >= 4);
    QVERIFY(chooser->sizeBox()->findText(QStringLiteral("1792x1024")) >= 0);
    chooser->sizeBox()->setCurrentIndex(chooser->sizeBox()->findText(QStringLiteral("1792x1024")));
    auto *buttons = chooser->findChild<QDialogButtonBox *>();
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QCOMPARE(prepare.count(), 1);
    QCOMPARE(prepare.first().at(0).toString(), path);
    QCOMPARE(prepare.first().at(1).toString(), QStringLiteral("1792x1024"));
    QCOMPARE(prepare.first().at(2).toString(), QStringLiteral("crop"));

    // Delete… asks first; Cancel keeps the file, Delete removes it.
    for (const char *button : {"cancel", "confirmDeleteButton"}) {
        menu = openContextMenu(m_library.get());
        QVERIFY(menu);
        clickAction(menu, "deleteImage");
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = m_library->findChild<QMessageBox *>(QStringLiteral("confirmDelete"))) &&
                    box->isVisible());
        QVERIFY(box->text().contains(QStringLiteral("beach.png")));
        QAbstractButton *choice = qstrcmp(button, "cancel") == 0
                                      ? box->button(QMessageBox::Cancel)
                                      : box->findChild<QPushButton *>(QStringLiteral("confirmDeleteButton"));
        QVERIFY(choice);
        QTest::mouseClick(choice, Qt::LeftButton);
        QTRY_VERIFY(!m_library->findChild<QMessageBox *>(QStringLiteral("confirmDelete")));
        QCOMPARE(QFile::exists(path), qstrcmp(button, "cancel") == 0);
    }
    QTRY_COMPARE(m_library->model()->rowCount(), 0);
}

void TestReferenceLibrary::localVideosShowPromptAndDate()
{
    const QString videoDir = m_tmp->filePath(QStringLiteral("videos"));
    QVERIFY(QDir().mkpath(videoDir));
    const QString known = videoDir + QStringLiteral("/video_known.mp4");
    const QString other = videoDir + QStringLiteral("/video_other.mp4");
    QVERIFY(TestImages::write(known, QByteArray(2000, 'v')));
    QVERIFY(TestImages::write(other, QByteArray(1000, 'v')));
    Ui::LocalVideosView view(videoDir, &m_pool);
    view.model()->setDebounceInterval(20);
    const QDateTime made(QDate(2026, 11, 3), QTime(14, 5), Qt::UTC);
    view.setInfoLookup([known, made](const QString &path) -> std::optional<Ui::LocalVideoInfo> {
        if (path == known)
            return Ui::LocalVideoInfo{QStringLiteral("A paper boat on a rainy street"), made};
        return std::nullopt;
    });
    view.resize(600, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_COMPARE(view.model()->rowCount(), 2);
    QListView *list = view.browser()->view();
    list->setFocus();
    const auto clickOn = [&](const QString &path) {
        for (int r = 0; r < view.browser()->proxy()->rowCount(); ++r)
            if (view.browser()->pathAt(r) == path)
                QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                                  list->visualRect(view.browser()->proxy()->index(r, 0)).center());
    };
    clickOn(known);
    QCOMPARE(view.currentVideo(), known);
    auto *details = view.findChild<QLabel *>(QStringLiteral("videoDetails"));
    QVERIFY(details && details->isVisible());
    QVERIFY2(view.detailsText().contains(QStringLiteral("A paper boat on a rainy street")),
             qPrintable(view.detailsText()));
    QVERIFY(view.detailsText().contains(QLocale().toString(made.toLocalTime(), QLocale::ShortFormat)));
    // A video no job made: its name and file date.
    clickOn(other);
    QCOMPARE(view.currentVideo(), other);
    QVERIFY(view.detailsText().startsWith(QStringLiteral("video_other.mp4 — ")));
}

#include "tst_referencelibrary.moc"

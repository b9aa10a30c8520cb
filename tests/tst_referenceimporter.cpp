// SPDX-License-Identifier: MIT
// core/media ReferenceImporter: dropped files copied byte for byte into the image folder, off the
// calling thread, with content-sniffed formats, hostile inputs refused and the sandbox respected.
#include "media/referenceimporter.h"
#include "mediatesthelpers.h"
#include "storage/mediafolder.h"
#include "testimages.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>

using namespace Sanzaru::Core;
using Sanzaru::Testing::TestImages;

namespace {

// The classic 1x1 GIF89a: Qt reads GIF but cannot write it.
const QByteArray kGif = QByteArray::fromHex("474946383961010001008000"
                                            "00ffffff00000021f90401000000002c00000000"
                                            "010001000002024401003b");

} // namespace

class TestReferenceImporter final : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void importsByteIdentical_data();
    void importsByteIdentical();
    void runsOffTheCallingThread();
    void nameCollisionsGetSuffixes();
    void sameBytesAreReused();
    void extensionFollowsContent_data();
    void extensionFollowsContent();
    void rejectsBadInput_data();
    void rejectsBadInput();
    void leavesNoTemporaryFiles();
    void symlinkAtDestinationIsNeverWrittenThrough();
    void sourceSymlinkIsRead();
    void missingFolderIsReported();
    void cancelStopsBeforeWriting();
    void cancelledFutureImportsNothing();

private:
    QString source(const QString &name, const QByteArray &bytes);
    QList<ReferenceImportResult> runImport(const QStringList &sources);
    QStringList folderEntries() const;

    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_srcDir;
    QString m_imageDir;
    QThreadPool m_pool;
};

void TestReferenceImporter::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_tmp->isValid());
    m_srcDir = m_tmp->filePath(QStringLiteral("desktop"));
    m_imageDir = m_tmp->filePath(QStringLiteral("images"));
    QVERIFY(QDir().mkpath(m_srcDir));
    QVERIFY(QDir().mkpath(m_imageDir));
}

QString TestReferenceImporter::source(const QString &name, const QByteArray &bytes)
{
    const QString path = m_srcDir + QLatin1Char('/') + name;
    if (!TestImages::write(path, bytes))
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

QList<ReferenceImportResult> TestReferenceImporter::runImport(const QStringList &sources)
{
    const ReferenceImporter importer(m_imageDir, &m_pool);
    QFutureWatcher<ReferenceImportResult> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(importer.import(sources));
    if (!watcher.isFinished() && !finished.wait(20000))
        return {};
    return watcher.future().results();
}

QStringList TestReferenceImporter::folderEntries() const
{
    QStringList names =
        QDir(m_imageDir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    names.sort();
    return names;
}

void TestReferenceImporter::importsByteIdentical_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("format");
    const QImage photo = TestImages::photoLike(QSize(320, 200));
    QTest::newRow("jpeg") << QStringLiteral("photo.jpg") << TestImages::encode(photo, "JPEG")
                          << QStringLiteral("jpeg");
    QTest::newRow("jpeg upper-case ext")
        << QStringLiteral("IMG_0001.JPEG") << TestImages::encode(photo, "JPEG") << QStringLiteral("jpeg");
    QTest::newRow("png") << QStringLiteral("photo.png") << TestImages::encode(photo, "PNG")
                         << QStringLiteral("png");
    QTest::newRow("webp") << QStringLiteral("photo.webp") << TestImages::encode(photo, "WEBP")
                          << QStringLiteral("webp");
    QTest::newRow("spaces and unicode") << QStringLiteral("Café au lait (v2).png")
                                        << TestImages::encode(photo, "PNG") << QStringLiteral("png");
}

void TestReferenceImporter::importsByteIdentical()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, format);
    QVERIFY(!bytes.isEmpty());
    const QString path = source(name, bytes);
    const QDateTime mtime = QFileInfo(path).lastModified();

    const QList<ReferenceImportResult> results = runImport({path});
    QCOMPARE(results.size(), 1);
    const ReferenceImportResult &r = results.first();
    QVERIFY2(r.ok(), qPrintable(r.message()));
    QCOMPARE(r.source, path);
    QCOMPARE(r.format, format);
    QCOMPARE(r.importedName, name);
    QCOMPARE(r.importedPath, m_imageDir + QLatin1Char('/') + name);
    QCOMPARE(r.message(), QStringLiteral("%1 imported").arg(name));
    QCOMPARE(MediaTest::readFile(r.importedPath), bytes);
    // The original is untouched.
    QCOMPARE(MediaTest::readFile(path), bytes);
    QCOMPARE(QFileInfo(path).lastModified(), mtime);
    QCOMPARE(folderEntries(), QStringList{name});
}

void TestReferenceImporter::runsOffTheCallingThread()
{
    // The work must run on the pool: the future is not finished when import() returns while the pool
    // is held busy.
    QThreadPool pool;
    pool.setMaxThreadCount(1);
    QSemaphore gate;
    QFuture<void> blocker = QtConcurrent::run(&pool, [&gate] { gate.acquire(); });
    const ReferenceImporter importer(m_imageDir, &pool);
    QFuture<ReferenceImportResult> future = importer.import({source(
        QStringLiteral("a.png"), TestImages::encode(TestImages::solid(QSize(4, 4), Qt::red), "PNG"))});
    QVERIFY(!future.isFinished());
    QVERIFY(folderEntries().isEmpty());
    gate.release();
    QFutureWatcher<ReferenceImportResult> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(future);
    QVERIFY(watcher.isFinished() || finished.wait(20000));
    QCOMPARE(future.resultCount(), 1);
    QVERIFY(future.resultAt(0).ok());
    QCOMPARE(folderEntries(), QStringList{QStringLiteral("a.png")});
    QTRY_VERIFY(blocker.isFinished());
}

void TestReferenceImporter::nameCollisionsGetSuffixes()
{
    const QByteArray existing = TestImages::encode(TestImages::solid(QSize(8, 8), Qt::blue), "PNG");
    QVERIFY(TestImages::write(m_imageDir + QStringLiteral("/photo.png"), existing));
    const QByteArray bytes = TestImages::encode(TestImages::photoLike(QSize(64, 48)), "PNG");
    const QString path = source(QStringLiteral("photo.png"), bytes);
    // Another picture under the same name (other bytes): a third name.
    const QByteArray other = TestImages::encode(TestImages::photoLike(QSize(64, 40)), "PNG");
    QVERIFY(QDir().mkpath(m_srcDir + QStringLiteral("/other")));
    const QString otherPath = m_srcDir + QStringLiteral("/other/photo.png");
    QVERIFY(TestImages::write(otherPath, other));

    const QList<ReferenceImportResult> results = runImport({path, otherPath});
    QCOMPARE(results.size(), 2);
    QVERIFY(results.at(0).ok());
    QVERIFY(results.at(1).ok());
    QVERIFY(!results.at(0).reused);
    QCOMPARE(results.at(0).importedName, QStringLiteral("photo-2.png"));
    QCOMPARE(results.at(1).importedName, QStringLiteral("photo-3.png"));
    QCOMPARE(results.at(0).message(), QStringLiteral("photo.png imported as photo-2.png"));
    QCOMPARE(MediaTest::readFile(m_imageDir + QStringLiteral("/photo.png")), existing);
    QCOMPARE(MediaTest::readFile(m_imageDir + QStringLiteral("/photo-2.png")), bytes);
    QCOMPARE(MediaTest::readFile(m_imageDir + QStringLiteral("/photo-3.png")), other);
    QCOMPARE(folderEntries(), (QStringList{QStringLiteral("photo-2.png"), QStringLiteral("photo-3.png"),
                                           QStringLiteral("photo.png")}));
}

void TestReferenceImporter::sameBytesAreReused()
{
    // Issue 10 point 11: the same picture imported again (under any name) is the file already there.
    const QByteArray bytes = TestImages::encode(TestImages::photoLike(QSize(64, 48)), "PNG");
    const QByteArray sameSizeOtherBytes = [&bytes] {
        QByteArray b = bytes;
        b[b.size() - 20] = char(b.at(b.size() - 20) ^ 1); // same size, different content (inside IEND's CRC)
        return b;
    }();
    QVERIFY(TestImages::write(m_imageDir + QStringLiteral("/decoy.png"), sameSizeOtherBytes));
    const QString path = source(QStringLiteral("photo.png"), bytes);
    const QString renamed = source(QStringLiteral("copy of photo.png"), bytes);

    const QList<ReferenceImportResult> results = runImport({path, path, renamed});
    QCOMPARE(results.size(), 3);
    QVERIFY(results.at(0).ok() && !results.at(0).reused);
    QCOMPARE(results.at(0).importedName, QStringLiteral("photo.png"));
    QVERIFY(results.at(1).ok() && results.at(1).reused);
    QCOMPARE(results.at(1).importedName, QStringLiteral("photo.png"));
    QCOMPARE(results.at(1).importedPath, m_imageDir + QStringLiteral("/photo.png"));
    QCOMPARE(results.at(1).message(), QStringLiteral("photo.png is already in the library"));
    QVERIFY(results.at(2).reused);
    QCOMPARE(results.at(2).message(),
             QStringLiteral("copy of photo.png is already in the library as photo.png"));
    // No "-2" copies and no temporary files left behind.
    QCOMPARE(folderEntries(), (QStringList{QStringLiteral("decoy.png"), QStringLiteral("photo.png")}));
}

void TestReferenceImporter::extensionFollowsContent_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<QString>("expected");
    QTest::newRow("jpeg named .png") << QStringLiteral("pic.png") << QByteArray("JPEG")
                                     << QStringLiteral("pic.jpg");
    QTest::newRow("png named .gif") << QStringLiteral("pic.gif") << QByteArray("PNG")
                                    << QStringLiteral("pic.png");
    QTest::newRow("no extension") << QStringLiteral("scan") << QByteArray("PNG")
                                  << QStringLiteral("scan.png");
    QTest::newRow("other extension") << QStringLiteral("scan.v1") << QByteArray("WEBP")
                                     << QStringLiteral("scan.v1.webp");
    QTest::newRow("hidden name") << QStringLiteral(".hidden.png") << QByteArray("PNG")
                                 << QStringLiteral("hidden.png");
    QTest::newRow("dots only") << QStringLiteral("..png") << QByteArray("PNG") << QStringLiteral("image.png");
}

void TestReferenceImporter::extensionFollowsContent()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, format);
    QFETCH(QString, expected);
    const QByteArray bytes = TestImages::encode(TestImages::photoLike(QSize(40, 30)), format.constData());
    const QList<ReferenceImportResult> results = runImport({source(name, bytes)});
    QCOMPARE(results.size(), 1);
    QVERIFY2(results.first().ok(), qPrintable(results.first().message()));
    QCOMPARE(results.first().importedName, expected);
    QCOMPARE(MediaTest::readFile(m_imageDir + QLatin1Char('/') + expected), bytes);
}

void TestReferenceImporter::rejectsBadInput_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<ErrorKind>("kind");
    QTest::addColumn<QString>("message"); ///< exact, or a prefix when it ends with "…"

    const QByteArray png = TestImages::encode(TestImages::photoLike(QSize(256, 256)), "PNG");
    const QByteArray jpeg = TestImages::encode(TestImages::photoLike(QSize(256, 256)), "JPEG");
    const QByteArray webp = TestImages::encode(TestImages::photoLike(QSize(256, 256)), "WEBP");
    QTest::newRow("gif") << QStringLiteral("photo.gif") << kGif << ErrorKind::BadInput
                         << QStringLiteral("photo.gif: unsupported format GIF — use JPEG, PNG or WEBP");
    QTest::newRow("bmp") << QStringLiteral("photo.bmp")
                         << TestImages::encode(TestImages::solid(QSize(4, 4), Qt::red), "BMP")
                         << ErrorKind::BadInput
                         << QStringLiteral("photo.bmp: unsupported format BMP — use JPEG, PNG or WEBP");
    QTest::newRow("text named .png") << QStringLiteral("x.png")
                                     << QByteArray("hello, this is not a picture\n") << ErrorKind::BadInput
                                     << QStringLiteral(
                                            "x.png: not a picture (the content is not JPEG, PNG or WEBP)");
    QTest::newRow("empty") << QStringLiteral("empty.png") << QByteArray() << ErrorKind::BadInput
                           << QStringLiteral("empty.png: the file is empty");
    QTest::newRow("truncated png") << QStringLiteral("cut.png") << png.left(png.size() / 2)
                                   << ErrorKind::BadInput
                                   << QStringLiteral("cut.png: the file is corrupt (…");
    QTest::newRow("truncated jpeg") << QStringLiteral("cut.jpg") << jpeg.left(jpeg.size() / 2)
                                    << ErrorKind::BadInput
                                    << QStringLiteral(
                                           "cut.jpg: the file is corrupt (image file is truncated)");
    QTest::newRow("truncated webp") << QStringLiteral("cut.webp") << webp.left(webp.size() / 2)
                                    << ErrorKind::BadInput
                                    << QStringLiteral("cut.webp: the file is corrupt (…");
    QByteArray garbled = png;
    for (qsizetype i = 100; i < garbled.size() - 20; i += 7)
        garbled[i] = char(garbled[i] ^ 0x5a);
    QTest::newRow("garbled png data") << QStringLiteral("bad.png") << garbled << ErrorKind::BadInput
                                      << QStringLiteral("bad.png: the file is corrupt (…");
    QTest::newRow("edge bomb") << QStringLiteral("bomb.png") << MediaTest::pngClaimingSize(100000, 8)
                               << ErrorKind::BadInput
                               << QStringLiteral(
                                      "bomb.png: the picture is too large (100000x8 pixels; the limit is "
                                      "178 megapixels and 65535 pixels per edge)");
    QTest::newRow("pixel bomb") << QStringLiteral("bomb2.png") << MediaTest::pngClaimingSize(20000, 20000)
                                << ErrorKind::BadInput
                                << QStringLiteral(
                                       "bomb2.png: the picture is too large (20000x20000 pixels; the limit "
                                       "is 178 megapixels and 65535 pixels per edge)");
}

void TestReferenceImporter::rejectsBadInput()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(ErrorKind, kind);
    QFETCH(QString, message);
    const QString path = source(name, bytes);

    const QList<ReferenceImportResult> results = runImport({path});
    QCOMPARE(results.size(), 1);
    const ReferenceImportResult &r = results.first();
    QVERIFY(!r.ok());
    QCOMPARE(r.error->kind, kind);
    if (message.endsWith(QChar(0x2026)))
        QVERIFY2(r.message().startsWith(message.chopped(1)), qPrintable(r.message()));
    else
        QCOMPARE(r.message(), message);
    QVERIFY(r.importedName.isEmpty());
    QCOMPARE(MediaTest::readFile(path), bytes);
    QCOMPARE(folderEntries(), QStringList());
}

void TestReferenceImporter::leavesNoTemporaryFiles()
{
    const QByteArray png = TestImages::encode(TestImages::photoLike(QSize(64, 64)), "PNG");
    QVERIFY(QDir().mkpath(m_srcDir + QStringLiteral("/folder.png")));
    const QStringList sources = {
        source(QStringLiteral("ok.png"), png), source(QStringLiteral("cut.png"), png.left(png.size() - 30)),
        source(QStringLiteral("a.gif"), kGif), m_srcDir + QStringLiteral("/missing.png"),
        m_srcDir + QStringLiteral("/folder.png")};
    const QList<ReferenceImportResult> results = runImport(sources);
    QCOMPARE(results.size(), sources.size());
    QVERIFY(results.at(0).ok());
    for (int i = 1; i < results.size(); ++i)
        QVERIFY2(!results.at(i).ok(), qPrintable(results.at(i).source));
    QCOMPARE(results.at(3).message(), QStringLiteral("missing.png: the file does not exist"));
    QCOMPARE(results.at(3).error->kind, ErrorKind::NotFound);
    QCOMPARE(results.at(4).message(), QStringLiteral("folder.png: is a folder, not a picture"));
    // Only the good file, no ".*.sanzaru-part" left behind by the refused ones.
    QCOMPARE(folderEntries(), QStringList{QStringLiteral("ok.png")});
}

void TestReferenceImporter::symlinkAtDestinationIsNeverWrittenThrough()
{
    const QString outside = m_tmp->filePath(QStringLiteral("outside.png"));
    const QByteArray outsideBytes("do not overwrite");
    QVERIFY(TestImages::write(outside, outsideBytes));
    QVERIFY(QFile::link(outside, m_imageDir + QStringLiteral("/photo.png")));
    QVERIFY(QFile::link(m_tmp->filePath(QStringLiteral("nowhere.png")),
                        m_imageDir + QStringLiteral("/photo-2.png")));
    QVERIFY(QDir(m_imageDir).mkdir(QStringLiteral("photo-3.png")));
    const QByteArray bytes = TestImages::encode(TestImages::photoLike(QSize(32, 32)), "PNG");

    const QList<ReferenceImportResult> results = runImport({source(QStringLiteral("photo.png"), bytes)});
    QCOMPARE(results.size(), 1);
    QVERIFY2(results.first().ok(), qPrintable(results.first().message()));
    QCOMPARE(results.first().importedName, QStringLiteral("photo-4.png"));
    QCOMPARE(MediaTest::readFile(outside), outsideBytes);
    QVERIFY(!QFileInfo::exists(m_tmp->filePath(QStringLiteral("nowhere.png"))));
    const QFileInfo imported(m_imageDir + QStringLiteral("/photo-4.png"));
    QVERIFY(imported.isFile() && !imported.isSymLink());
    QCOMPARE(MediaTest::readFile(imported.filePath()), bytes);
}

void TestReferenceImporter::sourceSymlinkIsRead()
{
    const QByteArray bytes = TestImages::encode(TestImages::photoLike(QSize(32, 32)), "JPEG");
    const QString target = source(QStringLiteral("real.jpg"), bytes);
    const QString link = m_srcDir + QStringLiteral("/link.jpg");
    QVERIFY(QFile::link(target, link));
    const QList<ReferenceImportResult> results = runImport({link});
    QCOMPARE(results.size(), 1);
    QVERIFY2(results.first().ok(), qPrintable(results.first().message()));
    QCOMPARE(results.first().importedName, QStringLiteral("link.jpg"));
    const QFileInfo imported(results.first().importedPath);
    QVERIFY(imported.isFile() && !imported.isSymLink());
    QCOMPARE(MediaTest::readFile(imported.filePath()), bytes);
}

void TestReferenceImporter::missingFolderIsReported()
{
    m_imageDir = m_tmp->filePath(QStringLiteral("no-such-folder"));
    const QByteArray bytes = TestImages::encode(TestImages::solid(QSize(4, 4), Qt::red), "PNG");
    const QList<ReferenceImportResult> results = runImport({source(QStringLiteral("a.png"), bytes)});
    QCOMPARE(results.size(), 1);
    QVERIFY(!results.first().ok());
    QCOMPARE(results.first().message(),
             QStringLiteral("a.png: the image folder does not exist (check the image folder setting)"));
    QCOMPARE(results.first().error->kind, ErrorKind::Config);
    QVERIFY(!QFileInfo::exists(m_imageDir));
}

void TestReferenceImporter::cancelStopsBeforeWriting()
{
    const QByteArray bytes = TestImages::encode(TestImages::photoLike(QSize(64, 64)), "PNG");
    const MediaFolder folder(m_imageDir, QStringLiteral("reference"));
    int polls = 0;
    // Cancelled after the copy started: the temporary file must go too.
    const ReferenceImportResult r = ReferenceImporter::importFile(
        folder, source(QStringLiteral("a.png"), bytes), [&polls] { return ++polls > 2; });
    QVERIFY(!r.ok());
    QCOMPARE(r.error->kind, ErrorKind::Cancelled);
    QCOMPARE(folderEntries(), QStringList());
}

void TestReferenceImporter::cancelledFutureImportsNothing()
{
    QThreadPool pool;
    pool.setMaxThreadCount(1);
    QSemaphore gate;
    QFuture<void> blocker = QtConcurrent::run(&pool, [&gate] { gate.acquire(); });
    const ReferenceImporter importer(m_imageDir, &pool);
    const QByteArray bytes = TestImages::encode(TestImages::solid(QSize(4, 4), Qt::red), "PNG");
    QFuture<ReferenceImportResult> future = importer.import({source(QStringLiteral("a.png"), bytes)});
    future.cancel();
    gate.release();
    QFutureWatcher<ReferenceImportResult> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(future);
    QVERIFY(watcher.isFinished() || finished.wait(20000));
    QVERIFY(future.isCanceled());
    QCOMPARE(future.resultCount(), 0);
    QTRY_VERIFY(blocker.isFinished());
    QCOMPARE(folderEntries(), QStringList());
}

QTEST_GUILESS_MAIN(TestReferenceImporter)
#include "tst_referenceimporter.moc"

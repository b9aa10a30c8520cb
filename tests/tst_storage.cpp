// SPDX-License-Identifier: MIT
// MediaFolder names, reads and writes: sanzaru's test_security.py and test_local_storage.py (the
// items that are not about listings or AtomicFile). Our stricter rules are in tst_storagestrict.
#include "storage/mediafolder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace Sanzaru::Core;

class TestStorage : public QObject
{
    Q_OBJECT

private slots:
    void init();
    // test_security.py
    void validNameResolves();
    void traversalRejected_data();
    void traversalRejected();
    void missingFileNotFound();
    void missingFileAllowedForWrite();
    void subdirectoryAllowed();
    void symlinkCheckPassesRegularFileAndDirectory();
    void symlinkRejectedForRead();
    void readAndWriteHelpers();
    // test_local_storage.py
    void readAll();
    void readRange_data();
    void readRange();
    void readRangeNegativeOffsetCheckedFirst();
    void readRangePastEndIsEmpty();
    void readRangeNegativeLengthReadsToEnd();
    void writeCreatesFile();
    void writeTraversalRejected();
    void statReportsSizeAndTime();
    void statMissing();
    void exists();
    void resolveExistingYieldsRealPath();
    void resolvedPathEndsWithName();

private:
    QString path(const QString &rel) const { return m_root + QLatin1Char('/') + rel; }
    void writeFile(const QString &rel, const QByteArray &data);
    QByteArray readFile(const QString &rel) const;

    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_root;
    std::unique_ptr<MediaFolder> m_folder;
};

void TestStorage::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_tmp->isValid());
    QVERIFY(QDir().mkpath(m_tmp->path() + QStringLiteral("/root")));
    m_root = QFileInfo(m_tmp->path() + QStringLiteral("/root")).canonicalFilePath();
    m_folder = std::make_unique<MediaFolder>(m_root, QStringLiteral("reference"));
}

void TestStorage::writeFile(const QString &rel, const QByteArray &data)
{
    QFile f(path(rel));
    QVERIFY2(f.open(QIODevice::WriteOnly), qPrintable(f.fileName()));
    f.write(data);
}

QByteArray TestStorage::readFile(const QString &rel) const
{
    QFile f(path(rel));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

void TestStorage::validNameResolves()
{
    writeFile(QStringLiteral("test.png"), "x");
    const Result<QString> p =
        m_folder->resolveExisting(QStringLiteral("test.png"), QStringLiteral("filename"));
    QVERIFY(p.ok());
    QCOMPARE(*p, path(QStringLiteral("test.png")));
}

void TestStorage::traversalRejected_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("etc/passwd") << QStringLiteral("../../../etc/passwd");
    QTest::newRow("secret") << QStringLiteral("../../secret.txt");
    QTest::newRow("dot-dot") << QStringLiteral("./../confidential.mp4");
    QTest::newRow("sub-up-up") << QStringLiteral("subdir/../../outside.png");
    QTest::newRow("absolute") << QStringLiteral("/etc/passwd");
}

void TestStorage::traversalRejected()
{
    QFETCH(QString, name);
    const QString expected =
        QStringLiteral("Invalid filename for 'input_reference': path traversal detected in '%1'").arg(name);
    for (const Result<QString> &r : {m_folder->resolve(name, QStringLiteral("input_reference")),
                                     m_folder->resolveExisting(name, QStringLiteral("input_reference")),
                                     m_folder->resolveForWrite(name, QStringLiteral("input_reference"))}) {
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::BadInput);
        QVERIFY2(r.error().message.startsWith(expected), qPrintable(r.error().message));
    }
    const Result<QByteArray> read = m_folder->readAll(name, QStringLiteral("input_reference"));
    QVERIFY(!read.ok());
    QVERIFY(read.error().message.startsWith(expected));
}

void TestStorage::missingFileNotFound()
{
    const Result<QString> r =
        m_folder->resolveExisting(QStringLiteral("nonexistent.png"), QStringLiteral("filename"));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, ErrorKind::NotFound);
    QCOMPARE(r.error().message, QStringLiteral("File not found: nonexistent.png"));
}

void TestStorage::missingFileAllowedForWrite()
{
    const Result<QString> r =
        m_folder->resolveForWrite(QStringLiteral("nonexistent.png"), QStringLiteral("filename"));
    QVERIFY(r.ok());
    QCOMPARE(*r, path(QStringLiteral("nonexistent.png")));
}

void TestStorage::subdirectoryAllowed()
{
    QVERIFY(QDir().mkpath(path(QStringLiteral("subdir"))));
    writeFile(QStringLiteral("subdir/test.png"), "sub");
    const Result<QString> r =
        m_folder->resolveExisting(QStringLiteral("subdir/test.png"), QStringLiteral("filename"));
    QVERIFY(r.ok());
    QCOMPARE(*r, path(QStringLiteral("subdir/test.png")));
    QCOMPARE(*m_folder->readAll(QStringLiteral("subdir/test.png"), QStringLiteral("filename")),
             QByteArray("sub"));
}

void TestStorage::symlinkCheckPassesRegularFileAndDirectory()
{
    writeFile(QStringLiteral("plain.png"), "p");
    QVERIFY(QDir().mkpath(path(QStringLiteral("dir"))));
    QVERIFY(m_folder->resolveExisting(QStringLiteral("plain.png"), QStringLiteral("filename")).ok());
    QVERIFY(m_folder->resolve(QStringLiteral("dir"), QStringLiteral("filename")).ok());
    QVERIFY(m_folder->resolveForWrite(QStringLiteral("dir/new.png"), QStringLiteral("filename")).ok());
    QVERIFY(m_folder->resolveForWrite(QStringLiteral("not-yet.png"), QStringLiteral("filename")).ok());
}

void TestStorage::symlinkRejectedForRead()
{
    writeFile(QStringLiteral("real.png"), "real");
    QVERIFY(QFile::link(path(QStringLiteral("real.png")), path(QStringLiteral("link.png"))));
    const Result<QString> r =
        m_folder->resolveExisting(QStringLiteral("link.png"), QStringLiteral("filename"));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, ErrorKind::BadInput);
    QCOMPARE(r.error().message,
             QStringLiteral(
                 "Invalid filename for 'filename': reference file cannot be a symbolic link: 'link.png'"));
    QVERIFY(!m_folder->readAll(QStringLiteral("link.png"), QStringLiteral("filename")).ok());
    QVERIFY(!m_folder->readRange(QStringLiteral("link.png"), QStringLiteral("filename"), 0, 2).ok());
    QVERIFY(!m_folder->stat(QStringLiteral("link.png"), QStringLiteral("filename")).ok());
}

void TestStorage::readAndWriteHelpers()
{
    // The safe-open helper cases: read, write new, missing, symlink.
    writeFile(QStringLiteral("a.txt"), "hello");
    QCOMPARE(*m_folder->readAll(QStringLiteral("a.txt"), QStringLiteral("filename")), QByteArray("hello"));
    QVERIFY(m_folder->writeAtomically(QStringLiteral("b.txt"), QStringLiteral("filename"), "new").ok());
    QCOMPARE(readFile(QStringLiteral("b.txt")), QByteArray("new"));
    const Result<QByteArray> missing =
        m_folder->readAll(QStringLiteral("missing.txt"), QStringLiteral("filename"));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().message, QStringLiteral("File not found: missing.txt"));
}

void TestStorage::readAll()
{
    writeFile(QStringLiteral("clip.mp4"), QByteArray("\x00\x01video\xff", 8));
    const Result<QByteArray> data = m_folder->readAll(QStringLiteral("clip.mp4"), QStringLiteral("filename"));
    QVERIFY(data.ok());
    QCOMPARE(*data, QByteArray("\x00\x01video\xff", 8));
}

void TestStorage::readRange_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<qint64>("length");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("middle") << QByteArray("0123456789ABCDEF") << qint64(4) << qint64(4) << QByteArray("4567");
    QTest::newRow("start") << QByteArray("HELLO_WORLD") << qint64(0) << qint64(5) << QByteArray("HELLO");
    QTest::newRow("short") << QByteArray("SHORT") << qint64(3) << qint64(100) << QByteArray("RT");
    QTest::newRow("zero length") << QByteArray("SHORT") << qint64(1) << qint64(0) << QByteArray();
}

void TestStorage::readRange()
{
    QFETCH(QByteArray, content);
    QFETCH(qint64, offset);
    QFETCH(qint64, length);
    QFETCH(QByteArray, expected);
    writeFile(QStringLiteral("f.bin"), content);
    const Result<QByteArray> data =
        m_folder->readRange(QStringLiteral("f.bin"), QStringLiteral("filename"), offset, length);
    QVERIFY(data.ok());
    QCOMPARE(*data, expected);
}

void TestStorage::readRangeNegativeOffsetCheckedFirst()
{
    writeFile(QStringLiteral("f.bin"), "data");
    for (const QString &name : {QStringLiteral("f.bin"), QStringLiteral("missing.bin")}) {
        const Result<QByteArray> r = m_folder->readRange(name, QStringLiteral("filename"), -1, 4);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::BadInput);
        QCOMPARE(r.error().message, QStringLiteral("offset must be non-negative, got -1"));
    }
}

void TestStorage::readRangePastEndIsEmpty()
{
    writeFile(QStringLiteral("f.bin"), "data");
    const Result<QByteArray> r =
        m_folder->readRange(QStringLiteral("f.bin"), QStringLiteral("filename"), 100, 4);
    QVERIFY(r.ok());
    QVERIFY(r->isEmpty());
}

void TestStorage::readRangeNegativeLengthReadsToEnd()
{
    writeFile(QStringLiteral("f.bin"), "0123456789");
    QCOMPARE(*m_folder->readRange(QStringLiteral("f.bin"), QStringLiteral("filename"), 6, -1),
             QByteArray("6789"));
}

void TestStorage::writeCreatesFile()
{
    const Result<QString> r =
        m_folder->writeAtomically(QStringLiteral("out.mp4"), QStringLiteral("filename"), "video");
    QVERIFY(r.ok());
    QCOMPARE(*r, QStringLiteral("out.mp4"));
    QCOMPARE(readFile(QStringLiteral("out.mp4")), QByteArray("video"));
    // Replacing an existing regular file is what download tools do on a second download.
    QVERIFY(m_folder->writeAtomically(QStringLiteral("out.mp4"), QStringLiteral("filename"), "v2").ok());
    QCOMPARE(readFile(QStringLiteral("out.mp4")), QByteArray("v2"));
}

void TestStorage::writeTraversalRejected()
{
    const Result<QString> r =
        m_folder->writeAtomically(QStringLiteral("../escape.mp4"), QStringLiteral("filename"), "x");
    QVERIFY(!r.ok());
    QVERIFY(r.error().message.contains(QStringLiteral("path traversal detected")));
    QVERIFY(!QFileInfo::exists(m_tmp->path() + QStringLiteral("/escape.mp4")));
}

void TestStorage::statReportsSizeAndTime()
{
    writeFile(QStringLiteral("a.PNG"), "12345");
    const Result<FileEntry> e = m_folder->stat(QStringLiteral("a.PNG"), QStringLiteral("filename"));
    QVERIFY(e.ok());
    QCOMPARE(e->filename, QStringLiteral("a.PNG"));
    QCOMPARE(e->sizeBytes, qint64(5));
    QVERIFY(e->modifiedTimestamp > 0);
    QCOMPARE(e->modifiedTimestamp,
             QFileInfo(path(QStringLiteral("a.PNG"))).lastModified().toSecsSinceEpoch());
    QCOMPARE(e->suffix, QStringLiteral(".png"));
}

void TestStorage::statMissing()
{
    const Result<FileEntry> e = m_folder->stat(QStringLiteral("nope.png"), QStringLiteral("filename"));
    QVERIFY(!e.ok());
    QCOMPARE(e.error().kind, ErrorKind::NotFound);
    QVERIFY(e.error().message.contains(QStringLiteral("File not found")));
}

void TestStorage::exists()
{
    writeFile(QStringLiteral("here.png"), "x");
    QVERIFY(QFile::link(path(QStringLiteral("here.png")), path(QStringLiteral("link.png"))));
    QVERIFY(QDir().mkpath(path(QStringLiteral("dir"))));
    QVERIFY(m_folder->exists(QStringLiteral("here.png")));
    QVERIFY(!m_folder->exists(QStringLiteral("missing.png")));
    QVERIFY(!m_folder->exists(QStringLiteral("link.png")));
    QVERIFY(!m_folder->exists(QStringLiteral("../../etc/passwd")));
    QVERIFY(!m_folder->exists(QStringLiteral("dir")));
    QVERIFY(!m_folder->exists(QString()));
    QVERIFY(!m_folder->exists(QStringLiteral("here.png") + QChar(0)));
}

void TestStorage::resolveExistingYieldsRealPath()
{
    // A folder reached through a symlinked root (allowed: MediaPaths validated it) resolves to the real path.
    QVERIFY(QFile::link(m_root, m_tmp->path() + QStringLiteral("/rootlink")));
    writeFile(QStringLiteral("x.png"), "x");
    const MediaFolder viaLink(m_tmp->path() + QStringLiteral("/rootlink"), QStringLiteral("video"));
    const Result<QString> p = viaLink.resolveExisting(QStringLiteral("x.png"), QStringLiteral("filename"));
    QVERIFY(p.ok());
    QCOMPARE(*p, path(QStringLiteral("x.png")));
    QCOMPARE(*viaLink.readAll(QStringLiteral("x.png"), QStringLiteral("filename")), QByteArray("x"));
}

void TestStorage::resolvedPathEndsWithName()
{
    const Result<QString> p = m_folder->resolve(QStringLiteral("sub/name.mp4"), QStringLiteral("filename"));
    QVERIFY(p.ok());
    QVERIFY(p->startsWith(m_root + QLatin1Char('/')));
    QVERIFY(p->endsWith(QStringLiteral("/sub/name.mp4")));
}

QTEST_GUILESS_MAIN(TestStorage)
#include "tst_storage.moc"

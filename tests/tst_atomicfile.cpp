// SPDX-License-Identifier: MIT
// AtomicFile (temporary file + rename) and MediaFolder::writeNew (exclusive names under concurrency).
#include "storage/atomicfile.h"
#include "storage/mediafolder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <latch>
#include <sys/stat.h>
#include <thread>

using namespace Sanzaru::Core;

class TestAtomicFile : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void writesAndCommits();
    void chunksConcatenateInOrder();
    void temporaryFileBesideDestination();
    void temporaryFileModeFollowsUmask();
    void destroyedBeforeCommitKeepsOldContent();
    void destroyedBeforeCommitLeavesNothing();
    void discardTwiceIsSafe();
    void failedCommitLeavesNothing();
    void failedRenameRemovesTemporary();
    void openInMissingFolderFails();
    void replaceSwapsSymlinkNotTarget();
    void noReplaceRefusesFileCreatedMeanwhile();
    void noReplaceTreatsDanglingSymlinkAsTaken();
    void isTemporaryName_data();
    void isTemporaryName();
    void writeNewUsesStemFirst();
    void writeNewNeverOverwrites();
    void writeNewSkipsSymlink();
    void writeNewInSubfolder();
    void writeNewRejectsBadStem();
    void writeNewConcurrentThreads();

private:
    QString path(const QString &rel) const { return m_root + QLatin1Char('/') + rel; }
    void writeFile(const QString &rel, const QByteArray &data);
    QByteArray readFile(const QString &rel) const;
    QStringList entries(const QString &dir = {}) const;

    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_root;
};

void TestAtomicFile::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_tmp->isValid());
    m_root = QFileInfo(m_tmp->path()).canonicalFilePath();
}

void TestAtomicFile::writeFile(const QString &rel, const QByteArray &data)
{
    QFile f(path(rel));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(data);
}

QByteArray TestAtomicFile::readFile(const QString &rel) const
{
    QFile f(path(rel));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

QStringList TestAtomicFile::entries(const QString &dir) const
{
    return QDir(dir.isEmpty() ? m_root : path(dir))
        .entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

void TestAtomicFile::writesAndCommits()
{
    AtomicFile f(path(QStringLiteral("out.bin")));
    QVERIFY(f.open().ok());
    QVERIFY(f.write(QByteArray("payload")).ok());
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("out.bin")))); // nothing visible before commit
    QVERIFY(f.commit().ok());
    QCOMPARE(readFile(QStringLiteral("out.bin")), QByteArray("payload"));
    QCOMPARE(entries(), QStringList{QStringLiteral("out.bin")});
    QVERIFY(f.temporaryPath().isEmpty());
}

void TestAtomicFile::chunksConcatenateInOrder()
{
    AtomicFile f(path(QStringLiteral("stream.mp4")));
    QVERIFY(f.open().ok());
    for (const char *chunk : {"chunk1", "-chunk2", "-chunk3"})
        QVERIFY(f.write(QByteArray(chunk)).ok());
    QCOMPARE(f.bytesWritten(), qint64(20));
    QVERIFY(f.commit().ok());
    QCOMPARE(readFile(QStringLiteral("stream.mp4")), QByteArray("chunk1-chunk2-chunk3"));
}

void TestAtomicFile::temporaryFileBesideDestination()
{
    AtomicFile f(path(QStringLiteral("clip.mp4")));
    QVERIFY(f.open().ok());
    const QString tmp = f.temporaryPath();
    const QFileInfo info(tmp);
    QCOMPARE(info.path(), m_root);
    QVERIFY2(info.fileName().startsWith(QStringLiteral(".clip.mp4.")), qPrintable(info.fileName()));
    QVERIFY(info.fileName().endsWith(QStringLiteral(".sanzaru-part")));
    QVERIFY(AtomicFile::isTemporaryName(info.fileName()));
    QVERIFY(info.exists());
}

void TestAtomicFile::temporaryFileModeFollowsUmask()
{
    const mode_t old = ::umask(027);
    AtomicFile f(path(QStringLiteral("m.bin")));
    const Result<void> opened = f.open();
    ::umask(old);
    QVERIFY(opened.ok());
    QVERIFY(f.commit().ok());
    struct stat st = {};
    QCOMPARE(::stat(QFile::encodeName(path(QStringLiteral("m.bin"))).constData(), &st), 0);
    QCOMPARE(st.st_mode & 0777, mode_t(0640));
}

void TestAtomicFile::destroyedBeforeCommitKeepsOldContent()
{
    writeFile(QStringLiteral("keep.png"), "old");
    {
        AtomicFile f(path(QStringLiteral("keep.png")));
        QVERIFY(f.open().ok());
        QVERIFY(f.write(QByteArray("new, but never committed")).ok());
    }
    QCOMPARE(readFile(QStringLiteral("keep.png")), QByteArray("old"));
    QCOMPARE(entries(), QStringList{QStringLiteral("keep.png")});
}

void TestAtomicFile::destroyedBeforeCommitLeavesNothing()
{
    {
        AtomicFile f(path(QStringLiteral("never.png")));
        QVERIFY(f.open().ok());
        QVERIFY(f.write(QByteArray("data")).ok());
    }
    QVERIFY(entries().isEmpty());
}

void TestAtomicFile::discardTwiceIsSafe()
{
    AtomicFile f(path(QStringLiteral("d.png")));
    QVERIFY(f.open().ok());
    f.discard();
    f.discard();
    QVERIFY(entries().isEmpty());
    QVERIFY(!f.commit().ok()); // nothing left to commit
}

void TestAtomicFile::failedCommitLeavesNothing()
{
    QVERIFY(QDir().mkpath(path(QStringLiteral("gone"))));
    AtomicFile f(path(QStringLiteral("gone/x.mp4")));
    QVERIFY(f.open().ok());
    QVERIFY(f.write(QByteArray("data")).ok());
    QVERIFY(QDir(path(QStringLiteral("gone"))).removeRecursively());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^Cannot save .*/gone/x.mp4 ")));
    const Result<void> r = f.commit();
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, ErrorKind::Io);
    QVERIFY2(r.error().detail.contains(qt_error_string(ENOENT)), qPrintable(r.error().detail));
    // Message and detail name the file, not the folder layout (they may end up in a tool result).
    QVERIFY(!r.error().message.contains(m_root));
    QVERIFY(!r.error().detail.contains(m_root));
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("gone"))));
    QVERIFY(entries().isEmpty());
}

void TestAtomicFile::failedRenameRemovesTemporary()
{
    QVERIFY(QDir().mkpath(path(QStringLiteral("taken/inner"))));
    AtomicFile f(path(QStringLiteral("taken")));
    QVERIFY(f.open().ok());
    QVERIFY(f.write(QByteArray("data")).ok());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^Cannot save .*/taken ")));
    const Result<void> r = f.commit(); // rename(file, non-empty folder) fails
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, ErrorKind::Io);
    QVERIFY(!f.alreadyExists());
    QCOMPARE(entries(), QStringList{QStringLiteral("taken")});
    QVERIFY(QFileInfo(path(QStringLiteral("taken"))).isDir());
}

void TestAtomicFile::openInMissingFolderFails()
{
    AtomicFile f(path(QStringLiteral("missing/x.png")));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("^Cannot create a temporary file for ")));
    const Result<void> r = f.open();
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, ErrorKind::Io);
    QVERIFY(r.error().detail.contains(qt_error_string(ENOENT)));
    QVERIFY(!f.write(QByteArray("x")).ok());
}

void TestAtomicFile::replaceSwapsSymlinkNotTarget()
{
    writeFile(QStringLiteral("target.png"), "target");
    QVERIFY(QFile::link(path(QStringLiteral("target.png")), path(QStringLiteral("link.png"))));
    AtomicFile f(path(QStringLiteral("link.png")));
    QVERIFY(f.open().ok());
    QVERIFY(f.write(QByteArray("fresh")).ok());
    QVERIFY(f.commit(AtomicFile::Commit::Replace).ok());
    QCOMPARE(readFile(QStringLiteral("target.png")), QByteArray("target"));
    QVERIFY(!QFileInfo(path(QStringLiteral("link.png"))).isSymLink());
    QCOMPARE(readFile(QStringLiteral("link.png")), QByteArray("fresh"));
}

void TestAtomicFile::noReplaceRefusesFileCreatedMeanwhile()
{
    AtomicFile f(path(QStringLiteral("race.mp4")));
    QVERIFY(f.open().ok());
    QVERIFY(f.write(QByteArray("mine")).ok());
    writeFile(QStringLiteral("race.mp4"), "theirs"); // another process wins the name after open()
    const Result<void> r = f.commit(AtomicFile::Commit::NoReplace);
    QVERIFY(!r.ok());
    QVERIFY(f.alreadyExists());
    QCOMPARE(readFile(QStringLiteral("race.mp4")), QByteArray("theirs"));
    // The temporary file survives, so the caller can pick another name.
    QVERIFY(QFileInfo::exists(f.temporaryPath()));
    f.setDestinationPath(path(QStringLiteral("race-2.mp4")));
    QVERIFY(f.commit(AtomicFile::Commit::NoReplace).ok());
    QVERIFY(!f.alreadyExists());
    QCOMPARE(readFile(QStringLiteral("race-2.mp4")), QByteArray("mine"));
    QCOMPARE(entries(), (QStringList{QStringLiteral("race-2.mp4"), QStringLiteral("race.mp4")}));
}

void TestAtomicFile::noReplaceTreatsDanglingSymlinkAsTaken()
{
    QVERIFY(QFile::link(path(QStringLiteral("nowhere")), path(QStringLiteral("dangling.png"))));
    AtomicFile f(path(QStringLiteral("dangling.png")));
    QVERIFY(f.open().ok());
    QVERIFY(!f.commit(AtomicFile::Commit::NoReplace).ok());
    QVERIFY(f.alreadyExists());
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("nowhere"))));
}

void TestAtomicFile::isTemporaryName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("temporary");
    QTest::newRow("ours") << QStringLiteral(".clip.mp4.a1b2c3d4e5f6.sanzaru-part") << true;
    QTest::newRow("plain") << QStringLiteral("clip.mp4") << false;
    QTest::newRow("no dot") << QStringLiteral("clip.mp4.a1.sanzaru-part") << false;
    QTest::newRow("suffix only") << QStringLiteral(".sanzaru-part") << false;
    QTest::newRow("other part") << QStringLiteral(".clip.mp4.part") << false;
}

void TestAtomicFile::isTemporaryName()
{
    QFETCH(QString, name);
    QFETCH(bool, temporary);
    QCOMPARE(AtomicFile::isTemporaryName(name), temporary);
}

void TestAtomicFile::writeNewUsesStemFirst()
{
    const MediaFolder folder(m_root, QStringLiteral("video"));
    const Result<QString> r = folder.writeNew(QStringLiteral("video_abc"), QStringLiteral("mp4"), "v");
    QVERIFY(r.ok());
    QCOMPARE(*r, QStringLiteral("video_abc.mp4"));
    QCOMPARE(*folder.writeNew(QStringLiteral("video_abc"), QStringLiteral(".mp4"), "w"),
             QStringLiteral("video_abc-2.mp4"));
    QCOMPARE(readFile(QStringLiteral("video_abc-2.mp4")), QByteArray("w"));
}

void TestAtomicFile::writeNewNeverOverwrites()
{
    writeFile(QStringLiteral("img.png"), "first");
    writeFile(QStringLiteral("img-2.png"), "second");
    const MediaFolder folder(m_root, QStringLiteral("reference"));
    QCOMPARE(*folder.writeNew(QStringLiteral("img"), QStringLiteral("png"), "third"),
             QStringLiteral("img-3.png"));
    QCOMPARE(readFile(QStringLiteral("img.png")), QByteArray("first"));
    QCOMPARE(readFile(QStringLiteral("img-2.png")), QByteArray("second"));
    QCOMPARE(readFile(QStringLiteral("img-3.png")), QByteArray("third"));
    QCOMPARE(entries().size(), 3); // no temporary file left
}

void TestAtomicFile::writeNewSkipsSymlink()
{
    writeFile(QStringLiteral("target.png"), "target");
    QVERIFY(QFile::link(path(QStringLiteral("target.png")), path(QStringLiteral("out.png"))));
    const MediaFolder folder(m_root, QStringLiteral("reference"));
    QCOMPARE(*folder.writeNew(QStringLiteral("out"), QStringLiteral("png"), "new"),
             QStringLiteral("out-2.png"));
    QCOMPARE(readFile(QStringLiteral("target.png")), QByteArray("target"));
    QVERIFY(QFileInfo(path(QStringLiteral("out.png"))).isSymLink());
}

void TestAtomicFile::writeNewInSubfolder()
{
    QVERIFY(QDir().mkpath(path(QStringLiteral("sub"))));
    writeFile(QStringLiteral("sub/a.png"), "old");
    const MediaFolder folder(m_root, QStringLiteral("reference"));
    QCOMPARE(*folder.writeNew(QStringLiteral("sub/a"), QStringLiteral("png"), "new"),
             QStringLiteral("sub/a-2.png"));
    QCOMPARE(readFile(QStringLiteral("sub/a-2.png")), QByteArray("new"));
    QCOMPARE(entries(QStringLiteral("sub")).size(), 2);
}

void TestAtomicFile::writeNewRejectsBadStem()
{
    QVERIFY(QDir().mkpath(path(QStringLiteral("real"))));
    QVERIFY(QFile::link(path(QStringLiteral("real")), path(QStringLiteral("alias"))));
    const MediaFolder folder(m_root, QStringLiteral("reference"));
    for (const QString &stem : {QStringLiteral("../x"), QString(), QStringLiteral("alias/x"),
                                QStringLiteral("/tmp/x"), QStringLiteral("missing/x")}) {
        const Result<QString> r = folder.writeNew(stem, QStringLiteral("png"), "x");
        QVERIFY2(!r.ok(), qPrintable(stem));
        QVERIFY(r.error().kind == ErrorKind::BadInput || r.error().kind == ErrorKind::NotFound);
    }
    QVERIFY(entries(QStringLiteral("real")).isEmpty());
    QCOMPARE(entries(), (QStringList{QStringLiteral("alias"), QStringLiteral("real")}));
}

void TestAtomicFile::writeNewConcurrentThreads()
{
    constexpr int kThreads = 8;
    const MediaFolder folder(m_root, QStringLiteral("video"));
    std::latch start(kThreads);
    QList<QString> names(kThreads);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&, i] {
            const QByteArray data = QByteArray::number(i).repeated(4096 * (i + 1));
            start.arrive_and_wait(); // all threads race for "clip.mp4" at the same moment
            const Result<QString> r = folder.writeNew(QStringLiteral("clip"), QStringLiteral("mp4"), data);
            names[i] = r.ok() ? *r : QString();
        });
    }
    for (auto &t : threads)
        t.join();

    QSet<QString> expected{QStringLiteral("clip.mp4")};
    for (int n = 2; n <= kThreads; ++n)
        expected.insert(QStringLiteral("clip-%1.mp4").arg(n));
    QCOMPARE(QSet<QString>(names.begin(), names.end()), expected);
    for (int i = 0; i < kThreads; ++i)
        QCOMPARE(readFile(names.at(i)), QByteArray::number(i).repeated(4096 * (i + 1)));
    QCOMPARE(entries().size(), kThreads); // and no temporary files left behind
}

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "tst_atomicfile.moc"

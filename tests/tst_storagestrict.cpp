// SPDX-License-Identifier: MIT
// MediaFolder: the rules where we are stricter than sanzaru (bad names, symlinked sub-folders,
// writes through symlinks, non-regular files, unconfigured roots). Each test fails on sanzaru's rules.
#include "storage/mediafolder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Sanzaru::Core;

class TestStorageStrict : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void badNamesRejected_data();
    void badNamesRejected();
    void symlinkOutsideIsTraversal();
    void symlinkedSubdirectoryRefusedForRead();
    void symlinkedSubdirectoryRefusedForWrite();
    void writeThroughSymlinkRefused();
    void writeOntoFolderRefused();
    void writeIntoMissingSubfolderRefused();
    void nonRegularFileRefused();
    void unconfiguredRootRefusesEverything();

private:
    QString path(const QString &rel) const { return m_root + QLatin1Char('/') + rel; }
    void writeFile(const QString &rel, const QByteArray &data);
    QByteArray readFile(const QString &rel) const;

    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_root;
    std::unique_ptr<MediaFolder> m_folder;
};

void TestStorageStrict::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_tmp->isValid());
    QVERIFY(QDir().mkpath(m_tmp->path() + QStringLiteral("/root")));
    m_root = QFileInfo(m_tmp->path() + QStringLiteral("/root")).canonicalFilePath();
    m_folder = std::make_unique<MediaFolder>(m_root, QStringLiteral("reference"));
}

void TestStorageStrict::writeFile(const QString &rel, const QByteArray &data)
{
    QFile f(path(rel));
    QVERIFY2(f.open(QIODevice::WriteOnly), qPrintable(f.fileName()));
    f.write(data);
}

QByteArray TestStorageStrict::readFile(const QString &rel) const
{
    QFile f(path(rel));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

void TestStorageStrict::badNamesRejected_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("reason");
    QTest::newRow("empty") << QString() << QStringLiteral("the name is empty");
    QTest::newRow("nul") << (QStringLiteral("a.png") + QChar(0) + QStringLiteral(".txt"))
                         << QStringLiteral("NUL character in 'a.png\\0.txt'");
    QTest::newRow("dot only") << QStringLiteral("./") << QStringLiteral("'./' does not name a file");
    QTest::newRow("harmless dot-dot")
        << QStringLiteral("sub/../x.png") << QStringLiteral("path traversal detected in 'sub/../x.png'");
    QTest::newRow("trailing dot-dot")
        << QStringLiteral("sub/..") << QStringLiteral("path traversal detected in 'sub/..'");
}

void TestStorageStrict::badNamesRejected()
{
    QFETCH(QString, name);
    QFETCH(QString, reason);
    QVERIFY(QDir().mkpath(path(QStringLiteral("sub"))));
    writeFile(QStringLiteral("x.png"), "x");
    const QString expected = QStringLiteral("Invalid filename for 'image_filename': ") + reason;
    QList<Error> errors;
    const QString param = QStringLiteral("image_filename");
    for (const Result<QString> &r :
         {m_folder->resolve(name, param), m_folder->resolveExisting(name, param),
          m_folder->resolveForWrite(name, param), m_folder->writeAtomically(name, param, "y")})
        errors.append(r.ok() ? Error() : r.error());
    const Result<QByteArray> read = m_folder->readAll(name, param);
    errors.append(read.ok() ? Error() : read.error());
    for (const Error &e : std::as_const(errors)) {
        QCOMPARE(e.kind, ErrorKind::BadInput);
        QVERIFY2(e.message.startsWith(expected), qPrintable(e.message));
    }
    QCOMPARE(readFile(QStringLiteral("x.png")), QByteArray("x"));
}

void TestStorageStrict::symlinkOutsideIsTraversal()
{
    QVERIFY(QDir().mkpath(m_tmp->path() + QStringLiteral("/outside")));
    QVERIFY(QFile::link(m_tmp->path() + QStringLiteral("/outside"), path(QStringLiteral("out"))));
    const Result<QString> r = m_folder->resolve(QStringLiteral("out/x.png"), QStringLiteral("filename"));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().message,
             QStringLiteral("Invalid filename for 'filename': path traversal detected in 'out/x.png'"));
    // The absolute path of a file inside is refused too (sanzaru accepts it).
    writeFile(QStringLiteral("in.png"), "x");
    QVERIFY(!m_folder->resolve(path(QStringLiteral("in.png")), QStringLiteral("filename")).ok());
}

void TestStorageStrict::symlinkedSubdirectoryRefusedForRead()
{
    // The link points INSIDE the folder; sanzaru follows it, we refuse any symlinked component.
    QVERIFY(QDir().mkpath(path(QStringLiteral("real"))));
    writeFile(QStringLiteral("real/x.png"), "x");
    QVERIFY(QFile::link(path(QStringLiteral("real")), path(QStringLiteral("alias"))));
    const Result<QByteArray> r = m_folder->readAll(QStringLiteral("alias/x.png"), QStringLiteral("filename"));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, ErrorKind::BadInput);
    QCOMPARE(r.error().message,
             QStringLiteral("Invalid filename for 'filename': reference file cannot be a symbolic "
                            "link: 'alias/x.png' goes through the symbolic link 'alias'"));
    QVERIFY(!m_folder->resolveExisting(QStringLiteral("alias/x.png"), QStringLiteral("filename")).ok());
    QVERIFY(!m_folder->exists(QStringLiteral("alias/x.png")));
    QVERIFY(m_folder->exists(QStringLiteral("real/x.png")));
}

void TestStorageStrict::symlinkedSubdirectoryRefusedForWrite()
{
    QVERIFY(QDir().mkpath(path(QStringLiteral("real"))));
    QVERIFY(QFile::link(path(QStringLiteral("real")), path(QStringLiteral("alias"))));
    const Result<QString> r =
        m_folder->writeAtomically(QStringLiteral("alias/y.png"), QStringLiteral("filename"), "y");
    QVERIFY(!r.ok());
    QVERIFY(r.error().message.contains(QStringLiteral("cannot be a symbolic link")));
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("real/y.png"))));
    QVERIFY(!m_folder->resolveForWrite(QStringLiteral("alias/y.png"), QStringLiteral("filename")).ok());
}

void TestStorageStrict::writeThroughSymlinkRefused()
{
    writeFile(QStringLiteral("target.png"), "original");
    QVERIFY(QFile::link(path(QStringLiteral("target.png")), path(QStringLiteral("link.png"))));
    const Result<QString> r =
        m_folder->writeAtomically(QStringLiteral("link.png"), QStringLiteral("filename"), "evil");
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, ErrorKind::BadInput);
    QVERIFY(r.error().message.contains(QStringLiteral("cannot be a symbolic link: 'link.png'")));
    QCOMPARE(readFile(QStringLiteral("target.png")), QByteArray("original"));
    QVERIFY(QFileInfo(path(QStringLiteral("link.png"))).isSymLink());
}

void TestStorageStrict::writeOntoFolderRefused()
{
    QVERIFY(QDir().mkpath(path(QStringLiteral("dir.png"))));
    const Result<QString> r =
        m_folder->writeAtomically(QStringLiteral("dir.png"), QStringLiteral("filename"), "x");
    QVERIFY(!r.ok());
    QCOMPARE(r.error().message, QStringLiteral("Invalid filename for 'filename': 'dir.png' is a folder"));
    QVERIFY(QFileInfo(path(QStringLiteral("dir.png"))).isDir());
}

void TestStorageStrict::writeIntoMissingSubfolderRefused()
{
    const Result<QString> r =
        m_folder->writeAtomically(QStringLiteral("new/x.png"), QStringLiteral("filename"), "x");
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, ErrorKind::NotFound);
    QVERIFY(r.error().message.contains(QStringLiteral("'filename'")));
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("new"))));
}

void TestStorageStrict::nonRegularFileRefused()
{
    QVERIFY(::mkfifo(QFile::encodeName(path(QStringLiteral("pipe.mp4"))).constData(), 0600) == 0);
    const Result<QByteArray> r = m_folder->readAll(QStringLiteral("pipe.mp4"), QStringLiteral("filename"));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().message,
             QStringLiteral("Invalid filename for 'filename': 'pipe.mp4' is not a regular file"));
    QVERIFY(!m_folder->writeAtomically(QStringLiteral("pipe.mp4"), QStringLiteral("filename"), "x").ok());
}

void TestStorageStrict::unconfiguredRootRefusesEverything()
{
    // An empty root must not turn "etc/passwd" into "/etc/passwd" (or a path below the current folder).
    for (const QString &root : {QString(), QStringLiteral("relative/dir")}) {
        const MediaFolder folder(root, QStringLiteral("video"));
        const Result<QString> r = folder.resolve(QStringLiteral("etc/passwd"), QStringLiteral("filename"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::Config);
        QCOMPARE(r.error().message, QStringLiteral("The video folder is not configured"));
        QVERIFY(!folder.readAll(QStringLiteral("etc/passwd"), QStringLiteral("filename")).ok());
        QVERIFY(!folder.writeNew(QStringLiteral("x"), QStringLiteral("mp4"), "x").ok());
        QVERIFY(folder.list(QStringLiteral("*"), {}, SortBy::Name, false, 50).value().isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestStorageStrict)
#include "tst_storagestrict.moc"

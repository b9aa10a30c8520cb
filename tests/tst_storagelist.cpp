// SPDX-License-Identifier: MIT
// MediaFolder::list: sanzaru's listing rules (digest 2.7 / 2.14, test_local_storage.py listing
// items) and the glob, sort and limit semantics in detail.
#include "storage/mediafolder.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Sanzaru::Core;

class TestStorageList : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void listsEverythingWithoutFilters();
    void extensionFilter();
    void extensionFilterIsCaseInsensitive();
    void glob_data();
    void glob();
    void emptyPatternMeansStar();
    void invalidPatternsListNothing_data();
    void invalidPatternsListNothing();
    void onlyRegularFiles();
    void skipsTemporaryFiles();
    void skipsSymlinks();
    void entryFields();
    void sortByName();
    void sortBySize();
    void sortByModified();
    void tiesKeepListingOrderInBothDirections();
    void limit_data();
    void limit();

private:
    QString path(const QString &rel) const { return m_root + QLatin1Char('/') + rel; }
    void writeFile(const QString &rel, const QByteArray &data = "x");
    static QStringList names(const Result<QList<FileEntry>> &entries);
    QStringList listNames(const QString &pattern) const;

    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_root;
    std::unique_ptr<MediaFolder> m_folder;
};

void TestStorageList::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_tmp->isValid());
    QVERIFY(QDir().mkpath(m_tmp->path() + QStringLiteral("/root")));
    m_root = QFileInfo(m_tmp->path() + QStringLiteral("/root")).canonicalFilePath();
    m_folder = std::make_unique<MediaFolder>(m_root, QStringLiteral("reference"));
}

void TestStorageList::writeFile(const QString &rel, const QByteArray &data)
{
    QVERIFY(QDir().mkpath(QFileInfo(path(rel)).path()));
    QFile f(path(rel));
    QVERIFY2(f.open(QIODevice::WriteOnly), qPrintable(f.fileName()));
    f.write(data);
}

QStringList TestStorageList::names(const Result<QList<FileEntry>> &entries)
{
    QStringList out;
    if (!entries)
        return {QStringLiteral("error: ") + entries.error().message};
    for (const FileEntry &e : *entries)
        out.append(e.filename);
    return out;
}

QStringList TestStorageList::listNames(const QString &pattern) const
{
    return names(m_folder->list(pattern, {}, SortBy::Name, false, 1000));
}

void TestStorageList::listsEverythingWithoutFilters()
{
    writeFile(QStringLiteral("a.png"));
    writeFile(QStringLiteral("b.jpg"));
    writeFile(QStringLiteral("notes.txt"));
    QCOMPARE(listNames(QStringLiteral("*")),
             (QStringList{QStringLiteral("a.png"), QStringLiteral("b.jpg"), QStringLiteral("notes.txt")}));
}

void TestStorageList::extensionFilter()
{
    writeFile(QStringLiteral("a.png"));
    writeFile(QStringLiteral("b.jpg"));
    writeFile(QStringLiteral("c.webp"));
    writeFile(QStringLiteral("notes.txt"));
    const QList<FileEntry> e =
        m_folder->list(QString(), {QStringLiteral(".png"), QStringLiteral(".jpg")}, SortBy::Name, false, 50)
            .value();
    QCOMPARE(names(e), (QStringList{QStringLiteral("a.png"), QStringLiteral("b.jpg")}));
}

void TestStorageList::extensionFilterIsCaseInsensitive()
{
    writeFile(QStringLiteral("A.PNG"));
    writeFile(QStringLiteral("b.Jpeg"));
    writeFile(QStringLiteral("png"));  // no suffix at all
    writeFile(QStringLiteral(".png")); // a dot-file has no suffix (pathlib)
    QCOMPARE(names(m_folder->list(QString(), {QStringLiteral(".png"), QStringLiteral(".JPEG")}, SortBy::Name,
                                  false, 50)),
             (QStringList{QStringLiteral("A.PNG"), QStringLiteral("b.Jpeg")}));
}

void TestStorageList::glob_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QStringList>("expected");
    // Files: cat_01.png cat_02.png cat.txt Cat_03.png dog.png a1.png b2.png .hidden.png sub/cat_sub.png
    //        sub/deep/z.png
    QTest::newRow("cat*") << QStringLiteral("cat*")
                          << QStringList{QStringLiteral("cat.txt"), QStringLiteral("cat_01.png"),
                                         QStringLiteral("cat_02.png")};
    QTest::newRow("cat*.png") << QStringLiteral("cat*.png")
                              << QStringList{QStringLiteral("cat_01.png"), QStringLiteral("cat_02.png")};
    QTest::newRow("star does not cross /") << QStringLiteral("*cat_sub*") << QStringList{};
    QTest::newRow("star matches dot-files")
        << QStringLiteral("*hidden*") << QStringList{QStringLiteral(".hidden.png")};
    QTest::newRow("question mark") << QStringLiteral("??.png")
                                   << QStringList{QStringLiteral("a1.png"), QStringLiteral("b2.png")};
    QTest::newRow("set") << QStringLiteral("[ab]*")
                         << QStringList{QStringLiteral("a1.png"), QStringLiteral("b2.png")};
    QTest::newRow("negated set") << QStringLiteral("[!acdC.]*") << QStringList{QStringLiteral("b2.png")};
    QTest::newRow("range") << QStringLiteral("cat_0[1-1].png") << QStringList{QStringLiteral("cat_01.png")};
    QTest::newRow("case-sensitive") << QStringLiteral("Cat*") << QStringList{QStringLiteral("Cat_03.png")};
    QTest::newRow("literal sub-folder")
        << QStringLiteral("sub/*.png") << QStringList{QStringLiteral("sub/cat_sub.png")};
    QTest::newRow("recursive") << QStringLiteral("**/*.png")
                               << QStringList{
                                      QStringLiteral(".hidden.png"),   QStringLiteral("Cat_03.png"),
                                      QStringLiteral("a1.png"),        QStringLiteral("b2.png"),
                                      QStringLiteral("cat_01.png"),    QStringLiteral("cat_02.png"),
                                      QStringLiteral("dog.png"),       QStringLiteral("sub/cat_sub.png"),
                                      QStringLiteral("sub/deep/z.png")};
    QTest::newRow("recursive cat") << QStringLiteral("**/cat_s*")
                                   << QStringList{QStringLiteral("sub/cat_sub.png")};
    QTest::newRow("trailing **") << QStringLiteral("sub/**")
                                 << QStringList{QStringLiteral("sub/cat_sub.png"),
                                                QStringLiteral("sub/deep/z.png")};
    QTest::newRow("double ** no duplicates")
        << QStringLiteral("**/**/z.png") << QStringList{QStringLiteral("sub/deep/z.png")};
    QTest::newRow("unclosed [ is literal") << QStringLiteral("[ab") << QStringList{};
}

void TestStorageList::glob()
{
    QFETCH(QString, pattern);
    QFETCH(QStringList, expected);
    for (const char *name : {"cat_01.png", "cat_02.png", "cat.txt", "Cat_03.png", "dog.png", "a1.png",
                             "b2.png", ".hidden.png", "sub/cat_sub.png", "sub/deep/z.png"})
        writeFile(QString::fromUtf8(name));
    QCOMPARE(listNames(pattern), expected);
}

void TestStorageList::emptyPatternMeansStar()
{
    writeFile(QStringLiteral("a.png"));
    writeFile(QStringLiteral("sub/b.png"));
    QCOMPARE(listNames(QString()), QStringList{QStringLiteral("a.png")});
}

void TestStorageList::invalidPatternsListNothing_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::newRow("parent") << QStringLiteral("../*");
    QTest::newRow("parent inside") << QStringLiteral("sub/../../*");
    QTest::newRow("absolute") << QStringLiteral("/etc/*");
}

void TestStorageList::invalidPatternsListNothing()
{
    QFETCH(QString, pattern);
    writeFile(QStringLiteral("sub/a.png"));
    QFile outside(m_tmp->path() + QStringLiteral("/outside.png"));
    QVERIFY(outside.open(QIODevice::WriteOnly));
    outside.close();
    QVERIFY(listNames(pattern).isEmpty());
}

void TestStorageList::onlyRegularFiles()
{
    writeFile(QStringLiteral("a.png"));
    QVERIFY(QDir().mkpath(path(QStringLiteral("folder.png"))));
    QVERIFY(::mkfifo(QFile::encodeName(path(QStringLiteral("pipe.png"))).constData(), 0600) == 0);
    QCOMPARE(names(m_folder->list(QString(), {QStringLiteral(".png")}, SortBy::Name, false, 50)),
             QStringList{QStringLiteral("a.png")});
}

void TestStorageList::skipsTemporaryFiles()
{
    writeFile(QStringLiteral("a.png"));
    writeFile(QStringLiteral(".a.png.0123456789ab.sanzaru-part"));
    writeFile(QStringLiteral(".sanzaru-part")); // not one of ours: too short to be a temporary name
    QCOMPARE(listNames(QStringLiteral("*")),
             (QStringList{QStringLiteral(".sanzaru-part"), QStringLiteral("a.png")}));
}

void TestStorageList::skipsSymlinks()
{
    // Outside: sanzaru skips it too. Inside: sanzaru lists it but then refuses to read it; we skip it.
    writeFile(QStringLiteral("real.png"));
    writeFile(QStringLiteral("sub/deep.png"));
    QFile outside(m_tmp->path() + QStringLiteral("/secret.png"));
    QVERIFY(outside.open(QIODevice::WriteOnly));
    outside.close();
    QVERIFY(QFile::link(outside.fileName(), path(QStringLiteral("out.png"))));
    QVERIFY(QFile::link(path(QStringLiteral("real.png")), path(QStringLiteral("in.png"))));
    QVERIFY(QFile::link(m_tmp->path(), path(QStringLiteral("up"))));
    QVERIFY(QFile::link(path(QStringLiteral("sub")), path(QStringLiteral("alias"))));
    QCOMPARE(listNames(QStringLiteral("**/*.png")),
             (QStringList{QStringLiteral("real.png"), QStringLiteral("sub/deep.png")}));
    QVERIFY(listNames(QStringLiteral("up/*")).isEmpty());
}

void TestStorageList::entryFields()
{
    writeFile(QStringLiteral("Pic.JPG"), "12345");
    const QDateTime when = QDateTime::fromMSecsSinceEpoch(Q_INT64_C(1700000000999));
    QFile f(path(QStringLiteral("Pic.JPG")));
    QVERIFY(f.open(QIODevice::ReadWrite));
    QVERIFY(f.setFileTime(when, QFileDevice::FileModificationTime));
    f.close();
    const QList<FileEntry> e = m_folder->list(QString(), {}, SortBy::Name, false, 50).value();
    QCOMPARE(e.size(), 1);
    QCOMPARE(e.first().filename, QStringLiteral("Pic.JPG"));
    QCOMPARE(e.first().sizeBytes, qint64(5));
    QCOMPARE(e.first().modifiedTimestamp, qint64(1700000000));
    QCOMPARE(e.first().modifiedMsecs, qint64(1700000000999));
    QCOMPARE(e.first().suffix, QStringLiteral(".jpg"));
}

void TestStorageList::sortByName()
{
    // Code point order: "B" < "a" < U+FF21 (fullwidth A) < U+1F600. UTF-16 comparison would put the
    // emoji (a surrogate pair, 0xD83D...) before U+FF21.
    const QString fullwidth = QString(QChar(0xFF21)) + QStringLiteral(".png");
    const QString emoji = QString::fromUcs4(U"\U0001F600.png");
    for (const QString &n : {emoji, QStringLiteral("a.png"), fullwidth, QStringLiteral("B.png")})
        writeFile(n);
    const QStringList asc{QStringLiteral("B.png"), QStringLiteral("a.png"), fullwidth, emoji};
    QCOMPARE(names(m_folder->list(QString(), {}, SortBy::Name, false, 50)), asc);
    QStringList desc = asc;
    std::reverse(desc.begin(), desc.end());
    QCOMPARE(names(m_folder->list(QString(), {}, SortBy::Name, true, 50)), desc);
}

void TestStorageList::sortBySize()
{
    writeFile(QStringLiteral("big.png"), QByteArray(300, 'x'));
    writeFile(QStringLiteral("small.png"), QByteArray(3, 'x'));
    writeFile(QStringLiteral("mid.png"), QByteArray(30, 'x'));
    QCOMPARE(
        names(m_folder->list(QString(), {}, SortBy::Size, false, 50)),
        (QStringList{QStringLiteral("small.png"), QStringLiteral("mid.png"), QStringLiteral("big.png")}));
    QCOMPARE(
        names(m_folder->list(QString(), {}, SortBy::Size, true, 50)),
        (QStringList{QStringLiteral("big.png"), QStringLiteral("mid.png"), QStringLiteral("small.png")}));
}

void TestStorageList::sortByModified()
{
    const qint64 base = Q_INT64_C(1600000000000);
    const QList<std::pair<QString, qint64>> files{{QStringLiteral("old.png"), 0},
                                                  {QStringLiteral("new.png"), 5000},
                                                  {QStringLiteral("mid.png"), 2},
                                                  {QStringLiteral("mid2.png"), 3}}; // 1 ms apart still sorts
    for (const auto &[name, offset] : files) {
        writeFile(name);
        QFile f(path(name));
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(
            f.setFileTime(QDateTime::fromMSecsSinceEpoch(base + offset), QFileDevice::FileModificationTime));
    }
    QCOMPARE(names(m_folder->list(QString(), {}, SortBy::Modified, true, 50)),
             (QStringList{QStringLiteral("new.png"), QStringLiteral("mid2.png"), QStringLiteral("mid.png"),
                          QStringLiteral("old.png")}));
    QCOMPARE(names(m_folder->list(QString(), {}, SortBy::Modified, false, 50)),
             (QStringList{QStringLiteral("old.png"), QStringLiteral("mid.png"), QStringLiteral("mid2.png"),
                          QStringLiteral("new.png")}));
}

void TestStorageList::tiesKeepListingOrderInBothDirections()
{
    for (int i = 0; i < 12; ++i)
        writeFile(QStringLiteral("same%1.png").arg(i), "same");
    writeFile(QStringLiteral("larger.png"), "larger");
    QStringList dirOrder; // readdir order, the order pathlib's glob yields
    QDirIterator it(m_root, QDir::Files | QDir::Hidden);
    while (it.hasNext()) {
        const QString name = QFileInfo(it.next()).fileName();
        if (name != QLatin1String("larger.png"))
            dirOrder.append(name);
    }
    const QStringList asc = names(m_folder->list(QString(), {}, SortBy::Size, false, 50));
    const QStringList desc = names(m_folder->list(QString(), {}, SortBy::Size, true, 50));
    QCOMPARE(asc, dirOrder + QStringList{QStringLiteral("larger.png")});
    QCOMPARE(desc, QStringList{QStringLiteral("larger.png")} + dirOrder);
}

void TestStorageList::limit_data()
{
    QTest::addColumn<int>("limit");
    QTest::addColumn<QStringList>("expected");
    const QString a = QStringLiteral("a.png"), b = QStringLiteral("b.png"), c = QStringLiteral("c.png"),
                  d = QStringLiteral("d.png");
    QTest::newRow("2") << 2 << QStringList{a, b};
    QTest::newRow("all") << 4 << QStringList{a, b, c, d};
    QTest::newRow("more") << 50 << QStringList{a, b, c, d};
    QTest::newRow("0") << 0 << QStringList{};
    QTest::newRow("-1") << -1 << QStringList{a, b, c};
    QTest::newRow("-3") << -3 << QStringList{a};
    QTest::newRow("-4") << -4 << QStringList{};
    QTest::newRow("-10") << -10 << QStringList{};
}

void TestStorageList::limit()
{
    QFETCH(int, limit);
    QFETCH(QStringList, expected);
    for (const char *n : {"c.png", "a.png", "d.png", "b.png"})
        writeFile(QString::fromUtf8(n));
    QCOMPARE(names(m_folder->list(QString(), {}, SortBy::Name, false, limit)), expected);
}

QTEST_GUILESS_MAIN(TestStorageList)
#include "tst_storagelist.moc"

// SPDX-License-Identifier: MIT
// The media-folder sandbox against hostile input (issue 8, items 5 and 9): glob patterns cost
// polynomial work whatever their "**" count, are bounded in length and stop when cancelled;
// listings name files by their path relative to the folder; names with control characters,
// backslashes, a leading "-" or a trailing "/" are refused, and a traversal is reported as refused.

#include "storage/folderlister.h"
#include "storage/globpattern.h"
#include "storage/mediafolder.h"
#include "toolharness.h"

#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>

using namespace Qt::StringLiterals;
using namespace Sanzaru::Core;
using namespace Sanzaru::Testing;

namespace {

bool touch(const QString &path)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write("x") == 1;
}

QStringList names(const QList<FileEntry> &entries)
{
    QStringList out;
    for (const FileEntry &e : entries)
        out.append(e.filename);
    out.sort();
    return out;
}

// pathlib's glob as a regular expression over the relative path: the independent reference the
// listing is compared with.
QRegularExpression referenceRegex(const QString &pattern)
{
    QStringList segments = pattern.split(u'/', Qt::SkipEmptyParts);
    if (segments.last() == u"**"_s)
        segments.append(u"*"_s);
    QString rx = u"^"_s;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QString &seg = segments.at(i);
        const bool last = i == segments.size() - 1;
        if (seg == u"**"_s) {
            rx += u"(?:[^/]+/)*"_s;
            continue;
        }
        for (qsizetype k = 0; k < seg.size(); ++k) {
            const QChar c = seg.at(k);
            if (c == u'*') {
                rx += u"[^/]*"_s;
            } else if (c == u'?') {
                rx += u"[^/]"_s;
            } else if (c == u'[' && seg.indexOf(u']', k + 2) > 0) {
                qsizetype end = seg.indexOf(u']', k + (seg.at(k + 1) == u'!' ? 3 : 2));
                QString body = seg.mid(k + 1, end - k - 1);
                const bool negated = body.startsWith(u'!');
                if (negated)
                    body.remove(0, 1);
                rx += (negated ? u"(?!["_s : u"(?=["_s) +
                      QRegularExpression::escape(body).replace(u"\\-"_s, u"-"_s) + u"])[^/]"_s;
                k = end;
            } else {
                rx += QRegularExpression::escape(QString(c));
            }
        }
        if (!last)
            rx += u"/"_s;
    }
    return QRegularExpression(rx + u"$"_s);
}

QStringList allFiles(const QString &root)
{
    QStringList out;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::NoSymLinks, QDirIterator::Subdirectories);
    while (it.hasNext())
        out.append(QDir(root).relativeFilePath(it.next()));
    out.sort();
    return out;
}

} // namespace

class TestStorageSecurity : public QObject
{
    Q_OBJECT

private slots:
    // --- item 5: globs --------------------------------------------------------------------------

    void manyDoubleStarsCostPolynomialSteps()
    {
        // A chain of 20 folders named "aaa…a" (40 characters) with one file at the bottom, and a
        // pattern of 40 "**/a*" segments. The former walk re-read the tree once per way of assigning
        // folders to the "**"s (over 50 million steps, measured); each folder is now read once.
        QTemporaryDir dir;
        const QString name(40, u'a');
        QString rel;
        for (int i = 0; i < 20; ++i)
            rel += name + u'/';
        QVERIFY(touch(dir.filePath(rel + u"bottom.png"_s)));
        QVERIFY(touch(dir.filePath(rel + name + u".png"_s)));

        QString pattern;
        for (int i = 0; i < 40; ++i)
            pattern += u"**/a*/"_s;
        const QString matchAll = pattern.chopped(1);    // files named a… at any depth ≥ 40 - no
        const QString bottom = u"**/a*/**/b*.png"_s;    // the bottom file
        const QString deepNone = pattern + u"b*.png"_s; // needs 40 "a*" folders: only 20 exist

        const FolderLister lister(dir.path());
        for (const auto &[p, expected] :
             {std::pair{deepNone, QStringList{}}, std::pair{matchAll, QStringList{}},
              std::pair{bottom, QStringList{rel + u"bottom.png"_s}}}) {
            qint64 steps = 0;
            const Result<QList<FileEntry>> found =
                lister.list(p, {}, SortBy::Name, false, 100, nullptr, &steps);
            QVERIFY(found);
            QCOMPARE(names(*found), expected);
            // Measured 10,312 steps for the first two patterns (the pre-fix walk: over 50 million).
            qInfo("%lld steps for %s", steps, qPrintable(p.left(40)));
            QVERIFY2(steps < 100'000, qPrintable(u"%1 steps for %2"_s.arg(steps).arg(p.left(40))));
        }
    }

    void segmentMatchIsPolynomial()
    {
        // "*a*a*a…b" against "aaaa…": classic exponential backtracking for a naive matcher.
        const GlobPattern glob(QString(u"*a"_s).repeated(60) + u"b"_s);
        QVERIFY(glob.isValid());
        qint64 steps = 0;
        QVERIFY(!glob.matches(0, QString(200, u'a'), &steps));
        QVERIFY2(steps <= 201 * 122, qPrintable(QString::number(steps)));
        QVERIFY(glob.matches(0, QString(200, u'a') + u"b"_s, &steps));
    }

    void matchesTheReferenceSemantics_data()
    {
        QTest::addColumn<QString>("pattern");
        for (const char *p :
             {"*",       "*.png",    "?.png",   "??.png",        "[ab]*",  "[!a]*",         "[a-c].png",
              "*[0-9]*", "**/*.png", "**",      "sub/**",        "sub/*",  "**/x/**/*.png", "**/**/z.png",
              "*/*",     "*/*/*",    "**/a*b*", "sub/**/deep/*", "**/.h*", "x/y/z.png",     "**/x/*"})
            QTest::newRow(p) << QString::fromLatin1(p);
    }
    void matchesTheReferenceSemantics()
    {
        QFETCH(QString, pattern);
        QTemporaryDir dir;
        for (const char *f :
             {"a.png", "b.png", "c.jpg", "ab.png", "a1b.txt", ".hidden.png", "sub/a.png", "sub/deep/z.png",
              "sub/deep/ab.png", "x/y/z.png", "x/x/q.png", "x/q.png", "sub/x/deep/m.png", "zz/x/k.png"})
            QVERIFY(touch(dir.filePath(QString::fromLatin1(f))));
        const Result<QList<FileEntry>> found =
            FolderLister(dir.path()).list(pattern, {}, SortBy::Name, false, 1000);
        QVERIFY(found);
        const QRegularExpression rx = referenceRegex(pattern);
        QVERIFY2(rx.isValid(), qPrintable(rx.pattern()));
        QStringList expected = allFiles(dir.path()).filter(rx);
        QCOMPARE(names(*found), expected);
    }

    void overlongPatternIsRefused()
    {
        QTemporaryDir dir;
        QVERIFY(touch(dir.filePath(u"a.png"_s)));
        const QString longPattern = u"*"_s + QString(GlobPattern::maxLength, u'a');
        const Result<QList<FileEntry>> r =
            FolderLister(dir.path()).list(longPattern, {}, SortBy::Name, false, 10);
        QVERIFY(!r);
        QCOMPARE(r.error().kind, ErrorKind::BadInput);
        QCOMPARE(r.error().message, u"Invalid pattern: it is 1025 characters long; the limit is 1024"_s);
        QVERIFY(FolderLister(dir.path())
                    .list(QString(GlobPattern::maxLength - 1, u'a') + u"*"_s, {}, SortBy::Name, false, 10));

        ToolHarness h;
        const ToolOutcome out = h.call(u"list_reference_images"_s, {{u"pattern"_s, longPattern}});
        QVERIFY(out.result);
        QVERIFY(!out.ok());
        QVERIFY2(out.errorMessage().contains(u"the limit is 1024"_s), qPrintable(out.errorMessage()));
    }

    void cancelledListingStops()
    {
        QTemporaryDir dir;
        for (int i = 0; i < 20; ++i)
            QVERIFY(touch(dir.filePath(u"d%1/f%1.png"_s.arg(i))));
        std::atomic_bool cancel{false};
        qint64 full = 0;
        QVERIFY(FolderLister(dir.path()).list(u"**/*.png"_s, {}, SortBy::Name, false, 100, &cancel, &full));
        QVERIFY(full > 20);

        cancel = true;
        qint64 steps = 0;
        const Result<QList<FileEntry>> r =
            FolderLister(dir.path()).list(u"**/*.png"_s, {}, SortBy::Name, false, 100, &cancel, &steps);
        QVERIFY(!r);
        QCOMPARE(r.error().kind, ErrorKind::Cancelled);
        QCOMPARE(steps, 0);
    }

    // --- item 9: listing names and refused names --------------------------------------------------

    void listingsNameSubFolderFilesByTheirPath()
    {
        ToolHarness h;
        QVERIFY(touch(h.imagePath(u"top.png"_s)));
        QVERIFY(touch(h.imagePath(u"sub/ok.png"_s)));
        const ToolOutcome out = h.call(u"list_reference_images"_s, {{u"pattern"_s, u"**/*.png"_s}});
        QVERIFY2(out.ok(), out.describe());
        QStringList listed;
        for (const QJsonValue &v : out.json().value(u"data"_s).toArray())
            listed.append(v.toObject().value(u"filename"_s).toString());
        listed.sort();
        QCOMPARE(listed, (QStringList{u"sub/ok.png"_s, u"top.png"_s}));
        // Every listed name is one the other tools accept.
        for (const QString &name : listed) {
            const ToolOutcome view =
                h.call(u"view_media"_s, {{u"media_type"_s, u"image"_s}, {u"filename"_s, name}});
            QVERIFY2(view.ok(), view.describe());
        }
    }

    void badNamesAreRefused_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("reason");
        QTest::newRow("newline") << u"a\nb.png"_s << u"control character U+000A in 'a\\nb.png'"_s;
        QTest::newRow("tab") << u"a\tb.png"_s << u"control character U+0009"_s;
        QTest::newRow("escape") << u"a\x1b[2Jb.png"_s << u"control character U+001B"_s;
        QTest::newRow("delete") << u"a\x7f.png"_s << u"control character U+007F"_s;
        QTest::newRow("C1 control") << u"a\u0085.png"_s << u"control character U+0085"_s;
        QTest::newRow("backslash") << u"sub\\a.png"_s << u"backslash in 'sub\\a.png'"_s;
        QTest::newRow("leading dash") << u"-rf.png"_s << u"'-rf.png' starts with '-'"_s;
        QTest::newRow("dash in sub-folder") << u"sub/-x.png"_s << u"starts with '-'"_s;
        QTest::newRow("trailing slash") << u"ref.png/"_s << u"'ref.png/' ends with '/'"_s;
    }
    void badNamesAreRefused()
    {
        QFETCH(QString, name);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        QVERIFY(touch(dir.filePath(u"ref.png"_s)));
        const MediaFolder folder(dir.path(), u"reference"_s);
        for (const Result<QString> &r :
             {folder.resolve(name, u"input_filename"_s), folder.resolveExisting(name, u"input_filename"_s),
              folder.resolveForWrite(name, u"input_filename"_s)}) {
            QVERIFY(!r);
            QCOMPARE(r.error().kind, ErrorKind::BadInput);
            QVERIFY2(r.error().message.startsWith(u"Invalid filename for 'input_filename': "_s),
                     qPrintable(r.error().message));
            QVERIFY2(r.error().message.contains(reason), qPrintable(r.error().message));
            QVERIFY2(!r.error().message.contains(u'\n'), "the message must stay on one line");
        }
        QVERIFY(!folder.readAll(name, u"input_filename"_s));
        QVERIFY(!folder.writeAtomically(name, u"filename"_s, "x"));
    }

    void ordinaryNamesStillWork()
    {
        QTemporaryDir dir;
        const MediaFolder folder(dir.path(), u"reference"_s);
        for (const QString &name : {u"a-b.png"_s, u"sub/x-.png"_s, u"é t.png"_s, u".hidden"_s, u"a.b.c"_s}) {
            QVERIFY(QDir().mkpath(dir.filePath(u"sub"_s)));
            const Result<QString> w = folder.writeAtomically(name, u"filename"_s, "x");
            QVERIFY2(w, qPrintable(w ? QString() : w.error().message));
            QVERIFY(folder.readAll(name, u"filename"_s));
        }
    }

    void refusedNamesAreNotListed()
    {
        QTemporaryDir dir;
        for (const QString &name : {u"ok.png"_s, u"bad\nname.png"_s, u"-dash.png"_s, u"back\\slash.png"_s})
            QVERIFY(touch(dir.filePath(name)));
        const Result<QList<FileEntry>> r = FolderLister(dir.path()).list(u"*"_s, {}, SortBy::Name, false, 10);
        QVERIFY(r);
        QCOMPARE(names(*r), QStringList{u"ok.png"_s});
    }

    void viewMediaSaysATraversalIsRefused()
    {
        ToolHarness h;
        QVERIFY(touch(QFileInfo(h.imageDir()).path() + u"/x.png"_s));
        const ToolOutcome out =
            h.call(u"view_media"_s, {{u"media_type"_s, u"image"_s}, {u"filename"_s, u"../x.png"_s}});
        QVERIFY(out.result);
        QVERIFY(!out.ok());
        QCOMPARE(out.errorKind(), ErrorKind::BadInput);
        QCOMPARE(out.errorMessage(), u"Refused: Invalid filename for 'filename': path traversal detected in "
                                     u"'../x.png' ('..' is not allowed)"_s);
        const ToolOutcome missing =
            h.call(u"view_media"_s, {{u"media_type"_s, u"image"_s}, {u"filename"_s, u"nope.png"_s}});
        QCOMPARE(missing.errorMessage(), u"File not found: nope.png"_s);
    }
};

QTEST_GUILESS_MAIN(TestStorageSecurity)
#include "tst_storagesecurity.moc"

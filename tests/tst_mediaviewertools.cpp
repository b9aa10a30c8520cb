// SPDX-License-Identifier: MIT
// view_media and _get_media_data through the tool registry (ports of sanzaru's
// test_media_viewer_tools.py 1-3 and the in-scope test_media_viewer.py items, plus our limits).
#include "testimages.h"
#include "toolharness.h"
#include "tools/mediaviewertools.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Sanzaru::Core;
using namespace Sanzaru::Testing;
using namespace Qt::StringLiterals;

namespace {

// Bytes that do not repeat with a short period, so a chunk at the wrong offset cannot pass.
QByteArray patternBytes(qsizetype n)
{
    QByteArray out(n, Qt::Uninitialized);
    for (qsizetype i = 0; i < n; ++i)
        out[i] = char((i * 7 + i / 251) % 256);
    return out;
}

QJsonObject mediaArgs(const QString &mediaType, const QString &filename)
{
    return {{u"media_type"_s, mediaType}, {u"filename"_s, filename}};
}

QJsonObject chunkArgs(const QString &mediaType, const QString &filename, qint64 offset, qint64 chunkSize)
{
    QJsonObject args = mediaArgs(mediaType, filename);
    args.insert(u"offset"_s, offset);
    args.insert(u"chunk_size"_s, chunkSize);
    return args;
}

QByteArray decoded(const QJsonObject &chunk)
{
    const auto result = QByteArray::fromBase64Encoding(chunk.value(u"data"_s).toString().toLatin1(),
                                                       QByteArray::AbortOnBase64DecodingErrors);
    return result ? *result : QByteArray("<invalid base64>");
}

qint64 integer(const QJsonObject &o, const QString &key)
{
    return o.value(key).toInteger(-1);
}

QSet<QString> keySet(const QJsonObject &o)
{
    const QStringList keys = o.keys();
    return QSet<QString>(keys.begin(), keys.end());
}

} // namespace

class TestMediaViewerTools final : public QObject
{
    Q_OBJECT

private slots:
    // --- test_media_viewer_tools.py 1-3 -----------------------------------------------------------

    void viewMediaThenReadWholeFile()
    {
        ToolHarness h;
        QVERIFY(h.started());
        const QByteArray bytes = patternBytes(1024);
        QVERIFY(ToolHarness::writeFile(h.videoPath(u"test.mp4"_s), bytes));

        const ToolOutcome view = h.call(u"view_media"_s, mediaArgs(u"video"_s, u"test.mp4"_s));
        QVERIFY2(view.ok(), view.describe());
        QCOMPARE(view.json().value(u"filename"_s).toString(), u"test.mp4"_s);
        QCOMPARE(view.json().value(u"media_type"_s).toString(), u"video"_s);
        QCOMPARE(integer(view.json(), u"size_bytes"_s), qint64(1024));
        QCOMPARE(view.json().value(u"mime_type"_s).toString(), u"video/mp4"_s);
        QCOMPARE(keySet(view.json()),
                 (QSet<QString>{u"filename"_s, u"media_type"_s, u"size_bytes"_s, u"mime_type"_s}));

        const qint64 size = integer(view.json(), u"size_bytes"_s);
        const ToolOutcome chunk = h.call(u"_get_media_data"_s, chunkArgs(u"video"_s, u"test.mp4"_s, 0, size));
        QVERIFY2(chunk.ok(), chunk.describe());
        QCOMPARE(chunk.json().value(u"is_last"_s).toBool(true), true);
        QVERIFY(chunk.json().value(u"is_last"_s).isBool());
        QCOMPARE(integer(chunk.json(), u"offset"_s), qint64(0));
        QCOMPARE(integer(chunk.json(), u"chunk_size"_s), qint64(1024));
        QCOMPARE(integer(chunk.json(), u"total_size"_s), qint64(1024));
        QCOMPARE(chunk.json().value(u"mime_type"_s).toString(), u"video/mp4"_s);
        QCOMPARE(decoded(chunk.json()), bytes);
        // Standard base64 (with padding): what a browser's atob() accepts.
        QCOMPARE(chunk.json().value(u"data"_s).toString().toLatin1(), bytes.toBase64());
    }

    void chunkedReadReassembles()
    {
        ToolHarness h;
        const QByteArray bytes = patternBytes(1024);
        QVERIFY(ToolHarness::writeFile(h.videoPath(u"clip.mp4"_s), bytes));
        QByteArray assembled;
        qint64 offset = 0;
        int calls = 0;
        bool last = false;
        while (!last && calls < 10) {
            const ToolOutcome chunk =
                h.call(u"_get_media_data"_s, chunkArgs(u"video"_s, u"clip.mp4"_s, offset, 512));
            QVERIFY2(chunk.ok(), chunk.describe());
            QCOMPARE(integer(chunk.json(), u"offset"_s), offset);
            const QByteArray part = decoded(chunk.json());
            QCOMPARE(qint64(part.size()), integer(chunk.json(), u"chunk_size"_s));
            assembled += part;
            offset += integer(chunk.json(), u"chunk_size"_s);
            last = chunk.json().value(u"is_last"_s).toBool();
            ++calls;
        }
        QVERIFY(last);
        QCOMPARE(calls, 2);
        QCOMPARE(assembled, bytes);
    }

    void imageViewAndDefaultRead()
    {
        ToolHarness h;
        const QByteArray png = TestImages::encode(TestImages::photoLike(QSize(64, 48)), "PNG");
        QVERIFY(ToolHarness::writeFile(h.imagePath(u"pic.png"_s), png));

        const ToolOutcome view = h.call(u"view_media"_s, mediaArgs(u"image"_s, u"pic.png"_s));
        QVERIFY2(view.ok(), view.describe());
        QCOMPARE(view.json().value(u"media_type"_s).toString(), u"image"_s);
        QCOMPARE(view.json().value(u"mime_type"_s).toString(), u"image/png"_s);
        QCOMPARE(integer(view.json(), u"size_bytes"_s), qint64(png.size()));

        const ToolOutcome chunk = h.call(u"_get_media_data"_s, mediaArgs(u"image"_s, u"pic.png"_s));
        QVERIFY2(chunk.ok(), chunk.describe());
        QVERIFY(chunk.json().value(u"is_last"_s).toBool());
        QCOMPARE(decoded(chunk.json()), png);
        QCOMPARE(integer(chunk.json(), u"total_size"_s), qint64(png.size()));
        QCOMPARE(chunk.json().value(u"mime_type"_s).toString(), u"image/png"_s);

        // The image folder is not the video folder.
        const ToolOutcome wrongFolder = h.call(u"view_media"_s, mediaArgs(u"video"_s, u"pic.png"_s));
        QVERIFY(wrongFolder.result);
        QCOMPARE(wrongFolder.errorMessage(), u"File not found: pic.png"_s);
    }

    // --- test_media_viewer.py (in scope) ----------------------------------------------------------

    void mimeType_data()
    {
        QTest::addColumn<QString>("filename");
        QTest::addColumn<QString>("mediaType");
        QTest::addColumn<QString>("expected");
        QTest::newRow(".mp4") << u"a.mp4"_s << u"video"_s << u"video/mp4"_s;
        QTest::newRow(".png") << u"a.png"_s << u"image"_s << u"image/png"_s;
        QTest::newRow(".jpg") << u"a.jpg"_s << u"image"_s << u"image/jpeg"_s;
        QTest::newRow(".jpeg") << u"a.jpeg"_s << u"image"_s << u"image/jpeg"_s;
        QTest::newRow(".webp") << u"a.webp"_s << u"image"_s << u"image/webp"_s;
        QTest::newRow(".mov") << u"a.mov"_s << u"video"_s << u"video/quicktime"_s;
        QTest::newRow(".webm") << u"a.webm"_s << u"video"_s << u"video/webm"_s;
        QTest::newRow("upper case") << u"CLIP.MP4"_s << u"video"_s << u"video/mp4"_s;
        QTest::newRow("known ext wins over media type") << u"a.png"_s << u"video"_s << u"image/png"_s;
        QTest::newRow("in a sub folder") << u"sub.dir/a.webm"_s << u"video"_s << u"video/webm"_s;
        QTest::newRow("unknown, video") << u"a.xyz"_s << u"video"_s << u"video/mp4"_s;
        QTest::newRow("unknown, image") << u"a.xyz"_s << u"image"_s << u"image/png"_s;
        QTest::newRow("no extension, video") << u"noext"_s << u"video"_s << u"video/mp4"_s;
        QTest::newRow("no extension, image") << u"noext"_s << u"image"_s << u"image/png"_s;
    }
    void mimeType()
    {
        QFETCH(QString, filename);
        QFETCH(QString, mediaType);
        QFETCH(QString, expected);
        QCOMPARE(MediaViewerTools::mimeType(filename, mediaType), expected);
    }

    void viewMediaMetadataFor1024ByteVideo()
    {
        ToolHarness h;
        QVERIFY(ToolHarness::writeFile(h.videoPath(u"test.mp4"_s), QByteArray(1024, '\0')));
        const ToolOutcome out = h.call(u"view_media"_s, mediaArgs(u"video"_s, u"test.mp4"_s));
        QVERIFY2(out.ok(), out.describe());
        QCOMPARE(out.json(), (QJsonObject{{u"filename"_s, u"test.mp4"_s},
                                          {u"media_type"_s, u"video"_s},
                                          {u"size_bytes"_s, 1024},
                                          {u"mime_type"_s, u"video/mp4"_s}}));
    }

    void viewMediaMissingFile()
    {
        ToolHarness h;
        const ToolOutcome out = h.call(u"view_media"_s, mediaArgs(u"video"_s, u"nope.mp4"_s));
        QVERIFY(out.result);
        QVERIFY(!out.ok());
        QCOMPARE(out.errorKind(), ErrorKind::NotFound);
        QCOMPARE(out.errorMessage(), u"File not found: nope.mp4"_s);
    }

    void viewMediaSymlinkIsNotFound_data()
    {
        QTest::addColumn<bool>("inside");
        QTest::newRow("link to a file inside") << true;
        QTest::newRow("link to a file outside") << false;
    }
    void viewMediaSymlinkIsNotFound()
    {
        QFETCH(bool, inside);
        ToolHarness h;
        QTemporaryDir outside;
        const QString target = inside ? h.videoPath(u"real.mp4"_s) : outside.filePath(u"real.mp4"_s);
        QVERIFY(ToolHarness::writeFile(target, patternBytes(100)));
        QVERIFY(QFile::link(target, h.videoPath(u"link.mp4"_s)));

        const ToolOutcome out = h.call(u"view_media"_s, mediaArgs(u"video"_s, u"link.mp4"_s));
        QVERIFY(out.result);
        QVERIFY2(!out.ok(), "a symlink must not be viewable");
        QCOMPARE(out.errorMessage(), u"File not found: link.mp4"_s);

        // The chunk reader refuses it too, and never returns the target's bytes.
        const ToolOutcome read = h.call(u"_get_media_data"_s, mediaArgs(u"video"_s, u"link.mp4"_s));
        QVERIFY(read.result);
        QVERIFY2(!read.ok(), "a symlink must not be readable");
        QVERIFY(!read.errorMessage().isEmpty());
    }

    void smallFileIsOneChunk()
    {
        ToolHarness h;
        const QByteArray bytes("fake video content");
        QVERIFY(ToolHarness::writeFile(h.videoPath(u"small.mp4"_s), bytes));
        const ToolOutcome out = h.call(u"_get_media_data"_s, mediaArgs(u"video"_s, u"small.mp4"_s));
        QVERIFY2(out.ok(), out.describe());
        QCOMPARE(out.json().value(u"is_last"_s).toBool(), true);
        QCOMPARE(integer(out.json(), u"offset"_s), qint64(0));
        QCOMPARE(integer(out.json(), u"chunk_size"_s), qint64(bytes.size()));
        QCOMPARE(integer(out.json(), u"total_size"_s), qint64(bytes.size()));
        QCOMPARE(out.json().value(u"mime_type"_s).toString(), u"video/mp4"_s);
        QCOMPARE(decoded(out.json()), bytes);
        QCOMPARE(keySet(out.json()), (QSet<QString>{u"data"_s, u"offset"_s, u"chunk_size"_s, u"total_size"_s,
                                                    u"is_last"_s, u"mime_type"_s}));
    }

    void hundredBytesInFortyByteChunks()
    {
        ToolHarness h;
        const QByteArray bytes = patternBytes(100);
        QVERIFY(ToolHarness::writeFile(h.videoPath(u"hundred.mp4"_s), bytes));
        struct Expect
        {
            qint64 offset;
            qint64 size;
            bool last;
        };
        const QList<Expect> expected{{0, 40, false}, {40, 40, false}, {80, 20, true}};
        for (const Expect &e : expected) {
            const ToolOutcome out =
                h.call(u"_get_media_data"_s, chunkArgs(u"video"_s, u"hundred.mp4"_s, e.offset, 40));
            QVERIFY2(out.ok(), out.describe());
            QCOMPARE(integer(out.json(), u"offset"_s), e.offset);
            QCOMPARE(integer(out.json(), u"chunk_size"_s), e.size);
            QCOMPARE(out.json().value(u"is_last"_s).toBool(), e.last);
            QCOMPARE(integer(out.json(), u"total_size"_s), qint64(100));
            QCOMPARE(decoded(out.json()), bytes.mid(e.offset, e.size));
        }
    }

    void offsetPastTheEnd_data()
    {
        QTest::addColumn<qint64>("offset");
        QTest::newRow("exactly at the end") << qint64(1024);
        QTest::newRow("past the end") << qint64(5000);
        QTest::newRow("far past the end") << (qint64(1) << 40);
    }
    void offsetPastTheEnd()
    {
        QFETCH(qint64, offset);
        ToolHarness h;
        QVERIFY(ToolHarness::writeFile(h.videoPath(u"f.mp4"_s), patternBytes(1024)));
        const ToolOutcome out = h.call(u"_get_media_data"_s, chunkArgs(u"video"_s, u"f.mp4"_s, offset, 512));
        QVERIFY2(out.ok(), out.describe());
        QCOMPARE(integer(out.json(), u"chunk_size"_s), qint64(0));
        QCOMPARE(out.json().value(u"is_last"_s).toBool(), true);
        QCOMPARE(out.json().value(u"data"_s).toString(), QString());
        QVERIFY(out.json().value(u"data"_s).isString());
        QCOMPARE(integer(out.json(), u"total_size"_s), qint64(1024));
        QCOMPARE(integer(out.json(), u"offset"_s), offset);
    }

    void negativeOffsetIsRefused()
    {
        ToolHarness h;
        QVERIFY(ToolHarness::writeFile(h.videoPath(u"f.mp4"_s), patternBytes(64)));
        const ToolOutcome out = h.call(u"_get_media_data"_s, chunkArgs(u"video"_s, u"f.mp4"_s, -1, 10));
        QVERIFY(out.result);
        QVERIFY(!out.ok());
        QCOMPARE(out.errorKind(), ErrorKind::BadInput);
        QVERIFY2(out.errorMessage().contains(u"offset must be non-negative"_s),
                 qPrintable(out.errorMessage()));
        QVERIFY2(out.errorMessage().contains(u"-1"_s), qPrintable(out.errorMessage()));
        // Checked first: even for a file that does not exist.
        const ToolOutcome missing =
            h.call(u"_get_media_data"_s, chunkArgs(u"video"_s, u"none.mp4"_s, -5, 10));
        QVERIFY(missing.result);
        QVERIFY2(missing.errorMessage().contains(u"offset must be non-negative, got -5"_s),
                 qPrintable(missing.errorMessage()));
    }

    void defaultChunkIsExactlyTwoMiB()
    {
        QCOMPARE(MediaViewerTools::defaultChunkSize, qint64(2097152));
        ToolHarness h;
        const QByteArray bytes = patternBytes(3 * 1024 * 1024);
        QVERIFY(ToolHarness::writeFile(h.videoPath(u"big.mp4"_s), bytes));
        const ToolOutcome first = h.call(u"_get_media_data"_s, mediaArgs(u"video"_s, u"big.mp4"_s));
        QVERIFY2(first.ok(), first.describe());
        QCOMPARE(integer(first.json(), u"chunk_size"_s), qint64(2097152));
        QCOMPARE(first.json().value(u"is_last"_s).toBool(), false);
        QCOMPARE(integer(first.json(), u"total_size"_s), qint64(bytes.size()));
        QCOMPARE(decoded(first.json()), bytes.left(2097152));

        QJsonObject args = mediaArgs(u"video"_s, u"big.mp4"_s);
        args.insert(u"offset"_s, 2097152);
        const ToolOutcome second = h.call(u"_get_media_data"_s, args);
        QVERIFY2(second.ok(), second.describe());
        QCOMPARE(integer(second.json(), u"chunk_size"_s), qint64(1024 * 1024));
        QCOMPARE(second.json().value(u"is_last"_s).toBool(), true);
        QCOMPARE(decoded(second.json()), bytes.mid(2097152));
    }

    // --- our limits and refusals ------------------------------------------------------------------

    void chunkSizeOutOfRangeIsRefused_data()
    {
        QTest::addColumn<qint64>("chunkSize");
        QTest::newRow("zero") << qint64(0);
        QTest::newRow("negative") << qint64(-1);
        QTest::newRow("16 MiB + 1") << qint64(16 * 1024 * 1024 + 1);
        QTest::newRow("huge") << (qint64(1) << 40);
    }
    void chunkSizeOutOfRangeIsRefused()
    {
        QFETCH(qint64, chunkSize);
        ToolHarness h;
        QVERIFY(ToolHarness::writeFile(h.videoPath(u"f.mp4"_s), patternBytes(64)));
        const ToolOutcome out = h.call(u"_get_media_data"_s, chunkArgs(u"video"_s, u"f.mp4"_s, 0, chunkSize));
        QVERIFY(out.result);
        QVERIFY2(!out.ok(), "an out-of-range chunk_size must be refused");
        QCOMPARE(out.errorKind(), ErrorKind::BadInput);
        QVERIFY2(out.errorMessage().contains(u"chunk_size"_s), qPrintable(out.errorMessage()));
        QVERIFY2(out.errorMessage().contains(QString::number(chunkSize)), qPrintable(out.errorMessage()));
    }

    void chunkSizeLimitsAreInclusive()
    {
        ToolHarness h;
        const QByteArray bytes = patternBytes(64);
        QVERIFY(ToolHarness::writeFile(h.videoPath(u"f.mp4"_s), bytes));
        const ToolOutcome one = h.call(u"_get_media_data"_s, chunkArgs(u"video"_s, u"f.mp4"_s, 10, 1));
        QVERIFY2(one.ok(), one.describe());
        QCOMPARE(decoded(one.json()), bytes.mid(10, 1));
        QCOMPARE(one.json().value(u"is_last"_s).toBool(), false);
        const ToolOutcome max = h.call(u"_get_media_data"_s,
                                       chunkArgs(u"video"_s, u"f.mp4"_s, 0, MediaViewerTools::maxChunkSize));
        QVERIFY2(max.ok(), max.describe());
        QCOMPARE(decoded(max.json()), bytes);
        QCOMPARE(max.json().value(u"is_last"_s).toBool(), true);
    }

    void audioIsRefusedClearly()
    {
        ToolHarness h;
        for (const QString &tool : {u"view_media"_s, u"_get_media_data"_s}) {
            const ToolOutcome out = h.call(tool, mediaArgs(u"audio"_s, u"song.mp3"_s));
            QVERIFY(out.result);
            QVERIFY2(!out.ok(), qPrintable(tool));
            QCOMPARE(out.errorKind(), ErrorKind::BadInput);
            QVERIFY2(out.errorMessage().contains(u"audio"_s), qPrintable(out.errorMessage()));
            QVERIFY2(!out.errorMessage().startsWith(u"File not found"_s), qPrintable(out.errorMessage()));
        }
        // A media type outside the enum is refused by the argument check.
        const ToolOutcome bogus = h.call(u"view_media"_s, mediaArgs(u"invalid"_s, u"x.txt"_s));
        QVERIFY(bogus.result);
        QVERIFY(!bogus.ok());
        QCOMPARE(bogus.errorKind(), ErrorKind::BadInput);
        QVERIFY2(bogus.errorMessage().contains(u"media_type"_s), qPrintable(bogus.errorMessage()));
    }

    void traversalIsRefused_data()
    {
        QTest::addColumn<QString>("filename");
        QTest::newRow("parent") << u"../x.mp4"_s;
        QTest::newRow("sub then up twice") << u"sub/../../x.mp4"_s;
        QTest::newRow("into the image folder") << u"../images/pic.png"_s;
        QTest::newRow("absolute") << u"<root>/x.mp4"_s;
    }
    void traversalIsRefused()
    {
        QFETCH(QString, filename);
        ToolHarness h;
        const QString mediaRoot = QFileInfo(h.videoDir()).path();
        filename.replace(u"<root>"_s, mediaRoot);
        // The targets exist, so only the traversal check can stop the reads.
        const QByteArray secret("secret bytes outside the video folder");
        QVERIFY(ToolHarness::writeFile(mediaRoot + u"/x.mp4"_s, secret));
        QVERIFY(ToolHarness::writeFile(h.imagePath(u"pic.png"_s), secret));
        QVERIFY(QDir().mkpath(h.videoPath(u"sub"_s)));

        const ToolOutcome view = h.call(u"view_media"_s, mediaArgs(u"video"_s, filename));
        QVERIFY(view.result);
        QVERIFY2(!view.ok(), "traversal must not be viewable");
        QCOMPARE(view.errorKind(), ErrorKind::BadInput);
        QVERIFY2(view.errorMessage().startsWith(u"Refused: Invalid filename for 'filename': "_s),
                 qPrintable(view.errorMessage()));
        QVERIFY2(view.errorMessage().contains(u"traversal"_s), qPrintable(view.errorMessage()));

        const ToolOutcome read = h.call(u"_get_media_data"_s, mediaArgs(u"video"_s, filename));
        QVERIFY(read.result);
        QVERIFY2(!read.ok(), "traversal must not be readable");
        QCOMPARE(read.errorKind(), ErrorKind::BadInput);
        QVERIFY2(read.errorMessage().contains(u"traversal"_s), qPrintable(read.errorMessage()));
        QVERIFY2(read.errorMessage().contains(u"filename"_s), qPrintable(read.errorMessage()));
    }

    void subFolderFilesAreReadable()
    {
        ToolHarness h;
        QVERIFY(QDir().mkpath(h.videoPath(u"sub"_s)));
        const QByteArray bytes = patternBytes(300);
        QVERIFY(ToolHarness::writeFile(h.videoPath(u"sub/clip.webm"_s), bytes));
        const ToolOutcome view = h.call(u"view_media"_s, mediaArgs(u"video"_s, u"sub/clip.webm"_s));
        QVERIFY2(view.ok(), view.describe());
        QCOMPARE(view.json().value(u"mime_type"_s).toString(), u"video/webm"_s);
        const ToolOutcome plain = h.call(u"_get_media_data"_s, mediaArgs(u"video"_s, u"sub/clip.webm"_s));
        QVERIFY2(plain.ok(), plain.describe());
        QCOMPARE(decoded(plain.json()), bytes);
    }

    // --- definitions --------------------------------------------------------------------------------

    void getMediaDataIsHiddenFromModels()
    {
        ToolHarness h;
        const ToolDefinition *reader = h.registry().find(u"_get_media_data"_s);
        QVERIFY(reader);
        QCOMPARE(reader->meta.value(u"ui"_s).toObject().value(u"visibility"_s).toArray(),
                 QJsonArray{u"app"_s});
        const ToolDefinition *viewer = h.registry().find(u"view_media"_s);
        QVERIFY(viewer);
        // view_media is for the model: not app-only.
        QVERIFY(viewer->meta.value(u"ui"_s).toObject().value(u"visibility"_s).toArray() !=
                QJsonArray{u"app"_s});
        QVERIFY(reader->annotations.readOnly);
        QVERIFY(viewer->annotations.readOnly);
        QVERIFY(!reader->annotations.openWorld);
        QVERIFY(!viewer->annotations.openWorld);
    }

    void inputSchemas()
    {
        ToolHarness h;
        const ToolDefinition *reader = h.registry().find(u"_get_media_data"_s);
        const ToolDefinition *viewer = h.registry().find(u"view_media"_s);
        QVERIFY(reader);
        QVERIFY(viewer);
        for (const ToolDefinition *tool : {reader, viewer}) {
            const QJsonObject schema = tool->inputSchema;
            QCOMPARE(schema.value(u"type"_s).toString(), u"object"_s);
            QCOMPARE(schema.value(u"required"_s).toArray(), (QJsonArray{u"media_type"_s, u"filename"_s}));
            const QJsonObject props = schema.value(u"properties"_s).toObject();
            const QJsonArray mediaTypes = props.value(u"media_type"_s).toObject().value(u"enum"_s).toArray();
            QVERIFY(mediaTypes.contains(u"video"_s));
            QVERIFY(mediaTypes.contains(u"image"_s));
            QCOMPARE(props.value(u"filename"_s).toObject().value(u"type"_s).toString(), u"string"_s);
        }
        const QJsonObject props = reader->inputSchema.value(u"properties"_s).toObject();
        // Optional: null means absent (advertised as ["integer","null"]).
        QCOMPARE(props.value(u"offset"_s).toObject().value(u"type"_s).toArray(), (QJsonArray{u"integer"_s, u"null"_s}));
        QCOMPARE(props.value(u"offset"_s).toObject().value(u"default"_s).toInteger(-1), qint64(0));
        // Optional: null means absent (advertised as ["integer","null"]).
        QCOMPARE(props.value(u"chunk_size"_s).toObject().value(u"type"_s).toArray(), (QJsonArray{u"integer"_s, u"null"_s}));
        QCOMPARE(props.value(u"chunk_size"_s).toObject().value(u"default"_s).toInteger(-1), qint64(2097152));
        QCOMPARE(keySet(viewer->inputSchema.value(u"properties"_s).toObject()),
                 (QSet<QString>{u"media_type"_s, u"filename"_s}));
    }
};

QTEST_GUILESS_MAIN(TestMediaViewerTools)
#include "tst_mediaviewertools.moc"

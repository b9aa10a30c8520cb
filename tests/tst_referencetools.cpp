// SPDX-License-Identifier: MIT
// list_reference_images, prepare_reference_image and list_local_videos through the tool registry
// (ports of sanzaru's test_reference_tools.py and test_video_tools.py items 8-12, plus our extras).
#include "testimages.h"
#include "toolharness.h"
#include "tools/referencetools.h"

#include <QDateTime>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QSemaphore>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <tuple>

using namespace Sanzaru::Core;
using namespace Sanzaru::Testing;
using namespace Qt::StringLiterals;

namespace {

QStringList filenames(const QJsonObject &listing)
{
    QStringList out;
    for (const QJsonValue &v : listing.value(u"data"_s).toArray())
        out.append(v.toObject().value(u"filename"_s).toString());
    return out;
}

QList<qint64> sizes(const QJsonObject &listing)
{
    QList<qint64> out;
    for (const QJsonValue &v : listing.value(u"data"_s).toArray())
        out.append(qint64(v.toObject().value(u"size_bytes"_s).toDouble()));
    return out;
}

QSet<QString> asSet(const QStringList &list)
{
    return QSet<QString>(list.begin(), list.end());
}

bool writePng(const QString &path, const QImage &image)
{
    return TestImages::write(path, TestImages::encode(image, "PNG"));
}

bool setModified(const QString &path, qint64 secs, int msecs = 0)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadWrite))
        return false;
    return f.setFileTime(QDateTime::fromMSecsSinceEpoch(secs * 1000 + msecs, Qt::UTC),
                         QFileDevice::FileModificationTime);
}

// IHDR bit depth and colour type of a PNG file (8 and 2 = 8-bit truecolour RGB, no alpha).
QPair<int, int> pngDepthAndColorType(const QByteArray &png)
{
    if (png.size() < 26 || !png.startsWith("\x89PNG\r\n\x1a\n") || png.mid(12, 4) != "IHDR")
        return {-1, -1};
    return {uchar(png.at(24)), uchar(png.at(25))};
}

bool isBlack(QRgb c)
{
    return qRed(c) < 16 && qGreen(c) < 16 && qBlue(c) < 16;
}

bool isNear(QRgb c, QColor expected)
{
    return qAbs(qRed(c) - expected.red()) <= 8 && qAbs(qGreen(c) - expected.green()) <= 8 &&
           qAbs(qBlue(c) - expected.blue()) <= 8;
}

QJsonObject prepareArgs(const QString &input, const QString &target = u"1280x720"_s, const QString &mode = {})
{
    QJsonObject args{{u"input_filename"_s, input}, {u"target_size"_s, target}};
    if (!mode.isEmpty())
        args.insert(u"resize_mode"_s, mode);
    return args;
}

// The harness's services, but with a pool the test owns (to wait for the workers of a cancelled call).
struct OwnTools
{
    QTemporaryDir media;
    Config config;
    std::unique_ptr<ApiClient> api;
    std::unique_ptr<MediaPaths> paths;
    QThreadPool pool;
    std::unique_ptr<ToolContext> context;
    std::unique_ptr<ToolRegistry> registry;
    QObject owner;

    explicit OwnTools(int threads)
    {
        QProcessEnvironment env;
        env.insert(u"SANZARU_MEDIA_PATH"_s, media.path());
        config = Config::fromEnvironment(env);
        api = std::make_unique<ApiClient>(config);
        paths = std::make_unique<MediaPaths>(config);
        pool.setMaxThreadCount(threads);
        context = std::make_unique<ToolContext>(api.get(), paths.get(), &pool);
        registry = std::make_unique<ToolRegistry>(context.get());
        QDir().mkpath(imageDir());
    }
    ~OwnTools() { pool.waitForDone(); }
    QString imageDir() const { return media.path() + u"/images"_s; }
};

} // namespace

class TestReferenceTools final : public QObject
{
    Q_OBJECT

private slots:
    // --- test_reference_tools.py --------------------------------------------------------------

    void listReferenceImagesReturnsOnlyImages()
    {
        ToolHarness h;
        QVERIFY(h.started());
        QVERIFY(ToolHarness::writeFile(h.imagePath(u"cat.png"_s), QByteArray(111, 'c')));
        QVERIFY(ToolHarness::writeFile(h.imagePath(u"dog.jpg"_s), QByteArray(222, 'd')));
        QVERIFY(ToolHarness::writeFile(h.imagePath(u"bird.webp"_s), QByteArray(333, 'b')));
        QVERIFY(ToolHarness::writeFile(h.imagePath(u"readme.txt"_s), "not an image"));
        QVERIFY(setModified(h.imagePath(u"cat.png"_s), 1700000000, 750));

        const ToolOutcome out = h.call(u"list_reference_images"_s);
        QVERIFY2(out.ok(), out.describe());
        const QJsonArray data = out.json().value(u"data"_s).toArray();
        QCOMPARE(data.size(), 3);
        QCOMPARE(asSet(filenames(out.json())), (QSet<QString>{u"cat.png"_s, u"dog.jpg"_s, u"bird.webp"_s}));
        const QHash<QString, QPair<QString, int>> expected{{u"cat.png"_s, {u"png"_s, 111}},
                                                           {u"dog.jpg"_s, {u"jpeg"_s, 222}},
                                                           {u"bird.webp"_s, {u"webp"_s, 333}}};
        for (const QJsonValue &v : data) {
            const QJsonObject item = v.toObject();
            QCOMPARE(asSet(item.keys()), (QSet<QString>{u"filename"_s, u"size_bytes"_s,
                                                        u"modified_timestamp"_s, u"file_type"_s}));
            const QString name = item.value(u"filename"_s).toString();
            QCOMPARE(item.value(u"file_type"_s).toString(), expected.value(name).first);
            QCOMPARE(item.value(u"size_bytes"_s).toInteger(), qint64(expected.value(name).second));
            QVERIFY(item.value(u"modified_timestamp"_s).isDouble());
            const qint64 mtime = item.value(u"modified_timestamp"_s).toInteger();
            if (name == u"cat.png"_s)
                QCOMPARE(mtime, qint64(1700000000)); // whole seconds, truncated
            else
                QCOMPARE(mtime, QFileInfo(h.imagePath(name)).lastModified().toSecsSinceEpoch());
        }
    }

    void prepareCropFromSmallSource()
    {
        ToolHarness h;
        QVERIFY(writePng(h.imagePath(u"source.png"_s), TestImages::photoLike(QSize(400, 200))));

        const ToolOutcome out = h.call(u"prepare_reference_image"_s, prepareArgs(u"source.png"_s));
        QVERIFY2(out.ok(), out.describe());
        QCOMPARE(out.json().value(u"output_filename"_s).toString(), u"source_1280x720.png"_s);
        QCOMPARE(out.json().value(u"original_size"_s).toArray(), (QJsonArray{400, 200}));
        QCOMPARE(out.json().value(u"target_size"_s).toArray(), (QJsonArray{1280, 720}));
        QCOMPARE(out.json().value(u"resize_mode"_s).toString(), u"crop"_s);
        QCOMPARE(out.json().size(), 4); // no absolute path in the result

        const QByteArray png = ToolHarness::readFile(h.imagePath(u"source_1280x720.png"_s));
        QVERIFY(!png.isEmpty());
        QCOMPARE(pngDepthAndColorType(png), (QPair<int, int>(8, 2))); // 8-bit RGB, no alpha
        const QImage img = QImage::fromData(png, "PNG");
        QCOMPARE(img.size(), QSize(1280, 720));
        QVERIFY(!img.hasAlphaChannel());
        // Crop fills the frame: no black bars at the edges (a photo-like source has no black).
        QVERIFY(!isBlack(img.pixel(0, 0)));
        QVERIFY(!isBlack(img.pixel(1279, 719)));
        QVERIFY(!isBlack(img.pixel(640, 0)));
    }

    void patternAndFileTypeFilter()
    {
        ToolHarness h;
        for (const QString &name :
             {u"cat_001.png"_s, u"cat_002.png"_s, u"cat_003.jpg"_s, u"dog_001.png"_s, u"cats.txt"_s})
            QVERIFY(ToolHarness::writeFile(h.imagePath(name), "x"));
        const ToolOutcome out =
            h.call(u"list_reference_images"_s, {{u"pattern"_s, u"cat*.png"_s}, {u"file_type"_s, u"png"_s}});
        QVERIFY2(out.ok(), out.describe());
        QCOMPARE(asSet(filenames(out.json())), (QSet<QString>{u"cat_001.png"_s, u"cat_002.png"_s}));
        for (const QJsonValue &v : out.json().value(u"data"_s).toArray())
            QCOMPARE(v.toObject().value(u"file_type"_s).toString(), u"png"_s);

        // file_type alone: jpeg covers .jpg; pattern alone covers every image extension.
        const ToolOutcome jpeg = h.call(u"list_reference_images"_s, {{u"file_type"_s, u"jpeg"_s}});
        QVERIFY2(jpeg.ok(), jpeg.describe());
        QCOMPARE(filenames(jpeg.json()), QStringList{u"cat_003.jpg"_s});
        const ToolOutcome cats = h.call(u"list_reference_images"_s, {{u"pattern"_s, u"cat*"_s}});
        QVERIFY2(cats.ok(), cats.describe());
        QCOMPARE(asSet(filenames(cats.json())),
                 (QSet<QString>{u"cat_001.png"_s, u"cat_002.png"_s, u"cat_003.jpg"_s}));
    }

    // --- prepare_reference_image: modes, names, progress, errors --------------------------------

    void padSmallSourceIsCentredUnscaled()
    {
        ToolHarness h;
        QVERIFY(writePng(h.imagePath(u"red.png"_s), TestImages::solid(QSize(400, 200), Qt::red)));
        const ToolOutcome out =
            h.call(u"prepare_reference_image"_s, prepareArgs(u"red.png"_s, u"1280x720"_s, u"pad"_s));
        QVERIFY2(out.ok(), out.describe());
        QCOMPARE(out.json().value(u"resize_mode"_s).toString(), u"pad"_s);
        QCOMPARE(out.json().value(u"original_size"_s).toArray(), (QJsonArray{400, 200}));
        const QImage img(h.imagePath(u"red_1280x720.png"_s));
        QCOMPARE(img.size(), QSize(1280, 720));
        // pad never enlarges: the 400x200 picture sits at ((1280-400)/2, (720-200)/2) = (440, 260).
        QVERIFY(isBlack(img.pixel(0, 0)));
        QVERIFY(isBlack(img.pixel(439, 360)));
        QVERIFY(isNear(img.pixel(440, 360), Qt::red));
        QVERIFY(isNear(img.pixel(839, 360), Qt::red));
        QVERIFY(isBlack(img.pixel(840, 360)));
        QVERIFY(isBlack(img.pixel(640, 259)));
        QVERIFY(isNear(img.pixel(640, 260), Qt::red));
        QVERIFY(isNear(img.pixel(640, 459), Qt::red));
        QVERIFY(isBlack(img.pixel(640, 460)));
    }

    void padShrinksLargeSourceToFit_data()
    {
        QTest::addColumn<QSize>("source");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QRect>("picture");
        // Digest §2.13 examples: 3:2 into 16:9 → 1080x720 at x=100; 16:9 into portrait → 720x405 at y=437.
        QTest::newRow("landscape") << QSize(1500, 1000) << u"1280x720"_s << QRect(100, 0, 1080, 720);
        QTest::newRow("portrait") << QSize(1920, 1080) << u"720x1280"_s << QRect(0, 437, 720, 405);
    }
    void padShrinksLargeSourceToFit()
    {
        QFETCH(QSize, source);
        QFETCH(QString, target);
        QFETCH(QRect, picture);
        ToolHarness h;
        QVERIFY(writePng(h.imagePath(u"white.png"_s), TestImages::solid(source, Qt::white)));
        const ToolOutcome out =
            h.call(u"prepare_reference_image"_s, prepareArgs(u"white.png"_s, target, u"pad"_s));
        QVERIFY2(out.ok(), out.describe());
        const QImage img(h.imagePath(u"white_"_s + target + u".png"_s));
        const QStringList wh = target.split(u'x');
        QCOMPARE(img.size(), QSize(wh.at(0).toInt(), wh.at(1).toInt()));
        const QPoint mid = picture.center();
        QVERIFY(isNear(img.pixel(mid), Qt::white));
        QVERIFY(isNear(img.pixel(picture.left(), mid.y()), Qt::white));
        QVERIFY(isNear(img.pixel(picture.right(), mid.y()), Qt::white));
        QVERIFY(isNear(img.pixel(mid.x(), picture.top()), Qt::white));
        QVERIFY(isNear(img.pixel(mid.x(), picture.bottom()), Qt::white));
        if (picture.left() > 0) {
            QVERIFY(isBlack(img.pixel(picture.left() - 1, mid.y())));
            QVERIFY(isBlack(img.pixel(picture.right() + 1, mid.y())));
        }
        if (picture.top() > 0) {
            QVERIFY(isBlack(img.pixel(mid.x(), picture.top() - 1)));
            QVERIFY(isBlack(img.pixel(mid.x(), picture.bottom() + 1)));
        }
    }

    void rescaleStretchesToTarget()
    {
        ToolHarness h;
        QImage src = TestImages::solid(QSize(400, 200), Qt::blue);
        QVERIFY(writePng(h.imagePath(u"blue.png"_s), src));
        const ToolOutcome out =
            h.call(u"prepare_reference_image"_s, prepareArgs(u"blue.png"_s, u"1024x1792"_s, u"rescale"_s));
        QVERIFY2(out.ok(), out.describe());
        QCOMPARE(out.json().value(u"output_filename"_s).toString(), u"blue_1024x1792.png"_s);
        QCOMPARE(out.json().value(u"target_size"_s).toArray(), (QJsonArray{1024, 1792}));
        QCOMPARE(out.json().value(u"resize_mode"_s).toString(), u"rescale"_s);
        const QImage img(h.imagePath(u"blue_1024x1792.png"_s));
        QCOMPARE(img.size(), QSize(1024, 1792));
        // Stretched, not letterboxed: the corners are the picture, not black bars.
        QVERIFY(isNear(img.pixel(0, 0), Qt::blue));
        QVERIFY(isNear(img.pixel(1023, 1791), Qt::blue));
        QVERIFY(isNear(img.pixel(512, 896), Qt::blue));
    }

    void defaultOutputName_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("expected");
        QTest::newRow("jpg") << u"photo.jpg"_s << u"1280x720"_s << u"photo_1280x720.png"_s;
        QTest::newRow("sub dir, two dots") << u"sub/a.b.png"_s << u"1280x720"_s << u"sub/a.b_1280x720.png"_s;
        QTest::newRow("no dot") << u"noext"_s << u"720x1280"_s << u"noext_720x1280.png"_s;
        QTest::newRow("dot only in folder")
            << u"dir.v2/photo"_s << u"1792x1024"_s << u"dir.v2/photo_1792x1024.png"_s;
        QTest::newRow("dot file") << u".hidden"_s << u"1280x720"_s << u".hidden_1280x720.png"_s;
    }
    void defaultOutputName()
    {
        QFETCH(QString, input);
        QFETCH(QString, target);
        QFETCH(QString, expected);
        QCOMPARE(ReferenceTools::defaultOutputName(input, target), expected);
    }

    void defaultOutputNameEndToEnd_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QByteArray>("format");
        QTest::addColumn<QString>("expected");
        QTest::newRow("jpg") << u"photo.jpg"_s << QByteArray("JPEG") << u"photo_1280x720.png"_s;
        QTest::newRow("sub dir, two dots")
            << u"sub/a.b.png"_s << QByteArray("PNG") << u"sub/a.b_1280x720.png"_s;
        QTest::newRow("no dot") << u"noext"_s << QByteArray("PNG") << u"noext_1280x720.png"_s;
        // No extension check on the input: whatever the decoder reads.
        QTest::newRow("webp") << u"shot.webp"_s << QByteArray("WEBP") << u"shot_1280x720.png"_s;
        QTest::newRow("bmp") << u"scan.bmp"_s << QByteArray("BMP") << u"scan_1280x720.png"_s;
        QTest::newRow("tiff") << u"frame.tiff"_s << QByteArray("TIFF") << u"frame_1280x720.png"_s;
    }
    void defaultOutputNameEndToEnd()
    {
        QFETCH(QString, input);
        QFETCH(QByteArray, format);
        QFETCH(QString, expected);
        ToolHarness h;
        QVERIFY(QDir().mkpath(h.imagePath(u"sub"_s)));
        QVERIFY(
            TestImages::write(h.imagePath(input), TestImages::encode(TestImages::photoLike(QSize(320, 240)),
                                                                     format.constData())));
        const ToolOutcome out = h.call(u"prepare_reference_image"_s, prepareArgs(input));
        QVERIFY2(out.ok(), out.describe());
        QCOMPARE(out.json().value(u"output_filename"_s).toString(), expected);
        const QByteArray png = ToolHarness::readFile(h.imagePath(expected));
        QCOMPARE(pngDepthAndColorType(png), (QPair<int, int>(8, 2))); // PNG bytes whatever the input was
        QCOMPARE(QImage::fromData(png).size(), QSize(1280, 720));
        QVERIFY(QFileInfo::exists(h.imagePath(input))); // the input is untouched
    }

    void transparencyBecomesOpaqueRgb()
    {
        ToolHarness h;
        // Fully transparent blue: the output has no alpha channel and shows no trace of the blue.
        QVERIFY(writePng(h.imagePath(u"clear.png"_s),
                         TestImages::solid(QSize(400, 200), QColor(0, 0, 255, 0), QImage::Format_ARGB32)));
        const ToolOutcome out =
            h.call(u"prepare_reference_image"_s, prepareArgs(u"clear.png"_s, u"1280x720"_s, u"rescale"_s));
        QVERIFY2(out.ok(), out.describe());
        const QByteArray png = ToolHarness::readFile(h.imagePath(u"clear_1280x720.png"_s));
        QCOMPARE(pngDepthAndColorType(png), (QPair<int, int>(8, 2)));
        const QImage img = QImage::fromData(png);
        QCOMPARE(img.size(), QSize(1280, 720));
        QVERIFY(isBlack(img.pixel(640, 360)));
        QVERIFY(isBlack(img.pixel(0, 0)));
    }

    void explicitOutputNameIsUsedAndOverwritten()
    {
        ToolHarness h;
        QVERIFY(writePng(h.imagePath(u"in.png"_s), TestImages::photoLike(QSize(300, 300))));
        QVERIFY(ToolHarness::writeFile(h.imagePath(u"out.jpg"_s), "old contents"));
        QJsonObject args = prepareArgs(u"in.png"_s, u"720x1280"_s);
        args.insert(u"output_filename"_s, u"out.jpg"_s);
        const ToolOutcome out = h.call(u"prepare_reference_image"_s, args);
        QVERIFY2(out.ok(), out.describe());
        QCOMPARE(out.json().value(u"output_filename"_s).toString(), u"out.jpg"_s);
        const QByteArray bytes = ToolHarness::readFile(h.imagePath(u"out.jpg"_s));
        QCOMPARE(pngDepthAndColorType(bytes), (QPair<int, int>(8, 2))); // PNG encoding, overwritten
        QCOMPARE(QImage::fromData(bytes).size(), QSize(720, 1280));
        QVERIFY(!QFileInfo::exists(h.imagePath(u"in_720x1280.png"_s)));
    }

    void progressPhasesComeInOrderBeforeTheResult()
    {
        ToolHarness h;
        QVERIFY(writePng(h.imagePath(u"p.png"_s), TestImages::photoLike(QSize(640, 480))));
        ToolOutcome out;
        QStringList sequence;
        ToolCall *call = h.start(u"prepare_reference_image"_s, prepareArgs(u"p.png"_s), &out);
        QObject::connect(call, &ToolCall::progressed, call,
                         [&sequence](double, double, const QString &m) { sequence.append(m); });
        QObject::connect(call, &ToolCall::finished, call, [&sequence] { sequence.append(u"<finished>"_s); });
        ToolHarness::waitFor(out);
        QVERIFY2(out.ok(), out.describe());
        QTest::qWait(30); // anything arriving after the result would show up now
        QCOMPARE(sequence,
                 (QStringList{u"decoding"_s, u"resizing"_s, u"encoding"_s, u"writing"_s, u"<finished>"_s}));
        QCOMPARE(out.progress.size(), 4);
        for (qsizetype i = 0; i < out.progress.size(); ++i) {
            QCOMPARE(out.progress.at(i).total, 4.0);
            if (i > 0)
                QVERIFY2(out.progress.at(i).progress > out.progress.at(i - 1).progress,
                         "progress must increase");
            QVERIFY(out.progress.at(i).progress < out.progress.at(i).total);
        }
        QCOMPARE(out.finishedSignals, 1);
    }

    void unreadableInputIsBadInput_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("text renamed .png")
            << u"readme.png"_s << QByteArray("Just some notes, not a picture.\n");
        QByteArray truncated = TestImages::encode(TestImages::photoLike(QSize(200, 100)), "PNG");
        truncated.truncate(60);
        QTest::newRow("truncated png") << u"broken.png"_s << truncated;
        QTest::newRow("garbage jpg") << u"garbage.jpg"_s << QByteArray("\xff\xd8\xff\xe0garbage garbage", 19);
        QTest::newRow("empty file") << u"empty.png"_s << QByteArray();
    }
    void unreadableInputIsBadInput()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        ToolHarness h;
        QVERIFY(ToolHarness::writeFile(h.imagePath(name), bytes));
        const ToolOutcome out = h.call(u"prepare_reference_image"_s, prepareArgs(name));
        QVERIFY(out.result);
        QVERIFY2(!out.ok(), "an unreadable image must fail");
        QCOMPARE(out.errorKind(), ErrorKind::BadInput);
        QVERIFY2(out.errorMessage().startsWith(u"Error reading input image"_s),
                 qPrintable(out.errorMessage()));
        QVERIFY2(out.errorMessage().contains(name), qPrintable(out.errorMessage()));
        QVERIFY2(!out.errorMessage().contains(h.imageDir()), "no absolute path in messages");
        QCOMPARE(ToolHarness::entries(h.imageDir()), QStringList{name}); // nothing written
    }

    void missingInputIsFileNotFound()
    {
        ToolHarness h;
        const ToolOutcome out = h.call(u"prepare_reference_image"_s, prepareArgs(u"missing.png"_s));
        QVERIFY(out.result);
        QVERIFY(!out.ok());
        QCOMPARE(out.errorKind(), ErrorKind::NotFound);
        QCOMPARE(out.errorMessage(), u"File not found: missing.png"_s);
        QVERIFY(ToolHarness::entries(h.imageDir()).isEmpty());
    }

    void symlinkedInputIsRefused_data()
    {
        QTest::addColumn<bool>("inside");
        QTest::newRow("link to a file inside") << true;
        QTest::newRow("link to a file outside") << false;
    }
    void symlinkedInputIsRefused()
    {
        QFETCH(bool, inside);
        ToolHarness h;
        QTemporaryDir outside;
        const QString target = inside ? h.imagePath(u"real.png"_s) : outside.filePath(u"real.png"_s);
        QVERIFY(writePng(target, TestImages::photoLike(QSize(200, 100))));
        QVERIFY(QFile::link(target, h.imagePath(u"link.png"_s)));
        const QStringList before = ToolHarness::entries(h.imageDir());

        const ToolOutcome out = h.call(u"prepare_reference_image"_s, prepareArgs(u"link.png"_s));
        QVERIFY(out.result);
        QVERIFY2(!out.ok(), "a symlinked input must be refused");
        QVERIFY2(out.errorMessage().contains(u"symbolic link"_s) ||
                     out.errorMessage().contains(u"traversal"_s),
                 qPrintable(out.errorMessage()));
        QVERIFY2(out.errorMessage().contains(u"link.png"_s), qPrintable(out.errorMessage()));
        QVERIFY(!QFileInfo::exists(h.imagePath(u"link_1280x720.png"_s)));
        QCOMPARE(ToolHarness::entries(h.imageDir()), before);
        if (!inside)
            QCOMPARE(ToolHarness::entries(outside.path()), QStringList{u"real.png"_s});
    }

    void outputOutsideTheFolderIsRefused_data()
    {
        QTest::addColumn<QString>("output");
        QTest::newRow("parent") << u"../x.png"_s;
        QTest::newRow("sub then up twice") << u"sub/../../x.png"_s;
        QTest::newRow("absolute") << u"<outside>/x.png"_s;
    }
    void outputOutsideTheFolderIsRefused()
    {
        QFETCH(QString, output);
        ToolHarness h;
        QTemporaryDir outside;
        output.replace(u"<outside>"_s, outside.path());
        QVERIFY(QDir().mkpath(h.imagePath(u"sub"_s)));
        QVERIFY(writePng(h.imagePath(u"in.png"_s), TestImages::photoLike(QSize(200, 100))));
        const QString mediaRoot = QFileInfo(h.imageDir()).path();
        const QStringList rootBefore = ToolHarness::entries(mediaRoot);
        const QStringList imagesBefore = ToolHarness::entries(h.imageDir());

        QJsonObject args = prepareArgs(u"in.png"_s);
        args.insert(u"output_filename"_s, output);
        const ToolOutcome out = h.call(u"prepare_reference_image"_s, args);
        QVERIFY(out.result);
        QVERIFY2(!out.ok(), "an output outside the image folder must be refused");
        QCOMPARE(out.errorKind(), ErrorKind::BadInput);
        QVERIFY2(out.errorMessage().contains(u"output_filename"_s), qPrintable(out.errorMessage()));
        QVERIFY2(out.errorMessage().contains(u"traversal"_s), qPrintable(out.errorMessage()));
        QVERIFY(out.progress.isEmpty()); // refused before any work
        QVERIFY(!QFileInfo::exists(mediaRoot + u"/x.png"_s));
        QVERIFY(!QFileInfo::exists(outside.filePath(u"x.png"_s)));
        QVERIFY(ToolHarness::entries(outside.path()).isEmpty());
        QCOMPARE(ToolHarness::entries(mediaRoot), rootBefore);
        QCOMPARE(ToolHarness::entries(h.imageDir()), imagesBefore);
    }

    void noTemporaryFilesAreLeft()
    {
        ToolHarness h;
        QVERIFY(writePng(h.imagePath(u"source.png"_s), TestImages::photoLike(QSize(500, 400))));
        for (const QString &mode : {u"crop"_s, u"pad"_s, u"rescale"_s}) {
            QJsonObject args = prepareArgs(u"source.png"_s, u"1792x1024"_s, mode);
            args.insert(u"output_filename"_s, mode + u".png"_s);
            const ToolOutcome out = h.call(u"prepare_reference_image"_s, args);
            QVERIFY2(out.ok(), out.describe());
        }
        // A write into a folder that does not exist fails without leaving anything behind either.
        QJsonObject args = prepareArgs(u"source.png"_s);
        args.insert(u"output_filename"_s, u"nofolder/x.png"_s);
        const ToolOutcome failed = h.call(u"prepare_reference_image"_s, args);
        QVERIFY(failed.result);
        QVERIFY(!failed.ok());
        QVERIFY2(failed.errorMessage().contains(u"output_filename"_s), qPrintable(failed.errorMessage()));
        QCOMPARE(ToolHarness::entries(h.imageDir()),
                 (QStringList{u"crop.png"_s, u"pad.png"_s, u"rescale.png"_s, u"source.png"_s}));
    }

    void cancelBeforeTheWorkerRunsWritesNothing()
    {
        OwnTools t(1);
        QVERIFY(writePng(t.imageDir() + u"/c.png"_s, TestImages::photoLike(QSize(400, 300))));
        // Occupy the only worker so the prepare step waits in the queue.
        QSemaphore gate;
        t.pool.start([&gate] { gate.acquire(); });

        ToolCall *call = t.registry->call(u"prepare_reference_image"_s, prepareArgs(u"c.png"_s), &t.owner);
        int finished = 0;
        QStringList phases;
        QObject::connect(call, &ToolCall::finished, call, [&finished] { ++finished; });
        QObject::connect(call, &ToolCall::progressed, call,
                         [&phases](double, double, const QString &m) { phases.append(m); });
        QTest::qWait(50); // the tool starts on the next event-loop turn and queues its worker step
        QCOMPARE(finished, 0);

        call->cancel();
        QCOMPARE(finished, 1);
        QVERIFY(call->isFinished());
        QCOMPARE(call->result().error().kind, ErrorKind::Cancelled);

        gate.release();
        QVERIFY(t.pool.waitForDone(20000));
        QTest::qWait(30); // deliver whatever the worker might still have queued
        QCOMPARE(finished, 1);
        QCOMPARE(call->result().error().kind, ErrorKind::Cancelled);
        QVERIFY(phases.isEmpty());
        QCOMPARE(ToolHarness::entries(t.imageDir()), QStringList{u"c.png"_s});
        call->cancel(); // a second cancel is harmless
        QCOMPARE(finished, 1);
    }

    void cancelDuringDecodingWritesNothing()
    {
        OwnTools t(2);
        // Large enough that decoding and resizing take far longer than delivering one queued event.
        QVERIFY(writePng(t.imageDir() + u"/big.png"_s, TestImages::solid(QSize(4000, 3000), Qt::darkGreen)));

        ToolCall *call = t.registry->call(u"prepare_reference_image"_s, prepareArgs(u"big.png"_s), &t.owner);
        int finished = 0;
        QStringList phases;
        QObject::connect(call, &ToolCall::finished, call, [&finished] { ++finished; });
        QObject::connect(call, &ToolCall::progressed, call,
                         [call, &phases](double, double, const QString &m) {
                             phases.append(m);
                             call->cancel();
                         });
        QTRY_COMPARE_WITH_TIMEOUT(finished, 1, 20000);
        QCOMPARE(call->result().error().kind, ErrorKind::Cancelled);
        QCOMPARE(phases, QStringList{u"decoding"_s});

        QVERIFY(t.pool.waitForDone(20000));
        QTest::qWait(30);
        QCOMPARE(finished, 1);
        QCOMPARE(phases, QStringList{u"decoding"_s}); // nothing reported after the cancel
        QCOMPARE(ToolHarness::entries(t.imageDir()), QStringList{u"big.png"_s});
    }

    // --- listing rules shared by both listing tools ---------------------------------------------

    void listingSortAndLimit_data()
    {
        QTest::addColumn<QString>("sortBy");
        QTest::addColumn<QString>("order");
        QTest::addColumn<int>("limit");
        QTest::addColumn<QStringList>("expected");
        // Files: a.png 100 B (oldest), B.png 400 B, c.png 200 B, b.png 300 B (newest).
        const QStringList byNameAsc{u"B.png"_s, u"a.png"_s, u"b.png"_s, u"c.png"_s}; // code point order
        QTest::newRow("name asc") << u"name"_s << u"asc"_s << 50 << byNameAsc;
        QTest::newRow("name desc") << u"name"_s << u"desc"_s << 50
                                   << QStringList{u"c.png"_s, u"b.png"_s, u"a.png"_s, u"B.png"_s};
        QTest::newRow("size asc") << u"size"_s << u"asc"_s << 50
                                  << QStringList{u"a.png"_s, u"c.png"_s, u"b.png"_s, u"B.png"_s};
        QTest::newRow("size desc") << u"size"_s << u"desc"_s << 50
                                   << QStringList{u"B.png"_s, u"b.png"_s, u"c.png"_s, u"a.png"_s};
        QTest::newRow("modified desc (default)")
            << QString() << QString() << -999 << QStringList{u"b.png"_s, u"c.png"_s, u"B.png"_s, u"a.png"_s};
        QTest::newRow("modified asc")
            << u"modified"_s << u"asc"_s << 50 << QStringList{u"a.png"_s, u"B.png"_s, u"c.png"_s, u"b.png"_s};
        QTest::newRow("size asc limit 2")
            << u"size"_s << u"asc"_s << 2 << QStringList{u"a.png"_s, u"c.png"_s};
        QTest::newRow("name desc limit 1") << u"name"_s << u"desc"_s << 1 << QStringList{u"c.png"_s};
        QTest::newRow("limit 0") << u"name"_s << u"asc"_s << 0 << QStringList{};
    }
    void listingSortAndLimit()
    {
        QFETCH(QString, sortBy);
        QFETCH(QString, order);
        QFETCH(int, limit);
        QFETCH(QStringList, expected);
        ToolHarness h;
        const QList<std::tuple<QString, int, qint64>> files{{u"a.png"_s, 100, 1600000000},
                                                            {u"B.png"_s, 400, 1600000100},
                                                            {u"c.png"_s, 200, 1600000200},
                                                            {u"b.png"_s, 300, 1600000300}};
        for (const auto &[name, size, mtime] : files) {
            QVERIFY(ToolHarness::writeFile(h.imagePath(name), QByteArray(size, 'x')));
            QVERIFY(setModified(h.imagePath(name), mtime));
        }
        QJsonObject args;
        if (!sortBy.isEmpty())
            args.insert(u"sort_by"_s, sortBy);
        if (!order.isEmpty())
            args.insert(u"order"_s, order);
        if (limit != -999)
            args.insert(u"limit"_s, limit);
        const ToolOutcome out = h.call(u"list_reference_images"_s, args);
        QVERIFY2(out.ok(), out.describe());
        QCOMPARE(filenames(out.json()), expected);
    }

    void listingLimitIsAPythonSlice_data()
    {
        QTest::addColumn<double>("limit");
        QTest::addColumn<QStringList>("expected");
        const QStringList all{u"a.png"_s, u"b.png"_s, u"c.png"_s, u"d.png"_s};
        QTest::newRow("-1 drops the last") << -1.0 << all.mid(0, 3);
        QTest::newRow("-3") << -3.0 << all.mid(0, 1);
        QTest::newRow("-4 drops all") << -4.0 << QStringList{};
        QTest::newRow("-100") << -100.0 << QStringList{};
        QTest::newRow("more than the files") << 100.0 << all;
        // Beyond int: still "everything" / "nothing", not a wrapped or defaulted value.
        QTest::newRow("2^31") << 2147483648.0 << all;
        QTest::newRow("1e12") << 1e12 << all;
        QTest::newRow("-(2^31 + 1)") << -2147483649.0 << QStringList{};
    }
    void listingLimitIsAPythonSlice()
    {
        QFETCH(double, limit);
        QFETCH(QStringList, expected);
        ToolHarness h;
        for (const QString &name : {u"c.png"_s, u"a.png"_s, u"d.png"_s, u"b.png"_s})
            QVERIFY(ToolHarness::writeFile(h.imagePath(name), "x"));
        const ToolOutcome out =
            h.call(u"list_reference_images"_s,
                   {{u"sort_by"_s, u"name"_s}, {u"order"_s, u"asc"_s}, {u"limit"_s, limit}});
        QVERIFY2(out.ok(), out.describe());
        QCOMPARE(filenames(out.json()), expected);
    }

    void nameSortIsByCodePoint()
    {
        ToolHarness h;
        // U+FF5A (fullwidth z) < U+1F600 (emoji) by code point, but not by UTF-16 code unit.
        const QString fullwidth = QString(QChar(0xFF5A)) + u".png"_s;
        const QString emoji = QString::fromUcs4(U"\U0001F600") + u".png"_s;
        for (const QString &name : {emoji, u"z.png"_s, fullwidth, u"Z.png"_s, u"\u00e9.png"_s})
            QVERIFY(ToolHarness::writeFile(h.imagePath(name), "x"));
        const ToolOutcome out =
            h.call(u"list_reference_images"_s, {{u"sort_by"_s, u"name"_s}, {u"order"_s, u"asc"_s}});
        QVERIFY2(out.ok(), out.describe());
        QCOMPARE(filenames(out.json()),
                 (QStringList{u"Z.png"_s, u"z.png"_s, u"\u00e9.png"_s, fullwidth, emoji}));
    }

    void patternCannotLeaveTheFolder()
    {
        ToolHarness h;
        const QString mediaRoot = QFileInfo(h.imageDir()).path();
        QVERIFY(ToolHarness::writeFile(mediaRoot + u"/outside.png"_s, "x"));
        QVERIFY(ToolHarness::writeFile(h.videoPath(u"other.png"_s), "x"));
        QVERIFY(ToolHarness::writeFile(h.imagePath(u"inside.png"_s), "x"));
        for (const QString &pattern : {u"../*.png"_s, u"../videos/*.png"_s, u"../**/*.png"_s,
                                       mediaRoot + u"/*.png"_s, u"/**/*.png"_s}) {
            const ToolOutcome out = h.call(u"list_reference_images"_s, {{u"pattern"_s, pattern}});
            QVERIFY(out.result);
            if (!out.ok())
                continue; // refusing the pattern is fine too
            const QStringList names = filenames(out.json());
            QVERIFY2(!names.contains(u"outside.png"_s), qPrintable(pattern));
            QVERIFY2(!names.contains(u"other.png"_s), qPrintable(pattern));
        }
    }

    void recursivePatternReportsRelativePaths()
    {
        ToolHarness h;
        QVERIFY(QDir().mkpath(h.imagePath(u"sub/inner"_s)));
        QVERIFY(ToolHarness::writeFile(h.imagePath(u"top.png"_s), "1"));
        QVERIFY(ToolHarness::writeFile(h.imagePath(u"sub/deep.png"_s), "22"));
        QVERIFY(ToolHarness::writeFile(h.imagePath(u"sub/inner/deeper.png"_s), "333"));
        QVERIFY(ToolHarness::writeFile(h.imagePath(u"sub/skip.jpg"_s), "4444"));

        const ToolOutcome all = h.call(u"list_reference_images"_s, {{u"pattern"_s, u"**/*.png"_s}});
        QVERIFY2(all.ok(), all.describe());
        QCOMPARE(asSet(filenames(all.json())),
                 (QSet<QString>{u"top.png"_s, u"sub/deep.png"_s, u"sub/inner/deeper.png"_s}));
        QCOMPARE(all.json().value(u"data"_s).toArray().size(), 3);

        const ToolOutcome flat = h.call(u"list_reference_images"_s, {{u"pattern"_s, u"*.png"_s}});
        QVERIFY2(flat.ok(), flat.describe());
        QCOMPARE(filenames(flat.json()), QStringList{u"top.png"_s});

        const ToolOutcome sub = h.call(u"list_reference_images"_s, {{u"pattern"_s, u"sub/*"_s}});
        QVERIFY2(sub.ok(), sub.describe());
        QCOMPARE(asSet(filenames(sub.json())), (QSet<QString>{u"sub/deep.png"_s, u"sub/skip.jpg"_s}));
    }

    void symlinkLeadingOutsideIsSkipped()
    {
        ToolHarness h;
        QTemporaryDir outside;
        QVERIFY(ToolHarness::writeFile(outside.filePath(u"secret.png"_s), "secret"));
        QVERIFY(QDir().mkpath(outside.filePath(u"folder"_s)));
        QVERIFY(ToolHarness::writeFile(outside.filePath(u"folder/far.png"_s), "far"));
        QVERIFY(ToolHarness::writeFile(h.imagePath(u"mine.png"_s), "mine"));
        QVERIFY(QFile::link(outside.filePath(u"secret.png"_s), h.imagePath(u"escape.png"_s)));
        QVERIFY(QFile::link(outside.filePath(u"folder"_s), h.imagePath(u"linkdir"_s)));

        for (const QString &pattern : {u"*"_s, u"**/*.png"_s, u"linkdir/*.png"_s}) {
            const ToolOutcome out = h.call(u"list_reference_images"_s, {{u"pattern"_s, pattern}});
            QVERIFY2(out.ok(), out.describe());
            const QStringList names = filenames(out.json());
            QVERIFY2(!names.contains(u"escape.png"_s), qPrintable(pattern));
            QVERIFY2(!names.contains(u"far.png"_s), qPrintable(pattern));
            QVERIFY2(!names.contains(u"secret.png"_s), qPrintable(pattern));
            if (pattern != u"linkdir/*.png"_s)
                QCOMPARE(names, QStringList{u"mine.png"_s});
        }
    }

    // --- list_local_videos (test_video_tools.py 8-12) -------------------------------------------

    void listLocalVideosListsVideoFilesWithoutPath()
    {
        ToolHarness h;
        QVERIFY(ToolHarness::writeFile(h.videoPath(u"video1.mp4"_s), QByteArray(10, 'a')));
        QVERIFY(ToolHarness::writeFile(h.videoPath(u"video2.webm"_s), QByteArray(20, 'b')));
        QVERIFY(ToolHarness::writeFile(h.videoPath(u"video3.mov"_s), QByteArray(30, 'c')));
        QVERIFY(ToolHarness::writeFile(h.videoPath(u"notes.txt"_s), "n"));
        QVERIFY(ToolHarness::writeFile(h.videoPath(u"still.png"_s), "p"));
        const ToolOutcome out = h.call(u"list_local_videos"_s);
        QVERIFY2(out.ok(), out.describe());
        const QJsonArray data = out.json().value(u"data"_s).toArray();
        QCOMPARE(data.size(), 3);
        QCOMPARE(asSet(filenames(out.json())),
                 (QSet<QString>{u"video1.mp4"_s, u"video2.webm"_s, u"video3.mov"_s}));
        const QHash<QString, QString> types{
            {u"video1.mp4"_s, u"mp4"_s}, {u"video2.webm"_s, u"webm"_s}, {u"video3.mov"_s, u"mov"_s}};
        for (const QJsonValue &v : data) {
            const QJsonObject item = v.toObject();
            QVERIFY(!item.contains(u"path"_s));
            QCOMPARE(item.size(), 4);
            QCOMPARE(item.value(u"file_type"_s).toString(),
                     types.value(item.value(u"filename"_s).toString()));
        }
    }

    void listLocalVideosFileTypeFilter()
    {
        ToolHarness h;
        for (const QString &name : {u"a.mp4"_s, u"b.mp4"_s, u"c.webm"_s, u"d.mov"_s, u"E.MP4"_s})
            QVERIFY(ToolHarness::writeFile(h.videoPath(name), "v"));
        const ToolOutcome out = h.call(u"list_local_videos"_s, {{u"file_type"_s, u"mp4"_s}});
        QVERIFY2(out.ok(), out.describe());
        QCOMPARE(asSet(filenames(out.json())), (QSet<QString>{u"a.mp4"_s, u"b.mp4"_s, u"E.MP4"_s}));
        for (const QJsonValue &v : out.json().value(u"data"_s).toArray())
            QCOMPARE(v.toObject().value(u"file_type"_s).toString(), u"mp4"_s);

        const ToolOutcome mov = h.call(u"list_local_videos"_s, {{u"file_type"_s, u"mov"_s}});
        QVERIFY2(mov.ok(), mov.describe());
        QCOMPARE(filenames(mov.json()), QStringList{u"d.mov"_s});
    }

    void listLocalVideosSortBySizeAscending()
    {
        ToolHarness h;
        QVERIFY(ToolHarness::writeFile(h.videoPath(u"large.mp4"_s), QByteArray(3000, 'l')));
        QVERIFY(ToolHarness::writeFile(h.videoPath(u"small.mp4"_s), QByteArray(1000, 's')));
        QVERIFY(ToolHarness::writeFile(h.videoPath(u"medium.webm"_s), QByteArray(2000, 'm')));
        const ToolOutcome out =
            h.call(u"list_local_videos"_s, {{u"sort_by"_s, u"size"_s}, {u"order"_s, u"asc"_s}});
        QVERIFY2(out.ok(), out.describe());
        QCOMPARE(sizes(out.json()), (QList<qint64>{1000, 2000, 3000}));
        QCOMPARE(filenames(out.json()), (QStringList{u"small.mp4"_s, u"medium.webm"_s, u"large.mp4"_s}));
    }

    void listLocalVideosLimit()
    {
        ToolHarness h;
        for (int i = 0; i < 10; ++i)
            QVERIFY(ToolHarness::writeFile(h.videoPath(u"video%1.mp4"_s.arg(i)), QByteArray(i + 1, 'v')));
        const ToolOutcome out = h.call(u"list_local_videos"_s, {{u"limit"_s, 3}});
        QVERIFY2(out.ok(), out.describe());
        QCOMPARE(out.json().value(u"data"_s).toArray().size(), 3);
        const ToolOutcome all = h.call(u"list_local_videos"_s);
        QVERIFY2(all.ok(), all.describe());
        QCOMPARE(all.json().value(u"data"_s).toArray().size(), 10);
    }

    void listLocalVideosEmptyFolder()
    {
        ToolHarness h;
        const ToolOutcome out = h.call(u"list_local_videos"_s);
        QVERIFY2(out.ok(), out.describe());
        QVERIFY(out.json().value(u"data"_s).isArray());
        QCOMPARE(out.json().value(u"data"_s).toArray(), QJsonArray());
        QCOMPARE(out.json().keys(), QStringList{u"data"_s});
    }
};

QTEST_GUILESS_MAIN(TestReferenceTools)
#include "tst_referencetools.moc"

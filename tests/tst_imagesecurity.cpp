// SPDX-License-Identifier: MIT
// Hostile image files (issue 8, items 1 and 6): only JPEG/PNG/WEBP(/GIF/BMP/TIFF for preparation)
// are decoded, chosen by content with Qt's plugin discovery off, so an SVG cannot make Qt read other
// files; decode memory is bounded in bytes and shared across concurrent decodes; inputs over the
// API's size limits are refused from their size before anything is read or sent.

#include "media/decodebudget.h"
#include "media/imageprobe.h"
#include "media/imagesniffer.h"
#include "media/uploadlimits.h"
#include "mediatesthelpers.h"
#include "testimages.h"
#include "toolharness.h"
#include "tools/imagepreview.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace Sanzaru::Core;
using namespace Sanzaru::Testing;

namespace {

// An SVG whose only content is a picture of another file: Qt's SVG plugin loads that file while it
// parses. Named like a PNG, with the pixel size create_video wants.
QByteArray svgShowing(const QString &href, int w = 720, int h = 1280)
{
    return u"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
           "width=\"%1\" height=\"%2\"><image x=\"0\" y=\"0\" width=\"%1\" height=\"%2\" xlink:href=\"%3\"/></svg>\n"_s
               .arg(w)
               .arg(h)
               .arg(href)
               .toUtf8();
}

QByteArray chunk(const char *type, const QByteArray &data)
{
    QByteArray c;
    for (int i = 0; i < 4; ++i)
        c.append(char(quint32(data.size()) >> (24 - 8 * i)));
    QByteArray body = QByteArray(type) + data;
    c.append(body);
    const quint32 crc = MediaTest::crc32(body);
    for (int i = 0; i < 4; ++i)
        c.append(char(crc >> (24 - 8 * i)));
    return c;
}

// A PNG header claiming w x h at the given bit depth and colour type, with one row of real data:
// enough for every check that works from the header.
QByteArray pngHeader(quint32 w, quint32 h, int depth, int colourType)
{
    QByteArray ihdr;
    for (quint32 v : {w, h})
        for (int i = 0; i < 4; ++i)
            ihdr.append(char(v >> (24 - 8 * i)));
    ihdr.append(char(depth)).append(char(colourType)).append('\0').append('\0').append('\0');
    const int channels = colourType == 6 ? 4 : colourType == 2 ? 3 : 1;
    const QByteArray row(1 + qsizetype(w) * channels * depth / 8, '\0');
    return QByteArray("\x89PNG\r\n\x1A\n", 8) + chunk("IHDR", ihdr) + chunk("IDAT", qCompress(row).mid(4)) +
           chunk("IEND", {});
}

bool makeSparse(const QString &path, qint64 size)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write("\x89PNG\r\n\x1A\n", 8) == 8 && f.resize(size);
}

QJsonArray names(const QStringList &list)
{
    QJsonArray a;
    for (const QString &n : list)
        a.append(n);
    return a;
}

bool writeImage(const QString &path, QSize size, const char *format = "PNG")
{
    return TestImages::write(path, TestImages::encode(TestImages::photoLike(size), format));
}

} // namespace

class TestImageSecurity : public QObject
{
    Q_OBJECT

private slots:
    // --- item 1: SVG and content sniffing -------------------------------------------------------

    void sniffTable_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<QByteArray>("format");
        QTest::newRow("jpeg") << QByteArray("\xFF\xD8\xFF\xE0", 4) << QByteArray("jpeg");
        QTest::newRow("png") << QByteArray("\x89PNG\r\n\x1A\n\0\0", 10) << QByteArray("png");
        QTest::newRow("webp") << QByteArray("RIFF\0\0\0\0WEBPVP8 ", 16) << QByteArray("webp");
        QTest::newRow("riff not webp") << QByteArray("RIFF\0\0\0\0AVI LIST", 16) << QByteArray();
        QTest::newRow("gif") << QByteArray("GIF89a") << QByteArray("gif");
        QTest::newRow("bmp") << QByteArray("BM\0\0") << QByteArray("bmp");
        QTest::newRow("tiff le") << QByteArray("II*\0", 4) << QByteArray("tiff");
        QTest::newRow("svg") << svgShowing(u"/etc/x.png"_s) << QByteArray("svg");
        QTest::newRow("svg with bom and blanks")
            << QByteArray("\xEF\xBB\xBF \n<svg width=\"1\" height=\"1\"/>") << QByteArray("svg");
        QTest::newRow("xml") << QByteArray("<?xml version=\"1.0\"?><doc/>") << QByteArray("xml");
        QTest::newRow("svgz") << QByteArray("\x1F\x8B\x08\0", 4) << QByteArray("gzip");
        QTest::newRow("xpm") << QByteArray("/* XPM */\nstatic char") << QByteArray("xpm");
        QTest::newRow("text") << QByteArray("hello") << QByteArray();
        QTest::newRow("empty") << QByteArray() << QByteArray();
    }
    void sniffTable()
    {
        QFETCH(QByteArray, head);
        QFETCH(QByteArray, format);
        QCOMPARE(ImageSniffer::sniff(head), format);
    }

    void bindSetsTheFormatAndTurnsDetectionOff()
    {
        QByteArray png = TestImages::encode(TestImages::solid(QSize(3, 2), Qt::red), "PNG");
        QBuffer buffer(&png);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        QImageReader reader;
        const Result<ImageSniffer::Bound> bound =
            ImageSniffer::bind(reader, &buffer, ImageSniffer::apiFormats());
        QVERIFY(bound);
        QCOMPARE(bound->format, QByteArray("png"));
        QCOMPARE(reader.format(), QByteArray("png"));
        QVERIFY(!reader.autoDetectImageFormat());
        QVERIFY(!reader.decideFormatFromContent());
        QCOMPARE(reader.size(), QSize(3, 2));

        QByteArray svg = svgShowing(u"/nonexistent.png"_s);
        QBuffer svgBuffer(&svg);
        QVERIFY(svgBuffer.open(QIODevice::ReadOnly));
        QImageReader svgReader;
        const Result<ImageSniffer::Bound> refused =
            ImageSniffer::bind(svgReader, &svgBuffer, ImageSniffer::preparableFormats());
        QVERIFY(!refused);
        QCOMPARE(refused.error().message, u"not a supported image format (SVG)"_s);
    }

    void svgNamedPngIsNotPrepared()
    {
        ToolHarness h;
        QTemporaryDir outside;
        const QString secret = outside.filePath(u"secret.png"_s);
        QVERIFY(TestImages::write(secret,
                                  TestImages::encode(TestImages::solid(QSize(64, 64), Qt::green), "PNG")));
        QVERIFY(ToolHarness::writeFile(h.imagePath(u"evil.png"_s), svgShowing(secret, 64, 64)));

        const ToolOutcome out = h.call(u"prepare_reference_image"_s, {{u"input_filename"_s, u"evil.png"_s},
                                                                      {u"target_size"_s, u"1280x720"_s}});
        QVERIFY(out.result);
        QVERIFY2(!out.ok(), "an SVG must never be decoded");
        QCOMPARE(out.errorKind(), ErrorKind::BadInput);
        QCOMPARE(out.errorMessage(),
                 u"Error reading input image: evil.png: not a supported image format (SVG)"_s);
        QVERIFY(!QFileInfo::exists(h.imagePath(u"evil_1280x720.png"_s)));
        QCOMPARE(ToolHarness::entries(h.imageDir()), QStringList{u"evil.png"_s});
    }

    void svgNamedPngIsNotUploadedByCreateVideo()
    {
        ToolHarness h;
        QVERIFY(h.started());
        QTemporaryDir outside;
        const QString secret = outside.filePath(u"secret.png"_s);
        QVERIFY(writeImage(secret, QSize(720, 1280)));
        QVERIFY(ToolHarness::writeFile(h.imagePath(u"evil.png"_s), svgShowing(secret)));

        const ToolOutcome out = h.call(u"create_video"_s, {{u"prompt"_s, u"a cat"_s},
                                                           {u"size"_s, u"720x1280"_s},
                                                           {u"input_reference_filename"_s, u"evil.png"_s}});
        QVERIFY(out.result);
        QVERIFY2(!out.ok(), out.describe());
        QVERIFY2(out.errorMessage().contains(u"not a supported image format (SVG)"_s),
                 qPrintable(out.errorMessage()));
        QCOMPARE(h.server().requests().size(), 0);
    }

    void svgPointingAtAFifoFailsPromptly()
    {
        ToolHarness h;
        QTemporaryDir outside;
        const QString fifo = outside.filePath(u"pipe.png"_s);
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        QVERIFY(ToolHarness::writeFile(h.imagePath(u"evil.png"_s), svgShowing(fifo, 64, 64)));

        // Before the fix this decode blocked forever on opening the FIFO.
        const ToolOutcome out =
            h.call(u"prepare_reference_image"_s,
                   {{u"input_filename"_s, u"evil.png"_s}, {u"target_size"_s, u"1280x720"_s}}, 10000);
        QVERIFY2(out.result, "prepare_reference_image hung on an SVG pointing at a FIFO");
        QVERIFY(!out.ok());
        QVERIFY2(out.errorMessage().contains(u"not a supported image format (SVG)"_s),
                 qPrintable(out.errorMessage()));
    }

    void probeAndPreviewRefuseSvg()
    {
        const QByteArray svg = svgShowing(u"/nonexistent.png"_s);
        const ImageInfo info = ImageProbe::probe(svg);
        QVERIFY(!info.size.isValid());
        QCOMPARE(info.format, u"svg"_s);
        QVERIFY(!ImagePreview::fromEncoded(svg).has_value());
        // GIF is no API format: no size, so no upload or save of it as an image.
        const ImageInfo gif =
            ImageProbe::probe(TestImages::encode(TestImages::solid(QSize(4, 4), Qt::red), "BMP"));
        QVERIFY(!gif.size.isValid());
        QCOMPARE(gif.format, u"bmp"_s);
        const ImageInfo png =
            ImageProbe::probe(TestImages::encode(TestImages::solid(QSize(4, 3), Qt::red), "PNG"));
        QCOMPARE(png.size, QSize(4, 3));
        QCOMPARE(png.format, u"png"_s);
    }

    // --- item 6: decode memory in bytes, shared across decodes ----------------------------------

    void wide8BitPngIsRefusedByItsDecodeBytes()
    {
        // 65535 x 2730 is under the 179 MP pixel cap, but 8-bit RGBA needs 683 MiB to decode (and as
        // much again to convert).
        ToolHarness h;
        QVERIFY(ToolHarness::writeFile(h.imagePath(u"wide.png"_s), pngHeader(65535, 2730, 8, 6)));
        const ToolOutcome out = h.call(u"prepare_reference_image"_s, {{u"input_filename"_s, u"wide.png"_s},
                                                                      {u"target_size"_s, u"1280x720"_s}});
        QVERIFY(out.result);
        QVERIFY(!out.ok());
        QVERIFY2(out.errorMessage().contains(u"too large to decode"_s), qPrintable(out.errorMessage()));
        QVERIFY2(out.errorMessage().contains(u"the limit is 512 MiB"_s), qPrintable(out.errorMessage()));
    }

    void sixteenBitPngCountsEightBytesPerPixel()
    {
        // 80 MP: 320 MB at 4 bytes per pixel would pass; 16-bit RGBA decodes to 8 bytes per pixel.
        ToolHarness h;
        QVERIFY(ToolHarness::writeFile(h.imagePath(u"deep.png"_s), pngHeader(16000, 5000, 16, 6)));
        const ToolOutcome out = h.call(u"prepare_reference_image"_s, {{u"input_filename"_s, u"deep.png"_s},
                                                                      {u"target_size"_s, u"1280x720"_s}});
        QVERIFY(out.result);
        QVERIFY(!out.ok());
        QVERIFY2(out.errorMessage().contains(u"8 bytes each"_s), qPrintable(out.errorMessage()));
    }

    void sixteenBitPngWithinBudgetStillDecodes()
    {
        ToolHarness h;
        QImage deep(64, 48, QImage::Format_RGBA64);
        deep.fill(QColor(10, 200, 30));
        QVERIFY(deep.save(h.imagePath(u"deep.png"_s), "PNG"));
        QCOMPARE(uchar(ToolHarness::readFile(h.imagePath(u"deep.png"_s)).at(24)), uchar(16));
        const ToolOutcome out = h.call(u"prepare_reference_image"_s, {{u"input_filename"_s, u"deep.png"_s},
                                                                      {u"target_size"_s, u"1280x720"_s}});
        QVERIFY2(out.ok(), out.describe());
    }

    void decodeBudgetIsShared()
    {
        DecodeBudget budget(100);
        DecodeBudget::Reservation first = budget.reserve(60);
        QCOMPARE(first.bytes(), 60);
        QCOMPARE(budget.available(), 40);
        QCOMPARE(budget.tryReserve(60).bytes(), 0); // a second large decode must wait
        {
            const DecodeBudget::Reservation small = budget.tryReserve(40);
            QCOMPARE(small.bytes(), 40);
            QCOMPARE(budget.available(), 0);
        }
        first = DecodeBudget::Reservation();
        QCOMPARE(budget.available(), 100);
        // Larger than the whole budget: clamped, so it runs alone instead of never.
        const DecodeBudget::Reservation huge = budget.reserve(1000);
        QCOMPARE(huge.bytes(), 100);
        QCOMPARE(DecodeBudget::shared().total(), DecodeBudget::sharedBytes);
    }

    // --- item 6: input sizes checked before reading -----------------------------------------------

    void oversizedEditInputIsRefusedBeforeReading()
    {
        ToolHarness h;
        QVERIFY(h.started());
        QStringList inputs;
        for (int i = 0; i < 3; ++i) {
            inputs << u"ok%1.png"_s.arg(i);
            QVERIFY(writeImage(h.imagePath(inputs.last()), QSize(32, 32)));
        }
        inputs << u"huge.png"_s;
        QVERIFY(makeSparse(h.imagePath(u"huge.png"_s), UploadLimits::imageBytes + 1));
        const ToolOutcome out =
            h.call(u"edit_image"_s, {{u"prompt"_s, u"blue"_s}, {u"input_images"_s, names(inputs)}});
        QVERIFY(out.result);
        QVERIFY(!out.ok());
        QCOMPARE(out.errorKind(), ErrorKind::BadInput);
        QCOMPARE(out.errorMessage(),
                 u"File too large for 'input_images': 'huge.png' is 50.0 MB; the limit is 50 MB"_s);
        QCOMPARE(h.server().requests().size(), 0);
    }

    void oversizedMaskIsRefused()
    {
        ToolHarness h;
        QVERIFY(writeImage(h.imagePath(u"in.png"_s), QSize(32, 32)));
        QVERIFY(makeSparse(h.imagePath(u"mask.png"_s), UploadLimits::maskBytes + 1));
        const ToolOutcome out = h.call(u"edit_image"_s, {{u"prompt"_s, u"blue"_s},
                                                         {u"input_images"_s, names({u"in.png"_s})},
                                                         {u"mask_filename"_s, u"mask.png"_s}});
        QVERIFY(out.result);
        QVERIFY(!out.ok());
        QVERIFY2(out.errorMessage().contains(u"the limit is 4 MB"_s), qPrintable(out.errorMessage()));
        QCOMPARE(h.server().requests().size(), 0);
    }

    void oversizedVideoReferenceIsRefused()
    {
        ToolHarness h;
        QVERIFY(makeSparse(h.imagePath(u"ref.png"_s), 60'000'000));
        const ToolOutcome out = h.call(
            u"create_video"_s, {{u"prompt"_s, u"a cat"_s}, {u"input_reference_filename"_s, u"ref.png"_s}});
        QVERIFY(out.result);
        QVERIFY(!out.ok());
        QCOMPARE(
            out.errorMessage(),
            u"File too large for 'input_reference_filename': 'ref.png' is 60.0 MB; the limit is 50 MB"_s);
        QCOMPARE(h.server().requests().size(), 0);
    }

    void oversizedResponsesInputIsRefused()
    {
        ToolHarness h;
        QVERIFY(writeImage(h.imagePath(u"a.png"_s), QSize(32, 32)));
        QVERIFY(makeSparse(h.imagePath(u"b.png"_s), 60'000'000));
        const ToolOutcome out = h.call(
            u"create_image"_s, {{u"prompt"_s, u"x"_s}, {u"input_images"_s, names({u"a.png"_s, u"b.png"_s})}});
        QVERIFY(out.result);
        QVERIFY(!out.ok());
        QVERIFY2(out.errorMessage().contains(u"the limit is 50 MB"_s), qPrintable(out.errorMessage()));
        QCOMPARE(h.server().requests().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestImageSecurity)
#include "tst_imagesecurity.moc"

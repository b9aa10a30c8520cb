// SPDX-License-Identifier: MIT
// core/media's row-streaming JPEG path (JpegStreamPreparer + JpegRowDecoder + resampleRows) against
// the general decode-then-resize pipeline, its fallbacks, its gates, and the one-shot CLI around it.
#include "media/jpegrowdecoder.h"
#include "media/jpegstreampreparer.h"
#include "media/lanczosresampler.h"
#include "media/referenceimagepreparer.h"
#include "media/resizeplan.h"
#include "mediatesthelpers.h"
#include "testimages.h"

#include <QBuffer>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QImageWriter>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <cstring>
#include <vector>

#include <jpeglib.h>

using namespace Sanzaru::Core;
using Sanzaru::Testing::TestImages;
using namespace MediaTest;

namespace {

const JpegStreamPreparer::Settings kSettings{1.5, 2, ReferenceImagePreparer::maxPixels};

// A CMYK JPEG written with libjpeg itself (Qt writes none).
QByteArray cmykJpeg(QSize size)
{
    jpeg_compress_struct cinfo{};
    jpeg_error_mgr jerr{};
    cinfo.err = jpeg_std_error(&jerr);
    jpeg_create_compress(&cinfo);
    unsigned char *out = nullptr;
    unsigned long outSize = 0;
    jpeg_mem_dest(&cinfo, &out, &outSize);
    cinfo.image_width = JDIMENSION(size.width());
    cinfo.image_height = JDIMENSION(size.height());
    cinfo.input_components = 4;
    cinfo.in_color_space = JCS_CMYK;
    jpeg_set_defaults(&cinfo);
    jpeg_start_compress(&cinfo, TRUE);
    std::vector<uchar> row(std::size_t(size.width()) * 4);
    while (cinfo.next_scanline < cinfo.image_height) {
        for (int x = 0; x < size.width(); ++x) {
            row[4 * x + 0] = uchar(x * 255 / size.width());
            row[4 * x + 1] = uchar(cinfo.next_scanline * 255 / cinfo.image_height);
            row[4 * x + 2] = 60;
            row[4 * x + 3] = 20;
        }
        JSAMPROW p = row.data();
        jpeg_write_scanlines(&cinfo, &p, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    QByteArray bytes(reinterpret_cast<const char *>(out), qsizetype(outSize));
    std::free(out);
    return bytes;
}

QByteArray progressiveJpeg(const QImage &image)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "jpeg");
    writer.setQuality(90);
    writer.setProgressiveScanWrite(true);
    if (!writer.write(image))
        qFatal("cannot write a progressive JPEG");
    return bytes;
}

// The picture as a camera stores it for EXIF `orientation`, so that it displays as `scene`.
QImage storedFor(const QImage &scene, int orientation)
{
    QTransform t;
    switch (orientation) {
    case 2:
        return scene.mirrored(true, false);
    case 3:
        return scene.transformed(t.rotate(180));
    case 4:
        return scene.mirrored(false, true);
    case 5:
        return scene.transformed(t.rotate(-90)).mirrored(false, true);
    case 6:
        return scene.transformed(t.rotate(-90));
    case 7:
        return scene.transformed(t.rotate(90)).mirrored(false, true);
    case 8:
        return scene.transformed(t.rotate(90));
    default:
        return scene;
    }
}

bool isProgressive(const QByteArray &jpeg)
{
    return jpeg.contains(QByteArrayView("\xFF\xC2", 2));
}

} // namespace

class TestJpegStream : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void resampleRowsMatchesResample();
    void streamMatchesFullDecode_data();
    void streamMatchesFullDecode();
    void splitDecodeIsExact();
    void progressiveAndGrey_data();
    void progressiveAndGrey();
    void cmykFallsBack();
    void brokenJpegs_data();
    void brokenJpegs();
    void headerOverPixelCapRefused();
    void notJpegFallsBack();
    void cancelled();
    void oneShotCli();

private:
    QString write(const QString &name, const QByteArray &bytes);
    QImage prepared(const QString &path, QSize target, ResizeMode mode, bool streaming,
                    QSize *original = nullptr);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestJpegStream::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestJpegStream::cleanup()
{
    ReferenceImagePreparer::setJpegStreamingEnabled(true);
}

QString TestJpegStream::write(const QString &name, const QByteArray &bytes)
{
    const QString path = m_dir->filePath(name);
    if (!TestImages::write(path, bytes))
        qFatal("cannot write test file");
    return path;
}

QImage TestJpegStream::prepared(const QString &path, QSize target, ResizeMode mode, bool streaming,
                                QSize *original)
{
    if (streaming) {
        std::optional<Result<PreparedImage>> r =
            JpegStreamPreparer::prepare(path, target, mode, kSettings, nullptr, {});
        if (!r || !r->ok())
            return {};
        if (original)
            *original = r->value().originalSize;
        return decode(r->value().png);
    }
    ReferenceImagePreparer::setJpegStreamingEnabled(false);
    auto r = ReferenceImagePreparer::prepare(path, QStringLiteral("x"), target, mode);
    ReferenceImagePreparer::setJpegStreamingEnabled(true);
    if (!r.ok())
        return {};
    if (original)
        *original = r.value().originalSize;
    return decode(r.value().png);
}

void TestJpegStream::resampleRowsMatchesResample()
{
    // Only the rows and columns sourceSpan() names, columns shifted as a cropped decode delivers them:
    // bit-identical to resample() over the whole picture.
    const QImage src = TestImages::photoLike(QSize(997, 611), 5).convertToFormat(QImage::Format_RGB32);
    struct Case
    {
        QSize out;
        LanczosResampler::Axis x, y;
    };
    const Case cases[] = {{{320, 180}, {0.0, 997.0 / 400, 40}, {0.0, 611.0 / 245, 30}},
                          {{200, 300}, {13.5, 1.7, 0}, {2.25, 1.9, 0}},
                          {{500, 200}, {0.0, 1.0, 100}, {0.0, 2.5, 10}}, // x is a plain shift
                          {{400, 611}, {0.0, 2.0, 50}, {0.0, 1.0, 0}}};  // y is a plain shift
    for (const Case &c : cases) {
        const QImage whole = LanczosResampler::resample(src, c.out, c.x, c.y);
        const QRect span = LanczosResampler::sourceSpan(src.size(), c.out, c.x, c.y);
        QVERIFY(!span.isEmpty());
        QVERIFY(QRect(QPoint(0, 0), src.size()).contains(span));
        LanczosResampler::Axis x = c.x;
        x.origin -= span.x();
        int last = -1;
        const QImage rows = LanczosResampler::resampleRows(
            QSize(span.width(), src.height()), 2, c.out, x, c.y, [&](int y) -> const uchar * {
                if (y <= last || y < span.top() || y > span.bottom())
                    return nullptr; // out of order, or a row outside the span
                last = y;
                return src.constScanLine(y) + 4 * span.x();
            });
        QVERIFY(!rows.isNull());
        QCOMPARE(maxDifference(rows, whole), 0);
    }
    // A source that gives up aborts the whole resample.
    QVERIFY(LanczosResampler::resampleRows(src.size(), 2, QSize(100, 50), {0, 9.97, 0}, {0, 12.2, 0},
                                           [](int y) -> const uchar * { return y < 100 ? nullptr : nullptr; })
                .isNull());
}

void TestJpegStream::streamMatchesFullDecode_data()
{
    QTest::addColumn<int>("orientation");
    QTest::addColumn<int>("mode");
    QTest::addColumn<QSize>("target");
    for (int o : {1, 2, 3, 4, 5, 6, 7, 8})
        for (int m : {0, 1, 2}) {
            QTest::addRow("exif%d %s 320x180", o, qPrintable(resizeModeName(ResizeMode(m))))
                << o << m << QSize(320, 180);
            if (o == 1 || o == 6)
                QTest::addRow("exif%d %s 180x320", o, qPrintable(resizeModeName(ResizeMode(m))))
                    << o << m << QSize(180, 320);
        }
    QTest::addRow("exif1 crop 1280x720 (no reduction)") << 1 << 0 << QSize(1280, 720);
}

void TestJpegStream::streamMatchesFullDecode()
{
    QFETCH(int, orientation);
    QFETCH(int, mode);
    QFETCH(QSize, target);
    // Odd sizes, so that scaled edges round and iMCU-aligned crops do not line up with anything.
    const QImage scene = TestImages::photoLike(QSize(1601, 1203), quint32(orientation));
    QByteArray jpeg = TestImages::encode(storedFor(scene, orientation), "JPEG", 92);
    if (orientation != 1)
        jpeg = withExifOrientation(jpeg, quint16(orientation));
    const QString path = write(QStringLiteral("photo.jpg"), jpeg);

    QSize streamedOriginal, fullOriginal;
    const QImage streamed = prepared(path, target, ResizeMode(mode), true, &streamedOriginal);
    const QImage full = prepared(path, target, ResizeMode(mode), false, &fullOriginal);
    QVERIFY2(!streamed.isNull(), "the streaming path did not take a plain JPEG");
    QVERIFY(!full.isNull());
    QCOMPARE(streamedOriginal, QSize(1601, 1203));
    QCOMPARE(fullOriginal, QSize(1601, 1203));
    QCOMPARE(streamed.size(), target);
    const double db = psnr(streamed, full);
    const int worst = maxDifference(streamed, full);
    QVERIFY2(db >= 40.0, qPrintable(QStringLiteral("%1 dB").arg(db)));
    QVERIFY2(worst <= 48, qPrintable(QStringLiteral("max difference %1").arg(worst)));
    // And against the scene itself, so that a wrong orientation in both paths would not pass.
    const ResizePlan plan = ResizePlan::make(scene.size(), target, ResizeMode(mode));
    QImage reference(target, QImage::Format_RGB888);
    reference.fill(Qt::black);
    const QImage resized = LanczosResampler::resizeCropped(scene, plan.scaledSize, plan.window);
    for (int y = 0; y < resized.height(); ++y)
        std::memcpy(reference.scanLine(plan.position.y() + y) + 3 * plan.position.x(),
                    resized.constScanLine(y), std::size_t(resized.width()) * 3);
    const double sceneDb = psnr(streamed, reference);
    QVERIFY2(sceneDb >= 30.0, qPrintable(QStringLiteral("%1 dB against the scene").arg(sceneDb)));
}

void TestJpegStream::splitDecodeIsExact()
{
    // Two decoders on two threads (one skipping to its rows) give the bytes one decoder gives.
    const QImage scene = TestImages::photoLike(QSize(2400, 1800), 11);
    for (int orientation : {1, 6}) {
        QByteArray jpeg = TestImages::encode(storedFor(scene, orientation), "JPEG", 92);
        if (orientation != 1)
            jpeg = withExifOrientation(jpeg, quint16(orientation));
        const QString path = write(QStringLiteral("split.jpg"), jpeg);
        JpegStreamPreparer::Settings one = kSettings, two = kSettings;
        one.threads = 1;
        two.threads = 3; // split even when the machine is busy
        for (QSize target : {QSize(1280, 720), QSize(320, 180)}) {
            const auto split = JpegStreamPreparer::prepare(path, target, ResizeMode::Crop, two, nullptr, {});
            const auto single = JpegStreamPreparer::prepare(path, target, ResizeMode::Crop, one, nullptr, {});
            QVERIFY(split && split->ok() && single && single->ok());
            QCOMPARE(split->value().png, single->value().png);
        }
    }
}

void TestJpegStream::progressiveAndGrey_data()
{
    QTest::addColumn<bool>("progressive");
    QTest::addColumn<bool>("grey");
    QTest::newRow("progressive") << true << false;
    QTest::newRow("grayscale") << false << true;
    QTest::newRow("progressive grayscale") << true << true;
}

void TestJpegStream::progressiveAndGrey()
{
    QFETCH(bool, progressive);
    QFETCH(bool, grey);
    QImage scene = TestImages::photoLike(QSize(1400, 1000), 9);
    if (grey)
        scene = scene.convertToFormat(QImage::Format_Grayscale8);
    const QByteArray jpeg = progressive ? progressiveJpeg(scene) : TestImages::encode(scene, "JPEG", 90);
    QCOMPARE(isProgressive(jpeg), progressive);
    const QString path = write(QStringLiteral("p.jpg"), withExifOrientation(jpeg, 6));
    const QImage streamed = prepared(path, QSize(320, 180), ResizeMode::Crop, true);
    const QImage full = prepared(path, QSize(320, 180), ResizeMode::Crop, false);
    QVERIFY2(!streamed.isNull(), "the streaming path did not take the file");
    QVERIFY(!full.isNull());
    const double db = psnr(streamed, full);
    QVERIFY2(db >= 40.0, qPrintable(QStringLiteral("%1 dB").arg(db)));
    if (grey) {
        const QRgb p = streamed.pixel(100, 100);
        QVERIFY(qRed(p) == qGreen(p) && qGreen(p) == qBlue(p));
    }
}

void TestJpegStream::cmykFallsBack()
{
    const QString path = write(QStringLiteral("cmyk.jpg"), cmykJpeg(QSize(800, 600)));
    JpegRowDecoder decoder;
    const QByteArray bytes = readFile(path);
    QVERIFY(decoder.open(reinterpret_cast<const uchar *>(bytes.constData()), std::size_t(bytes.size())));
    QVERIFY(!decoder.convertible());
    QVERIFY(!JpegStreamPreparer::prepare(path, QSize(160, 90), ResizeMode::Crop, kSettings, nullptr, {}));
    // The general pipeline still prepares it, as before.
    auto r =
        ReferenceImagePreparer::prepare(path, QStringLiteral("cmyk.jpg"), QSize(160, 90), ResizeMode::Crop);
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
    QCOMPARE(decode(r.value().png).size(), QSize(160, 90));
}

void TestJpegStream::brokenJpegs_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("refused");
    const QByteArray jpeg = TestImages::encode(TestImages::photoLike(QSize(1200, 900), 4), "JPEG", 90);
    QTest::newRow("truncated at 60%") << jpeg.left(jpeg.size() * 6 / 10) << true;
    QTest::newRow("truncated after the header") << jpeg.left(700) << true;
    QTest::newRow("corrupt header") << QByteArray("\xFF\xD8\xFF\xC0\x00\x03garbage", 14) << true;
    // A stray marker inside the entropy-coded data: libjpeg only warns and greys the rest; the general
    // pipeline has always accepted such files (as Pillow does). The strict streaming path must not
    // change that answer, only hand the file over.
    QByteArray corrupt = jpeg;
    for (qsizetype i = corrupt.size() / 2; i < corrupt.size() / 2 + 16; i += 2) {
        corrupt[i] = char(0xFF);
        corrupt[i + 1] = char(0xD3);
    }
    QTest::newRow("corrupt scan data") << corrupt << false;
}

void TestJpegStream::brokenJpegs()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, refused);
    const QString path = write(QStringLiteral("broken.jpg"), bytes);
    // Never a picture from the streaming path: it hands the file to the general pipeline...
    QVERIFY(!JpegStreamPreparer::prepare(path, QSize(320, 180), ResizeMode::Crop, kSettings, nullptr, {}));
    // ...which answers exactly as it does with the streaming path switched off.
    auto r = ReferenceImagePreparer::prepare(path, QStringLiteral("broken.jpg"), QSize(320, 180),
                                             ResizeMode::Crop);
    ReferenceImagePreparer::setJpegStreamingEnabled(false);
    auto general = ReferenceImagePreparer::prepare(path, QStringLiteral("broken.jpg"), QSize(320, 180),
                                                   ResizeMode::Crop);
    ReferenceImagePreparer::setJpegStreamingEnabled(true);
    QCOMPARE(r.ok(), general.ok());
    QCOMPARE(r.ok(), !refused);
    if (r.ok()) {
        QCOMPARE(r.value().png, general.value().png);
        return;
    }
    QCOMPARE(r.error().kind, ErrorKind::BadInput);
    QCOMPARE(r.error().message, general.error().message);
    QVERIFY2(r.error().message.startsWith(QStringLiteral("Error reading input image: broken.jpg: ")),
             qPrintable(r.error().message));
}

void TestJpegStream::headerOverPixelCapRefused()
{
    // A valid small JPEG whose SOF claims 20000x10000 (200 MP, over the 179 MP cap).
    QByteArray jpeg = TestImages::encode(TestImages::photoLike(QSize(64, 48), 2), "JPEG", 90);
    const qsizetype sof = jpeg.indexOf(QByteArrayView("\xFF\xC0", 2));
    QVERIFY(sof > 0);
    jpeg[sof + 5] = char(10000 >> 8);
    jpeg[sof + 6] = char(10000 & 0xff);
    jpeg[sof + 7] = char(20000 >> 8);
    jpeg[sof + 8] = char(20000 & 0xff);
    const QString path = write(QStringLiteral("huge.jpg"), jpeg);
    JpegRowDecoder decoder;
    QVERIFY(decoder.open(reinterpret_cast<const uchar *>(jpeg.constData()), std::size_t(jpeg.size())));
    QCOMPARE(decoder.size(), QSize(20000, 10000));
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!JpegStreamPreparer::prepare(path, QSize(1280, 720), ResizeMode::Crop, kSettings, nullptr, {}));
    auto r =
        ReferenceImagePreparer::prepare(path, QStringLiteral("huge.jpg"), QSize(1280, 720), ResizeMode::Crop);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.startsWith(
                 QStringLiteral("Error reading input image: huge.jpg: image is too large")),
             qPrintable(r.error().message));
    QVERIFY2(timer.elapsed() < 1000, "refused only after decoding");
}

void TestJpegStream::notJpegFallsBack()
{
    const QString png =
        write(QStringLiteral("a.png"), TestImages::encode(TestImages::photoLike(QSize(400, 300)), "PNG"));
    QVERIFY(!JpegStreamPreparer::prepare(png, QSize(160, 90), ResizeMode::Crop, kSettings, nullptr, {}));
    // A JPEG under another name is still sniffed as JPEG; a PNG named .jpg is not.
    const QString misnamed = write(QStringLiteral("b.jpg"), readFile(png));
    QVERIFY(!JpegStreamPreparer::prepare(misnamed, QSize(160, 90), ResizeMode::Crop, kSettings, nullptr, {}));
    QVERIFY(
        ReferenceImagePreparer::prepare(misnamed, QStringLiteral("b.jpg"), QSize(160, 90), ResizeMode::Crop)
            .ok());
    // A pad of a picture that already fits needs no resampling: the general path keeps it pixel-exact.
    const QString small =
        write(QStringLiteral("s.jpg"), TestImages::encode(TestImages::photoLike(QSize(100, 50)), "JPEG"));
    QVERIFY(!JpegStreamPreparer::prepare(small, QSize(160, 90), ResizeMode::Pad, kSettings, nullptr, {}));
}

void TestJpegStream::cancelled()
{
    const QString path =
        write(QStringLiteral("c.jpg"), TestImages::encode(TestImages::photoLike(QSize(1600, 1200)), "JPEG"));
    std::atomic_bool cancel{false};
    // Cancelled while decoding (the first phase report): the stream stops and says so.
    auto r = JpegStreamPreparer::prepare(path, QSize(320, 180), ResizeMode::Crop, kSettings, &cancel,
                                         [&](const QString &) { cancel = true; });
    QVERIFY(r.has_value());
    QVERIFY(!r->ok());
    QCOMPARE(r->error().kind, ErrorKind::Cancelled);
}

void TestJpegStream::oneShotCli()
{
    // The whole process as the benchmark runs it: tool --local on a camera-like JPEG, then on a
    // truncated one (a clear error, exit 1, and no output file left behind).
    const QString binary = qEnvironmentVariable("SANZARU_QT_BINARY");
    QVERIFY2(QFileInfo(binary).isExecutable(), "SANZARU_QT_BINARY is not set (run through ctest)");
    QVERIFY(QDir(m_dir->path()).mkpath(QStringLiteral("media/images")));
    QVERIFY(QDir(m_dir->path()).mkpath(QStringLiteral("config")));
    const QString images = m_dir->filePath(QStringLiteral("media/images/"));
    const QImage scene = TestImages::photoLike(QSize(2000, 1500), 7);
    const QByteArray jpeg = withExifOrientation(TestImages::encode(storedFor(scene, 6), "JPEG", 92), 6);
    QVERIFY(TestImages::write(images + QStringLiteral("cam.jpg"), jpeg));
    QVERIFY(TestImages::write(images + QStringLiteral("cut.jpg"), jpeg.left(jpeg.size() / 2)));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SANZARU_MEDIA_PATH"), m_dir->filePath(QStringLiteral("media")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir->filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("SANZARU_QT_SOCKET"), m_dir->filePath(QStringLiteral("no-instance.sock")));
    auto run = [&](const QString &input, const QString &output, int *exitCode) {
        QProcess p;
        p.setProcessEnvironment(env);
        const QJsonObject args{{QStringLiteral("input_filename"), input},
                               {QStringLiteral("target_size"), QStringLiteral("1280x720")},
                               {QStringLiteral("resize_mode"), QStringLiteral("crop")},
                               {QStringLiteral("output_filename"), output}};
        p.start(binary,
                {QStringLiteral("tool"), QStringLiteral("--local"), QStringLiteral("prepare_reference_image"),
                 QString::fromUtf8(QJsonDocument(args).toJson(QJsonDocument::Compact))});
        if (!p.waitForFinished(60000))
            qFatal("sanzaru-qt did not finish");
        *exitCode = p.exitCode();
        return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    };
    int code = -1;
    const QJsonObject ok = run(QStringLiteral("cam.jpg"), QStringLiteral("cam_out.png"), &code);
    QCOMPARE(code, 0);
    QCOMPARE(ok.value(QStringLiteral("output_filename")).toString(), QStringLiteral("cam_out.png"));
    const QImage out(images + QStringLiteral("cam_out.png"));
    QCOMPARE(out.size(), QSize(1280, 720));
    const ResizePlan plan = ResizePlan::make(scene.size(), QSize(1280, 720), ResizeMode::Crop);
    const double db = psnr(out, LanczosResampler::resizeCropped(scene, plan.scaledSize, plan.window));
    QVERIFY2(db >= 30.0, qPrintable(QStringLiteral("%1 dB against the scene").arg(db)));

    const QJsonObject failed = run(QStringLiteral("cut.jpg"), QStringLiteral("cut_out.png"), &code);
    QCOMPARE(code, 1);
    const QString message =
        failed.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
    QVERIFY2(message.contains(QStringLiteral("cut.jpg")) && message.contains(QStringLiteral("truncated")),
             qPrintable(message));
    QVERIFY(!QFileInfo::exists(images + QStringLiteral("cut_out.png")));
    const QStringList left = QDir(images).entryList(QDir::Files);
    QCOMPARE(left, (QStringList{QStringLiteral("cam.jpg"), QStringLiteral("cam_out.png"),
                                QStringLiteral("cut.jpg")}));
}

QTEST_GUILESS_MAIN(TestJpegStream)
#include "tst_jpegstream.moc"

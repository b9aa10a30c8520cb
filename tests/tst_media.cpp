// SPDX-License-Identifier: MIT
// core/media: reference-image preparation (sanzaru's test_image_processing plus every fix), the
// Pillow-exact Lanczos port, the libdeflate PNG writer, base64 and the header probe.
#include "media/base64codec.h"
#include "media/imageprobe.h"
#include "media/lanczosresampler.h"
#include "media/pngencoder.h"
#include "media/referenceimagepreparer.h"
#include "media/resizeplan.h"
#include "mediatesthelpers.h"
#include "testimages.h"

#include <QElapsedTimer>
#include <QFile>
#include <QImageReader>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace Sanzaru::Core;
using Sanzaru::Testing::TestImages;

using namespace MediaTest;

class TestMedia : public QObject
{
    Q_OBJECT

private slots:
    void init();

    // sanzaru's test_image_processing / test_image_encoding
    void resizeModeNames();
    void outputSizes_data();
    void outputSizes();
    void rgbaAndGreyBecomeRgb();
    void missingFile();
    void savedPngReopensWithSameSize();
    void redPixelSurvives();
    void base64RoundTrips();

    // fixes and improvements
    void padGeometry();
    void noBlackLineForExactAspect_data();
    void noBlackLineForExactAspect();
    void exifOrientationApplied();
    void alphaCompositedOntoBlack();
    void decompressionBombRefused_data();
    void decompressionBombRefused();
    void brokenInputs_data();
    void brokenInputs();
    void webpInput();
    void cancellation();
    void shrinkOnDecodeKeepsQuality();
    void lanczosMatchesPillow_data();
    void lanczosMatchesPillow();
    void pngEncoderIsLossless_data();
    void pngEncoderIsLossless();
    void base64Lenient();
    void base64MatchesQt();
    void imageProbe_data();
    void imageProbe();

private:
    QString write(const QString &name, const QByteArray &bytes);
    QString writeImage(const QString &name, const QImage &image, const char *format = "PNG");
    PreparedImage prepareOk(const QString &path, QSize target, ResizeMode mode);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestMedia::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString TestMedia::write(const QString &name, const QByteArray &bytes)
{
    const QString path = m_dir->filePath(name);
    if (!TestImages::write(path, bytes))
        qFatal("cannot write test file");
    return path;
}

QString TestMedia::writeImage(const QString &name, const QImage &image, const char *format)
{
    return write(name,
                 qstrcmp(format, "PNG") == 0 ? PngEncoder::encode(image) : TestImages::encode(image, format));
}

PreparedImage TestMedia::prepareOk(const QString &path, QSize target, ResizeMode mode)
{
    auto result = ReferenceImagePreparer::prepare(path, QStringLiteral("x"), target, mode);
    if (!result.ok()) {
        qWarning() << result.error().message;
        return {};
    }
    return std::move(result).value();
}

void TestMedia::resizeModeNames()
{
    for (ResizeMode m : {ResizeMode::Crop, ResizeMode::Pad, ResizeMode::Rescale})
        QCOMPARE(resizeModeFromString(resizeModeName(m)), m);
    QCOMPARE(resizeModeName(ResizeMode::Pad), QStringLiteral("pad"));
    QVERIFY(!resizeModeFromString(QStringLiteral("stretch")));
    QVERIFY(!resizeModeFromString(QStringLiteral("Crop")));
}

void TestMedia::outputSizes_data()
{
    QTest::addColumn<QSize>("source");
    QTest::addColumn<QSize>("target");
    QTest::addColumn<ResizeMode>("mode");
    const auto crop = ResizeMode::Crop, pad = ResizeMode::Pad, rescale = ResizeMode::Rescale;
    QTest::newRow("crop wide→square") << QSize(200, 100) << QSize(100, 100) << crop;
    QTest::newRow("crop tall→square") << QSize(100, 200) << QSize(100, 100) << crop;
    QTest::newRow("crop square→16:9 (upscale)") << QSize(100, 100) << QSize(160, 90) << crop;
    QTest::newRow("crop 400x200→200x200") << QSize(400, 200) << QSize(200, 200) << crop;
    QTest::newRow("pad wide→square") << QSize(200, 100) << QSize(100, 100) << pad;
    QTest::newRow("pad tall→square") << QSize(100, 200) << QSize(100, 100) << pad;
    QTest::newRow("pad small→larger") << QSize(50, 50) << QSize(100, 100) << pad;
    QTest::newRow("pad 200x100→200x200") << QSize(200, 100) << QSize(200, 200) << pad;
    QTest::newRow("rescale 200x100→100x100") << QSize(200, 100) << QSize(100, 100) << rescale;
    QTest::newRow("rescale 100x100→160x90") << QSize(100, 100) << QSize(160, 90) << rescale;
    QTest::newRow("rescale 300x150→640x480") << QSize(300, 150) << QSize(640, 480) << rescale;
}

void TestMedia::outputSizes()
{
    QFETCH(QSize, source);
    QFETCH(QSize, target);
    QFETCH(ResizeMode, mode);
    const QString path = writeImage(QStringLiteral("in.png"), TestImages::photoLike(source));
    const PreparedImage out = prepareOk(path, target, mode);
    QCOMPARE(out.originalSize, source);
    QCOMPARE(out.targetSize, target);
    QCOMPARE(pngColourType(out.png), 2); // 8-bit RGB
    QCOMPARE(decode(out.png).size(), target);
}

void TestMedia::rgbaAndGreyBecomeRgb()
{
    QImage rgba = TestImages::solid(QSize(200, 100), QColor(10, 200, 30, 255), QImage::Format_RGBA8888);
    PreparedImage out =
        prepareOk(writeImage(QStringLiteral("rgba.png"), rgba), QSize(200, 100), ResizeMode::Rescale);
    QCOMPARE(pngColourType(out.png), 2);
    QCOMPARE(decode(out.png).pixel(5, 5), qRgb(10, 200, 30));

    QImage grey(QSize(60, 40), QImage::Format_Grayscale8);
    grey.fill(77);
    const QByteArray greyPng = TestImages::encode(grey, "PNG");
    QCOMPARE(pngColourType(greyPng), 0); // really a greyscale file
    out = prepareOk(write(QStringLiteral("grey.png"), greyPng), QSize(30, 20), ResizeMode::Rescale);
    QCOMPARE(pngColourType(out.png), 2);
    QCOMPARE(decode(out.png).pixel(10, 10), qRgb(77, 77, 77));
}

void TestMedia::missingFile()
{
    auto r =
        ReferenceImagePreparer::prepare(m_dir->filePath(QStringLiteral("missing.png")),
                                        QStringLiteral("missing.png"), QSize(100, 100), ResizeMode::Crop);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, ErrorKind::NotFound);
    QCOMPARE(r.error().message, QStringLiteral("Input image not found: missing.png"));
}

void TestMedia::savedPngReopensWithSameSize()
{
    const PreparedImage out =
        prepareOk(writeImage(QStringLiteral("a.jpg"), TestImages::photoLike(QSize(300, 200)), "JPEG"),
                  QSize(160, 90), ResizeMode::Crop);
    const QString saved = write(QStringLiteral("a_160x90.png"), out.png);
    QVERIFY(QFile(saved).size() > 0);
    QImageReader reader(saved);
    QCOMPARE(reader.format(), QByteArray("png"));
    QCOMPARE(reader.size(), QSize(160, 90));
}

void TestMedia::redPixelSurvives()
{
    const QString path = writeImage(QStringLiteral("red.png"), TestImages::solid(QSize(100, 100), Qt::red));
    const QImage out = decode(prepareOk(path, QSize(160, 90), ResizeMode::Crop).png);
    QCOMPARE(out.pixel(80, 45), qRgb(255, 0, 0));
}

void TestMedia::base64RoundTrips()
{
    QCOMPARE(Base64Codec::encode("hello"), QByteArray("aGVsbG8="));
    QCOMPARE(*Base64Codec::decode(Base64Codec::encode("hello")), QByteArray("hello"));
    QCOMPARE(Base64Codec::encode(QByteArray()), QByteArray());
    QCOMPARE(*Base64Codec::decode(QByteArray()), QByteArray());
    QByteArray tenK(10 * 1024, Qt::Uninitialized);
    QRandomGenerator(7).fillRange(reinterpret_cast<quint32 *>(tenK.data()), tenK.size() / 4);
    QCOMPARE(Base64Codec::encode(tenK), tenK.toBase64());
    QCOMPARE(*Base64Codec::decode(Base64Codec::encode(tenK)), tenK);
}

void TestMedia::padGeometry()
{
    // Digest examples: small pictures are not enlarged; big ones shrink to fit; centred with floor.
    ResizePlan p = ResizePlan::make(QSize(400, 200), QSize(1280, 720), ResizeMode::Pad);
    QCOMPARE(p.scaledSize, QSize(400, 200));
    QCOMPARE(p.position, QPoint(440, 260));
    p = ResizePlan::make(QSize(3000, 2000), QSize(1280, 720), ResizeMode::Pad);
    QCOMPARE(p.scaledSize, QSize(1080, 720));
    QCOMPARE(p.position, QPoint(100, 0));
    p = ResizePlan::make(QSize(1920, 1080), QSize(720, 1280), ResizeMode::Pad);
    QCOMPARE(p.scaledSize, QSize(720, 405));
    QCOMPARE(p.position, QPoint(0, 437));

    const QString path = writeImage(QStringLiteral("w.png"), TestImages::solid(QSize(400, 200), Qt::white));
    const QImage out = decode(prepareOk(path, QSize(1280, 720), ResizeMode::Pad).png);
    QCOMPARE(out.pixel(440, 260), qRgb(255, 255, 255));
    QCOMPARE(out.pixel(839, 459), qRgb(255, 255, 255));
    QCOMPARE(out.pixel(439, 260), qRgb(0, 0, 0));
    QCOMPARE(out.pixel(840, 459), qRgb(0, 0, 0));
}

void TestMedia::noBlackLineForExactAspect_data()
{
    QTest::addColumn<QSize>("source");
    QTest::addColumn<QSize>("target");
    for (const auto &c : kBlackLineCases)
        QTest::addRow("%dx%d→%dx%d", c[0], c[1], c[2], c[3]) << QSize(c[0], c[1]) << QSize(c[2], c[3]);
}

void TestMedia::noBlackLineForExactAspect()
{
    QFETCH(QSize, source);
    QFETCH(QSize, target);
    const ResizePlan plan = ResizePlan::make(source, target, ResizeMode::Crop);
    QVERIFY(plan.scaledSize.width() >= target.width() && plan.scaledSize.height() >= target.height());
    const QString path = writeImage(QStringLiteral("white.png"), TestImages::solid(source, Qt::white));
    const QImage out = decode(prepareOk(path, target, ResizeMode::Crop).png);
    QCOMPARE(out.size(), target);
    for (int x = 0; x < out.width(); x += 7) {
        QVERIFY2(qGray(out.pixel(x, 0)) >= 250, "top row");
        QVERIFY2(qGray(out.pixel(x, out.height() - 1)) >= 250, "bottom row");
    }
    for (int y = 0; y < out.height(); y += 7) {
        QVERIFY2(qGray(out.pixel(0, y)) >= 250, "left column");
        QVERIFY2(qGray(out.pixel(out.width() - 1, y)) >= 250, "right column");
    }
}

void TestMedia::exifOrientationApplied()
{
    // Stored landscape with quadrants red|green / blue|white; Orientation 6 = turn clockwise to view,
    // so the viewer sees blue|red / white|green in portrait. Large enough for shrink-on-decode (1/4)
    // and a clipped decode region, both of which must be mapped through the rotation.
    QImage stored(QSize(1600, 900), QImage::Format_RGB32);
    for (int y = 0; y < 900; ++y)
        for (int x = 0; x < 1600; ++x)
            stored.setPixel(x, y,
                            y < 450 ? (x < 800 ? qRgb(255, 0, 0) : qRgb(0, 255, 0))
                                    : (x < 800 ? qRgb(0, 0, 255) : qRgb(255, 255, 255)));
    const QString path =
        write(QStringLiteral("rot.jpg"), withExifOrientation(TestImages::encode(stored, "JPEG", 95), 6));
    for (ResizeMode mode : {ResizeMode::Crop, ResizeMode::Rescale}) {
        const PreparedImage out = prepareOk(path, QSize(90, 160), mode);
        QCOMPARE(out.originalSize, QSize(900, 1600));
        const QImage img = decode(out.png);
        auto near = [&](int x, int y, QRgb want) {
            const QRgb got = img.pixel(x, y);
            return std::abs(qRed(got) - qRed(want)) < 24 && std::abs(qGreen(got) - qGreen(want)) < 24 &&
                   std::abs(qBlue(got) - qBlue(want)) < 24;
        };
        QVERIFY(near(20, 20, qRgb(0, 0, 255)));
        QVERIFY(near(70, 20, qRgb(255, 0, 0)));
        QVERIFY(near(20, 140, qRgb(255, 255, 255)));
        QVERIFY(near(70, 140, qRgb(0, 255, 0)));
    }
}

void TestMedia::alphaCompositedOntoBlack()
{
    QImage img(QSize(20, 10), QImage::Format_ARGB32);
    for (int y = 0; y < 10; ++y)
        for (int x = 0; x < 20; ++x)
            img.setPixel(x, y, x < 10 ? qRgba(0, 0, 255, 0) : qRgba(255, 255, 255, 128));
    const QString path = writeImage(QStringLiteral("alpha.png"), img);
    QCOMPARE(pngColourType(readFile(path)), 6);
    // pad with a picture that fits: no resampling, so the pixels show the compositing exactly.
    const QImage out = decode(prepareOk(path, QSize(20, 10), ResizeMode::Pad).png);
    QCOMPARE(out.pixel(3, 3), qRgb(0, 0, 0));
    const QRgb grey = out.pixel(15, 5);
    QVERIFY2(std::abs(qRed(grey) - 128) <= 1 && qRed(grey) == qGreen(grey) && qGreen(grey) == qBlue(grey),
             qPrintable(QString::number(grey, 16)));
}

void TestMedia::decompressionBombRefused_data()
{
    QTest::addColumn<QSize>("claimed");
    QTest::newRow("100000x100000 (edge)") << QSize(100000, 100000);
    QTest::newRow("30000x30000 (900 MP)") << QSize(30000, 30000);
}

void TestMedia::decompressionBombRefused()
{
    QFETCH(QSize, claimed);
    QByteArray png = pngClaimingSize(quint32(claimed.width()), quint32(claimed.height()));
    const QString path = write(QStringLiteral("bomb.png"), png);
    QElapsedTimer timer;
    timer.start();
    auto r =
        ReferenceImagePreparer::prepare(path, QStringLiteral("bomb.png"), QSize(1280, 720), ResizeMode::Crop);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, ErrorKind::BadInput);
    QVERIFY2(r.error().message.startsWith(
                 QStringLiteral("Error reading input image: bomb.png: image is too large")),
             qPrintable(r.error().message));
    QVERIFY(timer.elapsed() < 1000);
}

void TestMedia::brokenInputs_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    const QImage photo = TestImages::photoLike(QSize(320, 240));
    const QByteArray jpeg = TestImages::encode(photo, "JPEG");
    const QByteArray png = PngEncoder::encode(photo);
    QTest::newRow("truncated jpeg") << QStringLiteral("cut.jpg") << jpeg.left(jpeg.size() * 6 / 10);
    QTest::newRow("corrupt jpeg header")
        << QStringLiteral("bad.jpg") << QByteArray("\xFF\xD8\xFF\xC0\x00\x03garbage", 14);
    QTest::newRow("truncated png") << QStringLiteral("cut.png") << png.left(png.size() * 6 / 10);
    QTest::newRow("text renamed .png") << QStringLiteral("notes.png") << QByteArray("just some text\n");
    QTest::newRow("empty file") << QStringLiteral("empty.png") << QByteArray();
}

void TestMedia::brokenInputs()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    auto r = ReferenceImagePreparer::prepare(write(name, bytes), name, QSize(160, 90), ResizeMode::Crop);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, ErrorKind::BadInput);
    QVERIFY2(r.error().message.startsWith(QStringLiteral("Error reading input image: %1: ").arg(name)),
             qPrintable(r.error().message));
}

void TestMedia::webpInput()
{
    const QString path = writeImage(QStringLiteral("in.webp"),
                                    TestImages::solid(QSize(320, 200), QColor(200, 40, 40)), "WEBP");
    QCOMPARE(QImageReader(path).format(), QByteArray("webp"));
    const PreparedImage out = prepareOk(path, QSize(160, 90), ResizeMode::Crop);
    QCOMPARE(out.originalSize, QSize(320, 200));
    const QImage img = decode(out.png);
    QCOMPARE(img.size(), QSize(160, 90));
    QVERIFY(std::abs(qRed(img.pixel(80, 45)) - 200) < 8 && qGreen(img.pixel(80, 45)) < 60);
}

void TestMedia::cancellation()
{
    const QString path = writeImage(QStringLiteral("c.png"), TestImages::photoLike(QSize(400, 300)));
    QStringList phases;
    auto record = [&](const QString &p) { phases << p; };
    QVERIFY(ReferenceImagePreparer::prepare(path, QStringLiteral("c.png"), QSize(160, 90), ResizeMode::Crop,
                                            nullptr, record)
                .ok());
    QCOMPARE(phases, (QStringList{QStringLiteral("decoding"), QStringLiteral("resizing"),
                                  QStringLiteral("encoding")}));

    std::atomic_bool cancel{true};
    auto r = ReferenceImagePreparer::prepare(path, QStringLiteral("c.png"), QSize(160, 90), ResizeMode::Crop,
                                             &cancel);
    QCOMPARE(r.error().kind, ErrorKind::Cancelled);

    // Cancelled while resizing: the encoder never starts.
    cancel = false;
    phases.clear();
    auto cancelAtResize = [&](const QString &p) {
        phases << p;
        if (p == QLatin1String("resizing"))
            cancel = true;
    };
    r = ReferenceImagePreparer::prepare(path, QStringLiteral("c.png"), QSize(160, 90), ResizeMode::Crop,
                                        &cancel, cancelAtResize);
    QCOMPARE(r.error().kind, ErrorKind::Cancelled);
    QVERIFY(!phases.contains(QStringLiteral("encoding")));
}

void TestMedia::shrinkOnDecodeKeepsQuality()
{
    // A JPEG large enough to be decoded at 1/2: the result must match a full-resolution decode +
    // Pillow-exact Lanczos (any geometry slip between decode region and resampling would show).
    const QImage photo = TestImages::photoLike(QSize(2001, 1499), 3);
    const QString path = writeImage(QStringLiteral("big.jpg"), photo, "JPEG");
    const PreparedImage out = prepareOk(path, QSize(640, 360), ResizeMode::Crop);
    QCOMPARE(out.originalSize, QSize(2001, 1499));
    const ResizePlan plan = ResizePlan::make(QSize(2001, 1499), QSize(640, 360), ResizeMode::Crop);
    const QImage reference = LanczosResampler::resizeCropped(QImage(path), plan.scaledSize, plan.window);
    const double db = psnr(decode(out.png), reference);
    QVERIFY2(db > 40.0, qPrintable(QString::number(db)));
    QVERIFY2(db < 90.0, "identical to a full decode: the JPEG was not reduced while decoding");
}

void TestMedia::lanczosMatchesPillow_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QSize>("full");
    QTest::addColumn<QRect>("window");
    QTest::addColumn<bool>("simd");
    for (bool simd : {true, false}) {
        const char *k = simd ? "simd" : "scalar";
        QTest::addRow("40x30 %s", k) << QStringLiteral("lanczos_pillow_40x30.png") << QSize(40, 30)
                                     << QRect(0, 0, 40, 30) << simd;
        QTest::addRow("100x75 %s", k)
            << QStringLiteral("lanczos_pillow_100x75.png") << QSize(100, 75) << QRect(0, 0, 100, 75) << simd;
        QTest::addRow("64x20 %s", k) << QStringLiteral("lanczos_pillow_64x20.png") << QSize(64, 20)
                                     << QRect(0, 0, 64, 20) << simd;
        QTest::addRow("crop %s", k) << QStringLiteral("lanczos_pillow_90x60_crop_9_10_71x40.png")
                                    << QSize(90, 60) << QRect(9, 10, 71, 40) << simd;
    }
}

void TestMedia::lanczosMatchesPillow()
{
    QFETCH(QString, fixture);
    QFETCH(QSize, full);
    QFETCH(QRect, window);
    QFETCH(bool, simd);
    const QImage src(QFINDTESTDATA("data/lanczos_src_64x48.png"));
    const QImage pillow(QFINDTESTDATA(QStringLiteral("data/") + fixture));
    QVERIFY(!src.isNull() && !pillow.isNull());
    LanczosResampler::setSimdEnabled(simd);
    const QImage ours = window.size() == full
                            ? LanczosResampler::resize(src.convertToFormat(QImage::Format_RGB888), full)
                            : LanczosResampler::resizeCropped(src, full, window);
    LanczosResampler::setSimdEnabled(true);
    QCOMPARE(ours.format(), QImage::Format_RGB888);
    QCOMPARE(ours.size(), pillow.size());
    QCOMPARE(maxDifference(ours, pillow), 0);
}

void TestMedia::pngEncoderIsLossless_data()
{
    QTest::addColumn<QImage>("image");
    QTest::addColumn<int>("colourType");
    QTest::newRow("rgb") << TestImages::photoLike(QSize(257, 131)) << 2;
    QImage rgba(QSize(97, 61), QImage::Format_RGBA8888);
    QRandomGenerator rng(5);
    for (int y = 0; y < rgba.height(); ++y)
        for (int x = 0; x < rgba.width(); ++x)
            rgba.setPixelColor(x, y, QColor(x * 2, y * 4, int(rng.bounded(256)), (x * 7 + y) % 256));
    QTest::newRow("rgba") << rgba << 6;
}

void TestMedia::pngEncoderIsLossless()
{
    QFETCH(QImage, image);
    QFETCH(int, colourType);
    const QByteArray png = PngEncoder::encode(image);
    QCOMPARE(pngColourType(png), colourType);
    const QImage back = decode(png);
    QCOMPARE(back.size(), image.size());
    const auto fmt = colourType == 6 ? QImage::Format_RGBA8888 : QImage::Format_RGB888;
    QCOMPARE(back.convertToFormat(fmt), image.convertToFormat(fmt));
}

void TestMedia::base64Lenient()
{
    QCOMPARE(*Base64Codec::decode("QUJD\nREVG\r\n"), QByteArray("ABCDEF"));
    QCOMPARE(*Base64Codec::decode("QUJDREVGRw"), QByteArray("ABCDEFG")); // padding missing
    QCOMPARE(*Base64Codec::decode("QUJDREVGRw=="), QByteArray("ABCDEFG"));
    QCOMPARE(*Base64Codec::decode(" QU JD\tRE VG "), QByteArray("ABCDEF"));
    QVERIFY(!Base64Codec::decode("QUJDR").has_value()); // one dangling character cannot be a byte
}

void TestMedia::base64MatchesQt()
{
    QRandomGenerator rng(11);
    for (int len : {0, 1, 2, 3, 4, 5, 57, 58, 59, 1000, 2 * 1024 * 1024 + 1}) {
        QByteArray data(len, Qt::Uninitialized);
        rng.fillRange(reinterpret_cast<quint32 *>(data.data()), len / 4);
        for (int i = len / 4 * 4; i < len; ++i)
            data[i] = char(rng.bounded(256));
        QByteArray text = data.toBase64();
        QCOMPARE(Base64Codec::encode(data), text);
        QCOMPARE(*Base64Codec::decode(text), QByteArray::fromBase64(text));
        // MIME-style line breaks every 76 characters.
        QByteArray wrapped;
        for (qsizetype i = 0; i < text.size(); i += 76)
            wrapped.append(QByteArrayView(text).sliced(i, std::min<qsizetype>(76, text.size() - i)))
                .append("\r\n");
        text = wrapped;
        QCOMPARE(*Base64Codec::decode(text), QByteArray::fromBase64(text));
        QCOMPARE(*Base64Codec::decode(text), data);
    }
}

void TestMedia::imageProbe_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QSize>("size");
    QTest::addColumn<QString>("format");
    const QImage img = TestImages::photoLike(QSize(123, 45));
    QTest::newRow("png") << PngEncoder::encode(img) << QSize(123, 45) << QStringLiteral("png");
    QTest::newRow("jpeg") << TestImages::encode(img, "JPEG") << QSize(123, 45) << QStringLiteral("jpeg");
    QTest::newRow("webp") << TestImages::encode(img, "WEBP") << QSize(123, 45) << QStringLiteral("webp");
    QTest::newRow("garbage") << QByteArray("definitely not an image") << QSize() << QStringLiteral("unknown");
    QTest::newRow("empty") << QByteArray() << QSize() << QStringLiteral("unknown");
}

void TestMedia::imageProbe()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QSize, size);
    QFETCH(QString, format);
    const ImageInfo info = ImageProbe::probe(bytes);
    QCOMPARE(info.size, size);
    QCOMPARE(info.format, format);
}

QTEST_GUILESS_MAIN(TestMedia)
#include "tst_media.moc"

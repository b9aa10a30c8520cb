// SPDX-License-Identifier: MIT
// generate_image / edit_image against the fake OpenAI server (sanzaru parity + improvements).
#include "testimages.h"
#include "toolharness.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace Sanzaru::Core;
using namespace Sanzaru::Testing;

namespace {

const QString GeneratePath = QStringLiteral("/v1/images/generations");
const QString EditPath = QStringLiteral("/v1/images/edits");

QByteArray imageBytes(const char *format, QSize size = QSize(32, 32), QColor color = Qt::red)
{
    return TestImages::encode(TestImages::solid(size, color), format);
}

QByteArray maskBytes(QSize size = QSize(32, 32))
{
    QImage mask(size, QImage::Format_ARGB32);
    mask.fill(Qt::black);
    for (int y = 0; y < size.height() / 2; ++y)
        for (int x = 0; x < size.width(); ++x)
            mask.setPixelColor(x, y, Qt::transparent);
    return TestImages::encode(mask, "PNG");
}

QJsonArray names(const QStringList &list)
{
    QJsonArray a;
    for (const QString &s : list)
        a.append(s);
    return a;
}

// A 200 answer with a chosen Images API body (what sanzaru's tests mocked).
Fault cannedImagesAnswer(const QJsonObject &body)
{
    Fault f = Fault::httpStatus(200);
    f.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return f;
}

QJsonObject imagesBody(const QByteArray &encoded, const QJsonValue &usage = QJsonValue::Undefined)
{
    QJsonObject body{
        {QStringLiteral("created"), 1713833628},
        {QStringLiteral("data"),
         QJsonArray{QJsonObject{{QStringLiteral("b64_json"), QString::fromLatin1(encoded.toBase64())}}}}};
    if (!usage.isUndefined())
        body.insert(QStringLiteral("usage"), usage);
    return body;
}

} // namespace

// Each macro evaluates its outcome expression once (a call expression must not run the tool twice).
#define VERIFY_OK(outcomeExpr)                                                                               \
    do {                                                                                                     \
        const ToolOutcome &verified_ = (outcomeExpr);                                                        \
        QVERIFY2(verified_.ok(), verified_.describe().constData());                                          \
    } while (0)
#define VERIFY_ERROR(outcomeExpr, needle)                                                                    \
    do {                                                                                                     \
        const ToolOutcome &verified_ = (outcomeExpr);                                                        \
        QVERIFY2(verified_.result.has_value(), "the call did not finish");                                   \
        QVERIFY2(!verified_.ok(), "the call unexpectedly succeeded");                                        \
        QVERIFY2(verified_.errorMessage().contains(needle), verified_.describe().constData());               \
    } while (0)

class TestImagesApiTools final : public QObject
{
    Q_OBJECT

private:
    static bool put(ToolHarness &h, const QString &name, const QByteArray &bytes)
    {
        return ToolHarness::writeFile(h.imagePath(name), bytes);
    }

    static RecordedRequest onlyRequest(ToolHarness &h, const QString &path)
    {
        const QList<RecordedRequest> posts = h.server().requestsMatching("POST", path);
        return posts.size() == 1 ? posts.first() : RecordedRequest{};
    }

    static QList<QByteArray> partNames(const RecordedRequest &r)
    {
        QList<QByteArray> out;
        for (const MultipartPart &p : r.parts)
            out.append(p.name);
        return out;
    }

    static QList<const MultipartPart *> partsNamed(const RecordedRequest &r, const QByteArray &name)
    {
        QList<const MultipartPart *> out;
        for (const MultipartPart &p : r.parts)
            if (p.name == name)
                out.append(&p);
        return out;
    }

    static bool decodes(const QString &path, QSize expected)
    {
        QImage image;
        return image.loadFromData(ToolHarness::readFile(path)) && image.size() == expected;
    }

    static QJsonObject editArgs(const QStringList &inputs, const QJsonObject &extra = {})
    {
        QJsonObject args{{QStringLiteral("prompt"), QStringLiteral("Make it blue")},
                         {QStringLiteral("input_images"), names(inputs)}};
        for (auto it = extra.constBegin(); it != extra.constEnd(); ++it)
            args.insert(it.key(), it.value());
        return args;
    }

private slots:
    // --- long blocking calls (issue 9 item 3) ---------------------------------------------------------

    void generateImageAnswerAfterTwiceTheStallTimeoutIsSaved()
    {
        ToolHarness h;
        QVERIFY(h.started());
        Config config = h.api().config();
        config.setStallTimeoutMs(400);
        h.api().setConfig(config);
        // The fake answers only after 1 s: 2.5 x the stall timeout with not a byte before the head.
        h.server().addFault("POST", GeneratePath, Fault::holdAnswer(1000));
        const ToolOutcome o = h.call(QStringLiteral("generate_image"),
                                     {{QStringLiteral("prompt"), QStringLiteral("A slow fox")},
                                      {QStringLiteral("model"), QStringLiteral("gpt-image-2")},
                                      {QStringLiteral("filename"), QStringLiteral("slow.png")}});
        VERIFY_OK(o);
        QVERIFY(QFile::exists(h.imagePath(QStringLiteral("slow.png"))));
        QImage saved;
        QVERIFY(saved.loadFromData(ToolHarness::readFile(h.imagePath(QStringLiteral("slow.png")))));
        QCOMPARE(h.server().requestCount("POST", GeneratePath), 1);
    }

    void generateImageSavesALargeBase64Answer()
    {
        // Several MB of base64: the answer goes through Base64Payloads, not a QJsonValue string.
        ToolHarness h;
        QVERIFY(h.started());
        const QByteArray png = TestImages::encode(TestImages::photoLike(QSize(1536, 1024), 7), "PNG");
        QVERIFY(png.toBase64().size() > 2 * 1024 * 1024);
        h.server().addFault("POST", GeneratePath, cannedImagesAnswer(imagesBody(png)));
        const ToolOutcome o = h.call(QStringLiteral("generate_image"),
                                     {{QStringLiteral("prompt"), QStringLiteral("A big fox")},
                                      {QStringLiteral("filename"), QStringLiteral("big.png")}},
                                     60000);
        VERIFY_OK(o);
        QCOMPARE(ToolHarness::readFile(h.imagePath(QStringLiteral("big.png"))), png);
    }

    // --- generate_image (test_images_api_tools.py 1-9) ---------------------------------------------

    void generateReturnsResultAndSendsPromptModelN()
    {
        ToolHarness h;
        QVERIFY(h.started());
        h.server().addFault("POST", GeneratePath,
                            cannedImagesAnswer(imagesBody(imageBytes("PNG", QSize(1024, 1024)))));
        const ToolOutcome o = h.call(QStringLiteral("generate_image"),
                                     {{QStringLiteral("prompt"), QStringLiteral("A red fox")},
                                      {QStringLiteral("model"), QStringLiteral("gpt-image-1.5")},
                                      {QStringLiteral("filename"), QStringLiteral("fox.png")}});
        VERIFY_OK(o);
        QCOMPARE(o.json().value(QStringLiteral("model")).toString(), QStringLiteral("gpt-image-1.5"));
        QCOMPARE(o.json().value(QStringLiteral("size")).toArray(), (QJsonArray{1024, 1024}));
        QCOMPARE(o.json().value(QStringLiteral("format")).toString(), QStringLiteral("png"));
        QVERIFY(o.json().value(QStringLiteral("usage")).isNull()); // the answer had none
        QCOMPARE(QStringList(o.json().keys()),
                 (QStringList{QStringLiteral("filename"), QStringLiteral("format"), QStringLiteral("model"),
                              QStringLiteral("size"), QStringLiteral("usage")}));

        const RecordedRequest r = onlyRequest(h, GeneratePath);
        QVERIFY(r.jsonValid);
        QCOMPARE(r.json.value(QStringLiteral("prompt")).toString(), QStringLiteral("A red fox"));
        QCOMPARE(r.json.value(QStringLiteral("model")).toString(), QStringLiteral("gpt-image-1.5"));
        QVERIFY(r.json.value(QStringLiteral("n")).isDouble());
        QCOMPARE(r.json.value(QStringLiteral("n")).toInteger(), 1);
        QVERIFY(decodes(h.imagePath(QStringLiteral("fox.png")), QSize(1024, 1024)));
    }

    void generateSendsExactlyTheDocumentedKeys()
    {
        ToolHarness h;
        QVERIFY(h.started());
        VERIFY_OK(h.call(QStringLiteral("generate_image"),
                         {{QStringLiteral("prompt"), QStringLiteral("A red fox")}}));
        const RecordedRequest r = onlyRequest(h, GeneratePath);
        QVERIFY(r.jsonValid);
        QCOMPARE(r.mimeType(), QByteArray("application/json"));
        QStringList keys = r.json.keys();
        keys.sort();
        QCOMPARE(keys, (QStringList{QStringLiteral("background"), QStringLiteral("model"),
                                    QStringLiteral("moderation"), QStringLiteral("n"),
                                    QStringLiteral("output_format"), QStringLiteral("prompt"),
                                    QStringLiteral("quality"), QStringLiteral("size")}));
        QVERIFY(!r.json.contains(QStringLiteral("response_format")));
        // The "auto" defaults are sent explicitly, as sanzaru does.
        QCOMPARE(r.json.value(QStringLiteral("size")).toString(), QStringLiteral("auto"));
        QCOMPARE(r.json.value(QStringLiteral("quality")).toString(), QStringLiteral("auto"));
        QCOMPARE(r.json.value(QStringLiteral("background")).toString(), QStringLiteral("auto"));
        QCOMPARE(r.json.value(QStringLiteral("output_format")).toString(), QStringLiteral("png"));
        QCOMPARE(r.json.value(QStringLiteral("moderation")).toString(), QStringLiteral("auto"));
        QVERIFY(r.json.value(QStringLiteral("n")).isDouble());
        QCOMPARE(r.json.value(QStringLiteral("n")).toDouble(), 1.0);
    }

    void generateCustomFilenameIsReturned()
    {
        ToolHarness h;
        QVERIFY(h.started());
        const ToolOutcome o = h.call(QStringLiteral("generate_image"),
                                     {{QStringLiteral("prompt"), QStringLiteral("A red fox")},
                                      {QStringLiteral("filename"), QStringLiteral("custom_name.png")}});
        VERIFY_OK(o);
        QCOMPARE(o.json().value(QStringLiteral("filename")).toString(), QStringLiteral("custom_name.png"));
        QVERIFY(decodes(h.imagePath(QStringLiteral("custom_name.png")), QSize(1024, 1024)));
    }

    void generateForwardsAllParametersVerbatim()
    {
        ToolHarness h;
        QVERIFY(h.started());
        const QByteArray webp = TestImages::encode(
            TestImages::solid(QSize(1536, 1024), QColor(0, 0, 0, 0), QImage::Format_ARGB32), "WEBP");
        QVERIFY(!webp.isEmpty());
        h.server().addFault("POST", GeneratePath, cannedImagesAnswer(imagesBody(webp)));
        const ToolOutcome o = h.call(QStringLiteral("generate_image"),
                                     {{QStringLiteral("prompt"), QStringLiteral("A logo")},
                                      {QStringLiteral("model"), QStringLiteral("gpt-image-1.5")},
                                      {QStringLiteral("size"), QStringLiteral("1536x1024")},
                                      {QStringLiteral("quality"), QStringLiteral("high")},
                                      {QStringLiteral("background"), QStringLiteral("transparent")},
                                      {QStringLiteral("output_format"), QStringLiteral("webp")},
                                      {QStringLiteral("moderation"), QStringLiteral("low")},
                                      {QStringLiteral("filename"), QStringLiteral("logo.webp")}});
        VERIFY_OK(o);
        const RecordedRequest r = onlyRequest(h, GeneratePath);
        QCOMPARE(r.json, (QJsonObject{{QStringLiteral("prompt"), QStringLiteral("A logo")},
                                      {QStringLiteral("model"), QStringLiteral("gpt-image-1.5")},
                                      {QStringLiteral("size"), QStringLiteral("1536x1024")},
                                      {QStringLiteral("quality"), QStringLiteral("high")},
                                      {QStringLiteral("background"), QStringLiteral("transparent")},
                                      {QStringLiteral("output_format"), QStringLiteral("webp")},
                                      {QStringLiteral("moderation"), QStringLiteral("low")},
                                      {QStringLiteral("n"), 1}}));
        QCOMPARE(o.json().value(QStringLiteral("size")).toArray(), (QJsonArray{1536, 1024}));
        QCOMPARE(o.json().value(QStringLiteral("format")).toString(), QStringLiteral("webp"));
        QCOMPARE(ToolHarness::readFile(h.imagePath(QStringLiteral("logo.webp"))), webp); // bytes unchanged
    }

    void generateReturnsUsage()
    {
        ToolHarness h;
        QVERIFY(h.started());
        const QJsonObject usage{
            {QStringLiteral("input_tokens"), 100},
            {QStringLiteral("input_tokens_details"),
             QJsonObject{{QStringLiteral("image_tokens"), 0}, {QStringLiteral("text_tokens"), 100}}},
            {QStringLiteral("output_tokens"), 5000},
            {QStringLiteral("total_tokens"), 5100},
            {QStringLiteral("output_tokens_details"), QJsonValue::Null}};
        h.server().addFault("POST", GeneratePath, cannedImagesAnswer(imagesBody(imageBytes("PNG"), usage)));
        const ToolOutcome o = h.call(QStringLiteral("generate_image"),
                                     {{QStringLiteral("prompt"), QStringLiteral("A red fox")}});
        VERIFY_OK(o);
        const QJsonObject got = o.json().value(QStringLiteral("usage")).toObject();
        QCOMPARE(got.value(QStringLiteral("input_tokens")).toInt(), 100);
        QCOMPARE(got.value(QStringLiteral("output_tokens")).toInt(), 5000);
        QCOMPARE(got.value(QStringLiteral("total_tokens")).toInt(), 5100);
        QCOMPARE(got, usage);
    }

    void generateReturnsUsageFromTheFakeApi()
    {
        ToolHarness h;
        QVERIFY(h.started());
        const QString prompt(396, QLatin1Char('p')); // the fake counts len/4 + 1 text tokens
        const ToolOutcome o =
            h.call(QStringLiteral("generate_image"),
                   {{QStringLiteral("prompt"), prompt}, {QStringLiteral("quality"), QStringLiteral("low")}});
        VERIFY_OK(o);
        const QJsonObject usage = o.json().value(QStringLiteral("usage")).toObject();
        QCOMPARE(usage.value(QStringLiteral("input_tokens")).toInt(), 100);
        QCOMPARE(usage.value(QStringLiteral("output_tokens")).toInt(), 272);
        QCOMPARE(usage.value(QStringLiteral("total_tokens")).toInt(), 372);
        QCOMPARE(usage.value(QStringLiteral("input_tokens_details"))
                     .toObject()
                     .value(QStringLiteral("text_tokens"))
                     .toInt(),
                 100);
    }

    void generateEmptyDataIsAnError()
    {
        ToolHarness h;
        QVERIFY(h.started());
        const ToolOutcome o = h.call(QStringLiteral("generate_image"),
                                     {{QStringLiteral("prompt"), QStringLiteral("[fake:empty] A fox")},
                                      {QStringLiteral("filename"), QStringLiteral("e.png")}});
        VERIFY_ERROR(o, QStringLiteral("No image data returned from API"));
        QCOMPARE(h.server().requestCount("POST", GeneratePath), 1);
        QVERIFY(ToolHarness::entries(h.imageDir()).isEmpty());
    }

    void generateMissingB64IsAnError()
    {
        ToolHarness h;
        QVERIFY(h.started());
        const ToolOutcome o = h.call(QStringLiteral("generate_image"),
                                     {{QStringLiteral("prompt"), QStringLiteral("[fake:nob64] A fox")}});
        VERIFY_ERROR(o, QStringLiteral("No base64 image data returned"));
        QVERIFY(o.errorMessage().contains(QStringLiteral("GPT models always return b64_json")));
        QVERIFY(ToolHarness::entries(h.imageDir()).isEmpty());
    }

    void generateNullB64IsAnError()
    {
        ToolHarness h;
        QVERIFY(h.started());
        h.server().addFault(
            "POST", GeneratePath,
            cannedImagesAnswer(
                {{QStringLiteral("created"), 1},
                 {QStringLiteral("data"),
                  QJsonArray{QJsonObject{{QStringLiteral("b64_json"), QJsonValue::Null},
                                         {QStringLiteral("url"), QStringLiteral("https://x/y.png")}}}}}));
        const ToolOutcome o =
            h.call(QStringLiteral("generate_image"), {{QStringLiteral("prompt"), QStringLiteral("A fox")}});
        VERIFY_ERROR(o, QStringLiteral("No base64 image data returned"));
        QVERIFY(ToolHarness::entries(h.imageDir()).isEmpty());
    }

    void generateDefaultModelIsGptImage2()
    {
        ToolHarness h;
        QVERIFY(h.started());
        const ToolOutcome o =
            h.call(QStringLiteral("generate_image"), {{QStringLiteral("prompt"), QStringLiteral("A fox")}});
        VERIFY_OK(o);
        QCOMPARE(onlyRequest(h, GeneratePath).json.value(QStringLiteral("model")).toString(),
                 QStringLiteral("gpt-image-2"));
        QCOMPARE(o.json().value(QStringLiteral("model")).toString(), QStringLiteral("gpt-image-2"));
    }

    void generateForwards4kSize()
    {
        ToolHarness h;
        QVERIFY(h.started());
        const ToolOutcome o = h.call(QStringLiteral("generate_image"),
                                     {{QStringLiteral("prompt"), QStringLiteral("A fox")},
                                      {QStringLiteral("size"), QStringLiteral("3840x2160")}},
                                     60000);
        VERIFY_OK(o);
        QCOMPARE(onlyRequest(h, GeneratePath).json.value(QStringLiteral("size")).toString(),
                 QStringLiteral("3840x2160"));
        QCOMPARE(o.json().value(QStringLiteral("size")).toArray(), (QJsonArray{3840, 2160}));
    }

    void generateTransparentWithGptImage2IsRejected_data()
    {
        QTest::addColumn<QString>("model");
        QTest::newRow("default model") << QString();
        QTest::newRow("explicit gpt-image-2") << QStringLiteral("gpt-image-2");
        QTest::newRow("dated gpt-image-2") << QStringLiteral("gpt-image-2-2026-04-21");
    }
    void generateTransparentWithGptImage2IsRejected()
    {
        QFETCH(QString, model);
        ToolHarness h;
        QVERIFY(h.started());
        QJsonObject args{{QStringLiteral("prompt"), QStringLiteral("A logo")},
                         {QStringLiteral("background"), QStringLiteral("transparent")}};
        if (!model.isEmpty())
            args.insert(QStringLiteral("model"), model);
        const ToolOutcome o = h.call(QStringLiteral("generate_image"), args);
        VERIFY_ERROR(o, QStringLiteral("gpt-image-2 does not support transparent"));
        QCOMPARE(o.errorKind(), ErrorKind::BadInput);
        QCOMPARE(h.server().requests().size(), 0);
    }

    // --- edit_image (test_images_api_tools.py 10-25) -----------------------------------------------

    void editOneInputSendsASingleImagePart()
    {
        ToolHarness h;
        QVERIFY(h.started());
        const QByteArray bytes = imageBytes("PNG");
        QVERIFY(put(h, QStringLiteral("photo.png"), bytes));
        const ToolOutcome o = h.call(QStringLiteral("edit_image"), editArgs({QStringLiteral("photo.png")}));
        VERIFY_OK(o);
        const RecordedRequest r = onlyRequest(h, EditPath);
        QVERIFY(r.multipartValid);
        QCOMPARE(r.mimeType(), QByteArray("multipart/form-data"));
        QCOMPARE(partsNamed(r, "image").size(), 1);
        QCOMPARE(partsNamed(r, "image[]").size(), 0);
        const MultipartPart *image = r.part("image");
        QVERIFY(image->isFile());
        QCOMPARE(image->filename, QByteArray("photo.png"));
        QCOMPARE(image->mimeType(), QByteArray("image/png"));
        QCOMPARE(image->data, bytes);
        QCOMPARE(r.part("model")->text(), QStringLiteral("gpt-image-2"));
        QCOMPARE(o.json().value(QStringLiteral("model")).toString(), QStringLiteral("gpt-image-2"));
    }

    void editSendsFieldsNAndNoModeration()
    {
        ToolHarness h;
        QVERIFY(h.started());
        QVERIFY(put(h, QStringLiteral("photo.png"), imageBytes("PNG")));
        VERIFY_OK(h.call(QStringLiteral("edit_image"),
                         editArgs({QStringLiteral("photo.png")},
                                  {{QStringLiteral("quality"), QStringLiteral("low")},
                                   {QStringLiteral("size"), QStringLiteral("1024x1536")}})));
        const RecordedRequest r = onlyRequest(h, EditPath);
        QVERIFY(r.multipartValid);
        const QList<std::pair<QByteArray, QString>> expected{{"prompt", QStringLiteral("Make it blue")},
                                                             {"model", QStringLiteral("gpt-image-2")},
                                                             {"size", QStringLiteral("1024x1536")},
                                                             {"quality", QStringLiteral("low")},
                                                             {"background", QStringLiteral("auto")},
                                                             {"output_format", QStringLiteral("png")},
                                                             {"n", QStringLiteral("1")}};
        for (const auto &[name, value] : expected) {
            const MultipartPart *part = r.part(name);
            QVERIFY2(part, name.constData());
            QVERIFY(!part->isFile());
            QCOMPARE(part->text(), value);
        }
        QVERIFY(!r.part("moderation"));
        QVERIFY(!r.part("input_fidelity"));
        QVERIFY(!r.part("response_format"));
        QCOMPARE(r.parts.size(), expected.size() + 1); // + the image
    }

    void editThreeInputsSendImageArrayInOrder()
    {
        ToolHarness h;
        QVERIFY(h.started());
        const QByteArray a = imageBytes("PNG", QSize(32, 32), Qt::red);
        const QByteArray b = imageBytes("JPEG", QSize(32, 32), Qt::green);
        const QByteArray c = imageBytes("WEBP", QSize(32, 32), Qt::blue);
        QVERIFY(put(h, QStringLiteral("a.png"), a));
        QVERIFY(put(h, QStringLiteral("b.jpg"), b));
        QVERIFY(put(h, QStringLiteral("c.webp"), c));
        VERIFY_OK(
            h.call(QStringLiteral("edit_image"),
                   editArgs({QStringLiteral("a.png"), QStringLiteral("b.jpg"), QStringLiteral("c.webp")})));
        const RecordedRequest r = onlyRequest(h, EditPath);
        QVERIFY(r.multipartValid);
        QVERIFY(!r.part("image"));
        const QList<const MultipartPart *> images = partsNamed(r, "image[]");
        QCOMPARE(images.size(), 3);
        const QList<QByteArray> filenames{"a.png", "b.jpg", "c.webp"};
        const QList<QByteArray> mimes{"image/png", "image/jpeg", "image/webp"};
        const QList<QByteArray> data{a, b, c};
        for (int i = 0; i < 3; ++i) {
            QVERIFY(images[i]->isFile());
            QCOMPARE(images[i]->filename, filenames[i]);
            QCOMPARE(images[i]->mimeType(), mimes[i]);
            QCOMPARE(images[i]->data, data[i]);
        }
    }

    void editSendsMaskPart()
    {
        ToolHarness h;
        QVERIFY(h.started());
        const QByteArray mask = maskBytes();
        QVERIFY(put(h, QStringLiteral("photo.png"), imageBytes("PNG")));
        QVERIFY(put(h, QStringLiteral("mask.png"), mask));
        VERIFY_OK(h.call(QStringLiteral("edit_image"),
                         editArgs({QStringLiteral("photo.png")},
                                  {{QStringLiteral("mask_filename"), QStringLiteral("mask.png")}})));
        const RecordedRequest r = onlyRequest(h, EditPath);
        const MultipartPart *part = r.part("mask");
        QVERIFY(part);
        QVERIFY(part->isFile());
        QCOMPARE(part->filename, QByteArray("mask.png"));
        QCOMPARE(part->mimeType(), QByteArray("image/png"));
        QCOMPARE(part->data, mask);
        QCOMPARE(partsNamed(r, "mask").size(), 1);
        QCOMPARE(h.server().requestCount("POST", QStringLiteral("/v1/files")),
                 0); // edits send the mask inline
    }

    void editForwardsInputFidelityForGptImage15()
    {
        ToolHarness h;
        QVERIFY(h.started());
        QVERIFY(put(h, QStringLiteral("photo.png"), imageBytes("PNG")));
        const ToolOutcome o = h.call(QStringLiteral("edit_image"),
                                     editArgs({QStringLiteral("photo.png")},
                                              {{QStringLiteral("model"), QStringLiteral("gpt-image-1.5")},
                                               {QStringLiteral("input_fidelity"), QStringLiteral("high")}}));
        VERIFY_OK(o);
        const RecordedRequest r = onlyRequest(h, EditPath);
        QVERIFY(r.part("input_fidelity"));
        QCOMPARE(r.part("input_fidelity")->text(), QStringLiteral("high"));
        QCOMPARE(r.part("model")->text(), QStringLiteral("gpt-image-1.5"));
        QCOMPARE(o.json().value(QStringLiteral("model")).toString(), QStringLiteral("gpt-image-1.5"));
    }

    void editInputMimeFollowsExtension_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("format");
        QTest::addColumn<QByteArray>("mime");
        QTest::newRow(".jpg") << QStringLiteral("p.jpg") << QByteArray("JPEG") << QByteArray("image/jpeg");
        QTest::newRow(".jpeg") << QStringLiteral("p.jpeg") << QByteArray("JPEG") << QByteArray("image/jpeg");
        QTest::newRow(".png") << QStringLiteral("p.png") << QByteArray("PNG") << QByteArray("image/png");
        QTest::newRow(".webp") << QStringLiteral("p.webp") << QByteArray("WEBP") << QByteArray("image/webp");
        QTest::newRow(".JPG upper case")
            << QStringLiteral("P.JPG") << QByteArray("JPEG") << QByteArray("image/jpeg");
    }
    void editInputMimeFollowsExtension()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, format);
        QFETCH(QByteArray, mime);
        ToolHarness h;
        QVERIFY(h.started());
        QVERIFY(put(h, name, imageBytes(format.constData())));
        VERIFY_OK(h.call(QStringLiteral("edit_image"), editArgs({name})));
        const RecordedRequest r = onlyRequest(h, EditPath);
        QVERIFY(r.part("image"));
        QCOMPARE(r.part("image")->filename, name.toUtf8());
        QCOMPARE(r.part("image")->contentType, mime);
    }

    void editDropsInputFidelityForGptImage2()
    {
        ToolHarness h;
        QVERIFY(h.started());
        QVERIFY(put(h, QStringLiteral("photo.png"), imageBytes("PNG")));
        VERIFY_OK(h.call(QStringLiteral("edit_image"),
                         editArgs({QStringLiteral("photo.png")},
                                  {{QStringLiteral("model"), QStringLiteral("gpt-image-2")},
                                   {QStringLiteral("input_fidelity"), QStringLiteral("high")}})));
        const RecordedRequest r = onlyRequest(h, EditPath);
        QVERIFY(r.multipartValid);
        QVERIFY(!partNames(r).contains("input_fidelity"));
    }

    void editTransparentWithDefaultModelIsRejected()
    {
        ToolHarness h;
        QVERIFY(h.started());
        QVERIFY(put(h, QStringLiteral("photo.png"), imageBytes("PNG")));
        const ToolOutcome o =
            h.call(QStringLiteral("edit_image"),
                   editArgs({QStringLiteral("photo.png")},
                            {{QStringLiteral("background"), QStringLiteral("transparent")}}));
        VERIFY_ERROR(o, QStringLiteral("gpt-image-2 does not support transparent"));
        QCOMPARE(h.server().requests().size(), 0);
    }

    void editRequiresAnInputImage()
    {
        ToolHarness h;
        QVERIFY(h.started());
        const ToolOutcome o = h.call(QStringLiteral("edit_image"), editArgs({}));
        VERIFY_ERROR(o, QStringLiteral("At least one input image is required"));
        QCOMPARE(h.server().requests().size(), 0);
    }

    void editAllowsAtMost16Inputs()
    {
        ToolHarness h;
        QVERIFY(h.started());
        QStringList inputs;
        for (int i = 0; i < 17; ++i)
            inputs.append(QStringLiteral("missing_%1.png").arg(i)); // none exist: the count comes first
        const ToolOutcome o = h.call(QStringLiteral("edit_image"), editArgs(inputs));
        VERIFY_ERROR(o, QStringLiteral("Maximum 16 input images allowed"));
        QVERIFY(!o.errorMessage().contains(QStringLiteral("File not found")));
        QCOMPARE(h.server().requests().size(), 0);
    }

    void editRejectsGifInput()
    {
        ToolHarness h;
        QVERIFY(h.started());
        QVERIFY(put(h, QStringLiteral("anim.gif"), imageBytes("GIF")));
        const ToolOutcome o = h.call(QStringLiteral("edit_image"), editArgs({QStringLiteral("anim.gif")}));
        VERIFY_ERROR(o, QStringLiteral("Unsupported image format: anim.gif"));
        QVERIFY(o.errorMessage().contains(QStringLiteral("use JPEG, PNG, WEBP")));
        QCOMPARE(h.server().requests().size(), 0);
    }

    void editRejectsNonPngMask()
    {
        ToolHarness h;
        QVERIFY(h.started());
        QVERIFY(put(h, QStringLiteral("photo.png"), imageBytes("PNG")));
        QVERIFY(put(h, QStringLiteral("mask.jpg"), imageBytes("JPEG")));
        const ToolOutcome o =
            h.call(QStringLiteral("edit_image"),
                   editArgs({QStringLiteral("photo.png")},
                            {{QStringLiteral("mask_filename"), QStringLiteral("mask.jpg")}}));
        VERIFY_ERROR(o, QStringLiteral("Mask must be PNG format"));
        QCOMPARE(h.server().requests().size(), 0);
    }

    void editMissingInputIsFileNotFound()
    {
        ToolHarness h;
        QVERIFY(h.started());
        const ToolOutcome o =
            h.call(QStringLiteral("edit_image"), editArgs({QStringLiteral("nonexistent.png")}));
        VERIFY_ERROR(o, QStringLiteral("File not found"));
        QVERIFY(o.errorMessage().contains(QStringLiteral("nonexistent.png")));
        QVERIFY(!o.errorMessage().contains(h.imageDir())); // names the file as given, not the path
        QCOMPARE(o.errorKind(), ErrorKind::NotFound);
        QCOMPARE(h.server().requests().size(), 0);
    }

    void editEmptyDataIsAnError()
    {
        ToolHarness h;
        QVERIFY(h.started());
        QVERIFY(put(h, QStringLiteral("photo.png"), imageBytes("PNG")));
        QJsonObject args = editArgs({QStringLiteral("photo.png")});
        args.insert(QStringLiteral("prompt"), QStringLiteral("[fake:empty] Make it blue"));
        const ToolOutcome o = h.call(QStringLiteral("edit_image"), args);
        VERIFY_ERROR(o, QStringLiteral("No image data returned from API"));
        QCOMPARE(h.server().requestCount("POST", EditPath), 1);
        QCOMPARE(ToolHarness::entries(h.imageDir()), QStringList{QStringLiteral("photo.png")});
    }

    void editMissingB64IsAnError()
    {
        ToolHarness h;
        QVERIFY(h.started());
        QVERIFY(put(h, QStringLiteral("photo.png"), imageBytes("PNG")));
        QJsonObject args = editArgs({QStringLiteral("photo.png")});
        args.insert(QStringLiteral("prompt"), QStringLiteral("[fake:nob64] Make it blue"));
        const ToolOutcome o = h.call(QStringLiteral("edit_image"), args);
        VERIFY_ERROR(o, QStringLiteral("No base64 image data returned"));
        QCOMPARE(ToolHarness::entries(h.imageDir()), QStringList{QStringLiteral("photo.png")});
    }

    void editRejectsTraversal()
    {
        ToolHarness h;
        QVERIFY(h.started());
        const ToolOutcome o =
            h.call(QStringLiteral("edit_image"), editArgs({QStringLiteral("../../../etc/passwd.png")}));
        VERIFY_ERROR(o, QStringLiteral("path traversal detected"));
        QCOMPARE(o.errorKind(), ErrorKind::BadInput);
        QCOMPARE(h.server().requests().size(), 0);
    }

    void editRejectsSymlinkedInput()
    {
        ToolHarness h;
        QVERIFY(h.started());
        QVERIFY(put(h, QStringLiteral("real.png"), imageBytes("PNG")));
        QVERIFY(
            QFile::link(h.imagePath(QStringLiteral("real.png")), h.imagePath(QStringLiteral("link.png"))));
        const ToolOutcome o = h.call(QStringLiteral("edit_image"), editArgs({QStringLiteral("link.png")}));
        VERIFY_ERROR(o, QStringLiteral("cannot be a symbolic link"));
        QCOMPARE(h.server().requests().size(), 0);
    }

    void editRejectsSymlinkedMask()
    {
        ToolHarness h;
        QVERIFY(h.started());
        QVERIFY(put(h, QStringLiteral("photo.png"), imageBytes("PNG")));
        QVERIFY(put(h, QStringLiteral("real_mask.png"), maskBytes()));
        QVERIFY(QFile::link(h.imagePath(QStringLiteral("real_mask.png")),
                            h.imagePath(QStringLiteral("mask.png"))));
        const ToolOutcome o =
            h.call(QStringLiteral("edit_image"),
                   editArgs({QStringLiteral("photo.png")},
                            {{QStringLiteral("mask_filename"), QStringLiteral("mask.png")}}));
        VERIFY_ERROR(o, QStringLiteral("cannot be a symbolic link"));
        QCOMPARE(h.server().requests().size(), 0);
    }

    // --- improvements ------------------------------------------------------------------------------

    void defaultNamesCarryToolAndFormat_data()
    {
        QTest::addColumn<QString>("tool");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("pattern");
        QTest::newRow("generate png") << QStringLiteral("generate_image") << QStringLiteral("png")
                                      << QStringLiteral("^gen_(\\d+)\\.png$");
        QTest::newRow("generate jpeg") << QStringLiteral("generate_image") << QStringLiteral("jpeg")
                                       << QStringLiteral("^gen_(\\d+)\\.jpeg$");
        QTest::newRow("edit png") << QStringLiteral("edit_image") << QStringLiteral("png")
                                  << QStringLiteral("^edit_(\\d+)\\.png$");
        QTest::newRow("edit webp") << QStringLiteral("edit_image") << QStringLiteral("webp")
                                   << QStringLiteral("^edit_(\\d+)\\.webp$");
    }
    void defaultNamesCarryToolAndFormat()
    {
        QFETCH(QString, tool);
        QFETCH(QString, format);
        QFETCH(QString, pattern);
        ToolHarness h;
        QVERIFY(h.started());
        QVERIFY(put(h, QStringLiteral("photo.png"), imageBytes("PNG")));
        QJsonObject args = tool == QStringLiteral("edit_image")
                               ? editArgs({QStringLiteral("photo.png")})
                               : QJsonObject{{QStringLiteral("prompt"), QStringLiteral("A fox")}};
        args.insert(QStringLiteral("output_format"), format);
        const qint64 before = QDateTime::currentSecsSinceEpoch();
        const ToolOutcome o = h.call(tool, args);
        const qint64 after = QDateTime::currentSecsSinceEpoch();
        VERIFY_OK(o);
        const QString name = o.json().value(QStringLiteral("filename")).toString();
        const QRegularExpressionMatch m = QRegularExpression(pattern).match(name);
        QVERIFY2(m.hasMatch(), qPrintable(name));
        QVERIFY(m.captured(1).toLongLong() >= before && m.captured(1).toLongLong() <= after);
        QCOMPARE(o.json().value(QStringLiteral("format")).toString(), format);
        QVERIFY(decodes(h.imagePath(name), QSize(1024, 1024)));
    }

    void concurrentDefaultNamesNeverOverwrite()
    {
        ToolHarness h;
        QVERIFY(h.started());
        ToolOutcome first;
        ToolOutcome second;
        h.start(QStringLiteral("generate_image"), {{QStringLiteral("prompt"), QStringLiteral("A fox")}},
                &first);
        h.start(QStringLiteral("generate_image"),
                {{QStringLiteral("prompt"), QStringLiteral("A wide fox")},
                 {QStringLiteral("size"), QStringLiteral("1536x1024")}},
                &second);
        ToolHarness::waitFor(first);
        ToolHarness::waitFor(second);
        VERIFY_OK(first);
        VERIFY_OK(second);
        const QString a = first.json().value(QStringLiteral("filename")).toString();
        const QString b = second.json().value(QStringLiteral("filename")).toString();
        QVERIFY2(a != b, qPrintable(a));
        const QRegularExpression pattern(QStringLiteral("^gen_\\d+(-\\d+)?\\.png$"));
        QVERIFY2(pattern.match(a).hasMatch(), qPrintable(a));
        QVERIFY2(pattern.match(b).hasMatch(), qPrintable(b));
        QStringList expected{a, b};
        expected.sort();
        QCOMPARE(ToolHarness::entries(h.imageDir()), expected);
        QVERIFY(decodes(h.imagePath(a), QSize(1024, 1024)));
        QVERIFY(decodes(h.imagePath(b), QSize(1536, 1024)));
        QCOMPARE(h.server().requestCount("POST", GeneratePath), 2);
    }

    void invalidFilenameFailsBeforeAnyRequest_data()
    {
        QTest::addColumn<QString>("tool");
        QTest::addColumn<QString>("filename");
        QTest::addColumn<QString>("needle");
        QTest::newRow("generate ../x.png") << QStringLiteral("generate_image") << QStringLiteral("../x.png")
                                           << QStringLiteral("path traversal detected");
        QTest::newRow("generate absolute") << QStringLiteral("generate_image") << QStringLiteral("/tmp/x.png")
                                           << QStringLiteral("path traversal detected");
        QTest::newRow("generate missing folder")
            << QStringLiteral("generate_image") << QStringLiteral("nosuchdir/x.png")
            << QStringLiteral("nosuchdir");
        QTest::newRow("edit ../x.png") << QStringLiteral("edit_image") << QStringLiteral("../x.png")
                                       << QStringLiteral("path traversal detected");
        QTest::newRow("edit a/../../x.png") << QStringLiteral("edit_image") << QStringLiteral("a/../../x.png")
                                            << QStringLiteral("path traversal detected");
    }
    void invalidFilenameFailsBeforeAnyRequest()
    {
        QFETCH(QString, tool);
        QFETCH(QString, filename);
        QFETCH(QString, needle);
        ToolHarness h;
        QVERIFY(h.started());
        QVERIFY(put(h, QStringLiteral("photo.png"), imageBytes("PNG")));
        QJsonObject args = tool == QStringLiteral("edit_image")
                               ? editArgs({QStringLiteral("photo.png")})
                               : QJsonObject{{QStringLiteral("prompt"), QStringLiteral("A fox")}};
        args.insert(QStringLiteral("filename"), filename);
        const ToolOutcome o = h.call(tool, args);
        VERIFY_ERROR(o, needle);
        QCOMPARE(h.server().requests().size(), 0); // nothing paid for
        QCOMPARE(ToolHarness::entries(h.imageDir()), QStringList{QStringLiteral("photo.png")});
    }

    void outputIsWrittenAtomically()
    {
        ToolHarness h;
        QVERIFY(h.started());
        QVERIFY(put(h, QStringLiteral("photo.png"), imageBytes("PNG")));
        QVERIFY(put(h, QStringLiteral("out.png"), QByteArray("old contents")));
        VERIFY_OK(h.call(QStringLiteral("generate_image"),
                         {{QStringLiteral("prompt"), QStringLiteral("A fox")},
                          {QStringLiteral("filename"), QStringLiteral("out.png")}}));
        VERIFY_OK(h.call(QStringLiteral("edit_image"),
                         editArgs({QStringLiteral("photo.png")},
                                  {{QStringLiteral("filename"), QStringLiteral("edited.png")}})));
        // No temporary or hidden files left behind; the old file was replaced by a complete image.
        QCOMPARE(ToolHarness::entries(h.imageDir()),
                 (QStringList{QStringLiteral("edited.png"), QStringLiteral("out.png"),
                              QStringLiteral("photo.png")}));
        QVERIFY(decodes(h.imagePath(QStringLiteral("out.png")), QSize(1024, 1024)));
        QVERIFY(decodes(h.imagePath(QStringLiteral("edited.png")), QSize(1024, 1024)));
    }

    void undecodableImageWritesNothing()
    {
        ToolHarness h;
        QVERIFY(h.started());
        h.server().addFault("POST", GeneratePath,
                            cannedImagesAnswer(imagesBody(QByteArray("this is not an image"))));
        const ToolOutcome o = h.call(QStringLiteral("generate_image"),
                                     {{QStringLiteral("prompt"), QStringLiteral("A fox")},
                                      {QStringLiteral("filename"), QStringLiteral("bad.png")}});
        QVERIFY(o.result.has_value());
        QVERIFY(!o.ok());
        QVERIFY(ToolHarness::entries(h.imageDir()).isEmpty());
    }

    void rateLimitIsRetriedAndCreatesOneImage()
    {
        ToolHarness h;
        QVERIFY(h.started());
        h.server().addFault("POST", GeneratePath, Fault::httpStatus(429, {{"Retry-After", "1"}}));
        QElapsedTimer timer;
        timer.start();
        const ToolOutcome o = h.call(QStringLiteral("generate_image"),
                                     {{QStringLiteral("prompt"), QStringLiteral("A fox")},
                                      {QStringLiteral("filename"), QStringLiteral("fox.png")}});
        VERIFY_OK(o);
        QVERIFY2(timer.elapsed() >= 900,
                 QByteArray::number(timer.elapsed()).constData()); // Retry-After honoured
        QCOMPARE(h.server().requestCount("POST", GeneratePath), 2);
        QCOMPARE(h.server().pendingFaultCount(), 0);
        QCOMPARE(ToolHarness::entries(h.imageDir()), QStringList{QStringLiteral("fox.png")});
        QVERIFY(decodes(h.imagePath(QStringLiteral("fox.png")), QSize(1024, 1024)));
    }

    void serverErrorOnPaidPostIsNotRetried_data()
    {
        QTest::addColumn<QString>("tool");
        QTest::addColumn<QString>("path");
        QTest::newRow("generate") << QStringLiteral("generate_image") << GeneratePath;
        QTest::newRow("edit") << QStringLiteral("edit_image") << EditPath;
    }
    void serverErrorOnPaidPostIsNotRetried()
    {
        QFETCH(QString, tool);
        QFETCH(QString, path);
        ToolHarness h;
        QVERIFY(h.started());
        QVERIFY(put(h, QStringLiteral("photo.png"), imageBytes("PNG")));
        h.server().addFault("POST", path, Fault::httpStatus(500, {}, -1));
        QJsonObject args = tool == QStringLiteral("edit_image")
                               ? editArgs({QStringLiteral("photo.png")})
                               : QJsonObject{{QStringLiteral("prompt"), QStringLiteral("A fox")}};
        const ToolOutcome o = h.call(tool, args);
        QVERIFY(o.result.has_value());
        QVERIFY(!o.ok());
        QCOMPARE(o.errorKind(), ErrorKind::Api);
        QCOMPARE(o.result->error().httpStatus, 500);
        QCOMPARE(o.result->error().toJson().value(QStringLiteral("http_status")).toInt(), 500);
        // Retries happen before the call finishes, so the count is final here.
        QCOMPARE(h.server().requestCount("POST", path), 1);
        QCOMPARE(ToolHarness::entries(h.imageDir()), QStringList{QStringLiteral("photo.png")});
    }

    void droppedConnectionAfterRequestIsNotResent()
    {
        ToolHarness h;
        QVERIFY(h.started());
        h.server().addFault("POST", GeneratePath, Fault::of(Fault::Kind::DropBeforeResponse));
        const ToolOutcome o =
            h.call(QStringLiteral("generate_image"), {{QStringLiteral("prompt"), QStringLiteral("A fox")}});
        QVERIFY(o.result.has_value());
        QVERIFY(!o.ok());
        QCOMPARE(o.errorKind(), ErrorKind::Network);
        QVERIFY2(o.errorMessage().contains(QStringLiteral("not re-sent")), o.describe().constData());
        QCOMPARE(h.server().requestCount("POST", GeneratePath), 1);
        QVERIFY(ToolHarness::entries(h.imageDir()).isEmpty());
    }

    void missingApiKeyIsAConfigError_data()
    {
        QTest::addColumn<QString>("tool");
        QTest::newRow("generate") << QStringLiteral("generate_image");
        QTest::newRow("edit") << QStringLiteral("edit_image");
    }
    void missingApiKeyIsAConfigError()
    {
        QFETCH(QString, tool);
        ToolHarness h(false);
        QVERIFY(h.started());
        QVERIFY(put(h, QStringLiteral("photo.png"), imageBytes("PNG")));
        const QJsonObject args = tool == QStringLiteral("edit_image")
                                     ? editArgs({QStringLiteral("photo.png")})
                                     : QJsonObject{{QStringLiteral("prompt"), QStringLiteral("A fox")}};
        const ToolOutcome o = h.call(tool, args);
        VERIFY_ERROR(o, QStringLiteral("OPENAI_API_KEY"));
        QCOMPARE(o.errorKind(), ErrorKind::Config);
        QCOMPARE(h.server().requests().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestImagesApiTools)
#include "tst_imagesapitools.moc"

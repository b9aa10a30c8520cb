// SPDX-License-Identifier: MIT
// The price table: bundled JSON, estimates per kind/model/size/seconds, unknown models, malformed tables.
#include "jobs/pricingtable.h"
#include "tools/videomodeltable.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Sanzaru::Core;

namespace {

QJsonObject videoArgs(const QString &model, const QString &seconds, const QString &size)
{
    QJsonObject args{{QStringLiteral("prompt"), QStringLiteral("a fox")}};
    if (!model.isEmpty())
        args.insert(QStringLiteral("model"), model);
    if (!seconds.isEmpty())
        args.insert(QStringLiteral("seconds"), seconds);
    if (!size.isEmpty())
        args.insert(QStringLiteral("size"), size);
    return args;
}

QJsonObject imageArgs(const QString &model, const QString &quality, const QString &size)
{
    return {{QStringLiteral("prompt"), QStringLiteral("a fox")},
            {QStringLiteral("model"), model},
            {QStringLiteral("quality"), quality},
            {QStringLiteral("size"), size}};
}

} // namespace

class TestPricingTable final : public QObject
{
    Q_OBJECT

private slots:
    void bundledTableLoads()
    {
        const PricingTable table = PricingTable::load();
        QVERIFY(table.videoModels().contains(QStringLiteral("sora-2")));
        QVERIFY(table.videoModels().contains(QStringLiteral("sora-2-pro")));
        for (const char *model : {"gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-2"})
            QVERIFY2(table.imageModels().contains(QLatin1String(model)), model);
        QVERIFY(!table.asOf().isEmpty());
        QVERIFY(table.source().contains(QStringLiteral("OpenAI pricing page")));
    }

    void modelTableKnowsGatewayAndRetiredModels()
    {
        const VideoModelTable &models = VideoModelTable::builtIn();
        const QStringList ids = models.ids();
        for (const char *id : {"minimax/h3", "google/veo-3.1-fast", "wan-ai/wan-2.6-t2v", "sora-2", "sora-2-pro"})
            QVERIFY2(ids.contains(QLatin1String(id)), id);
        QVERIFY(ids.indexOf(QStringLiteral("minimax/h3")) < ids.indexOf(QStringLiteral("sora-2"))); // current first
        const VideoModelInfo h3 = *models.find(QStringLiteral("minimax/h3"));
        QCOMPARE(h3.sizes, QStringList({QStringLiteral("1344x768"), QStringLiteral("768x1344"), QStringLiteral("768x768"),
                                        QStringLiteral("1024x768"), QStringLiteral("768x1024"), QStringLiteral("1536x672")}));
        QCOMPARE(h3.secondsChoices().first(), QStringLiteral("4"));
        QCOMPARE(h3.secondsChoices().last(), QStringLiteral("15"));
        QCOMPARE(h3.secondsChoices().size(), 12);
        QVERIFY(h3.retired.isEmpty() && h3.defaultSize.isEmpty());
        QCOMPARE(models.find(QStringLiteral("sora-2-pro"))->retired, QStringLiteral("2026-09-24"));
        QCOMPARE(models.find(QStringLiteral("sora-2-2025-10-06"))->id, QStringLiteral("sora-2")); // aliases resolve
        QVERIFY(!models.find(QStringLiteral("google/veo-3.1-fast"))->checksSeconds());
        QVERIFY(models.check(QStringLiteral("google/veo-3.1-fast"), QStringLiteral("7"), QStringLiteral("1x1")).isEmpty());
        QVERIFY(models.check(QStringLiteral("no/such-model"), QStringLiteral("999"), QStringLiteral("1x1")).isEmpty());
        QCOMPARE(models.check(QStringLiteral("minimax/h3"), QStringLiteral("3"), QStringLiteral("720x1280")).size(), 2);
        QVERIFY(models.check(QStringLiteral("minimax/h3"), QStringLiteral("15"), QStringLiteral("1536x672")).isEmpty());
        QVERIFY(models.check(QStringLiteral("minimax/h3"), QString(), QString()).isEmpty()); // omitted is fine

        // The same JSON carries whether OpenAI retired an image model.
        QFile file(QStringLiteral(":/sanzaru/pricing.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject images = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("images")).toObject();
        const QJsonObject imageModels = images.value(QStringLiteral("models")).toObject();
        QCOMPARE(imageModels.value(QStringLiteral("gpt-image-1")).toObject().value(QStringLiteral("retired")).toString(),
                 QStringLiteral("2026-10-23"));
        QVERIFY(!imageModels.value(QStringLiteral("gpt-image-2")).toObject().contains(QStringLiteral("retired")));
    }

    void modelTableRangesAreValidated()
    {
        QVERIFY(!VideoModelTable::fromJson(R"({"video":{"models":{"m":{"seconds":{"min":5,"max":2}}}}})").ok());
        const Result<VideoModelTable> t = VideoModelTable::fromJson(R"({"video":{"models":{"m":{"seconds":{"min":2,"max":3}}}}})");
        QVERIFY(t.ok());
        QCOMPARE(t->find(QStringLiteral("m"))->secondsText(), QStringLiteral("2-3 s"));
    }

    void video_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("seconds");
        QTest::addColumn<QString>("size");
        QTest::addColumn<double>("usd");
        QTest::addColumn<QString>("explanation");
        QTest::newRow("sora-2 8 s") << "sora-2"
                                    << "8"
                                    << "720x1280" << 0.80 << "sora-2, 720x1280, 8 s × $0.10/s = $0.80";
        QTest::newRow("sora-2 4 s landscape")
            << "sora-2"
            << "4"
            << "1280x720" << 0.40 << "sora-2, 1280x720, 4 s × $0.10/s = $0.40";
        QTest::newRow("sora-2 12 s") << "sora-2"
                                     << "12"
                                     << "720x1280" << 1.20 << "sora-2, 720x1280, 12 s × $0.10/s = $1.20";
        QTest::newRow("pro 720p") << "sora-2-pro"
                                  << "8"
                                  << "1280x720" << 2.40 << "sora-2-pro, 1280x720, 8 s × $0.30/s = $2.40";
        QTest::newRow("pro tall") << "sora-2-pro"
                                  << "4"
                                  << "1024x1792" << 2.00 << "sora-2-pro, 1024x1792, 4 s × $0.50/s = $2.00";
        QTest::newRow("pro wide 12 s")
            << "sora-2-pro"
            << "12"
            << "1792x1024" << 6.00 << "sora-2-pro, 1792x1024, 12 s × $0.50/s = $6.00";
        QTest::newRow("dated snapshot")
            << "sora-2-2025-10-06"
            << "8"
            << "720x1280" << 0.80 << "sora-2-2025-10-06, 720x1280, 8 s × $0.10/s = $0.80";
        QTest::newRow("dated pro snapshot")
            << "sora-2-pro-2025-10-06"
            << "4"
            << "720x1280" << 1.20 << "sora-2-pro-2025-10-06, 720x1280, 4 s × $0.30/s = $1.20";
        QTest::newRow("API defaults") << ""
                                      << ""
                                      << "" << 0.40 << "sora-2, 720x1280, 4 s × $0.10/s = $0.40";
    }

    void video()
    {
        QFETCH(QString, model);
        QFETCH(QString, seconds);
        QFETCH(QString, size);
        QFETCH(double, usd);
        QFETCH(QString, explanation);
        const PricingTable table = PricingTable::load();
        QString reason;
        const std::optional<Estimate> e =
            table.estimate(JobKind::Video, videoArgs(model, seconds, size), &reason);
        QVERIFY2(e.has_value(), qPrintable(reason));
        QVERIFY(qFuzzyCompare(e->usd, usd));
        QCOMPARE(e->explanation, explanation);
        QVERIFY(!e->approximate);
    }

    void videoWithoutPrice_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("size");
        QTest::addColumn<QString>("needle");
        QTest::newRow("unknown model") << "veo-3"
                                       << "720x1280"
                                       << "price unknown: no price for video model \"veo-3\"";
        QTest::newRow("gateway model") << "minimax/h3"
                                       << "1344x768"
                                       << "price unknown: minimax/h3 has no published price";
        QTest::newRow("pro size on sora-2") << "sora-2"
                                            << "1792x1024"
                                            << "sora-2 has no price for 1792x1024";
    }

    void videoWithoutPrice()
    {
        QFETCH(QString, model);
        QFETCH(QString, size);
        QFETCH(QString, needle);
        QString reason;
        QVERIFY(!PricingTable::load().estimate(JobKind::Video, videoArgs(model, QStringLiteral("8"), size),
                                               &reason));
        QVERIFY2(reason.contains(needle), qPrintable(reason));
    }

    void images_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("quality");
        QTest::addColumn<QString>("size");
        QTest::addColumn<double>("usd");
        QTest::addColumn<bool>("approximate");
        QTest::addColumn<QString>("explanation");
        QTest::newRow("1 low square")
            << "gpt-image-1"
            << "low"
            << "1024x1024" << 0.011 << false << "gpt-image-1, low, 1024x1024: $0.011 per image";
        QTest::newRow("1 medium square")
            << "gpt-image-1"
            << "medium"
            << "1024x1024" << 0.042 << false << "gpt-image-1, medium, 1024x1024: $0.042 per image";
        QTest::newRow("1 high square")
            << "gpt-image-1"
            << "high"
            << "1024x1024" << 0.167 << false << "gpt-image-1, high, 1024x1024: $0.167 per image";
        QTest::newRow("1 low portrait")
            << "gpt-image-1"
            << "low"
            << "1024x1536" << 0.016 << false << "gpt-image-1, low, 1024x1536: $0.016 per image";
        QTest::newRow("1 medium landscape")
            << "gpt-image-1"
            << "medium"
            << "1536x1024" << 0.063 << false << "gpt-image-1, medium, 1536x1024: $0.063 per image";
        QTest::newRow("1 high portrait")
            << "gpt-image-1"
            << "high"
            << "1024x1536" << 0.25 << false << "gpt-image-1, high, 1024x1536: $0.25 per image";
        QTest::newRow("1 auto auto") << "gpt-image-1"
                                     << "auto"
                                     << "auto" << 0.042 << false
                                     << "gpt-image-1, quality auto (priced as medium), size auto (priced as "
                                        "1024x1024): $0.042 per image";
        QTest::newRow("2 high 2048 square scaled") << "gpt-image-2"
                                                   << "high"
                                                   << "2048x2048" << 0.133 * 4 << true
                                                   << "gpt-image-2, high, 2048x2048 (4.00 × the 1024x1024 "
                                                      "price $0.133): ≈ $0.532 per image (estimate, no "
                                                      "published price)";
        QTest::newRow("2 medium 2048x1152 scaled") << "gpt-image-2"
                                                   << "medium"
                                                   << "2048x1152" << 0.034 * 2.25 << true
                                                   << "gpt-image-2, medium, 2048x1152 (2.25 × the 1024x1024 "
                                                      "price $0.034): ≈ $0.0765 per image (estimate, "
                                                      "no published price)";
        QTest::newRow("2 dated snapshot")
            << "gpt-image-2-2026-04-21"
            << "low"
            << "1024x1024" << 0.009 << true
            << "gpt-image-2-2026-04-21, low, 1024x1024: ≈ $0.009 per image (estimate, "
               "no published price)";
        QTest::newRow("mini medium")
            << "gpt-image-1-mini"
            << "medium"
            << "1536x1024" << 0.015 << true
            << "gpt-image-1-mini, medium, 1536x1024: ≈ $0.015 per image (estimate, no "
               "published price)";
        QTest::newRow("1.5 high")
            << "gpt-image-1.5"
            << "high"
            << "1024x1024" << 0.133 << true
            << "gpt-image-1.5, high, 1024x1024: ≈ $0.133 per image (estimate, no published "
               "price)";
    }

    void images()
    {
        QFETCH(QString, model);
        QFETCH(QString, quality);
        QFETCH(QString, size);
        QFETCH(double, usd);
        QFETCH(bool, approximate);
        QFETCH(QString, explanation);
        const PricingTable table = PricingTable::load();
        QString reason;
        const std::optional<Estimate> generate =
            table.estimate(JobKind::ImageGenerate, imageArgs(model, quality, size), &reason);
        QVERIFY2(generate.has_value(), qPrintable(reason));
        QVERIFY(qFuzzyCompare(generate->usd, usd));
        QCOMPARE(generate->approximate, approximate);
        QCOMPARE(generate->explanation, explanation);

        const std::optional<Estimate> edit =
            table.estimate(JobKind::ImageEdit, imageArgs(model, quality, size));
        QVERIFY(edit.has_value());
        QVERIFY(qFuzzyCompare(edit->usd, usd));
        QCOMPARE(edit->explanation,
                 explanation + QStringLiteral(". Input images are billed as input tokens, not included."));

        // The Responses API is priced by the image tool's model, plus the mainline model's text tokens.
        const QJsonObject responses{{QStringLiteral("prompt"), QStringLiteral("a fox")},
                                    {QStringLiteral("model"), QStringLiteral("gpt-5.1")},
                                    {QStringLiteral("tool_config"),
                                     QJsonObject{{QStringLiteral("type"), QStringLiteral("image_generation")},
                                                 {QStringLiteral("model"), model},
                                                 {QStringLiteral("quality"), quality},
                                                 {QStringLiteral("size"), size}}}};
        const std::optional<Estimate> viaResponses = table.estimate(JobKind::ResponsesImage, responses);
        QVERIFY(viaResponses.has_value());
        QVERIFY(qFuzzyCompare(viaResponses->usd, usd));
        QCOMPARE(viaResponses->explanation,
                 explanation +
                     QStringLiteral(". Plus text tokens of the mainline model gpt-5.1, not included."));
    }

    void imageDefaults()
    {
        const PricingTable table = PricingTable::load();
        // generate_image's defaults: gpt-image-2, auto quality, auto size.
        const std::optional<Estimate> generate =
            table.estimate(JobKind::ImageGenerate, {{QStringLiteral("prompt"), QStringLiteral("x")}});
        QVERIFY(generate.has_value());
        QCOMPARE(generate->usd, 0.034);
        QVERIFY(
            generate->explanation.startsWith(QStringLiteral("gpt-image-2, quality auto (priced as medium)")));
        // create_image without tool_config: gpt-image-2 as the image tool, gpt-5.2 as the mainline model.
        const std::optional<Estimate> responses =
            table.estimate(JobKind::ResponsesImage, {{QStringLiteral("prompt"), QStringLiteral("x")}});
        QVERIFY(responses.has_value());
        QCOMPARE(responses->usd, 0.034);
        QVERIFY(responses->explanation.endsWith(QStringLiteral("mainline model gpt-5.2, not included.")));
    }

    void imagesWithoutPrice_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("size");
        QTest::addColumn<QString>("needle");
        QTest::newRow("dall-e-3") << int(JobKind::ImageGenerate) << "dall-e-3"
                                  << "1024x1024"
                                  << "No price for image model \"dall-e-3\"";
        QTest::newRow("unknown via responses") << int(JobKind::ResponsesImage) << "imagen"
                                               << "1024x1024"
                                               << "No price for image model \"imagen\"";
        // Only gpt-image-2 scales by pixel count; gpt-image-1 does not offer 2048x2048 at all.
        QTest::newRow("gpt-image-1 large") << int(JobKind::ImageGenerate) << "gpt-image-1"
                                           << "2048x2048"
                                           << "gpt-image-1 has no price for size 2048x2048";
        QTest::newRow("garbage size") << int(JobKind::ImageEdit) << "gpt-image-2"
                                      << "huge"
                                      << "gpt-image-2 has no price for size huge";
    }

    void imagesWithoutPrice()
    {
        QFETCH(int, kind);
        QFETCH(QString, model);
        QFETCH(QString, size);
        QFETCH(QString, needle);
        QJsonObject args = imageArgs(model, QStringLiteral("high"), size);
        if (JobKind(kind) == JobKind::ResponsesImage)
            args = {{QStringLiteral("prompt"), QStringLiteral("x")},
                    {QStringLiteral("tool_config"),
                     QJsonObject{{QStringLiteral("type"), QStringLiteral("image_generation")},
                                 {QStringLiteral("model"), model},
                                 {QStringLiteral("size"), size}}}};
        QString reason;
        QVERIFY(!PricingTable::load().estimate(JobKind(kind), args, &reason));
        QVERIFY2(reason.contains(needle), qPrintable(reason));
    }

    void otherKinds()
    {
        const PricingTable table = PricingTable::load();
        QString reason;
        QVERIFY(!table.estimate(JobKind::Remix,
                                {{QStringLiteral("previous_video_id"), QStringLiteral("video_1")},
                                 {QStringLiteral("prompt"), QStringLiteral("x")}},
                                &reason));
        QVERIFY(reason.contains(QStringLiteral("source video")));
        const std::optional<Estimate> prepare = table.estimate(JobKind::PrepareReference, {});
        QVERIFY(prepare.has_value());
        QCOMPARE(prepare->usd, 0.0);
        const std::optional<Estimate> download = table.estimate(JobKind::Download, {});
        QVERIFY(download.has_value());
        QCOMPARE(download->usd, 0.0);
    }

    void customTableDrivesEstimates()
    {
        // A price change is a JSON edit, not a code change.
        const QByteArray json = R"({"as_of":"2030-01-01","source":"test",
            "video":{"models":{"sora-9":{"per_second":{"720x1280":0.25}}}},
            "images":{"auto_quality":"low","auto_size":"1024x1024","default_model":"img",
                      "models":{"img":{"per_image":{"low":{"1024x1024":0.5}}}}}})";
        const Result<PricingTable> table = PricingTable::fromJson(json);
        QVERIFY2(table.ok(), table.ok() ? "" : qPrintable(table.error().message));
        QCOMPARE(table->asOf(), QStringLiteral("2030-01-01"));
        const std::optional<Estimate> video = table->estimate(
            JobKind::Video, videoArgs(QStringLiteral("sora-9"), QStringLiteral("12"), QString()));
        QVERIFY(video.has_value());
        QCOMPARE(video->usd, 3.0);
        QVERIFY(!table->estimate(JobKind::Video,
                                 videoArgs(QStringLiteral("sora-2"), QStringLiteral("4"), QString())));
        const std::optional<Estimate> image =
            table->estimate(JobKind::ImageGenerate, {{QStringLiteral("prompt"), QStringLiteral("x")}});
        QVERIFY(image.has_value());
        QCOMPARE(image->usd, 0.5);
    }

    void malformedTablesRejected_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("not JSON") << QByteArray("{ prices: cheap");
        QTest::newRow("array") << QByteArray("[1, 2]");
        QTest::newRow("empty object") << QByteArray("{}");
        QTest::newRow("no image models")
            << QByteArray(R"({"video":{"models":{"sora-2":{"per_second":{"720x1280":0.1}}}}})");
        QTest::newRow("price is a string")
            << QByteArray(R"({"video":{"models":{"sora-2":{"per_second":{"720x1280":"0.1"}}}},
                              "images":{"models":{"i":{"per_image":{"low":{"1024x1024":0.1}}}}}})");
        QTest::newRow("negative price")
            << QByteArray(R"({"video":{"models":{"sora-2":{"per_second":{"720x1280":0.1}}}},
                              "images":{"models":{"i":{"per_image":{"low":{"1024x1024":-1}}}}}})");
        QTest::newRow("image model without prices")
            << QByteArray(R"({"video":{"models":{"sora-2":{"per_second":{"720x1280":0.1}}}},
                              "images":{"models":{"i":{"estimate":true}}}})");
    }

    void malformedTablesRejected()
    {
        QFETCH(QByteArray, json);
        const Result<PricingTable> table = PricingTable::fromJson(json);
        QVERIFY(!table.ok());
        QVERIFY(!table.error().message.isEmpty());
    }

    void formatUsd_data()
    {
        QTest::addColumn<double>("usd");
        QTest::addColumn<QString>("text");
        QTest::newRow("cents") << 0.8 << "$0.80";
        QTest::newRow("dollars") << 6.0 << "$6.00";
        QTest::newRow("mills") << 0.042 << "$0.042";
        QTest::newRow("quarter") << 0.25 << "$0.25";
        QTest::newRow("four decimals") << 0.0765 << "$0.0765";
        QTest::newRow("rounded") << 1.0 / 3.0 << "$0.3333";
    }

    void formatUsd()
    {
        QFETCH(double, usd);
        QFETCH(QString, text);
        QCOMPARE(PricingTable::formatUsd(usd), text);
    }
};

QTEST_GUILESS_MAIN(TestPricingTable)
#include "tst_pricingtable.moc"

// SPDX-License-Identifier: MIT
// The one list of tools: names, schemas, annotations and argument validation.
#include "toolharness.h"
#include "tools/argumentvalidator.h"
#include "tools/toolprechecks.h"

#include <QJsonArray>

using namespace Sanzaru::Core;
using namespace Sanzaru::Testing;

namespace {
const QStringList sanzaruTools{
    QStringLiteral("create_video"),        QStringLiteral("get_video_status"),      QStringLiteral("download_video"),
    QStringLiteral("list_videos"),         QStringLiteral("delete_video"),          QStringLiteral("remix_video"),
    QStringLiteral("list_local_videos"),   QStringLiteral("create_image"),          QStringLiteral("get_image_status"),
    QStringLiteral("download_image"),      QStringLiteral("generate_image"),        QStringLiteral("edit_image"),
    QStringLiteral("list_reference_images"), QStringLiteral("prepare_reference_image"), QStringLiteral("view_media"),
    QStringLiteral("_get_media_data")};
}

class TestToolRegistry final : public QObject
{
    Q_OBJECT

private slots:
    void hasExactlySanzarusSixteenTools()
    {
        ToolHarness h;
        QStringList names;
        for (const ToolDefinition &tool : h.registry().tools())
            names.append(tool.name);
        QCOMPARE(names.size(), 16);
        QCOMPARE(QSet<QString>(names.begin(), names.end()), QSet<QString>(sanzaruTools.begin(), sanzaruTools.end()));
    }

    void schemasAreWellFormed()
    {
        ToolHarness h;
        for (const ToolDefinition &tool : h.registry().tools()) {
            QVERIFY2(!tool.title.isEmpty() && !tool.description.isEmpty(), qPrintable(tool.name));
            QVERIFY(tool.run);
            for (const QJsonObject &schema : {tool.inputSchema, tool.outputSchema}) {
                QCOMPARE(schema.value(QStringLiteral("type")).toString(), QStringLiteral("object"));
                const QJsonObject props = schema.value(QStringLiteral("properties")).toObject();
                for (const QJsonValue &req : schema.value(QStringLiteral("required")).toArray())
                    QVERIFY2(props.contains(req.toString()), qPrintable(tool.name + QLatin1Char('.') + req.toString()));
                for (auto it = props.begin(); it != props.end(); ++it) {
                    const QJsonObject p = it.value().toObject();
                    QVERIFY2(p.contains(QStringLiteral("type")), qPrintable(tool.name + QLatin1Char('.') + it.key()));
                    // A default must itself be valid for the property.
                    if (p.contains(QStringLiteral("default"))) {
                        const QJsonObject one{{QStringLiteral("type"), QStringLiteral("object")},
                                              {QStringLiteral("properties"), QJsonObject{{it.key(), p}}}};
                        QVERIFY(ArgumentValidator::validate(tool.name, one, {{it.key(), p.value(QStringLiteral("default"))}}).ok());
                    }
                }
            }
        }
    }

    void defaultsMatchSanzaru_data()
    {
        QTest::addColumn<QString>("tool");
        QTest::addColumn<QString>("param");
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("create_video.model") << "create_video" << "model" << QJsonValue(QStringLiteral("sora-2"));
        QTest::newRow("download_video.variant") << "download_video" << "variant" << QJsonValue(QStringLiteral("video"));
        QTest::newRow("list_videos.limit") << "list_videos" << "limit" << QJsonValue(20);
        QTest::newRow("list_videos.order") << "list_videos" << "order" << QJsonValue(QStringLiteral("desc"));
        QTest::newRow("list_local_videos.limit") << "list_local_videos" << "limit" << QJsonValue(50);
        QTest::newRow("list_local_videos.sort_by") << "list_local_videos" << "sort_by" << QJsonValue(QStringLiteral("modified"));
        QTest::newRow("create_image.model") << "create_image" << "model" << QJsonValue(QStringLiteral("gpt-5.2"));
        QTest::newRow("generate_image.model") << "generate_image" << "model" << QJsonValue(QStringLiteral("gpt-image-2"));
        QTest::newRow("generate_image.size") << "generate_image" << "size" << QJsonValue(QStringLiteral("auto"));
        QTest::newRow("generate_image.output_format") << "generate_image" << "output_format" << QJsonValue(QStringLiteral("png"));
        QTest::newRow("edit_image.quality") << "edit_image" << "quality" << QJsonValue(QStringLiteral("auto"));
        QTest::newRow("prepare.resize_mode") << "prepare_reference_image" << "resize_mode" << QJsonValue(QStringLiteral("crop"));
        QTest::newRow("media.offset") << "_get_media_data" << "offset" << QJsonValue(0);
        QTest::newRow("media.chunk_size") << "_get_media_data" << "chunk_size" << QJsonValue(2097152);
    }
    void defaultsMatchSanzaru()
    {
        QFETCH(QString, tool);
        QFETCH(QString, param);
        QFETCH(QJsonValue, value);
        ToolHarness h;
        const ToolDefinition *def = h.registry().find(tool);
        QVERIFY(def);
        const QJsonValue actual = def->inputSchema.value(QStringLiteral("properties")).toObject().value(param).toObject().value(QStringLiteral("default"));
        QCOMPARE(actual.toVariant(), value.toVariant());
    }

    void annotationsAreHonest()
    {
        ToolHarness h;
        const QStringList readOnly{QStringLiteral("get_video_status"), QStringLiteral("list_videos"), QStringLiteral("get_image_status"),
                                   QStringLiteral("list_local_videos"), QStringLiteral("list_reference_images"),
                                   QStringLiteral("view_media"), QStringLiteral("_get_media_data")};
        const QStringList closedWorld{QStringLiteral("list_local_videos"), QStringLiteral("list_reference_images"),
                                      QStringLiteral("view_media"), QStringLiteral("_get_media_data"),
                                      QStringLiteral("prepare_reference_image")};
        for (const ToolDefinition &tool : h.registry().tools()) {
            QCOMPARE(tool.annotations.readOnly, readOnly.contains(tool.name));
            QCOMPARE(tool.annotations.openWorld, !closedWorld.contains(tool.name));
            QCOMPARE(tool.annotations.destructive, tool.name == QStringLiteral("delete_video"));
        }
        QVERIFY(h.registry().find(QStringLiteral("download_video"))->annotations.idempotent);
        QVERIFY(!h.registry().find(QStringLiteral("create_video"))->annotations.idempotent);
    }

    void apiKeyIsDeclaredOnTheDefinition()
    {
        // Every tool that talks to the API says which key it needs; the registry checks it before the
        // handler runs, so without a key nothing reaches the server.
        ToolHarness h(false);
        for (const ToolDefinition &tool : h.registry().tools()) {
            QCOMPARE(tool.apiKey.has_value(), tool.annotations.openWorld);
            if (tool.apiKey)
                QCOMPARE(*tool.apiKey, tool.name.contains(QLatin1String("video")) ? Provider::Video : Provider::Image);
        }
        const ToolOutcome out =
            h.call(QStringLiteral("get_video_status"), {{QStringLiteral("video_id"), QStringLiteral("video_1")}});
        QCOMPARE(out.errorKind(), ErrorKind::Config);
        QCOMPARE(h.server().requests().size(), 0);
    }

    void validatorAppliesTypesEnumsAndDefaults()
    {
        ToolHarness h;
        const QJsonObject schema = h.registry().find(QStringLiteral("create_image"))->inputSchema;
        // A JSON string for a non-string parameter is parsed first (FastMCP does the same).
        Result<QJsonObject> r = ArgumentValidator::validate(
            QStringLiteral("create_image"), schema,
            {{QStringLiteral("prompt"), QStringLiteral("p")},
             {QStringLiteral("input_images"), QStringLiteral("[\"a.png\",\"b.png\"]")},
             {QStringLiteral("tool_config"), QStringLiteral("{\"type\":\"image_generation\"}")},
             {QStringLiteral("bogus"), 1}});
        QVERIFY(r.ok());
        QCOMPARE(r->value(QStringLiteral("input_images")).toArray().size(), 2);
        QCOMPARE(r->value(QStringLiteral("tool_config")).toObject().value(QStringLiteral("type")).toString(), QStringLiteral("image_generation"));
        QVERIFY(!r->contains(QStringLiteral("bogus")));
        QCOMPARE(r->value(QStringLiteral("model")).toString(), QStringLiteral("gpt-5.2"));

        r = ArgumentValidator::validate(QStringLiteral("create_image"), schema,
                                        {{QStringLiteral("prompt"), QStringLiteral("p")},
                                         {QStringLiteral("tool_config"), QJsonObject{{QStringLiteral("type"), QStringLiteral("other")}}}});
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.contains(QStringLiteral("tool_config.type")));

        r = ArgumentValidator::validate(QStringLiteral("create_image"), schema,
                                        {{QStringLiteral("prompt"), QStringLiteral("p")},
                                         {QStringLiteral("input_images"), QJsonArray{QStringLiteral("a.png"), 3}}});
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.contains(QStringLiteral("input_images[1]")), qPrintable(r.error().message));

        const QJsonObject video = h.registry().find(QStringLiteral("create_video"))->inputSchema;
        // size is any WxH for the schema (gateways have their own); the model table checks known models.
        r = ArgumentValidator::validate(QStringLiteral("create_video"), video,
                                        {{QStringLiteral("prompt"), QStringLiteral("p")}, {QStringLiteral("size"), QStringLiteral("640x480")}});
        QVERIFY(r.ok());
        const QList<ArgumentIssue> issues = h.registry().find(QStringLiteral("create_video"))->prechecks(*r);
        QCOMPARE(issues.size(), 1);
        QCOMPARE(issues[0].field, QStringLiteral("size"));
        QVERIFY2(issues[0].message.contains(QStringLiteral("'size' must be one of \"720x1280\"")), qPrintable(issues[0].message));
        r = ArgumentValidator::validate(QStringLiteral("create_video"), video, {{QStringLiteral("prompt"), 5}});
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.contains(QStringLiteral("'prompt' must be of type string")));
    }

    void nullMeansAbsentForEveryOptionalParameter()
    {
        ToolHarness h;
        for (const ToolDefinition &tool : h.registry().tools()) {
            const QJsonObject props = tool.inputSchema.value(QStringLiteral("properties")).toObject();
            const QJsonArray required = tool.inputSchema.value(QStringLiteral("required")).toArray();
            QJsonObject minimal;
            QJsonObject withNulls;
            for (auto it = props.begin(); it != props.end(); ++it) {
                const QString where = tool.name + QLatin1Char('.') + it.key();
                const QJsonObject p = it.value().toObject();
                const bool optional = !required.contains(it.key());
                // Advertised: ["T","null"] on every optional parameter (and null among its enum values).
                QCOMPARE(p.value(QStringLiteral("type")).toArray().contains(QStringLiteral("null")), optional);
                if (p.contains(QStringLiteral("enum")))
                    QVERIFY2(p.value(QStringLiteral("enum")).toArray().contains(QJsonValue::Null) == optional, qPrintable(where));
                if (optional) {
                    withNulls.insert(it.key(), QJsonValue::Null);
                    continue;
                }
                const QJsonValue sample = p.contains(QStringLiteral("enum")) ? p.value(QStringLiteral("enum")).toArray().first()
                                          : p.value(QStringLiteral("type")).toString() == QStringLiteral("array")
                                              ? QJsonValue(QJsonArray{QStringLiteral("a.png")})
                                              : QJsonValue(QStringLiteral("x"));
                minimal.insert(it.key(), sample);
                withNulls.insert(it.key(), sample);
            }
            const Result<QJsonObject> absent = ArgumentValidator::validate(tool.name, tool.inputSchema, minimal);
            const Result<QJsonObject> nulls = ArgumentValidator::validate(tool.name, tool.inputSchema, withNulls);
            QVERIFY2(absent.ok(), qPrintable(tool.name + QStringLiteral(": ") + (absent ? QString() : absent.error().message)));
            QVERIFY2(nulls.ok(), qPrintable(tool.name + QStringLiteral(": ") + (nulls ? QString() : nulls.error().message)));
            QCOMPARE(*nulls, *absent); // null gets the default, exactly like an omitted argument
        }
        // Nested objects follow the same rule; a required argument stays required.
        const QJsonObject createImage = h.registry().find(QStringLiteral("create_image"))->inputSchema;
        Result<QJsonObject> r = ArgumentValidator::validate(
            QStringLiteral("create_image"), createImage,
            {{QStringLiteral("prompt"), QStringLiteral("p")},
             {QStringLiteral("tool_config"), QJsonObject{{QStringLiteral("type"), QStringLiteral("image_generation")},
                                                         {QStringLiteral("quality"), QJsonValue::Null}}}});
        QVERIFY2(r.ok(), qPrintable(r ? QString() : r.error().message));
        QVERIFY(!r->value(QStringLiteral("tool_config")).toObject().contains(QStringLiteral("quality")));
        r = ArgumentValidator::validate(QStringLiteral("create_video"), h.registry().find(QStringLiteral("create_video"))->inputSchema,
                                        {{QStringLiteral("prompt"), QJsonValue::Null}});
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.contains(QStringLiteral("'prompt' is required")));
        // The string "null" for a non-string parameter parses to null, which is absent too.
        r = ArgumentValidator::validate(QStringLiteral("list_videos"), h.registry().find(QStringLiteral("list_videos"))->inputSchema,
                                        {{QStringLiteral("limit"), QStringLiteral("null")}});
        QVERIFY(r.ok());
        QCOMPARE(r->value(QStringLiteral("limit")).toInt(), 20);
    }

    void referenceSizesCoverTheModelTable()
    {
        ToolHarness h;
        const QJsonArray sizes = h.registry().find(QStringLiteral("prepare_reference_image"))->inputSchema
                                     .value(QStringLiteral("properties")).toObject()
                                     .value(QStringLiteral("target_size")).toObject()
                                     .value(QStringLiteral("enum")).toArray();
        QCOMPARE(sizes.at(0).toString(), QStringLiteral("720x1280")); // sanzaru's four first
        QCOMPARE(sizes.at(3).toString(), QStringLiteral("1792x1024"));
        for (const char *size : {"1344x768", "768x1344", "1536x672"})
            QVERIFY2(sizes.contains(QLatin1String(size)), size);
    }

    void unknownToolFinishesAsynchronouslyWithTheList()
    {
        ToolHarness h;
        ToolOutcome out;
        h.start(QStringLiteral("make_coffee"), {}, &out);
        QVERIFY(!out.result); // never synchronously
        ToolHarness::waitFor(out);
        QVERIFY(out.result && !out.ok());
        QCOMPARE(out.errorKind(), ErrorKind::BadInput);
        QVERIFY(out.errorMessage().contains(QStringLiteral("Unknown tool 'make_coffee'")));
        QVERIFY(out.errorMessage().contains(QStringLiteral("create_video")));
    }
};

QTEST_GUILESS_MAIN(TestToolRegistry)
#include "tst_toolregistry.moc"

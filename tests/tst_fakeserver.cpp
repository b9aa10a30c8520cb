// SPDX-License-Identifier: MIT
// The fake OpenAI server itself: wire shapes, state machines, validation errors, faults, HTTP framing.
#include "fakeopenaiserver.h"
#include "httprequestparser.h"
#include "multipartparser.h"
#include "rawhttpconnection.h"
#include "testhttpclient.h"
#include "testimages.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QImage>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Sanzaru::Testing;

namespace {

QByteArray png(QSize size, bool alpha = false)
{
    QImage image = TestImages::solid(size, QColor(30, 90, 160, alpha ? 0 : 255),
                                     alpha ? QImage::Format_ARGB32 : QImage::Format_RGB888);
    return TestImages::encode(image, "PNG");
}

QImage decode(const QByteArray &bytes, const char *format)
{
    QBuffer buffer;
    buffer.setData(bytes);
    QImageReader reader(&buffer, format);
    return reader.read();
}

QImage decodeB64(const QJsonValue &value, const char *format)
{
    return decode(QByteArray::fromBase64(value.toString().toLatin1()), format);
}

QByteArray rawRequest(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
                      const QByteArray &contentType = {}, const QByteArray &extra = {})
{
    QByteArray r = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sk-test\r\n";
    if (!contentType.isEmpty())
        r += "Content-Type: " + contentType + "\r\n";
    if (!body.isEmpty() || method == "POST")
        r += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return r + extra + "\r\n" + body;
}

const QByteArray Boundary = "XyZ";
QByteArray rawVideoForm(const QByteArray &prompt)
{
    return "--XyZ\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\n" + prompt + "\r\n--XyZ--\r\n";
}

QList<FormField> videoForm(const QByteArray &prompt)
{
    return {FormField::text("prompt", prompt)};
}

} // namespace

class TestFakeServer final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<FakeOpenAiServer> m_server;
    std::unique_ptr<TestHttpClient> m_client;

    QString createVideo(const QByteArray &prompt = "a cat")
    {
        const TestHttpReply r = m_client->postMultipart(QStringLiteral("/videos"), videoForm(prompt));
        return r.status == 200 ? r.json.value(QStringLiteral("id")).toString() : QString();
    }
    QString completeVideo(const QString &id)
    {
        QString status;
        for (int i = 0; i < 3; ++i)
            status = m_client->get(QStringLiteral("/videos/") + id).json.value(QStringLiteral("status")).toString();
        return status;
    }
    int listedVideos()
    {
        return int(m_client->get(QStringLiteral("/videos?limit=100")).json.value(QStringLiteral("data")).toArray().size());
    }

private slots:
    void init()
    {
        m_server = std::make_unique<FakeOpenAiServer>();
        QVERIFY(m_server->start());
        QVERIFY(m_server->port() != 0);
        QCOMPARE(m_server->baseUrl(), QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(m_server->port())));
        m_client = std::make_unique<TestHttpClient>(m_server->baseUrl());
    }
    void cleanup()
    {
        m_client.reset();
        m_server.reset(); // joins the server thread even with stalled connections open
    }

    void createVideoParsesMultipartAndAnswersVideoObject()
    {
        const QByteArray ref = png(QSize(1280, 720));
        const TestHttpReply r = m_client->postMultipart(
            QStringLiteral("/videos"),
            {FormField::text("prompt", "A \"quoted\" prompt"), FormField::text("model", "sora-2-pro"),
             FormField::text("seconds", "8"), FormField::text("size", "1280x720"),
             FormField::file("input_reference", "ref.png", "image/png", ref)});
        QCOMPARE(r.status, 200);
        QVERIFY(r.headers.value("x-request-id").startsWith("req_"));
        QCOMPARE(r.headers.value("openai-version"), QByteArray("2020-10-01"));
        const QStringList fields{"id", "object", "status", "progress", "created_at", "completed_at", "expires_at",
                                 "model", "prompt", "seconds", "size", "remixed_from_video_id", "error"};
        for (const QString &f : fields)
            QVERIFY2(r.json.contains(f), qPrintable(f));
        QVERIFY(r.json.value(QStringLiteral("id")).toString().startsWith(QLatin1String("video_")));
        QCOMPARE(r.json.value(QStringLiteral("status")).toString(), QStringLiteral("queued"));
        QCOMPARE(r.json.value(QStringLiteral("seconds")).toString(), QStringLiteral("8"));
        QCOMPARE(r.json.value(QStringLiteral("prompt")).toString(), QStringLiteral("A \"quoted\" prompt"));
        QVERIFY(r.json.value(QStringLiteral("completed_at")).isNull());

        const RecordedRequest rec = m_server->requestsMatching("POST", QStringLiteral("/v1/videos")).value(0);
        QVERIFY(rec.multipartValid);
        QCOMPARE(rec.parts.size(), 5);
        const MultipartPart *file = rec.part("input_reference");
        QVERIFY(file && file->isFile());
        QCOMPARE(file->filename, QByteArray("ref.png"));
        QCOMPARE(file->mimeType(), QByteArray("image/png"));
        QCOMPARE(file->data, ref);
        QCOMPARE(rec.part("model")->text(), QStringLiteral("sora-2-pro"));
    }

    void createVideoRejects_data()
    {
        QTest::addColumn<QList<FormField>>("form");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("messagePart");
        const QByteArray wrongSize = png(QSize(64, 64));
        QTest::newRow("no prompt") << QList<FormField>{FormField::text("model", "sora-2")}
                                   << QStringLiteral("missing_required_parameter") << QStringLiteral("'prompt'");
        QTest::newRow("seconds") << QList<FormField>{FormField::text("prompt", "p"), FormField::text("seconds", "5")}
                                 << QStringLiteral("invalid_value") << QStringLiteral("'4', '8', and '12'");
        QTest::newRow("pro size") << QList<FormField>{FormField::text("prompt", "p"),
                                                      FormField::text("size", "1024x1792")}
                                  << QStringLiteral("invalid_value") << QStringLiteral("sora-2-pro");
        QTest::newRow("unknown") << QList<FormField>{FormField::text("prompt", "p"), FormField::text("fps", "24")}
                                 << QStringLiteral("unknown_parameter") << QStringLiteral("'fps'");
        QTest::newRow("octet") << QList<FormField>{FormField::text("prompt", "p"),
                                                   FormField::file("input_reference", "r.png",
                                                                   "application/octet-stream", wrongSize)}
                               << QStringLiteral("unsupported_file_mimetype")
                               << QStringLiteral("Invalid file 'input_reference': unsupported mimetype "
                                                 "('application/octet-stream')");
        QTest::newRow("ref size") << QList<FormField>{FormField::text("prompt", "p"),
                                                      FormField::file("input_reference", "r.png", "image/png", wrongSize)}
                                  << QStringLiteral("invalid_value")
                                  << QStringLiteral("Inpaint image must match the requested width and height");
    }
    void createVideoRejects()
    {
        QFETCH(QList<FormField>, form);
        QFETCH(QString, code);
        QFETCH(QString, messagePart);
        const TestHttpReply r = m_client->postMultipart(QStringLiteral("/videos"), form);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.errorCode(), code);
        QCOMPARE(r.errorObject().value(QStringLiteral("type")).toString(), QStringLiteral("invalid_request_error"));
        QVERIFY2(r.errorObject().value(QStringLiteral("message")).toString().contains(messagePart), r.body.constData());
        QVERIFY(r.errorObject().contains(QStringLiteral("param")));
        QCOMPARE(listedVideos(), 0);
    }

    void createVideoRefusesJson()
    {
        const TestHttpReply r = m_client->postJson(QStringLiteral("/videos"), {{QStringLiteral("prompt"), "x"}});
        QCOMPARE(r.status, 400);
        QVERIFY(r.errorObject().value(QStringLiteral("message")).toString().startsWith(QLatin1String("Unsupported content type")));
    }

    void videoAdvancesOneStepPerGet()
    {
        const QString id = createVideo();
        QVERIFY(!id.isEmpty());
        const QList<std::pair<QString, int>> steps{{"in_progress", 33}, {"in_progress", 67}, {"completed", 100}};
        for (const auto &[status, progress] : steps) {
            const TestHttpReply r = m_client->get(QStringLiteral("/videos/") + id);
            QCOMPARE(r.json.value(QStringLiteral("status")).toString(), status);
            QCOMPARE(r.json.value(QStringLiteral("progress")).toInt(), progress);
        }
        const QJsonObject done = m_client->get(QStringLiteral("/videos/") + id).json;
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
        QCOMPARE(done.value(QStringLiteral("expires_at")).toInteger(),
                 done.value(QStringLiteral("completed_at")).toInteger() + 24 * 3600);
        QCOMPARE(m_server->video(id), done);

        const QString failing = createVideo("boom [fake:fail]");
        QCOMPARE(completeVideo(failing), QStringLiteral("failed"));
        const QJsonObject error = m_server->video(failing).value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("moderation_blocked"));
        QVERIFY(!error.value(QStringLiteral("message")).toString().isEmpty());
    }

    void unknownIdsAndRoutesAre404()
    {
        for (const QByteArray &method : {QByteArray("GET"), QByteArray("DELETE")}) {
            const TestHttpReply r = TestHttpClient::wait(m_client->send(method, QStringLiteral("/videos/video_nope")));
            QCOMPARE(r.status, 404);
            QVERIFY(r.errorObject().value(QStringLiteral("message")).toString().contains(QLatin1String("video_nope")));
        }
        const TestHttpReply edits = m_client->postMultipart(QStringLiteral("/videos/edits"), videoForm("p"));
        QCOMPARE(edits.status, 404);
        QCOMPARE(edits.errorObject().value(QStringLiteral("message")).toString(),
                 QStringLiteral("Invalid URL (POST /v1/videos/edits)"));
        const TestHttpReply route = m_client->get(QStringLiteral("/nothing/here?x=1"));
        QCOMPARE(route.status, 404);
        QCOMPARE(route.errorObject().value(QStringLiteral("message")).toString(),
                 QStringLiteral("Invalid URL (GET /v1/nothing/here)"));
        QVERIFY(route.errorObject().value(QStringLiteral("code")).isNull());
    }

    void listPaginatesWithAfterLastId()
    {
        QStringList ids; // created_at ascending: ids[0] oldest
        for (int i = 0; i < 5; ++i)
            ids.append(m_server->addCompletedVideo({{QStringLiteral("created_at"), 1700000000 + i}}));
        QStringList seen;
        QString after;
        bool more = true;
        int pages = 0;
        while (more && pages++ < 5) {
            const QString query = QStringLiteral("/videos?limit=2") + (after.isEmpty() ? QString() : QStringLiteral("&after=") + after);
            const QJsonObject page = m_client->get(query).json;
            QCOMPARE(page.value(QStringLiteral("object")).toString(), QStringLiteral("list"));
            const QJsonArray data = page.value(QStringLiteral("data")).toArray();
            for (const QJsonValue &v : data)
                seen.append(v.toObject().value(QStringLiteral("id")).toString());
            QCOMPARE(page.value(QStringLiteral("first_id")).toString(), data.first().toObject().value(QStringLiteral("id")).toString());
            after = page.value(QStringLiteral("last_id")).toString();
            more = page.value(QStringLiteral("has_more")).toBool();
        }
        QCOMPARE(pages, 3);
        std::reverse(ids.begin(), ids.end()); // default order is desc
        QCOMPARE(seen, ids);
        const QJsonObject asc = m_client->get(QStringLiteral("/videos?order=asc&limit=1")).json;
        QCOMPARE(asc.value(QStringLiteral("last_id")).toString(), ids.last());
        QVERIFY(asc.value(QStringLiteral("has_more")).toBool());
        QCOMPARE(m_client->get(QStringLiteral("/videos?after=video_unknown")).status, 400);
        QCOMPARE(m_client->get(QStringLiteral("/videos?limit=101")).status, 400);
        QCOMPARE(m_client->get(QStringLiteral("/videos?order=sideways")).errorCode(), QStringLiteral("invalid_value"));
    }

    void deleteAndRemixFollowTheJobState()
    {
        const QString id = createVideo();
        QCOMPARE(m_client->del(QStringLiteral("/videos/") + id).status, 400);
        const QJsonObject remixBody{{QStringLiteral("prompt"), QStringLiteral("now in blue")}};
        QCOMPARE(m_client->postJson(QStringLiteral("/videos/%1/remix").arg(id), remixBody).status, 400);
        QCOMPARE(m_client->get(QStringLiteral("/videos/%1/content").arg(id)).status, 404);
        QCOMPARE(completeVideo(id), QStringLiteral("completed"));

        QCOMPARE(m_client->postMultipart(QStringLiteral("/videos/%1/remix").arg(id), videoForm("x")).status, 400);
        const TestHttpReply remix = m_client->postJson(QStringLiteral("/videos/%1/remix").arg(id), remixBody);
        QCOMPARE(remix.status, 200);
        QCOMPARE(remix.json.value(QStringLiteral("remixed_from_video_id")).toString(), id);
        QCOMPARE(remix.json.value(QStringLiteral("status")).toString(), QStringLiteral("queued"));
        QVERIFY(remix.json.value(QStringLiteral("id")).toString() != id);

        const TestHttpReply deleted = m_client->del(QStringLiteral("/videos/") + id);
        QCOMPARE(deleted.status, 200);
        QCOMPARE(deleted.json, (QJsonObject{{QStringLiteral("id"), id},
                                            {QStringLiteral("object"), QStringLiteral("video.deleted")},
                                            {QStringLiteral("deleted"), true}}));
        QCOMPARE(m_client->del(QStringLiteral("/videos/") + id).status, 404);
    }

    void contentBytesMatchVideoContent()
    {
        m_server->setVideoContentSize(300001);
        const QString id = m_server->addCompletedVideo({{QStringLiteral("size"), QStringLiteral("1280x720")}});
        const TestHttpReply video = m_client->get(QStringLiteral("/videos/%1/content").arg(id));
        QCOMPARE(video.status, 200);
        QCOMPARE(video.headers.value("content-type"), QByteArray("video/mp4"));
        QCOMPARE(video.headers.value("content-length"), QByteArray("300001"));
        QCOMPARE(video.body, m_server->videoContent(id));
        QCOMPARE(video.body.mid(4, 4), QByteArray("ftyp"));
        QVERIFY(m_server->videoContent(m_server->addCompletedVideo()) != video.body); // per-id header

        const TestHttpReply thumb = m_client->get(QStringLiteral("/videos/%1/content?variant=thumbnail").arg(id));
        QCOMPARE(thumb.headers.value("content-type"), QByteArray("image/webp"));
        QCOMPARE(thumb.body, m_server->videoContent(id, QStringLiteral("thumbnail")));
        QCOMPARE(decode(thumb.body, "webp").size(), QSize(320, 180));
        const TestHttpReply sprite = m_client->get(QStringLiteral("/videos/%1/content?variant=spritesheet").arg(id));
        QCOMPARE(sprite.headers.value("content-type"), QByteArray("image/jpeg"));
        QVERIFY(!decode(sprite.body, "jpeg").isNull());
        QCOMPARE(m_client->get(QStringLiteral("/videos/%1/content?variant=gif").arg(id)).status, 400);
        QCOMPARE(m_server->requestsMatching("GET", QStringLiteral("/v1/videos/*")).first().rawQuery, QByteArray());
    }

    void concurrentDownloadsAreComplete()
    {
        m_server->setVideoContentSize(2 * 1024 * 1024 + 3);
        QList<QNetworkReply *> replies;
        QStringList ids;
        for (int i = 0; i < 8; ++i) {
            ids.append(m_server->addCompletedVideo());
            replies.append(m_client->send("GET", QStringLiteral("/videos/%1/content").arg(ids.last())));
        }
        for (int i = 0; i < replies.size(); ++i) {
            const TestHttpReply r = TestHttpClient::wait(replies[i]);
            QCOMPARE(r.body.size(), 2 * 1024 * 1024 + 3);
            QVERIFY(r.body == m_server->videoContent(ids[i]));
        }
    }

    void authIsRequired()
    {
        m_client->setApiKey({});
        TestHttpReply r = m_client->get(QStringLiteral("/videos"));
        QCOMPARE(r.status, 401);
        QCOMPARE(r.errorCode(), QStringLiteral("invalid_api_key"));
        m_client->setApiKey("sk-wrong-key-123");
        r = m_client->get(QStringLiteral("/videos"));
        QCOMPARE(r.status, 401);
        QVERIFY(!r.body.contains("sk-wrong-key-123")); // the key is masked
        m_server->setApiKey("sk-wrong-key-123");
        QCOMPARE(m_client->get(QStringLiteral("/videos")).status, 200);
    }

    void imageGenerationReturnsRealPictures()
    {
        TestHttpReply r = m_client->postJson(QStringLiteral("/images/generations"),
                                             {{QStringLiteral("prompt"), QStringLiteral("a fox")},
                                              {QStringLiteral("model"), QStringLiteral("gpt-image-2")},
                                              {QStringLiteral("size"), QStringLiteral("1536x1024")},
                                              {QStringLiteral("n"), 2}});
        QCOMPARE(r.status, 200);
        const QJsonArray data = r.json.value(QStringLiteral("data")).toArray();
        QCOMPARE(data.size(), 2);
        QCOMPARE(decodeB64(data[0].toObject().value(QStringLiteral("b64_json")), "png").size(), QSize(1536, 1024));
        QCOMPARE(r.json.value(QStringLiteral("size")).toString(), QStringLiteral("1536x1024"));
        QCOMPARE(r.json.value(QStringLiteral("output_format")).toString(), QStringLiteral("png"));
        QVERIFY(r.json.value(QStringLiteral("quality")).toString() != QLatin1String("auto"));
        QVERIFY(r.json.value(QStringLiteral("usage")).toObject().value(QStringLiteral("total_tokens")).toInt() > 0);

        r = m_client->postJson(QStringLiteral("/images/generations"), {{QStringLiteral("prompt"), QStringLiteral("x")},
                                                                      {QStringLiteral("output_format"), QStringLiteral("jpeg")}});
        QCOMPARE(decodeB64(r.json[QStringLiteral("data")][0][QStringLiteral("b64_json")], "jpeg").size(), QSize(1024, 1024));

        r = m_client->postJson(QStringLiteral("/images/generations"), {{QStringLiteral("prompt"), QStringLiteral("x")},
                                                                      {QStringLiteral("response_format"), QStringLiteral("b64_json")}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.errorCode(), QStringLiteral("unknown_parameter"));
        QCOMPARE(r.errorObject().value(QStringLiteral("param")).toString(), QStringLiteral("response_format"));
        QCOMPARE(m_client->postJson(QStringLiteral("/images/generations"), {{QStringLiteral("n"), 1}}).errorCode(),
                 QStringLiteral("missing_required_parameter"));

        r = m_client->postJson(QStringLiteral("/images/generations"), {{QStringLiteral("prompt"), QStringLiteral("[fake:empty]")}});
        QCOMPARE(r.json.value(QStringLiteral("data")).toArray().size(), 0);
        QVERIFY(r.json.contains(QStringLiteral("usage")));
        r = m_client->postJson(QStringLiteral("/images/generations"), {{QStringLiteral("prompt"), QStringLiteral("[fake:nob64]")}});
        QCOMPARE(r.json.value(QStringLiteral("data")).toArray(), QJsonArray{QJsonObject()});
    }

    void imageEditsValidateParts()
    {
        const QByteArray image = png(QSize(256, 256));
        const auto post = [this](const QList<FormField> &fields) {
            return m_client->postMultipart(QStringLiteral("/images/edits"), fields);
        };
        const FormField prompt = FormField::text("prompt", "make it red");
        const FormField img = FormField::file("image", "a.png", "image/png", image);
        const FormField arr = FormField::file("image[]", "a.png", "image/png", image);

        TestHttpReply r = post({prompt, img, img});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.errorCode(), QStringLiteral("duplicate_parameter"));
        QCOMPARE(post({prompt, img, arr}).status, 400);
        QCOMPARE(post({prompt, img, FormField::text("moderation", "low")}).errorCode(), QStringLiteral("unknown_parameter"));
        QCOMPARE(post({prompt, FormField::file("image", "a.png", "application/octet-stream", image)}).errorCode(),
                 QStringLiteral("unsupported_file_mimetype"));
        QCOMPARE(post({prompt, img, FormField::file("mask", "m.png", "image/png", png(QSize(256, 256)))}).status, 400);
        QCOMPARE(post({prompt, img, FormField::file("mask", "m.png", "image/png", png(QSize(128, 128), true))}).status, 400);

        r = post({prompt, img, FormField::file("mask", "m.png", "image/png", png(QSize(256, 256), true)),
                  FormField::text("input_fidelity", "high"), FormField::text("n", "1")});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(QStringLiteral("data")).toArray().size(), 1);
        r = post({arr, arr, prompt, FormField::text("size", "1024x1536")});
        QCOMPARE(r.status, 200);
        QCOMPARE(decodeB64(r.json[QStringLiteral("data")][0][QStringLiteral("b64_json")], "png").size(), QSize(1024, 1536));
    }

    void filesUploadReturnsFileObject()
    {
        const TestHttpReply r = m_client->postMultipart(
            QStringLiteral("/files"), {FormField::file("file", "mask.png", "image/png", png(QSize(8, 8), true)),
                                       FormField::text("purpose", "vision")});
        QCOMPARE(r.status, 200);
        QVERIFY(r.json.value(QStringLiteral("id")).toString().startsWith(QLatin1String("file-")));
        QCOMPARE(r.json.value(QStringLiteral("filename")).toString(), QStringLiteral("mask.png"));
        QCOMPARE(r.json.value(QStringLiteral("bytes")).toInt(), png(QSize(8, 8), true).size());
    }

    void responsesFinishOnSecondPoll()
    {
        const QJsonArray tools{QJsonObject{{QStringLiteral("type"), QStringLiteral("image_generation")},
                                           {QStringLiteral("size"), QStringLiteral("1024x1536")}}};
        const auto create = [&](const QString &input) {
            return m_client->postJson(QStringLiteral("/responses"), {{QStringLiteral("model"), QStringLiteral("gpt-5.2")},
                                                                     {QStringLiteral("input"), input},
                                                                     {QStringLiteral("tools"), tools},
                                                                     {QStringLiteral("background"), true}});
        };
        const TestHttpReply created = create(QStringLiteral("draw a boat"));
        QCOMPARE(created.json.value(QStringLiteral("status")).toString(), QStringLiteral("queued"));
        const QString id = created.json.value(QStringLiteral("id")).toString();
        QVERIFY(id.startsWith(QLatin1String("resp_")));
        QCOMPARE(m_client->get(QStringLiteral("/responses/") + id).json.value(QStringLiteral("status")).toString(),
                 QStringLiteral("in_progress"));
        const QJsonObject done = m_client->get(QStringLiteral("/responses/") + id).json;
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
        const QJsonObject call = done.value(QStringLiteral("output")).toArray().first().toObject();
        QCOMPARE(call.value(QStringLiteral("type")).toString(), QStringLiteral("image_generation_call"));
        QCOMPARE(decodeB64(call.value(QStringLiteral("result")), "png").size(), QSize(1024, 1536));

        const QString refused = create(QStringLiteral("[fake:refuse]")).json.value(QStringLiteral("id")).toString();
        m_client->get(QStringLiteral("/responses/") + refused);
        const QJsonArray output = m_client->get(QStringLiteral("/responses/") + refused).json.value(QStringLiteral("output")).toArray();
        QCOMPARE(output.size(), 1);
        QCOMPARE(output[0][QStringLiteral("type")].toString(), QStringLiteral("message"));
        QCOMPARE(output[0][QStringLiteral("content")][0][QStringLiteral("text")].toString(), QStringLiteral("I can't help with that."));

        const QString failing = create(QStringLiteral("[fake:fail]")).json.value(QStringLiteral("id")).toString();
        m_client->get(QStringLiteral("/responses/") + failing);
        QCOMPARE(m_client->get(QStringLiteral("/responses/") + failing).json.value(QStringLiteral("status")).toString(),
                 QStringLiteral("failed"));

        const TestHttpReply chained = m_client->postJson(QStringLiteral("/responses"), {{QStringLiteral("model"), QStringLiteral("m")},
                                                                                        {QStringLiteral("input"), QStringLiteral("x")},
                                                                                        {QStringLiteral("previous_response_id"), QStringLiteral("resp_nope")}});
        QCOMPARE(chained.errorCode(), QStringLiteral("previous_response_not_found"));

        const QString toCancel = create(QStringLiteral("draw")).json.value(QStringLiteral("id")).toString();
        QCOMPARE(TestHttpClient::wait(m_client->send("POST", QStringLiteral("/responses/%1/cancel").arg(toCancel)))
                     .json.value(QStringLiteral("status")).toString(),
                 QStringLiteral("cancelled"));
        QCOMPARE(m_client->del(QStringLiteral("/responses/") + id).json.value(QStringLiteral("deleted")).toBool(), true);
        QCOMPARE(m_client->get(QStringLiteral("/responses/") + id).status, 404);
    }

    // ---- faults ----

    void statusFaultDoesNotExecute()
    {
        m_server->addFault("POST", QStringLiteral("/v1/vid*"), Fault::httpStatus(429, {{"Retry-After", "1"}}));
        TestHttpReply r = m_client->postMultipart(QStringLiteral("/videos"), videoForm("p"));
        QCOMPARE(r.status, 429);
        QCOMPARE(r.headers.value("retry-after"), QByteArray("1"));
        QCOMPARE(r.errorCode(), QStringLiteral("rate_limit_exceeded"));
        QVERIFY(r.headers.value("x-request-id").startsWith("req_"));
        QCOMPARE(listedVideos(), 0);
        QCOMPARE(m_server->pendingFaultCount(), 0);
        QCOMPARE(m_client->postMultipart(QStringLiteral("/videos"), videoForm("p")).status, 200);

        m_server->addFault("GET", QStringLiteral("/v1/videos"), Fault::httpStatus(503, {{"x-should-retry", "false"}}, -1));
        for (int i = 0; i < 3; ++i) {
            r = m_client->get(QStringLiteral("/videos"));
            QCOMPARE(r.status, 503);
            QCOMPARE(r.headers.value("x-should-retry"), QByteArray("false"));
        }
        QCOMPARE(m_server->requestCount("GET", QStringLiteral("/v1/videos")), 3);
    }

    void dropBeforeResponseExecutesThePost()
    {
        m_server->addFault("POST", QStringLiteral("/v1/videos"), Fault::of(Fault::Kind::DropBeforeResponse));
        RawHttpConnection raw(m_server->port());
        QVERIFY(raw.isConnected());
        raw.send(rawRequest("POST", "/v1/videos", rawVideoForm("lost reply"), "multipart/form-data; boundary=" + Boundary));
        QVERIFY(raw.waitForClosed());
        QCOMPARE(raw.received(), QByteArray());
        const QJsonArray data = m_client->get(QStringLiteral("/videos")).json.value(QStringLiteral("data")).toArray();
        QCOMPARE(data.size(), 1);
        QCOMPARE(data[0][QStringLiteral("prompt")].toString(), QStringLiteral("lost reply"));
    }

    void dropBeforeRequestDoesNotExecute()
    {
        m_server->addFault({}, QStringLiteral("*"), Fault::of(Fault::Kind::DropBeforeRequest));
        RawHttpConnection raw(m_server->port());
        raw.send(rawRequest("POST", "/v1/videos", rawVideoForm("never"), "multipart/form-data; boundary=" + Boundary));
        QVERIFY(raw.waitForClosed());
        QCOMPARE(raw.received(), QByteArray());
        QCOMPARE(listedVideos(), 0);
        QCOMPARE(m_server->requestCount("POST", QStringLiteral("/v1/videos")), 1);
    }

    void dropMidBodyCutsTheDownload()
    {
        m_server->setVideoContentSize(200000);
        const QString id = m_server->addCompletedVideo();
        m_server->addFault("GET", QStringLiteral("/v1/videos/*"), Fault::of(Fault::Kind::DropMidBody));
        RawHttpConnection raw(m_server->port());
        raw.send(rawRequest("GET", "/v1/videos/" + id.toLatin1() + "/content"));
        QVERIFY(raw.waitForClosed());
        const QByteArray got = raw.received();
        QVERIFY(got.contains("Content-Length: 200000\r\n"));
        const QByteArray body = got.mid(got.indexOf("\r\n\r\n") + 4);
        QCOMPARE(body.size(), 100000);
        QCOMPARE(body, m_server->videoContent(id).left(100000));

        m_server->addFault("GET", QStringLiteral("/v1/videos/*"), Fault::of(Fault::Kind::DropMidBody));
        const TestHttpReply r = m_client->get(QStringLiteral("/videos/%1/content").arg(id));
        qDebug() << "DBG midbody" << r.error << r.body.size() << m_server->requestCount("GET", QStringLiteral("/v1/videos/*"));
        QVERIFY(r.error != QNetworkReply::NoError);
        QVERIFY(r.body.size() < 200000);
    }

    void slowBodyDeliversEverything()
    {
        m_server->setVideoContentSize(64 * 1024);
        const QString id = m_server->addCompletedVideo();
        m_server->addFault("GET", QStringLiteral("/v1/videos/*"), Fault::slowBody(8192, 15));
        QNetworkReply *reply = m_client->send("GET", QStringLiteral("/videos/%1/content").arg(id));
        QSignalSpy progress(reply, &QNetworkReply::downloadProgress);
        QElapsedTimer timer;
        timer.start();
        const TestHttpReply r = TestHttpClient::wait(reply);
        QCOMPARE(r.error, QNetworkReply::NoError);
        QCOMPARE(r.body, m_server->videoContent(id));
        QVERIFY(timer.elapsed() >= 7 * 15 - 10); // 8 chunks, 7 gaps
        qDebug() << "DBG slow" << progress.size() << timer.elapsed();
        QVERIFY(progress.size() >= 4);
    }

    void stallBodyStallsAfterPart()
    {
        m_server->setVideoContentSize(100000);
        const QString id = m_server->addCompletedVideo();
        Fault stall = Fault::of(Fault::Kind::StallBody);
        stall.stallAfterBytes = 30000;
        m_server->addFault("GET", QStringLiteral("/v1/videos/*"), stall);
        QNetworkRequest request = m_client->request(QStringLiteral("/videos/%1/content").arg(id));
        request.setTransferTimeout(400);
        QNetworkReply *reply = m_client->manager().get(request);
        QSignalSpy progress(reply, &QNetworkReply::downloadProgress);
        const TestHttpReply r = TestHttpClient::wait(reply);
        QCOMPARE(r.status, 200);
        QVERIFY(r.error != QNetworkReply::NoError);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toLongLong(), 30000);
    }

    void stallHeadersNeverAnswers()
    {
        m_server->addFault("GET", QStringLiteral("/v1/videos"), Fault::of(Fault::Kind::StallHeaders));
        QNetworkRequest request = m_client->request(QStringLiteral("/videos"));
        request.setTransferTimeout(300);
        const TestHttpReply r = TestHttpClient::wait(m_client->manager().get(request));
        QVERIFY(r.error != QNetworkReply::NoError);
        QCOMPARE(r.status, 0);
        QCOMPARE(m_server->requestCount("GET", QStringLiteral("/v1/videos")), 1);
    }

    void malformedJsonIsTruncated()
    {
        m_server->addFault("POST", QStringLiteral("/v1/videos"), Fault::of(Fault::Kind::MalformedJson));
        const TestHttpReply r = m_client->postMultipart(QStringLiteral("/videos"), videoForm("p"));
        QCOMPARE(r.status, 200);
        QVERIFY(r.headers.value("content-type").startsWith("application/json"));
        QVERIFY(!r.body.isEmpty());
        QJsonParseError error{};
        QJsonDocument::fromJson(r.body, &error);
        QVERIFY(error.error != QJsonParseError::NoError);
    }

    // ---- HTTP framing ----

    void chunkedRequestBody()
    {
        RawHttpConnection raw(m_server->port());
        const QByteArray json = R"({"model":"gpt-5.2","input":"hello chunks"})";
        QByteArray chunked;
        for (qsizetype i = 0; i < json.size(); i += 10) {
            const QByteArray piece = json.mid(i, 10);
            chunked += QByteArray::number(piece.size(), 16) + ";ext=1\r\n" + piece + "\r\n";
        }
        chunked += "0\r\nX-Trailer: t\r\n\r\n";
        raw.send(rawRequest("POST", "/v1/responses", {}, "application/json", "Transfer-Encoding: chunked\r\n")
                     .replace("Content-Length: 0\r\n", "") + chunked);
        const QList<RawHttpResponse> responses = raw.readResponses(1);
        QCOMPARE(responses.size(), 1);
        QCOMPARE(responses[0].status, 200);
        const RecordedRequest rec = m_server->requestsMatching("POST", QStringLiteral("/v1/responses")).value(0);
        QVERIFY(rec.chunked);
        QCOMPARE(rec.body, json);
        QCOMPARE(rec.json.value(QStringLiteral("input")).toString(), QStringLiteral("hello chunks"));
    }

    void keepAliveServesPipelinedRequests()
    {
        const QString id = m_server->addCompletedVideo();
        RawHttpConnection raw(m_server->port());
        raw.send(rawRequest("GET", "/v1/videos/" + id.toLatin1()) + rawRequest("GET", "/v1/videos?limit=1") +
                 rawRequest("GET", "/v1/nope"));
        const QList<RawHttpResponse> responses = raw.readResponses(3);
        QCOMPARE(responses.size(), 3);
        QCOMPARE(responses[0].status, 200);
        QCOMPARE(QJsonDocument::fromJson(responses[0].body)[QStringLiteral("id")].toString(), id);
        QCOMPARE(QJsonDocument::fromJson(responses[1].body)[QStringLiteral("object")].toString(), QStringLiteral("list"));
        QCOMPARE(responses[2].status, 404);
        QCOMPARE(m_server->connectionsAccepted(), 1);
    }

    void requestParserHandlesSplitInput()
    {
        const QByteArray two = "POST /v1/x HTTP/1.1\r\nContent-Length: 5\r\nX-A: 1\r\nX-A: 2\r\n\r\nhello"
                               "GET /v1/y?q=1 HTTP/1.0\r\n\r\n";
        HttpRequestParser parser;
        for (char c : two)
            parser.feed(QByteArray(1, c));
        QVERIFY(parser.hasRequest());
        const HttpRequest first = parser.takeRequest();
        QCOMPARE(first.body, QByteArray("hello"));
        QCOMPARE(first.headers.value("x-a"), QByteArray("1, 2"));
        QVERIFY(first.keepAlive);
        const HttpRequest second = parser.takeRequest();
        QCOMPARE(second.target, QByteArray("/v1/y?q=1"));
        QVERIFY(!second.keepAlive);
        QVERIFY(parser.isIdle());

        HttpRequestParser smuggle;
        smuggle.feed("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n");
        QVERIFY(smuggle.hasError());
        QCOMPARE(smuggle.errorStatus(), 400);
    }

    void multipartParserHandlesQuotingAndErrors()
    {
        const QByteArray type = "multipart/form-data; boundary=\"b;1\"";
        QCOMPARE(MultipartParser::boundaryOf(type), QByteArray("b;1"));
        const QByteArray body = "preamble\r\n--b;1\r\nContent-Disposition: form-data; name=\"f\"; "
                                "filename=\"a\\\"b.png\"\r\nContent-Type: image/png\r\n\r\n\r\n--b;\r\n--b;1--\r\n";
        const auto parts = MultipartParser::parse(body, "b;1");
        QVERIFY(parts);
        QCOMPARE(parts->size(), 1);
        QCOMPARE(parts->first().filename, QByteArray("a\"b.png"));
        QCOMPARE(parts->first().data, QByteArray("\r\n--b;"));
        QString error;
        QVERIFY(!MultipartParser::parse("--b;1\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nno end", "b;1", &error));
        QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestFakeServer)
#include "tst_fakeserver.moc"

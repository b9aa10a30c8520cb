// SPDX-License-Identifier: MIT
// The creation forms: they validate exactly as the tools do (compared with the real tools run through the
// ToolRegistry against the fake OpenAI server), submit exactly the tool arguments, show the cost, and
// accept dropped reference images.
#include "toolharness.h"

#include "imagedropzone.h"
#include "imageform.h"
#include "jobs/formvalidator.h"
#include "jobs/pricingtable.h"
#include "tools/responsesimagetools.h"
#include "videoform.h"

#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QImage>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Sanzaru::Core;
using namespace Sanzaru::Testing;
using Sanzaru::Ui::ImageDropZone;
using Sanzaru::Ui::ImageForm;
using Sanzaru::Ui::VideoForm;

Q_DECLARE_METATYPE(Sanzaru::Core::JobKind)

namespace {

template <typename T> T *child(QWidget *parent, const char *name)
{
    T *w = parent->findChild<T *>(QLatin1String(name));
    if (!w)
        qFatal("no child widget named %s", name);
    return w;
}

void selectData(QComboBox *combo, const QString &value)
{
    const int index = combo->findData(value);
    QVERIFY2(index >= 0, qPrintable(value));
    combo->setCurrentIndex(index);
}

QStringList messages(const QList<ArgumentIssue> &issues)
{
    QStringList out;
    for (const ArgumentIssue &i : issues)
        out.append(i.field + QStringLiteral(": ") + i.message);
    return out;
}

// Sends a synthetic drag-enter + drop carrying these URLs; returns whether the drop was accepted.
bool dropUrls(QWidget *zone, const QList<QUrl> &urls, bool *enterAccepted)
{
    QMimeData data;
    data.setUrls(urls);
    const QPoint pos = zone->rect().center();
    QDragEnterEvent enter(pos, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(zone, &enter);
    *enterAccepted = enter.isAccepted();
    QDropEvent drop(QPointF(pos), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(zone, &drop);
    return drop.isAccepted();
}

} // namespace

class TestForms final : public QObject
{
    Q_OBJECT

    std::unique_ptr<ToolHarness> m_harness;
    PricingTable m_pricing = PricingTable::load();

    const ToolRegistry *registry() { return &m_harness->registry(); }

    // What the real tool says for these arguments ("" when it succeeds).
    QString toolError(JobKind kind, const QJsonObject &args)
    {
        const ToolOutcome outcome = m_harness->call(startToolName(kind), args);
        if (!outcome.result)
            return QStringLiteral("<no result>");
        return outcome.ok() ? QString() : outcome.errorMessage();
    }

    // The form's single issue and the tool's error must say the same thing.
    void compareWithTool(JobKind kind, const QJsonObject &args, const QList<ArgumentIssue> &issues,
                         bool schemaIssue)
    {
        QCOMPARE(issues.size(), 1);
        const QString expected = schemaIssue ? QStringLiteral("Invalid arguments for %1: %2")
                                                   .arg(startToolName(kind), issues.first().message)
                                             : issues.first().message;
        QCOMPARE(toolError(kind, args), expected);
    }

private slots:
    void initTestCase()
    {
        qRegisterMetaType<JobKind>();
        m_harness = std::make_unique<ToolHarness>();
        QVERIFY(m_harness->started());
        QVERIFY(!m_pricing.videoModels().isEmpty());
    }

    void cleanupTestCase() { m_harness.reset(); }

    // --- video form ---

    void videoFormRequiresPrompt()
    {
        VideoForm form(registry(), m_pricing);
        auto *submit = child<QPushButton>(&form, "submit");
        auto *promptIssue = child<QLabel>(&form, "promptIssue");
        QVERIFY(!form.isValid());
        QVERIFY(!submit->isEnabled());
        QVERIFY(!promptIssue->isHidden());
        QCOMPARE(promptIssue->text(), FormValidator::promptRequiredMessage());
        // The disabled button says why.
        QVERIFY(submit->toolTip().contains(FormValidator::promptRequiredMessage()));
        // The tool itself accepts an empty prompt; the form is stricter on purpose.
        QVERIFY(!m_harness->registry().find(QStringLiteral("create_video"))->inputSchema.isEmpty());

        child<QPlainTextEdit>(&form, "prompt")->setPlainText(QStringLiteral("   "));
        QVERIFY(!submit->isEnabled());
        child<QPlainTextEdit>(&form, "prompt")->setPlainText(QStringLiteral("A fox in the snow"));
        QVERIFY(form.isValid());
        QVERIFY(submit->isEnabled());
        QVERIFY(promptIssue->isHidden());
        QVERIFY(!submit->toolTip().contains(FormValidator::promptRequiredMessage()));

        QSignalSpy spy(&form, &VideoForm::submitRequested);
        child<QPlainTextEdit>(&form, "prompt")->clear();
        form.submit(); // invalid: nothing is sent
        QCOMPARE(spy.count(), 0);
    }

    void videoSubmitCarriesExactlyTheToolArguments()
    {
        VideoForm form(registry(), m_pricing);
        QSignalSpy spy(&form, &VideoForm::submitRequested);
        form.setPrompt(QStringLiteral("A fox in the snow"));
        child<QComboBox>(&form, "model")->setEditText(QStringLiteral("sora-2-pro"));
        selectData(child<QComboBox>(&form, "seconds"), QStringLiteral("8"));
        selectData(child<QComboBox>(&form, "size"), QStringLiteral("1792x1024"));
        form.setReference(QStringLiteral("fox_1792x1024.png"));
        QTest::mouseClick(child<QPushButton>(&form, "submit"), Qt::LeftButton);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).value<JobKind>(), JobKind::Video);
        const QJsonObject expected{
            {QStringLiteral("prompt"), QStringLiteral("A fox in the snow")},
            {QStringLiteral("model"), QStringLiteral("sora-2-pro")},
            {QStringLiteral("seconds"), QStringLiteral("8")},
            {QStringLiteral("size"), QStringLiteral("1792x1024")},
            {QStringLiteral("input_reference_filename"), QStringLiteral("fox_1792x1024.png")}};
        QCOMPARE(spy.at(0).at(1).toJsonObject(), expected);
    }

    void videoCtrlReturnSubmits()
    {
        VideoForm form(registry(), m_pricing);
        form.show();
        QVERIFY(QTest::qWaitForWindowExposed(&form));
        QSignalSpy spy(&form, &VideoForm::submitRequested);
        auto *prompt = child<QPlainTextEdit>(&form, "prompt");
        prompt->setFocus();
        QTest::keyClick(prompt, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(spy.count(), 0); // empty prompt: not valid
        prompt->setPlainText(QStringLiteral("A fox"));
        QTest::keyClick(prompt, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(1).toJsonObject().value(QStringLiteral("prompt")).toString(),
                 QStringLiteral("A fox"));
    }

    void videoReferenceValidatedLikeTheTool_data()
    {
        QTest::addColumn<QString>("reference");
        QTest::addColumn<QString>("message");
        QTest::newRow("gif") << "fox.gif"
                             << "Unsupported file type: .gif. Use: JPEG, PNG, or WEBP";
        QTest::newRow("no extension") << "fox"
                                      << "Unsupported file type: . Use: JPEG, PNG, or WEBP";
        QTest::newRow("upper-case bmp") << "sub/Fox.BMP"
                                        << "Unsupported file type: .bmp. Use: JPEG, PNG, or WEBP";
    }

    void videoReferenceValidatedLikeTheTool()
    {
        QFETCH(QString, reference);
        QFETCH(QString, message);
        VideoForm form(registry(), m_pricing);
        form.setPrompt(QStringLiteral("A fox"));
        form.setReference(reference);
        QVERIFY(!form.isValid());
        QVERIFY(!child<QPushButton>(&form, "submit")->isEnabled());
        QCOMPARE(form.issues().size(), 1);
        QCOMPARE(form.issues().first().field, QStringLiteral("input_reference_filename"));
        QCOMPARE(form.issues().first().message, message);
        QCOMPARE(child<QLabel>(&form, "referenceIssue")->text(), message);
        compareWithTool(JobKind::Video, form.arguments(), form.issues(), false);
    }

    void validVideoFormIsAcceptedByTheTool()
    {
        VideoForm form(registry(), m_pricing);
        form.setPrompt(QStringLiteral("A fox"));
        child<QComboBox>(&form, "model")->setEditText(QStringLiteral("sora-2"));
        selectData(child<QComboBox>(&form, "size"), QStringLiteral("1280x720"));
        QVERIFY2(form.isValid(), qPrintable(messages(form.issues()).join(u'\n')));
        QCOMPARE(toolError(JobKind::Video, form.arguments()), QString());
    }

    void videoCostFollowsTheFields()
    {
        VideoForm form(registry(), m_pricing);
        auto *cost = child<QLabel>(&form, "cost");
        // The first current model with known limits; gateways set their own prices.
        QCOMPARE(child<QComboBox>(&form, "model")->currentText(), QStringLiteral("minimax/h3"));
        QCOMPARE(cost->text(),
                 QStringLiteral("No cost estimate: price unknown: minimax/h3 has no published price in "
                                "the pricing table; the video provider sets it"));
        child<QComboBox>(&form, "model")->setEditText(QStringLiteral("sora-2"));
        QCOMPARE(cost->text(),
                 QStringLiteral("Estimated cost: $0.40 — sora-2, 720x1280, 4 s × $0.10/s = $0.40"));
        selectData(child<QComboBox>(&form, "seconds"), QStringLiteral("8"));
        QCOMPARE(cost->text(),
                 QStringLiteral("Estimated cost: $0.80 — sora-2, 720x1280, 8 s × $0.10/s = $0.80"));
        child<QComboBox>(&form, "model")->setEditText(QStringLiteral("sora-2-pro"));
        QVERIFY2(cost->text().startsWith(QStringLiteral("Estimated cost: $2.40")), qPrintable(cost->text()));
        selectData(child<QComboBox>(&form, "size"), QStringLiteral("1024x1792"));
        QVERIFY2(cost->text().startsWith(QStringLiteral("Estimated cost: $4.00")), qPrintable(cost->text()));
        // sora-2 does not offer the pro-only size: the box follows the model and falls back to the default.
        child<QComboBox>(&form, "model")->setEditText(QStringLiteral("sora-2"));
        QCOMPARE(child<QComboBox>(&form, "size")->findData(QStringLiteral("1024x1792")), -1);
        QCOMPARE(cost->text(),
                 QStringLiteral("Estimated cost: $0.80 — sora-2, 720x1280, 8 s × $0.10/s = $0.80"));
        QVERIFY(child<QLabel>(&form, "modelNote")
                    ->text()
                    .contains(QStringLiteral("Retired by OpenAI on 2026-09-24")));
        child<QComboBox>(&form, "model")->setEditText(QStringLiteral("mystery-model"));
        QVERIFY2(cost->text().contains(
                     QStringLiteral("price unknown: no price for video model \"mystery-model\"")),
                 qPrintable(cost->text()));
        QVERIFY(child<QLabel>(&form, "modelNote")->text().contains(QStringLiteral("sent unchecked")));
        QCOMPARE(form.costText(), cost->text());
    }

    void videoSecondsAndSizeFollowTheModel()
    {
        VideoForm form(registry(), m_pricing);
        form.setPrompt(QStringLiteral("A lighthouse"));
        auto *model = child<QComboBox>(&form, "model");
        auto *seconds = child<QComboBox>(&form, "seconds");
        auto *size = child<QComboBox>(&form, "size");
        model->setEditText(QStringLiteral("minimax/h3"));
        QCOMPARE(size->count(), 7); // provider default + the six sizes
        QCOMPARE(size->itemData(0).toString(), QString());
        QVERIFY(size->findData(QStringLiteral("1536x672")) > 0);
        QCOMPARE(size->findData(QStringLiteral("720x1280")), -1);
        QCOMPARE(seconds->count(), 13); // provider default + 4..15
        QCOMPARE(seconds->itemData(12).toString(), QStringLiteral("15"));
        selectData(seconds, QStringLiteral("6"));
        // Provider default size: size is not sent at all.
        const QJsonObject expected{{QStringLiteral("prompt"), QStringLiteral("A lighthouse")},
                                   {QStringLiteral("model"), QStringLiteral("minimax/h3")},
                                   {QStringLiteral("seconds"), QStringLiteral("6")}};
        QCOMPARE(form.arguments(), expected);
        QVERIFY(form.isValid());
        m_harness->server().setDialect(FakeDialect::Gateway);
        const QString error = toolError(JobKind::Video, form.arguments());
        m_harness->server().setDialect(FakeDialect::OpenAi);
        QCOMPARE(error, QString());
        selectData(size, QStringLiteral("768x1344"));
        QCOMPARE(form.arguments().value(QStringLiteral("size")).toString(), QStringLiteral("768x1344"));
        // A model the table leaves open: common values, and any size can be typed.
        model->setEditText(QStringLiteral("google/veo-3.1-fast"));
        QVERIFY(size->isEditable());
        QVERIFY(form.isValid());
    }

    void videoModelBoxMergesTheProvidersModels()
    {
        VideoForm form(registry(), m_pricing);
        auto *model = child<QComboBox>(&form, "model");
        m_harness->server().setModelIds(
            {QStringLiteral("kling/v3"), QStringLiteral("minimax/h3"), QStringLiteral("gpt-image-2")});
        const int asked = m_harness->server().requestCount("GET", QStringLiteral("/v1/models"));
        form.refreshProviderModels();
        QTRY_VERIFY(child<QLabel>(&form, "modelsStatus")->text().contains(QStringLiteral("lists 3 models")));
        QCOMPARE(model->itemText(0), QStringLiteral("kling/v3")); // the provider's order first
        QCOMPARE(model->itemText(1), QStringLiteral("minimax/h3"));
        QVERIFY(model->findText(QStringLiteral("sora-2")) > 0); // the table's models stay
        QVERIFY(model->itemData(model->findText(QStringLiteral("sora-2")), Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("does not list it")));
        QVERIFY(model->itemData(0, Qt::ToolTipRole).toString().contains(QStringLiteral("unchecked")));
        QCOMPARE(m_harness->server().requestCount("GET", QStringLiteral("/v1/models")), asked + 1);
        // An error keeps the table's models and says why, verbatim.
        m_harness->server().addFault("GET", QStringLiteral("/v1/models"), Fault::httpStatus(401));
        form.refreshProviderModels();
        QTRY_VERIFY(
            child<QLabel>(&form, "modelsStatus")->text().startsWith(QStringLiteral("Could not list")));
        QVERIFY(model->findText(QStringLiteral("minimax/h3")) >= 0);
    }

    void remixSourceMakesARemixJob()
    {
        VideoForm form(registry(), m_pricing);
        QSignalSpy spy(&form, &VideoForm::submitRequested);
        form.setPrompt(QStringLiteral("Make it night"));
        form.setReference(QStringLiteral("ignored.png"));
        child<QLineEdit>(&form, "remixSource")->setText(QStringLiteral("video_123"));
        QCOMPARE(form.kind(), JobKind::Remix);
        QVERIFY(!child<QComboBox>(&form, "model")->isEnabled());
        QVERIFY(!child<QWidget>(&form, "referenceDropZone")->isEnabled());
        QCOMPARE(child<QPushButton>(&form, "submit")->text(), QStringLiteral("Remix video"));
        QVERIFY(child<QLabel>(&form, "cost")->text().startsWith(QStringLiteral("No cost estimate: A remix")));
        form.submit();
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).value<JobKind>(), JobKind::Remix);
        const QJsonObject expected{{QStringLiteral("previous_video_id"), QStringLiteral("video_123")},
                                   {QStringLiteral("prompt"), QStringLiteral("Make it night")}};
        QCOMPARE(spy.at(0).at(1).toJsonObject(), expected);
        // The remix tool's schema takes exactly these.
        QVERIFY(FormValidator(registry()).validate(JobKind::Remix, expected).isEmpty());

        form.setRemixSource(QString());
        QCOMPARE(form.kind(), JobKind::Video);
        QVERIFY(child<QComboBox>(&form, "model")->isEnabled());
    }

    void droppedImageAsksForPreparation()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("holiday photo.jpg"));
        QImage image(64, 48, QImage::Format_RGB32);
        image.fill(Qt::darkGreen);
        QVERIFY(image.save(path, "JPEG"));

        VideoForm form(registry(), m_pricing);
        child<QComboBox>(&form, "model")->setEditText(QStringLiteral("sora-2"));
        selectData(child<QComboBox>(&form, "size"), QStringLiteral("1280x720"));
        selectData(child<QComboBox>(&form, "resizeMode"), QStringLiteral("pad"));
        QSignalSpy spy(&form, &VideoForm::referenceDropped);
        bool entered = false;
        QVERIFY(dropUrls(child<QWidget>(&form, "referenceDropZone"), {QUrl::fromLocalFile(path)}, &entered));
        QVERIFY(entered);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), path);
        QCOMPARE(spy.at(0).at(1).toString(), QStringLiteral("1280x720"));
        QCOMPARE(spy.at(0).at(2).toString(), QStringLiteral("pad"));

        // When the preparation job completes, the window fills the field.
        form.setPrompt(QStringLiteral("A holiday"));
        form.setReference(QStringLiteral("holiday photo_1280x720.png"));
        QCOMPARE(child<QLineEdit>(&form, "reference")->text(), QStringLiteral("holiday photo_1280x720.png"));
        QCOMPARE(form.arguments().value(QStringLiteral("input_reference_filename")).toString(),
                 QStringLiteral("holiday photo_1280x720.png"));
        QVERIFY(form.isValid());
    }

    void nonImageDropIsRefused_data()
    {
        QTest::addColumn<QList<QUrl>>("urls");
        QTest::newRow("text file") << QList<QUrl>{QUrl::fromLocalFile(QStringLiteral("/tmp/notes.txt"))};
        QTest::newRow("no extension") << QList<QUrl>{QUrl::fromLocalFile(QStringLiteral("/tmp/README"))};
        QTest::newRow("remote image") << QList<QUrl>{QUrl(QStringLiteral("https://example.com/a.png"))};
        QTest::newRow("two images") << QList<QUrl>{QUrl::fromLocalFile(QStringLiteral("/tmp/a.png")),
                                                   QUrl::fromLocalFile(QStringLiteral("/tmp/b.png"))};
        QTest::newRow("nothing") << QList<QUrl>{};
    }

    void nonImageDropIsRefused()
    {
        QFETCH(QList<QUrl>, urls);
        VideoForm form(registry(), m_pricing);
        QSignalSpy spy(&form, &VideoForm::referenceDropped);
        bool entered = true;
        QVERIFY(!dropUrls(child<QWidget>(&form, "referenceDropZone"), urls, &entered));
        QVERIFY(!entered);
        QCOMPARE(spy.count(), 0);
    }

    // --- image form ---

    void generateSubmitsExactlyTheToolArguments()
    {
        ImageForm form(registry(), m_pricing);
        QCOMPARE(form.mode(), ImageForm::Mode::Generate);
        QVERIFY(!child<QPushButton>(&form, "submit")->isEnabled());
        QSignalSpy spy(&form, &ImageForm::submitRequested);
        form.setPrompt(QStringLiteral("A red fox, watercolour"));
        child<QLineEdit>(&form, "filename")->setText(QStringLiteral("fox.png"));
        QVERIFY(child<QPushButton>(&form, "submit")->isEnabled());
        QTest::mouseClick(child<QPushButton>(&form, "submit"), Qt::LeftButton);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).value<JobKind>(), JobKind::ImageGenerate);
        const QJsonObject expected{{QStringLiteral("prompt"), QStringLiteral("A red fox, watercolour")},
                                   {QStringLiteral("model"), QStringLiteral("gpt-image-2")},
                                   {QStringLiteral("size"), QStringLiteral("auto")},
                                   {QStringLiteral("quality"), QStringLiteral("auto")},
                                   {QStringLiteral("background"), QStringLiteral("auto")},
                                   {QStringLiteral("output_format"), QStringLiteral("png")},
                                   {QStringLiteral("moderation"), QStringLiteral("auto")},
                                   {QStringLiteral("filename"), QStringLiteral("fox.png")}};
        QCOMPARE(spy.at(0).at(1).toJsonObject(), expected);
        QCOMPARE(toolError(JobKind::ImageGenerate, expected), QString());
    }

    void transparencyRuleMatchesTheTool()
    {
        ImageForm form(registry(), m_pricing);
        form.setPrompt(QStringLiteral("A sticker"));
        selectData(child<QComboBox>(&form, "background"), QStringLiteral("transparent"));
        QCOMPARE(form.issues().size(), 1);
        QCOMPARE(form.issues().first().field, QStringLiteral("background"));
        QCOMPARE(form.issues().first().message, ResponsesImageTools::transparencyError());
        QVERIFY(!child<QLabel>(&form, "backgroundIssue")->isHidden());
        QVERIFY(!child<QPushButton>(&form, "submit")->isEnabled());
        compareWithTool(JobKind::ImageGenerate, form.arguments(), form.issues(), false);

        child<QComboBox>(&form, "model")->setEditText(QStringLiteral("gpt-image-1.5"));
        QVERIFY(form.isValid());
        QVERIFY(child<QLabel>(&form, "backgroundIssue")->isHidden());

        // The same rule inside tool_config for the Responses API.
        child<QComboBox>(&form, "model")->setEditText(QStringLiteral("gpt-image-2"));
        form.setMode(ImageForm::Mode::Responses);
        QCOMPARE(form.issues().size(), 1);
        QCOMPARE(form.issues().first().field, QStringLiteral("tool_config.background"));
        QCOMPARE(child<QLabel>(&form, "backgroundIssue")->text(), ResponsesImageTools::transparencyError());
        compareWithTool(JobKind::ResponsesImage, form.arguments(), form.issues(), false);
    }

    void schemaProblemsMatchTheTool()
    {
        ImageForm form(registry(), m_pricing);
        form.setPrompt(QStringLiteral("A fox"));
        child<QComboBox>(&form, "size")->setEditText(QStringLiteral("999x999"));
        QCOMPARE(form.issues().size(), 1);
        QCOMPARE(form.issues().first().field, QStringLiteral("size"));
        QVERIFY(form.issues().first().message.startsWith(QStringLiteral("'size' must be one of")));
        QVERIFY(!child<QLabel>(&form, "sizeIssue")->isHidden());
        compareWithTool(JobKind::ImageGenerate, form.arguments(), form.issues(), true);
        // For the Responses API any WxH passes through (gpt-image-2 takes custom sizes).
        form.setMode(ImageForm::Mode::Responses);
        QVERIFY2(form.isValid(), qPrintable(messages(form.issues()).join(u'\n')));
    }

    void editValidationMatchesTheTool_data()
    {
        QTest::addColumn<QStringList>("inputs");
        QTest::addColumn<QString>("mask");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        QTest::newRow("no inputs") << QStringList() << QString() << "input_images"
                                   << "At least one input image is required";
        QStringList seventeen;
        for (int i = 0; i < 17; ++i)
            seventeen.append(QStringLiteral("in%1.png").arg(i));
        QTest::newRow("seventeen") << seventeen << QString() << "input_images"
                                   << "Maximum 16 input images allowed for GPT image models (got 17)";
        QTest::newRow("gif input") << QStringList{QStringLiteral("a.png"), QStringLiteral("b.gif")}
                                   << QString() << "input_images"
                                   << "Unsupported image format: b.gif (use JPEG, PNG, WEBP)";
        QTest::newRow("jpeg mask") << QStringList{QStringLiteral("a.png")} << QStringLiteral("mask.jpg")
                                   << "mask_filename"
                                   << "Mask must be PNG format with alpha channel";
    }

    void editValidationMatchesTheTool()
    {
        QFETCH(QStringList, inputs);
        QFETCH(QString, mask);
        QFETCH(QString, field);
        QFETCH(QString, message);
        ImageForm form(registry(), m_pricing);
        form.setMode(ImageForm::Mode::Edit);
        QCOMPARE(form.kind(), JobKind::ImageEdit);
        form.setPrompt(QStringLiteral("Add a hat"));
        form.setInputImages(inputs);
        form.setMask(mask);
        QCOMPARE(form.issues().size(), 1);
        QCOMPARE(form.issues().first().field, field);
        QCOMPARE(form.issues().first().message, message);
        QVERIFY(!child<QPushButton>(&form, "submit")->isEnabled());
        compareWithTool(JobKind::ImageEdit, form.arguments(), form.issues(), false);
    }

    void editSubmitsExactlyTheToolArguments()
    {
        ImageForm form(registry(), m_pricing);
        form.setMode(ImageForm::Mode::Edit);
        QSignalSpy spy(&form, &ImageForm::submitRequested);
        form.setPrompt(QStringLiteral("Add a hat"));
        form.setInputImages({QStringLiteral("fox.png"), QStringLiteral("hat.webp")});
        form.setMask(QStringLiteral("mask.png"));
        child<QComboBox>(&form, "model")->setEditText(QStringLiteral("gpt-image-1"));
        selectData(child<QComboBox>(&form, "inputFidelity"), QStringLiteral("high"));
        selectData(child<QComboBox>(&form, "quality"), QStringLiteral("high"));
        form.submit();
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).value<JobKind>(), JobKind::ImageEdit);
        const QJsonObject expected{{QStringLiteral("prompt"), QStringLiteral("Add a hat")},
                                   {QStringLiteral("input_images"),
                                    QJsonArray{QStringLiteral("fox.png"), QStringLiteral("hat.webp")}},
                                   {QStringLiteral("mask_filename"), QStringLiteral("mask.png")},
                                   {QStringLiteral("model"), QStringLiteral("gpt-image-1")},
                                   {QStringLiteral("size"), QStringLiteral("auto")},
                                   {QStringLiteral("quality"), QStringLiteral("high")},
                                   {QStringLiteral("background"), QStringLiteral("auto")},
                                   {QStringLiteral("output_format"), QStringLiteral("png")},
                                   {QStringLiteral("input_fidelity"), QStringLiteral("high")}};
        QCOMPARE(spy.at(0).at(1).toJsonObject(), expected);
        QVERIFY(child<QLabel>(&form, "cost")->text().contains(QStringLiteral("$0.167")));
        QVERIFY(child<QLabel>(&form, "cost")->text().contains(QStringLiteral("input tokens")));
    }

    void responsesValidationMatchesTheTool()
    {
        ImageForm form(registry(), m_pricing);
        form.setMode(ImageForm::Mode::Responses);
        form.setPrompt(QStringLiteral("Make the sky purple"));
        form.setMask(QStringLiteral("mask.png"));
        QCOMPARE(form.issues().size(), 1);
        QCOMPARE(form.issues().first().message,
                 QStringLiteral("mask_filename requires input_images parameter"));
        QVERIFY(!child<QLabel>(&form, "maskIssue")->isHidden());
        compareWithTool(JobKind::ResponsesImage, form.arguments(), form.issues(), false);

        form.setInputImages({QStringLiteral("sky.bmp")});
        QCOMPARE(form.issues().size(), 1);
        QCOMPARE(form.issues().first().message,
                 QStringLiteral("Unsupported image format: sky.bmp (use JPEG, PNG, WEBP)"));
        compareWithTool(JobKind::ResponsesImage, form.arguments(), form.issues(), false);

        form.setInputImages({QStringLiteral("sky.png")});
        QVERIFY(form.isValid());
    }

    void refineFromAFinishedResponse()
    {
        ImageForm form(registry(), m_pricing);
        QSignalSpy spy(&form, &ImageForm::submitRequested);
        form.setPreviousResponseId(QStringLiteral("resp_abc"));
        QCOMPARE(form.mode(), ImageForm::Mode::Responses);
        QCOMPARE(child<QLineEdit>(&form, "previousResponseId")->text(), QStringLiteral("resp_abc"));
        form.setPrompt(QStringLiteral("Brighter"));
        child<QComboBox>(&form, "model")->setEditText(QStringLiteral("gpt-image-1"));
        selectData(child<QComboBox>(&form, "quality"), QStringLiteral("low"));
        child<QComboBox>(&form, "size")->setEditText(QStringLiteral("1536x1024"));
        selectData(child<QComboBox>(&form, "outputFormat"), QStringLiteral("webp"));
        form.submit();
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).value<JobKind>(), JobKind::ResponsesImage);
        const QJsonObject expected{{QStringLiteral("prompt"), QStringLiteral("Brighter")},
                                   {QStringLiteral("model"), QStringLiteral("gpt-5.2")},
                                   {QStringLiteral("previous_response_id"), QStringLiteral("resp_abc")},
                                   {QStringLiteral("tool_config"),
                                    QJsonObject{{QStringLiteral("type"), QStringLiteral("image_generation")},
                                                {QStringLiteral("model"), QStringLiteral("gpt-image-1")},
                                                {QStringLiteral("size"), QStringLiteral("1536x1024")},
                                                {QStringLiteral("quality"), QStringLiteral("low")},
                                                {QStringLiteral("background"), QStringLiteral("auto")},
                                                {QStringLiteral("output_format"), QStringLiteral("webp")}}}};
        QCOMPARE(spy.at(0).at(1).toJsonObject(), expected);
        const QString cost = child<QLabel>(&form, "cost")->text();
        QVERIFY2(cost.startsWith(QStringLiteral("Estimated cost: $0.016")), qPrintable(cost));
        QVERIFY2(cost.contains(QStringLiteral("text tokens of the mainline model gpt-5.2")),
                 qPrintable(cost));
        // The form's arguments are accepted by the real tool's schema and checks.
        QVERIFY(FormValidator(registry()).validate(JobKind::ResponsesImage, expected).isEmpty());
    }

    void imageCostFollowsTheFields()
    {
        ImageForm form(registry(), m_pricing);
        auto *cost = child<QLabel>(&form, "cost");
        QVERIFY2(cost->text().startsWith(QStringLiteral("Estimated cost: ≈ $0.034")),
                 qPrintable(cost->text()));
        child<QComboBox>(&form, "model")->setEditText(QStringLiteral("gpt-image-1"));
        selectData(child<QComboBox>(&form, "quality"), QStringLiteral("high"));
        child<QComboBox>(&form, "size")->setEditText(QStringLiteral("1024x1536"));
        QCOMPARE(cost->text(),
                 QStringLiteral("Estimated cost: $0.25 — gpt-image-1, high, 1024x1536: $0.25 per image"));
        child<QComboBox>(&form, "model")->setEditText(QStringLiteral("dall-e-3"));
        QVERIFY2(cost->text().startsWith(
                     QStringLiteral("No cost estimate: No price for image model \"dall-e-3\"")),
                 qPrintable(cost->text()));
    }
};

QTEST_MAIN(TestForms)
#include "tst_forms.moc"

// SPDX-License-Identifier: MIT
#include "imageform.h"

#include "shortcuttable.h"

#include "formsupport.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QVBoxLayout>

namespace Sanzaru::Ui {

using Core::JobKind;

namespace {

QComboBox *combo(QWidget *parent, const char *name, const QStringList &values, bool editable = false)
{
    auto *box = new QComboBox(parent);
    box->setObjectName(QLatin1String(name));
    box->setEditable(editable);
    for (const QString &v : values)
        box->addItem(v, v);
    return box;
}

// Which rows each mode shows (the prompt, image model and the common image options are always shown).
bool rowVisible(const QString &row, ImageForm::Mode mode)
{
    using Mode = ImageForm::Mode;
    if (row == QStringLiteral("moderation"))
        return mode == Mode::Generate;
    if (row == QStringLiteral("input_fidelity"))
        return mode == Mode::Edit;
    if (row == QStringLiteral("filename"))
        return mode != Mode::Responses;
    if (row == QStringLiteral("input_images") || row == QStringLiteral("mask_filename"))
        return mode != Mode::Generate;
    if (row == QStringLiteral("mainline_model") || row == QStringLiteral("previous_response_id"))
        return mode == Mode::Responses;
    return true;
}

} // namespace

ImageForm::ImageForm(const Core::ToolRegistry *tools, const Core::PricingTable &pricing, QWidget *parent)
    : QWidget(parent)
    , m_validator(tools)
    , m_pricing(pricing)
    , m_form(new QFormLayout)
    , m_mode(new QComboBox(this))
    , m_prompt(new QPlainTextEdit(this))
    , m_mainlineModel(combo(this, "mainlineModel",
                            {QStringLiteral("gpt-5.2"), QStringLiteral("gpt-5.1"), QStringLiteral("gpt-5"),
                             QStringLiteral("gpt-4.1")},
                            true))
    , m_model(combo(this, "model",
                    {QStringLiteral("gpt-image-2"), QStringLiteral("gpt-image-2-2026-04-21"),
                     QStringLiteral("gpt-image-1.5"), QStringLiteral("gpt-image-1"),
                     QStringLiteral("gpt-image-1-mini")},
                    true))
    , m_size(combo(this, "size",
                   {QStringLiteral("auto"), QStringLiteral("1024x1024"), QStringLiteral("1536x1024"),
                    QStringLiteral("1024x1536"), QStringLiteral("2048x2048"), QStringLiteral("2048x1152"),
                    QStringLiteral("2560x1440"), QStringLiteral("1440x2560"), QStringLiteral("3840x2160"),
                    QStringLiteral("2160x3840")},
                   true))
    , m_quality(combo(
          this, "quality",
          {QStringLiteral("auto"), QStringLiteral("low"), QStringLiteral("medium"), QStringLiteral("high")}))
    , m_background(combo(this, "background",
                         {QStringLiteral("auto"), QStringLiteral("opaque"), QStringLiteral("transparent")}))
    , m_format(combo(this, "outputFormat",
                     {QStringLiteral("png"), QStringLiteral("jpeg"), QStringLiteral("webp")}))
    , m_moderation(combo(this, "moderation", {QStringLiteral("auto"), QStringLiteral("low")}))
    , m_fidelity(new QComboBox(this))
    , m_inputs(new QListWidget(this))
    , m_addInputs(new QPushButton(tr("Add…"), this))
    , m_removeInput(new QPushButton(tr("Remove"), this))
    , m_mask(new QLineEdit(this))
    , m_browseMask(new QPushButton(tr("Browse…"), this))
    , m_previous(new QLineEdit(this))
    , m_filename(new QLineEdit(this))
    , m_cost(new QLabel(this))
    , m_submit(new QPushButton(tr("Create image"), this))
    , m_generalIssues(FormSupport::issueLabel(this, QStringLiteral("generalIssue")))
{
    configureFields();
    buildLayout();
    connectSignals();
    updateRows();
    revalidate();
}

// Object names (the tests find fields by them), choices, hints and the issue labels.
void ImageForm::configureFields()
{
    m_mode->setObjectName(QStringLiteral("mode"));
    m_mode->addItem(tr("Generate (Images API)"), QVariant::fromValue(Mode::Generate));
    m_mode->addItem(tr("Edit images (Images API)"), QVariant::fromValue(Mode::Edit));
    m_mode->addItem(tr("Create or refine (Responses API)"), QVariant::fromValue(Mode::Responses));
    m_prompt->setObjectName(QStringLiteral("prompt"));
    m_prompt->setPlaceholderText(tr("What to draw, or (with input images) the change to make"));
    m_mainlineModel->setToolTip(tr("The model that calls the image tool, not the image model"));
    m_fidelity->setObjectName(QStringLiteral("inputFidelity"));
    m_fidelity->addItem(tr("(model default)"), QString());
    m_fidelity->addItem(QStringLiteral("high"), QStringLiteral("high"));
    m_fidelity->addItem(QStringLiteral("low"), QStringLiteral("low"));
    m_fidelity->setToolTip(tr("Not sent for gpt-image-2"));
    m_inputs->setObjectName(QStringLiteral("inputImages"));
    m_inputs->setMaximumHeight(96);
    m_addInputs->setObjectName(QStringLiteral("addInputImages"));
    m_removeInput->setObjectName(QStringLiteral("removeInputImage"));
    m_mask->setObjectName(QStringLiteral("mask"));
    m_mask->setPlaceholderText(tr("Optional PNG with alpha: transparent pixels mark the area to edit"));
    m_browseMask->setObjectName(QStringLiteral("browseMask"));
    m_previous->setObjectName(QStringLiteral("previousResponseId"));
    m_previous->setPlaceholderText(tr("Optional: resp_… of an earlier result to refine"));
    m_filename->setObjectName(QStringLiteral("filename"));
    m_filename->setPlaceholderText(tr("Optional name in the image folder"));
    m_cost->setObjectName(QStringLiteral("cost"));
    m_cost->setWordWrap(true);
    m_submit->setObjectName(QStringLiteral("submit"));

    const QList<std::pair<QString, const char *>> issueFields{
        {QStringLiteral("prompt"), "promptIssue"},
        {QStringLiteral("mainline_model"), "mainlineModelIssue"},
        {QStringLiteral("model"), "modelIssue"},
        {QStringLiteral("size"), "sizeIssue"},
        {QStringLiteral("quality"), "qualityIssue"},
        {QStringLiteral("background"), "backgroundIssue"},
        {QStringLiteral("output_format"), "outputFormatIssue"},
        {QStringLiteral("moderation"), "moderationIssue"},
        {QStringLiteral("input_fidelity"), "inputFidelityIssue"},
        {QStringLiteral("input_images"), "inputImagesIssue"},
        {QStringLiteral("mask_filename"), "maskIssue"},
        {QStringLiteral("previous_response_id"), "previousResponseIdIssue"},
        {QStringLiteral("filename"), "filenameIssue"}};
    for (const auto &[field, name] : issueFields)
        m_issueLabels.insert(field, FormSupport::issueLabel(this, QLatin1String(name)));
}

// One form row per field with its issue label under it; the cost and submit button at the bottom.
void ImageForm::buildLayout()
{
    auto *inputButtons = new QVBoxLayout;
    inputButtons->addWidget(m_addInputs);
    inputButtons->addWidget(m_removeInput);
    inputButtons->addStretch();
    auto *inputsBox = new QWidget(this);
    auto *inputsLayout = new QHBoxLayout(inputsBox);
    inputsLayout->setContentsMargins(0, 0, 0, 0);
    inputsLayout->addWidget(m_inputs, 1);
    inputsLayout->addLayout(inputButtons);
    auto *maskBox = new QWidget(this);
    auto *maskLayout = new QHBoxLayout(maskBox);
    maskLayout->setContentsMargins(0, 0, 0, 0);
    maskLayout->addWidget(m_mask, 1);
    maskLayout->addWidget(m_browseMask);

    const auto addRow = [this](const QString &key, const QString &label, QWidget *field) {
        auto *box = new QWidget(this);
        auto *layout = new QVBoxLayout(box);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(2);
        layout->addWidget(field);
        layout->addWidget(m_issueLabels.value(key));
        m_form->addRow(label, box);
        m_rows.insert(key, box);
    };
    m_form->addRow(tr("Mo&de"), m_mode);
    addRow(QStringLiteral("prompt"), tr("&Prompt"), m_prompt);
    addRow(QStringLiteral("mainline_model"), tr("Main&line model"), m_mainlineModel);
    addRow(QStringLiteral("model"), tr("&Image model"), m_model);
    addRow(QStringLiteral("size"), tr("&Size"), m_size);
    addRow(QStringLiteral("quality"), tr("&Quality"), m_quality);
    addRow(QStringLiteral("background"), tr("&Background"), m_background);
    addRow(QStringLiteral("output_format"), tr("&Format"), m_format);
    addRow(QStringLiteral("moderation"), tr("Moderation"), m_moderation);
    addRow(QStringLiteral("input_images"), tr("I&nput images"), inputsBox);
    addRow(QStringLiteral("mask_filename"), tr("M&ask"), maskBox);
    addRow(QStringLiteral("input_fidelity"), tr("Input fidelity"), m_fidelity);
    addRow(QStringLiteral("previous_response_id"), tr("&Refine"), m_previous);
    addRow(QStringLiteral("filename"), tr("File &name"), m_filename);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_cost, 1);
    buttons->addWidget(m_submit);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(FormSupport::scrollingBody(this, m_form, m_generalIssues), 1);
    layout->addLayout(buttons);
}

void ImageForm::connectSignals()
{
    for (const QKeySequence &keys : ShortcutTable::keys(ShortcutTable::Id::SubmitForm)) {
        auto *shortcut = new QShortcut(keys, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        shortcut->setAutoRepeat(false); // holding the keys must not queue several paid jobs
        connect(shortcut, &QShortcut::activated, this, &ImageForm::submit);
    }
    connect(m_submit, &QPushButton::clicked, this, &ImageForm::submit);
    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] {
        updateRows();
        revalidate();
    });
    connect(m_prompt, &QPlainTextEdit::textChanged, this, &ImageForm::revalidate);
    for (QComboBox *box :
         {m_mainlineModel, m_model, m_size, m_quality, m_background, m_format, m_moderation, m_fidelity})
        connect(box, &QComboBox::currentTextChanged, this, &ImageForm::revalidate);
    for (QLineEdit *edit : {m_mask, m_previous, m_filename})
        connect(edit, &QLineEdit::textChanged, this, &ImageForm::revalidate);
    connect(m_addInputs, &QPushButton::clicked, this, [this] {
        FormSupport::pickImages(this, tr("Input images"), m_imageFolder, true,
                                [this](const QStringList &paths) { addInputImages(paths); });
    });
    connect(m_removeInput, &QPushButton::clicked, this, [this] {
        delete m_inputs->currentItem();
        revalidate();
    });
    connect(m_browseMask, &QPushButton::clicked, this, [this] {
        FormSupport::pickImages(this, tr("Mask"), m_imageFolder, false, [this](const QStringList &paths) {
            if (paths.isEmpty())
                return;
            if (const std::optional<QString> name =
                    FormSupport::relativeName(m_imageFolder, paths.constFirst())) {
                m_pickIssue.reset();
                setMask(*name);
            } else {
                m_pickIssue = Core::ArgumentIssue{
                    QStringLiteral("mask_filename"),
                    tr("%1 is outside the image folder; copy it there first.").arg(paths.constFirst())};
                revalidate();
            }
        });
    });
}

ImageForm::Mode ImageForm::mode() const
{
    return m_mode->currentData().value<Mode>();
}

void ImageForm::setMode(Mode mode)
{
    m_mode->setCurrentIndex(m_mode->findData(QVariant::fromValue(mode)));
}

JobKind ImageForm::kind() const
{
    switch (mode()) {
    case Mode::Generate:
        return JobKind::ImageGenerate;
    case Mode::Edit:
        return JobKind::ImageEdit;
    case Mode::Responses:
        break;
    }
    return JobKind::ResponsesImage;
}

QJsonObject ImageForm::arguments() const
{
    const QString prompt = m_prompt->toPlainText().trimmed();
    const QString model = m_model->currentText().trimmed();
    const QString size = m_size->currentText().trimmed();
    const QString quality = FormSupport::comboValue(m_quality);
    const QString background = FormSupport::comboValue(m_background);
    const QString format = FormSupport::comboValue(m_format);
    const QString mask = m_mask->text().trimmed();
    const QString filename = m_filename->text().trimmed();
    const QStringList inputs = inputImages();
    QJsonArray inputArray;
    for (const QString &name : inputs)
        inputArray.append(name);

    if (mode() == Mode::Responses) {
        // Every option is written into tool_config, so the estimate prices what is asked for.
        QJsonObject args{{QStringLiteral("prompt"), prompt},
                         {QStringLiteral("model"), m_mainlineModel->currentText().trimmed()},
                         {QStringLiteral("tool_config"),
                          QJsonObject{{QStringLiteral("type"), QStringLiteral("image_generation")},
                                      {QStringLiteral("model"), model},
                                      {QStringLiteral("size"), size},
                                      {QStringLiteral("quality"), quality},
                                      {QStringLiteral("background"), background},
                                      {QStringLiteral("output_format"), format}}}};
        if (!inputs.isEmpty())
            args.insert(QStringLiteral("input_images"), inputArray);
        if (!mask.isEmpty())
            args.insert(QStringLiteral("mask_filename"), mask);
        const QString previous = m_previous->text().trimmed();
        if (!previous.isEmpty())
            args.insert(QStringLiteral("previous_response_id"), previous);
        return args;
    }
    QJsonObject args{{QStringLiteral("prompt"), prompt},
                     {QStringLiteral("model"), model},
                     {QStringLiteral("size"), size},
                     {QStringLiteral("quality"), quality},
                     {QStringLiteral("background"), background},
                     {QStringLiteral("output_format"), format}};
    if (mode() == Mode::Generate) {
        args.insert(QStringLiteral("moderation"), FormSupport::comboValue(m_moderation));
    } else {
        args.insert(QStringLiteral("input_images"), inputArray);
        if (!mask.isEmpty())
            args.insert(QStringLiteral("mask_filename"), mask);
        const QString fidelity = m_fidelity->currentData().toString();
        if (!fidelity.isEmpty())
            args.insert(QStringLiteral("input_fidelity"), fidelity);
    }
    if (!filename.isEmpty())
        args.insert(QStringLiteral("filename"), filename);
    return args;
}

QString ImageForm::costText() const
{
    return m_cost->text();
}

void ImageForm::setImageFolder(const QString &path)
{
    m_imageFolder = path;
}

void ImageForm::setPrompt(const QString &prompt)
{
    m_prompt->setPlainText(prompt);
}

void ImageForm::setInputImages(const QStringList &names)
{
    m_inputs->clear();
    m_inputs->addItems(names);
    revalidate();
}

QStringList ImageForm::inputImages() const
{
    QStringList names;
    for (int i = 0; i < m_inputs->count(); ++i)
        names.append(m_inputs->item(i)->text());
    return names;
}

void ImageForm::setMask(const QString &name)
{
    m_mask->setText(name);
}

void ImageForm::setPreviousResponseId(const QString &responseId)
{
    setMode(Mode::Responses);
    m_previous->setText(responseId);
}

QHash<QString, QString> ImageForm::choices() const
{
    QHash<QString, QString> values{{QStringLiteral("mode"), QString::number(int(mode()))}};
    for (auto [key, combo] : choiceCombos())
        values.insert(key, FormSupport::comboValue(combo));
    return values;
}

void ImageForm::applyChoices(const QHash<QString, QString> &choices)
{
    bool ok = false;
    const int mode = choices.value(QStringLiteral("mode")).toInt(&ok);
    if (ok && m_mode->findData(QVariant::fromValue(Mode(mode))) >= 0)
        setMode(Mode(mode));
    for (auto [key, combo] : choiceCombos()) {
        const QString value = choices.value(key);
        if (!value.isEmpty()) // setComboValue leaves a fixed combo alone when it has no such item
            FormSupport::setComboValue(combo, value);
    }
    revalidate();
}

QList<std::pair<QString, QComboBox *>> ImageForm::choiceCombos() const
{
    return {{QStringLiteral("mainline_model"), m_mainlineModel},
            {QStringLiteral("model"), m_model},
            {QStringLiteral("size"), m_size},
            {QStringLiteral("quality"), m_quality},
            {QStringLiteral("background"), m_background},
            {QStringLiteral("format"), m_format},
            {QStringLiteral("moderation"), m_moderation},
            {QStringLiteral("fidelity"), m_fidelity}};
}

void ImageForm::submit()
{
    revalidate();
    if (!isValid())
        return;
    emit submitRequested(kind(), arguments());
}

void ImageForm::addInputImages(const QStringList &paths)
{
    QStringList outside;
    for (const QString &path : paths) {
        if (const std::optional<QString> name = FormSupport::relativeName(m_imageFolder, path))
            m_inputs->addItem(*name);
        else
            outside.append(path);
    }
    m_pickIssue.reset();
    if (!outside.isEmpty())
        m_pickIssue = Core::ArgumentIssue{QStringLiteral("input_images"),
                                          tr("Outside the image folder (copy them there first): %1")
                                              .arg(outside.join(QStringLiteral(", ")))};
    revalidate();
}

void ImageForm::updateRows()
{
    const Mode current = mode();
    for (auto it = m_rows.constBegin(); it != m_rows.constEnd(); ++it)
        m_form->setRowVisible(it.value(), rowVisible(it.key(), current));
    m_submit->setText(current == Mode::Edit ? tr("Edit image") : tr("Create image"));
}

void ImageForm::revalidate()
{
    const JobKind k = kind();
    const QJsonObject args = arguments();
    m_issues = m_validator.validate(k, args);
    // The mainline model is create_image's "model"; the image model is tool_config.model there.
    QHash<QString, QLabel *> labels = m_issueLabels;
    if (mode() == Mode::Responses) {
        labels.insert(QStringLiteral("model"), m_issueLabels.value(QStringLiteral("mainline_model")));
        labels.insert(QStringLiteral("tool_config.model"), m_issueLabels.value(QStringLiteral("model")));
    }
    QList<Core::ArgumentIssue> shown = m_issues;
    if (m_pickIssue)
        shown.append(*m_pickIssue);
    FormSupport::showIssues(labels, m_generalIssues, shown);
    m_cost->setText(FormSupport::costText(m_pricing, k, args));
    m_submit->setEnabled(isValid());
    FormSupport::explainSubmit(m_submit, m_issues);
}

} // namespace Sanzaru::Ui

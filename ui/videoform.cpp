// SPDX-License-Identifier: MIT
#include "videoform.h"

#include "shortcuttable.h"

#include "formsupport.h"
#include "imagedropzone.h"

#include "openai/modelsapi.h"
#include "tools/toolcontext.h"
#include "tools/toolregistry.h"
#include "tools/videomodeltable.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QToolButton>
#include <QVBoxLayout>

namespace Sanzaru::Ui {

using Core::JobKind;

namespace {

// Offered for models the table does not constrain; any other value can be typed.
const QStringList commonSizes{QStringLiteral("1280x720"),  QStringLiteral("720x1280"),
                              QStringLiteral("1920x1080"), QStringLiteral("1080x1920"),
                              QStringLiteral("1344x768"),  QStringLiteral("768x1344")};
const QStringList commonSeconds{QStringLiteral("4"), QStringLiteral("5"),  QStringLiteral("6"),
                                QStringLiteral("8"), QStringLiteral("10"), QStringLiteral("12"),
                                QStringLiteral("15")};

// Refills a combo with "Provider default" (data "") and the values, keeping the current value if offered.
void refill(QComboBox *combo, const QString &defaultText, const QStringList &values, const QString &suffix)
{
    const QString current = FormSupport::comboValue(combo);
    combo->clear();
    combo->addItem(defaultText, QString());
    for (const QString &v : values)
        combo->addItem(suffix.isEmpty() ? v : QStringLiteral("%1 %2").arg(v, suffix), v);
    const int index = combo->findData(current);
    combo->setCurrentIndex(index >= 0 ? index : 0);
}

// Wraps a field and the issue label under it in one form row.
QWidget *withIssue(QWidget *field, QLabel *issue)
{
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(field);
    layout->addWidget(issue);
    return box;
}

} // namespace

VideoForm::VideoForm(const Core::ToolRegistry *tools, const Core::PricingTable &pricing, QWidget *parent)
    : QWidget(parent)
    , m_tools(tools)
    , m_validator(tools)
    , m_pricing(pricing)
    , m_prompt(new QPlainTextEdit(this))
    , m_model(new QComboBox(this))
    , m_refreshModels(new QToolButton(this))
    , m_modelsStatus(new QLabel(this))
    , m_seconds(new QComboBox(this))
    , m_size(new QComboBox(this))
    , m_modelNote(new QLabel(this))
    , m_reference(new QLineEdit(this))
    , m_browse(new QPushButton(tr("Browse…"), this))
    , m_dropZone(new ImageDropZone(
          tr("Drop an image here to prepare it as the reference for the chosen size"), this))
    , m_resizeMode(new QComboBox(this))
    , m_remixSource(new QLineEdit(this))
    , m_cost(new QLabel(this))
    , m_submit(new QPushButton(tr("Create video"), this))
    , m_generalIssues(FormSupport::issueLabel(this, QStringLiteral("generalIssue")))
{
    configureFields();
    buildLayout();
    connectSignals();
    revalidate();
}

// Object names (the tests find fields by them), choices, hints, the model list and the issue labels.
void VideoForm::configureFields()
{
    m_prompt->setObjectName(QStringLiteral("prompt"));
    m_prompt->setPlaceholderText(tr("Subject, action, camera, lighting, style…"));
    m_model->setObjectName(QStringLiteral("model"));
    m_model->setEditable(true);
    m_model->setInsertPolicy(QComboBox::NoInsert);
    m_model->setToolTip(tr("Any model id the video provider serves; the list merges the provider's models "
                           "with the ones sanzaru-qt knows"));
    m_refreshModels->setObjectName(QStringLiteral("refreshModels"));
    m_refreshModels->setText(tr("Refresh"));
    m_refreshModels->setToolTip(tr("Ask the video provider for its models again (GET /models)"));
    m_modelsStatus->setObjectName(QStringLiteral("modelsStatus"));
    m_modelsStatus->setWordWrap(true);
    m_seconds->setObjectName(QStringLiteral("seconds"));
    m_size->setObjectName(QStringLiteral("size"));
    m_modelNote->setObjectName(QStringLiteral("modelNote"));
    m_modelNote->setWordWrap(true);
    m_modelsStatus->setText(tr("Models known to sanzaru-qt; Refresh adds the provider's."));
    fillModels();
    followModel();
    m_reference->setObjectName(QStringLiteral("reference"));
    m_reference->setPlaceholderText(
        tr("Optional: an image in the image folder whose pixel size equals the video size"));
    m_browse->setObjectName(QStringLiteral("browseReference"));
    m_dropZone->setObjectName(QStringLiteral("referenceDropZone"));
    m_resizeMode->setObjectName(QStringLiteral("resizeMode"));
    m_resizeMode->addItem(tr("Crop to fill"), QStringLiteral("crop"));
    m_resizeMode->addItem(tr("Pad (letterbox)"), QStringLiteral("pad"));
    m_resizeMode->addItem(tr("Rescale (stretch)"), QStringLiteral("rescale"));
    m_remixSource->setObjectName(QStringLiteral("remixSource"));
    m_remixSource->setPlaceholderText(tr("Optional: a completed video's id (video_…) to remix instead"));
    m_cost->setObjectName(QStringLiteral("cost"));
    m_cost->setWordWrap(true);
    m_submit->setObjectName(QStringLiteral("submit"));

    m_issueLabels = {
        {QStringLiteral("prompt"), FormSupport::issueLabel(this, QStringLiteral("promptIssue"))},
        {QStringLiteral("model"), FormSupport::issueLabel(this, QStringLiteral("modelIssue"))},
        {QStringLiteral("seconds"), FormSupport::issueLabel(this, QStringLiteral("secondsIssue"))},
        {QStringLiteral("size"), FormSupport::issueLabel(this, QStringLiteral("sizeIssue"))},
        {QStringLiteral("input_reference_filename"),
         FormSupport::issueLabel(this, QStringLiteral("referenceIssue"))},
        {QStringLiteral("previous_video_id"), FormSupport::issueLabel(this, QStringLiteral("remixIssue"))}};
}

// One form row per field with its issue label under it; the cost and submit button at the bottom.
void VideoForm::buildLayout()
{
    auto *referenceRow = new QWidget(this);
    auto *referenceLayout = new QHBoxLayout(referenceRow);
    referenceLayout->setContentsMargins(0, 0, 0, 0);
    referenceLayout->addWidget(m_reference, 1);
    referenceLayout->addWidget(m_browse);
    auto *dropRow = new QWidget(this);
    auto *dropLayout = new QHBoxLayout(dropRow);
    dropLayout->setContentsMargins(0, 0, 0, 0);
    dropLayout->addWidget(m_dropZone, 1);
    dropLayout->addWidget(m_resizeMode);

    auto *form = new QFormLayout;
    form->addRow(tr("&Prompt"), withIssue(m_prompt, m_issueLabels.value(QStringLiteral("prompt"))));
    auto *modelRow = new QWidget(this);
    auto *modelLayout = new QHBoxLayout(modelRow);
    modelLayout->setContentsMargins(0, 0, 0, 0);
    modelLayout->addWidget(m_model, 1);
    modelLayout->addWidget(m_refreshModels);
    auto *modelBox = withIssue(modelRow, m_issueLabels.value(QStringLiteral("model")));
    modelBox->layout()->addWidget(m_modelNote);
    modelBox->layout()->addWidget(m_modelsStatus);
    form->addRow(tr("&Model"), modelBox);
    form->addRow(tr("&Duration"), withIssue(m_seconds, m_issueLabels.value(QStringLiteral("seconds"))));
    form->addRow(tr("&Size"), withIssue(m_size, m_issueLabels.value(QStringLiteral("size"))));
    form->addRow(tr("&Reference"),
                 withIssue(referenceRow, m_issueLabels.value(QStringLiteral("input_reference_filename"))));
    form->addRow(QString(), dropRow);
    form->addRow(tr("Re&mix of"),
                 withIssue(m_remixSource, m_issueLabels.value(QStringLiteral("previous_video_id"))));
    m_newVideoOnly = {m_model,     m_refreshModels, m_seconds,  m_size,
                      m_reference, m_browse,        m_dropZone, m_resizeMode};

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_cost, 1);
    buttons->addWidget(m_submit);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(FormSupport::scrollingBody(this, form, m_generalIssues), 1);
    layout->addLayout(buttons);
}

void VideoForm::connectSignals()
{
    for (const QKeySequence &keys : ShortcutTable::keys(ShortcutTable::Id::SubmitForm)) {
        auto *shortcut = new QShortcut(keys, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        shortcut->setAutoRepeat(false); // holding the keys must not queue several paid jobs
        connect(shortcut, &QShortcut::activated, this, &VideoForm::submit);
    }
    connect(m_submit, &QPushButton::clicked, this, &VideoForm::submit);

    connect(m_prompt, &QPlainTextEdit::textChanged, this, &VideoForm::revalidate);
    connect(m_model, &QComboBox::currentTextChanged, this, &VideoForm::revalidate);
    connect(m_seconds, &QComboBox::currentIndexChanged, this, &VideoForm::revalidate);
    connect(m_size, &QComboBox::currentTextChanged, this, &VideoForm::revalidate);
    connect(m_reference, &QLineEdit::textChanged, this, &VideoForm::revalidate);
    connect(m_remixSource, &QLineEdit::textChanged, this, &VideoForm::revalidate);
    connect(m_browse, &QPushButton::clicked, this, &VideoForm::browseReference);
    connect(m_refreshModels, &QToolButton::clicked, this, &VideoForm::refreshProviderModels);
    connect(m_dropZone, &ImageDropZone::imageDropped, this, [this](const QString &path) {
        emit referenceDropped(path, effectiveSize(), m_resizeMode->currentData().toString());
    });
}

JobKind VideoForm::kind() const
{
    return m_remixSource->text().trimmed().isEmpty() ? JobKind::Video : JobKind::Remix;
}

QJsonObject VideoForm::arguments() const
{
    const QString prompt = m_prompt->toPlainText().trimmed();
    if (kind() == JobKind::Remix)
        return {{QStringLiteral("previous_video_id"), m_remixSource->text().trimmed()},
                {QStringLiteral("prompt"), prompt}};
    // "Provider default" omits seconds or size: the provider picks (the estimate uses the table's default).
    QJsonObject args{{QStringLiteral("prompt"), prompt},
                     {QStringLiteral("model"), m_model->currentText().trimmed()}};
    const QString seconds = FormSupport::comboValue(m_seconds);
    if (!seconds.isEmpty())
        args.insert(QStringLiteral("seconds"), seconds);
    const QString size = FormSupport::comboValue(m_size);
    const QString reference = m_reference->text().trimmed();
    // A reference was prepared for effectiveSize(): ask for exactly that size so the pixels match.
    if (!size.isEmpty() || !reference.isEmpty())
        args.insert(QStringLiteral("size"), size.isEmpty() ? effectiveSize() : size);
    if (!reference.isEmpty())
        args.insert(QStringLiteral("input_reference_filename"), reference);
    return args;
}

QString VideoForm::costText() const
{
    return m_cost->text();
}

void VideoForm::setImageFolder(const QString &path)
{
    m_imageFolder = path;
}

void VideoForm::setReference(const QString &fileName)
{
    m_reference->setText(fileName);
}

void VideoForm::setRemixSource(const QString &videoId)
{
    m_remixSource->setText(videoId);
}

void VideoForm::setPrompt(const QString &prompt)
{
    m_prompt->setPlainText(prompt);
}

QHash<QString, QString> VideoForm::choices() const
{
    return {{QStringLiteral("model"), m_model->currentText().trimmed()},
            {QStringLiteral("seconds"), FormSupport::comboValue(m_seconds)},
            {QStringLiteral("size"), FormSupport::comboValue(m_size)},
            {QStringLiteral("resize_mode"), FormSupport::comboValue(m_resizeMode)}};
}

void VideoForm::applyChoices(const QHash<QString, QString> &choices)
{
    // The model first: it decides which durations and sizes are offered.
    if (const QString model = choices.value(QStringLiteral("model")); !model.isEmpty()) {
        m_model->setEditText(model);
        followModel();
    }
    for (auto [key, combo] :
         {std::pair{QStringLiteral("seconds"), m_seconds}, std::pair{QStringLiteral("size"), m_size},
          std::pair{QStringLiteral("resize_mode"), m_resizeMode}}) {
        const QString value = choices.value(key);
        if (!value.isEmpty()) // setComboValue leaves a fixed combo alone when it has no such item
            FormSupport::setComboValue(combo, value);
    }
    revalidate();
}

void VideoForm::setProviderModels(const QStringList &ids)
{
    m_providerModels = ids;
    fillModels();
    m_modelsStatus->setText(ids.isEmpty()     ? tr("The video provider listed no models.")
                            : ids.size() == 1 ? tr("The video provider lists 1 model.")
                                              : tr("The video provider lists %1 models.").arg(ids.size()));
    followModel();
    revalidate();
}

void VideoForm::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!std::exchange(m_modelsAsked, true))
        refreshProviderModels();
}

void VideoForm::refreshProviderModels()
{
    m_modelsAsked = true;
    const Core::ToolContext *context = m_tools ? m_tools->context() : nullptr;
    if (!context || !context->api(Core::Provider::Video))
        return;
    m_modelsRequest.cancel();
    m_refreshModels->setEnabled(false);
    m_modelsStatus->setText(tr("Asking the video provider for its models…"));
    m_modelsRequest = Core::ModelsApi::fetch(
        context->api(Core::Provider::Video), this, [this](Core::Result<QStringList> ids) {
            m_refreshModels->setEnabled(kind() == JobKind::Video);
            if (!ids) {
                // The list from the table still works; the reason is shown verbatim.
                m_modelsStatus->setText(
                    tr("Could not list the provider's models: %1").arg(ids.error().message));
                return;
            }
            setProviderModels(*ids);
        });
}

void VideoForm::fillModels()
{
    const Core::VideoModelTable &table = Core::VideoModelTable::builtIn();
    // The provider's models first (those it really serves), then the rest of the table.
    QStringList ids;
    for (const QString &id : std::as_const(m_providerModels))
        if (!ids.contains(id))
            ids.append(id);
    for (const QString &id : table.ids())
        if (!ids.contains(id))
            ids.append(id);
    const QString current = m_model->currentText().trimmed();
    const bool wasUpdating = std::exchange(m_updating, true);
    m_model->clear();
    for (const QString &id : std::as_const(ids)) {
        m_model->addItem(id);
        const std::optional<Core::VideoModelInfo> info = table.find(id);
        QString tip = !info ? tr("Served by the provider; not in the model table, sent unchecked")
                      : !info->retired.isEmpty() ? tr("Retired by OpenAI on %1").arg(info->retired)
                                                 : tr("Known model");
        if (!m_providerModels.isEmpty() && !m_providerModels.contains(id))
            tip += tr(" (the provider does not list it)");
        m_model->setItemData(m_model->count() - 1, tip, Qt::ToolTipRole);
    }
    m_model->setEditText(current.isEmpty() ? ids.value(0) : current);
    m_updating = wasUpdating;
}

void VideoForm::followModel()
{
    const QString model = m_model->currentText().trimmed();
    const std::optional<Core::VideoModelInfo> info = Core::VideoModelTable::builtIn().find(model);
    const bool wasUpdating = std::exchange(m_updating, true);
    const QString defaultSize = info && !info->defaultSize.isEmpty()
                                    ? tr("Provider default (%1)").arg(info->defaultSize)
                                    : tr("Provider default");
    refill(m_size, defaultSize, info && !info->sizes.isEmpty() ? info->sizes : commonSizes, QString());
    m_size->setEditable(!info || info->sizes.isEmpty());
    refill(m_seconds, tr("Provider default"),
           info && info->checksSeconds() ? info->secondsChoices() : commonSeconds, tr("s"));
    m_updating = wasUpdating;
    m_followedModel = model;

    QString note;
    if (!info) {
        note =
            model.isEmpty() ? QString() : tr("Not in the model table: duration and size are sent unchecked.");
    } else {
        QStringList facts;
        if (!info->secondsText().isEmpty())
            facts.append(info->secondsText());
        if (!info->sizes.isEmpty())
            facts.append(info->sizes.size() == 1 ? tr("1 size") : tr("%1 sizes").arg(info->sizes.size()));
        if (!info->note.isEmpty())
            facts.append(info->note);
        note = facts.join(QStringLiteral("; "));
        if (!info->retired.isEmpty())
            note = tr("Retired by OpenAI on %1; only a provider that still serves it can render it.")
                       .arg(info->retired);
    }
    m_modelNote->setText(note);
    m_modelNote->setVisible(!note.isEmpty());
}

QString VideoForm::effectiveSize() const
{
    // A reference must match the size the video will have: the chosen one, or the model's default.
    const QString size = FormSupport::comboValue(m_size);
    if (!size.isEmpty())
        return size;
    const std::optional<Core::VideoModelInfo> info =
        Core::VideoModelTable::builtIn().find(m_model->currentText().trimmed());
    if (info && !info->defaultSize.isEmpty())
        return info->defaultSize;
    return info && !info->sizes.isEmpty() ? info->sizes.first() : QStringLiteral("1280x720");
}

void VideoForm::submit()
{
    revalidate();
    if (!isValid())
        return;
    emit submitRequested(kind(), arguments());
}

void VideoForm::revalidate()
{
    if (m_updating)
        return;
    if (m_model->currentText().trimmed() != m_followedModel)
        followModel();
    const JobKind k = kind();
    const QJsonObject args = arguments();
    m_issues = m_validator.validate(k, args);
    FormSupport::showIssues(m_issueLabels, m_generalIssues, m_issues);
    for (QWidget *w : std::as_const(m_newVideoOnly))
        w->setEnabled(k == JobKind::Video);
    m_cost->setText(FormSupport::costText(m_pricing, k, args));
    m_submit->setText(k == JobKind::Remix ? tr("Remix video") : tr("Create video"));
    m_submit->setEnabled(isValid());
    FormSupport::explainSubmit(m_submit, m_issues);
}

void VideoForm::browseReference()
{
    FormSupport::pickImages(
        this, tr("Reference image"), m_imageFolder, false, [this](const QStringList &paths) {
            if (paths.isEmpty())
                return;
            if (const std::optional<QString> name =
                    FormSupport::relativeName(m_imageFolder, paths.constFirst()))
                setReference(*name);
            else // outside the image folder: the window imports and prepares it, like a drop
                emit referenceDropped(paths.constFirst(), effectiveSize(),
                                      m_resizeMode->currentData().toString());
        });
}

} // namespace Sanzaru::Ui

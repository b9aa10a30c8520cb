// SPDX-License-Identifier: MIT
#include "videoform.h"

#include "formsupport.h"
#include "imagedropzone.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace Sanzaru::Ui {

using Core::JobKind;

namespace {

bool isProOnlySize(const QString &size)
{
    return size == QStringLiteral("1024x1792") || size == QStringLiteral("1792x1024");
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
    , m_validator(tools)
    , m_pricing(pricing)
    , m_prompt(new QPlainTextEdit(this))
    , m_model(new QComboBox(this))
    , m_seconds(new QComboBox(this))
    , m_size(new QComboBox(this))
    , m_sizeNote(new QLabel(this))
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
    m_prompt->setObjectName(QStringLiteral("prompt"));
    m_prompt->setPlaceholderText(tr("Subject, action, camera, lighting, style…"));
    m_model->setObjectName(QStringLiteral("model"));
    m_model->setEditable(true);
    m_model->addItems({QStringLiteral("sora-2"), QStringLiteral("sora-2-pro"),
                       QStringLiteral("sora-2-2025-10-06"), QStringLiteral("sora-2-pro-2025-10-06"),
                       QStringLiteral("sora-2-2025-12-08")});
    m_seconds->setObjectName(QStringLiteral("seconds"));
    for (const char *s : {"4", "8", "12"})
        m_seconds->addItem(tr("%1 s").arg(QLatin1String(s)), QLatin1String(s));
    m_size->setObjectName(QStringLiteral("size"));
    for (const char *s : {"720x1280", "1280x720", "1024x1792", "1792x1024"}) {
        const QString size = QLatin1String(s);
        m_size->addItem(isProOnlySize(size) ? tr("%1 (sora-2-pro only)").arg(size) : size, size);
    }
    m_sizeNote->setObjectName(QStringLiteral("sizeNote"));
    m_sizeNote->setWordWrap(true);
    m_sizeNote->setText(tr("This size needs sora-2-pro; other models reject it."));
    m_sizeNote->setVisible(false);
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
    m_submit->setToolTip(tr("Ctrl+Return"));

    m_issueLabels = {
        {QStringLiteral("prompt"), FormSupport::issueLabel(this, QStringLiteral("promptIssue"))},
        {QStringLiteral("model"), FormSupport::issueLabel(this, QStringLiteral("modelIssue"))},
        {QStringLiteral("seconds"), FormSupport::issueLabel(this, QStringLiteral("secondsIssue"))},
        {QStringLiteral("size"), FormSupport::issueLabel(this, QStringLiteral("sizeIssue"))},
        {QStringLiteral("input_reference_filename"),
         FormSupport::issueLabel(this, QStringLiteral("referenceIssue"))},
        {QStringLiteral("previous_video_id"), FormSupport::issueLabel(this, QStringLiteral("remixIssue"))}};

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
    form->addRow(tr("&Model"), withIssue(m_model, m_issueLabels.value(QStringLiteral("model"))));
    form->addRow(tr("&Duration"), withIssue(m_seconds, m_issueLabels.value(QStringLiteral("seconds"))));
    auto *sizeBox = withIssue(m_size, m_issueLabels.value(QStringLiteral("size")));
    sizeBox->layout()->addWidget(m_sizeNote);
    form->addRow(tr("&Size"), sizeBox);
    form->addRow(tr("&Reference"),
                 withIssue(referenceRow, m_issueLabels.value(QStringLiteral("input_reference_filename"))));
    form->addRow(QString(), dropRow);
    form->addRow(tr("Re&mix of"),
                 withIssue(m_remixSource, m_issueLabels.value(QStringLiteral("previous_video_id"))));
    m_newVideoOnly = {m_model, m_seconds, m_size, m_reference, m_browse, m_dropZone, m_resizeMode};

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_cost, 1);
    buttons->addWidget(m_submit);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_generalIssues);
    layout->addLayout(buttons);

    auto *shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    shortcut->setContext(Qt::WidgetWithChildrenShortcut);
    shortcut->setAutoRepeat(false); // holding the keys must not queue several paid jobs
    connect(shortcut, &QShortcut::activated, this, &VideoForm::submit);
    auto *enterShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Enter), this);
    enterShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    enterShortcut->setAutoRepeat(false);
    connect(enterShortcut, &QShortcut::activated, this, &VideoForm::submit);
    connect(m_submit, &QPushButton::clicked, this, &VideoForm::submit);

    connect(m_prompt, &QPlainTextEdit::textChanged, this, &VideoForm::revalidate);
    connect(m_model, &QComboBox::currentTextChanged, this, &VideoForm::revalidate);
    connect(m_seconds, &QComboBox::currentIndexChanged, this, &VideoForm::revalidate);
    connect(m_size, &QComboBox::currentIndexChanged, this, &VideoForm::revalidate);
    connect(m_reference, &QLineEdit::textChanged, this, &VideoForm::revalidate);
    connect(m_remixSource, &QLineEdit::textChanged, this, &VideoForm::revalidate);
    connect(m_browse, &QPushButton::clicked, this, &VideoForm::browseReference);
    connect(m_dropZone, &ImageDropZone::imageDropped, this, [this](const QString &path) {
        emit referenceDropped(path, FormSupport::comboValue(m_size), m_resizeMode->currentData().toString());
    });
    revalidate();
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
    // seconds and size are always sent, so the estimate is for exactly what the API is asked for.
    QJsonObject args{{QStringLiteral("prompt"), prompt},
                     {QStringLiteral("model"), m_model->currentText().trimmed()},
                     {QStringLiteral("seconds"), m_seconds->currentData().toString()},
                     {QStringLiteral("size"), FormSupport::comboValue(m_size)}};
    const QString reference = m_reference->text().trimmed();
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

void VideoForm::submit()
{
    revalidate();
    if (!isValid())
        return;
    emit submitRequested(kind(), arguments());
}

void VideoForm::revalidate()
{
    const JobKind k = kind();
    const QJsonObject args = arguments();
    m_issues = m_validator.validate(k, args);
    FormSupport::showIssues(m_issueLabels, m_generalIssues, m_issues);
    for (QWidget *w : std::as_const(m_newVideoOnly))
        w->setEnabled(k == JobKind::Video);
    const QString model = m_model->currentText().trimmed();
    m_sizeNote->setVisible(k == JobKind::Video && isProOnlySize(FormSupport::comboValue(m_size)) &&
                           !model.startsWith(QStringLiteral("sora-2-pro")));
    m_cost->setText(FormSupport::costText(m_pricing, k, args));
    m_submit->setText(k == JobKind::Remix ? tr("Remix video") : tr("Create video"));
    m_submit->setEnabled(isValid());
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
                emit referenceDropped(paths.constFirst(), FormSupport::comboValue(m_size),
                                      m_resizeMode->currentData().toString());
        });
}

} // namespace Sanzaru::Ui

// SPDX-License-Identifier: MIT
#include "settingsdialog.h"

#include "apikeystore.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Sanzaru::Ui {

namespace {

QSpinBox *limitBox(QWidget *parent, const char *name)
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(QLatin1String(name));
    box->setRange(Core::AppSettings::minLimit, Core::AppSettings::maxLimit);
    return box;
}

} // namespace

SettingsDialog::SettingsDialog(ApiKeyStore *store, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_key(new QLineEdit(this))
    , m_keyState(new QLabel(this))
    , m_environmentNote(new QLabel(this))
    , m_baseUrl(new QLineEdit(this))
    , m_baseUrlIssue(new QLabel(this))
    , m_mediaPath(new QLineEdit(this))
    , m_videoLimit(limitBox(this, "videoLimit"))
    , m_imageLimit(limitBox(this, "imageLimit"))
    , m_prepareLimit(limitBox(this, "prepareLimit"))
    , m_downloadLimit(limitBox(this, "downloadLimit"))
    , m_status(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Settings"));
    m_key->setObjectName(QStringLiteral("apiKey"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(tr("sk-… (leave empty to keep the current key)"));
    m_keyState->setObjectName(QStringLiteral("keyState"));
    m_keyState->setWordWrap(true);
    m_environmentNote->setObjectName(QStringLiteral("environmentNote"));
    m_environmentNote->setWordWrap(true);
    m_environmentNote->setText(tr("OPENAI_API_KEY is set in the environment: that key is used, whatever the "
                                  "keychain holds."));
    m_baseUrl->setObjectName(QStringLiteral("baseUrl"));
    m_baseUrl->setPlaceholderText(QStringLiteral("https://api.openai.com/v1"));
    m_baseUrlIssue->setObjectName(QStringLiteral("baseUrlIssue"));
    m_baseUrlIssue->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_baseUrlIssue->setVisible(false);
    m_mediaPath->setObjectName(QStringLiteral("mediaPath"));
    m_mediaPath->setPlaceholderText(tr("Default: SANZARU_MEDIA_PATH or the per-user folder"));
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);

    auto *removeKey = new QPushButton(tr("Remove from keychain"), this);
    removeKey->setObjectName(QStringLiteral("removeKey"));
    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_key, 1);
    keyRow->addWidget(removeKey);
    auto *keyNote = new QLabel(tr("Stored in the system keychain, never in a settings file."), this);
    keyNote->setWordWrap(true);

    auto *browse = new QPushButton(tr("Browse…"), this);
    browse->setObjectName(QStringLiteral("browseMedia"));
    auto *mediaRow = new QHBoxLayout;
    mediaRow->addWidget(m_mediaPath, 1);
    mediaRow->addWidget(browse);

    auto *form = new QFormLayout;
    form->addRow(tr("OpenAI &API key"), keyRow);
    form->addRow(QString(), keyNote);
    form->addRow(QString(), m_keyState);
    form->addRow(QString(), m_environmentNote);
    form->addRow(tr("&Base URL"), m_baseUrl);
    form->addRow(QString(), m_baseUrlIssue);
    form->addRow(tr("&Media folder"), mediaRow);
    form->addRow(tr("Video jobs at once"), m_videoLimit);
    form->addRow(tr("Image jobs at once"), m_imageLimit);
    form->addRow(tr("Reference preparations at once"), m_prepareLimit);
    form->addRow(tr("Downloads at once"), m_downloadLimit);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_baseUrl, &QLineEdit::textChanged, this, &SettingsDialog::revalidate);
    connect(m_key, &QLineEdit::textChanged, this, [this] {
        m_keychainFailed = false; // a new key gets a fresh attempt
        m_buttons->button(QDialogButtonBox::Ok)->setText(tr("OK"));
    });
    connect(browse, &QPushButton::clicked, this, [this] {
        auto *dialog = new QFileDialog(this, tr("Media folder"), m_mediaPath->text());
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setFileMode(QFileDialog::Directory);
        dialog->setOption(QFileDialog::ShowDirsOnly);
        connect(dialog, &QFileDialog::fileSelected, this,
                [this](const QString &dir) { m_mediaPath->setText(dir); });
        dialog->open();
    });
    connect(removeKey, &QPushButton::clicked, this, [this] {
        const QPointer<SettingsDialog> self(this);
        m_store->remove([self](Core::Result<void> outcome) {
            if (!self)
                return;
            self->m_status->setText(outcome ? tr("The key was removed from the keychain.")
                                            : outcome.error().message);
            self->refreshKeyState();
        });
    });

    setSettings(Core::AppSettings::load());
    setEnvironmentKeyPresent(ApiKeyStore::environmentHasKey());
    refreshKeyState();
}

Core::AppSettings SettingsDialog::settings() const
{
    Core::AppSettings s;
    s.baseUrl = m_baseUrl->text().trimmed();
    s.mediaPath = m_mediaPath->text().trimmed();
    s.limits.video = m_videoLimit->value();
    s.limits.image = m_imageLimit->value();
    s.limits.prepare = m_prepareLimit->value();
    s.limits.download = m_downloadLimit->value();
    return s;
}

void SettingsDialog::setSettings(const Core::AppSettings &settings)
{
    m_baseUrl->setText(settings.baseUrl);
    m_mediaPath->setText(settings.mediaPath);
    m_videoLimit->setValue(settings.limits.video);
    m_imageLimit->setValue(settings.limits.image);
    m_prepareLimit->setValue(settings.limits.prepare);
    m_downloadLimit->setValue(settings.limits.download);
    revalidate();
}

void SettingsDialog::setEnvironmentKeyPresent(bool present)
{
    m_environmentNote->setVisible(present);
}

void SettingsDialog::revalidate()
{
    const QString problem = Core::AppSettings::baseUrlProblem(m_baseUrl->text());
    m_baseUrlIssue->setText(problem);
    m_baseUrlIssue->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty() && !m_saving);
}

void SettingsDialog::refreshKeyState()
{
    const QPointer<SettingsDialog> self(this);
    m_keyState->setText(tr("Checking the keychain…"));
    // Only whether a key is there is shown, never the key.
    m_store->read([self](Core::Result<QString> key) {
        if (!self)
            return;
        if (!key)
            self->m_keyState->setText(key.error().message);
        else
            self->m_keyState->setText(key->isEmpty() ? tr("No key is stored in the keychain.")
                                                     : tr("A key is stored in the keychain."));
    });
}

void SettingsDialog::accept()
{
    if (m_saving || !Core::AppSettings::baseUrlProblem(m_baseUrl->text()).isEmpty())
        return;
    const Core::AppSettings current = settings();
    current.save();
    emit settingsSaved(current);

    const QString key = m_key->text().trimmed();
    if (key.isEmpty())
        return finishAccept();
    if (m_keychainFailed) {
        // The user chose to go on without the keychain: this session only, stored nowhere.
        emit apiKeyChanged(key);
        return finishAccept();
    }
    m_saving = true;
    revalidate();
    m_status->setText(tr("Saving the key in the system keychain…"));
    const QPointer<SettingsDialog> self(this);
    m_store->write(key, [self, key](Core::Result<void> outcome) {
        if (!self)
            return;
        self->m_saving = false;
        self->revalidate();
        if (outcome) {
            emit self->apiKeyChanged(key);
            return self->finishAccept();
        }
        self->m_keychainFailed = true;
        self->m_status->setText(tr("%1\nPress \"Use for this session\" to use the key until the app quits "
                                   "without storing it.")
                                    .arg(outcome.error().message));
        self->m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Use for this session"));
    });
}

void SettingsDialog::finishAccept()
{
    m_key->clear();
    QDialog::accept();
}

} // namespace Sanzaru::Ui

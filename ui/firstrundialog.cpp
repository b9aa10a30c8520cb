// SPDX-License-Identifier: MIT
#include "firstrundialog.h"

#include "apikeystore.h"

#include "config/apikeyfile.h"

#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace Sanzaru::Ui {

namespace {

QLabel *wrapped(const QString &text, const char *name, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setObjectName(QLatin1String(name));
    label->setWordWrap(true);
    return label;
}

} // namespace

FirstRunDialog::FirstRunDialog(ApiKeyStore *store, QWidget *parent, const QString &keyFilePath)
    : QDialog(parent)
    , m_store(store)
    , m_keyFilePath(keyFilePath.isEmpty() ? Core::ApiKeyFile::defaultPath(Core::Provider::Image)
                                          : keyFilePath)
    , m_intro(
          wrapped(tr("<p>Creating videos and images needs an OpenAI API key (or your gateway's key). Paste "
                     "it below: it is stored in the system keychain.</p>"
                     "<p>Without a key you can still prepare reference images, browse your media folder "
                     "and use the MCP endpoint's local tools. You can also set OPENAI_API_KEY in the "
                     "environment.</p>"),
                  "intro", this))
    , m_key(new QLineEdit(this))
    , m_noKeychainNote(wrapped(QString(), "noKeychain", this))
    , m_sessionOnly(new QRadioButton(tr("Use the key for this session only (asked again next time)"), this))
    , m_inFile(new QRadioButton(tr("Keep the key in a file only you can read:"), this))
    , m_filePathNote(wrapped(QString(), "keyFilePath", this))
    , m_status(wrapped(QString(), "status", this))
    , m_save(new QPushButton(tr("Save key"), this))
    , m_continue(new QPushButton(tr("Continue without a key"), this))
{
    setWindowTitle(tr("Welcome to sanzaru-qt"));
    // Wide enough that the paragraphs wrap into a few lines; wrapped labels then get their full height.
    m_intro->setMinimumWidth(fontMetrics().averageCharWidth() * 64);
    m_key->setObjectName(QStringLiteral("apiKey"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(QStringLiteral("sk-…"));
    m_status->setTextFormat(Qt::PlainText);
    m_noKeychainNote->setTextFormat(Qt::PlainText);
    m_filePathNote->setTextFormat(Qt::PlainText);
    m_filePathNote->setWordWrap(false); // a path has no spaces to wrap at: one line, the dialog widens
    m_filePathNote->setText(QDir::toNativeSeparators(m_keyFilePath));
    m_filePathNote->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_filePathNote->setIndent(fontMetrics().averageCharWidth() * 4);
    m_sessionOnly->setObjectName(QStringLiteral("sessionOnly"));
    m_inFile->setObjectName(QStringLiteral("keepInFile"));
    m_sessionOnly->setChecked(true); // the file is an explicit choice
    for (QWidget *w : {static_cast<QWidget *>(m_noKeychainNote), static_cast<QWidget *>(m_sessionOnly),
                       static_cast<QWidget *>(m_inFile), static_cast<QWidget *>(m_filePathNote)})
        w->setVisible(false);
    m_save->setObjectName(QStringLiteral("saveKey"));
    m_save->setDefault(true);
    m_save->setEnabled(false);
    m_continue->setObjectName(QStringLiteral("continueWithout"));
    auto *settingsLink = new QLabel(tr("<a href=\"settings\">Open the settings…</a>"), this);
    settingsLink->setObjectName(QStringLiteral("settingsLink"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(settingsLink);
    buttons->addStretch();
    buttons->addWidget(m_continue);
    buttons->addWidget(m_save);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addWidget(m_key);
    layout->addWidget(m_noKeychainNote);
    layout->addWidget(m_sessionOnly);
    layout->addWidget(m_inFile);
    layout->addWidget(m_filePathNote);
    layout->addWidget(m_status);
    layout->addLayout(buttons);
    // The dialog is never smaller than its content: no wrapped line is cut off.
    layout->setSizeConstraint(QLayout::SetMinimumSize);

    connect(m_key, &QLineEdit::textChanged, this, &FirstRunDialog::updateSaveButton);
    connect(m_inFile, &QRadioButton::toggled, this, &FirstRunDialog::updateSaveButton);
    connect(m_save, &QPushButton::clicked, this, &FirstRunDialog::save);
    connect(m_continue, &QPushButton::clicked, this, &FirstRunDialog::reject);
    connect(settingsLink, &QLabel::linkActivated, this, [this] {
        emit settingsRequested();
        reject();
    });

    // Ask the keychain now, so the user learns there is none before typing a key, not after.
    const QPointer<FirstRunDialog> self(this);
    m_store->read([self](Core::Result<QString> key) {
        if (!self)
            return;
        const bool available = key || self->m_store->isAvailable();
        if (!available)
            self->showNoKeychain(key.error().message);
        emit self->keychainProbed(available);
    });
}

void FirstRunDialog::checkNeeded(ApiKeyStore *store, QObject *context,
                                 std::function<void(bool needed)> needed, const QProcessEnvironment &env)
{
    const QPointer<QObject> guard(context);
    const Core::ApiKeyFile file(Core::Provider::Image);
    const Core::Result<QString> fileKey = file.exists() ? file.read() : Core::Result<QString>(QString());
    const bool inFile = fileKey && !fileKey->isEmpty();
    if (ApiKeyStore::environmentHasKey(env) || inFile) {
        QMetaObject::invokeMethod(
            context, [needed = std::move(needed)] { needed(false); }, Qt::QueuedConnection);
        return;
    }
    store->read([guard, needed = std::move(needed)](Core::Result<QString> key) {
        if (guard)
            needed(!key || key->isEmpty());
    });
}

void FirstRunDialog::showNoKeychain(const QString &why)
{
    m_noKeychain = true;
    m_intro->setText(tr("<p>Creating videos and images needs an OpenAI API key (or your gateway's key).</p>"
                        "<p>Without a key you can still prepare reference images, browse your media folder "
                        "and use the MCP endpoint's local tools. You can also set OPENAI_API_KEY in the "
                        "environment.</p>"));
    m_noKeychainNote->setText(
        tr("This computer has no keychain (such as GNOME Keyring or KWallet) that sanzaru-qt can use, so "
           "the key cannot be stored there. Choose what to do with it:"));
    m_noKeychainNote->setToolTip(why); // the backend's own words, for whoever wants to fix it
    for (QWidget *w : {static_cast<QWidget *>(m_noKeychainNote), static_cast<QWidget *>(m_sessionOnly),
                       static_cast<QWidget *>(m_inFile), static_cast<QWidget *>(m_filePathNote)})
        w->setVisible(true);
    m_status->clear();
    updateSaveButton();
    adjustSize();
}

void FirstRunDialog::updateSaveButton()
{
    if (m_noKeychain)
        m_save->setText(m_inFile->isChecked() ? tr("Save to the file") : tr("Use for this session"));
    else
        m_save->setText(tr("Save key"));
    m_save->setEnabled(!m_key->text().trimmed().isEmpty() && !m_saving);
}

void FirstRunDialog::save()
{
    const QString key = m_key->text().trimmed();
    if (key.isEmpty() || m_saving)
        return;
    if (m_noKeychain) {
        if (m_inFile->isChecked()) {
            if (const Core::Result<void> written = Core::ApiKeyFile(m_keyFilePath).write(key); !written) {
                m_status->setText(written.error().message);
                return;
            }
        }
        emit apiKeyChanged(key); // session only unless written to the file above
        m_key->clear();
        return accept();
    }
    m_saving = true;
    m_save->setEnabled(false);
    m_status->setText(tr("Saving the key in the system keychain…"));
    const QPointer<FirstRunDialog> self(this);
    m_store->write(key, [self, key](Core::Result<void> outcome) {
        if (!self)
            return;
        self->m_saving = false;
        if (outcome) {
            emit self->apiKeyChanged(key);
            self->m_key->clear();
            return self->accept();
        }
        if (!self->m_store->isAvailable())
            return self->showNoKeychain(outcome.error().message);
        self->m_status->setText(outcome.error().message);
        self->updateSaveButton();
    });
}

} // namespace Sanzaru::Ui

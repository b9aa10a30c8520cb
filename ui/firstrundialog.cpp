// SPDX-License-Identifier: MIT
#include "firstrundialog.h"

#include "apikeystore.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

namespace Sanzaru::Ui {

FirstRunDialog::FirstRunDialog(ApiKeyStore *store, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_key(new QLineEdit(this))
    , m_status(new QLabel(this))
    , m_save(new QPushButton(tr("Save key"), this))
    , m_continue(new QPushButton(tr("Continue without a key"), this))
{
    setWindowTitle(tr("Welcome to sanzaru-qt"));
    auto *intro =
        new QLabel(tr("<p>Creating videos (Sora) and images (GPT Image) needs an OpenAI API key. Paste yours "
                      "below: it is "
                      "stored in the system keychain, never in a settings file.</p>"
                      "<p>Without a key you can still prepare reference images, browse your media folder and "
                      "use the MCP "
                      "endpoint's local tools. You can also set OPENAI_API_KEY in the environment.</p>"),
                   this);
    intro->setWordWrap(true);
    m_key->setObjectName(QStringLiteral("apiKey"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(QStringLiteral("sk-…"));
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
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
    layout->addWidget(intro);
    layout->addWidget(m_key);
    layout->addWidget(m_status);
    layout->addLayout(buttons);

    connect(m_key, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_keychainFailed = false;
        m_save->setText(tr("Save key"));
        m_save->setEnabled(!text.trimmed().isEmpty() && !m_saving);
    });
    connect(m_save, &QPushButton::clicked, this, &FirstRunDialog::save);
    connect(m_continue, &QPushButton::clicked, this, &FirstRunDialog::reject);
    connect(settingsLink, &QLabel::linkActivated, this, [this] {
        emit settingsRequested();
        reject();
    });
}

void FirstRunDialog::checkNeeded(ApiKeyStore *store, QObject *context,
                                 std::function<void(bool needed)> needed, const QProcessEnvironment &env)
{
    const QPointer<QObject> guard(context);
    if (ApiKeyStore::environmentHasKey(env)) {
        QMetaObject::invokeMethod(
            context, [needed = std::move(needed)] { needed(false); }, Qt::QueuedConnection);
        return;
    }
    store->read([guard, needed = std::move(needed)](Core::Result<QString> key) {
        if (guard)
            needed(!key || key->isEmpty());
    });
}

void FirstRunDialog::save()
{
    const QString key = m_key->text().trimmed();
    if (key.isEmpty() || m_saving)
        return;
    if (m_keychainFailed) {
        emit apiKeyChanged(key); // this session only, stored nowhere
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
        self->m_save->setEnabled(true);
        if (outcome) {
            emit self->apiKeyChanged(key);
            self->m_key->clear();
            return self->accept();
        }
        self->m_keychainFailed = true;
        self->m_status->setText(outcome.error().message);
        self->m_save->setText(tr("Use for this session"));
    });
}

} // namespace Sanzaru::Ui

// SPDX-License-Identifier: MIT
#include "settingsdialog.h"

#include "apikeystore.h"

#include "config/apikeyfile.h"
#include "config/configresolver.h"
#include "openai/apiclient.h"
#include "openai/modelsapi.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QScopeGuard>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Sanzaru::Ui {

using Core::Provider;

namespace {

QSpinBox *limitBox(QWidget *parent, const char *name)
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(QLatin1String(name));
    box->setRange(Core::AppSettings::minLimit, Core::AppSettings::maxLimit);
    return box;
}

QString providerObjectName(Provider provider, const char *name)
{
    // The image provider keeps the names it had before there were two providers.
    QString n = QLatin1String(name);
    if (provider == Provider::Video)
        n = QStringLiteral("video") + n.left(1).toUpper() + n.mid(1);
    return n;
}

QLabel *noteLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    return label;
}

/// A short "Set by NAME" beside a field the environment overrides (hidden while it does not).
QLabel *overrideLabel(QWidget *parent, const QString &name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setTextFormat(Qt::PlainText);
    label->setVisible(false);
    return label;
}

/// One sentence on what to do about a failed GET /models, after the error itself.
QString explain(const Core::Error &error)
{
    if (error.kind == Core::ErrorKind::Api && error.httpStatus == 401)
        return SettingsDialog::tr("The provider refused the key: enter this provider's own key.");
    if (error.kind == Core::ErrorKind::Api && (error.httpStatus == 404 || error.httpStatus == 405))
        return SettingsDialog::tr(
            "Nothing answers /models there: check the base URL (it usually ends in /v1).");
    if (error.kind == Core::ErrorKind::Api && error.httpStatus == 403)
        return SettingsDialog::tr("The key is valid but may not list models here.");
    if (error.kind == Core::ErrorKind::Config)
        return SettingsDialog::tr("Enter a key for this provider first.");
    if (error.kind == Core::ErrorKind::Network || error.kind == Core::ErrorKind::Timeout)
        return SettingsDialog::tr("The host could not be reached: check the base URL and the connection.");
    return SettingsDialog::tr("The base URL does not look like an OpenAI-compatible API.");
}

} // namespace

SettingsDialog::SettingsDialog(ApiKeyStore *store, QWidget *parent)
    : SettingsDialog(store, nullptr, parent)
{}

SettingsDialog::SettingsDialog(ApiKeyStore *store, ApiKeyStore *videoStore, QWidget *parent)
    : QDialog(parent)
    , m_effective()
    , m_mediaPath(new QLineEdit(this))
    , m_videoLimit(limitBox(this, "videoLimit"))
    , m_imageLimit(limitBox(this, "imageLimit"))
    , m_prepareLimit(limitBox(this, "prepareLimit"))
    , m_downloadLimit(limitBox(this, "downloadLimit"))
    , m_mediaOverride(overrideLabel(this, QStringLiteral("mediaPathOverride")))
    , m_keepInFile(new QCheckBox(this))
    , m_status(noteLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Settings"));
    setMinimumWidth(640);
    if (!videoStore) {
        m_ownVideoStore =
            std::make_unique<ApiKeyStore>(store->service(), ApiKeyStore::videoKeyName(), nullptr);
        videoStore = m_ownVideoStore.get();
    }
    m_image.store = store;
    m_video.store = videoStore;
    m_image.keyFile = Core::ApiKeyFile::defaultPath(Provider::Image);
    m_video.keyFile = Core::ApiKeyFile::defaultPath(Provider::Video);
    m_keepInFile->setObjectName(QStringLiteral("keepInFile"));
    m_keepInFile->setVisible(false); // offered only when there is no keychain
    connect(m_keepInFile, &QCheckBox::toggled, this, [this](bool on) {
        if (m_noKeychain)
            m_buttons->button(QDialogButtonBox::Ok)
                ->setText(on                 ? tr("Save to the file")
                          : m_keychainFailed ? tr("Use for this session")
                                             : tr("OK"));
    });

    buildLayout();
    setSettings(Core::AppSettings::load());
    setEffectiveConfig(Core::ConfigResolver::resolve());
    setEnvironmentKeyPresent(ApiKeyStore::environmentHasKey());
    applyEnvironment(QProcessEnvironment::systemEnvironment());
    refreshKeyState(Provider::Image);
    refreshKeyState(Provider::Video);
}

// Both providers' boxes, then the media folder and the limits, then the buttons.
void SettingsDialog::buildLayout()
{
    m_mediaPath->setObjectName(QStringLiteral("mediaPath"));
    m_mediaPath->setPlaceholderText(tr("Default: SANZARU_MEDIA_PATH or the per-user folder"));
    m_status->setObjectName(QStringLiteral("status"));

    auto *browse = new QPushButton(tr("Browse…"), this);
    browse->setObjectName(QStringLiteral("browseMedia"));
    m_browse = browse;
    auto *mediaRow = new QHBoxLayout;
    mediaRow->addWidget(m_mediaPath, 1);
    mediaRow->addWidget(m_mediaOverride);
    mediaRow->addWidget(browse);

    auto *form = new QFormLayout;
    auto *mediaLabel = new QLabel(tr("&Media folder"), this);
    mediaLabel->setBuddy(m_mediaPath);
    form->addRow(mediaLabel, mediaRow);
    form->addRow(tr("Video jobs at once"), m_videoLimit);
    form->addRow(tr("Image jobs at once"), m_imageLimit);
    form->addRow(tr("Reference preparations at once"), m_prepareLimit);
    form->addRow(tr("Downloads at once"), m_downloadLimit);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildProvider(m_image, Provider::Image));
    layout->addWidget(buildProvider(m_video, Provider::Video));
    layout->addLayout(form);
    layout->addWidget(m_keepInFile);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(browse, &QPushButton::clicked, this, [this] {
        auto *dialog = new QFileDialog(this, tr("Media folder"), m_mediaPath->text());
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setFileMode(QFileDialog::Directory);
        dialog->setOption(QFileDialog::ShowDirsOnly);
        connect(dialog, &QFileDialog::fileSelected, this,
                [this](const QString &dir) { m_mediaPath->setText(dir); });
        dialog->open();
    });
}

SettingsDialog::~SettingsDialog()
{
    m_image.pending.cancel();
    m_video.pending.cancel();
}

QWidget *SettingsDialog::buildProvider(ProviderRow &r, Provider provider)
{
    const bool video = provider == Provider::Video;
    auto *box = new QGroupBox(video ? tr("Video provider") : tr("Images (OpenAI)"), this);
    box->setObjectName(providerObjectName(provider, "providerBox"));
    createProviderFields(r, provider, box);
    layOutProvider(r, provider, box);
    describeEnvironment(r, provider);

    connect(r.baseUrl, &QLineEdit::textChanged, this, &SettingsDialog::revalidate);
    connect(r.key, &QLineEdit::textChanged, this, [this] {
        m_keychainFailed = false; // a new key gets a fresh attempt
        m_buttons->button(QDialogButtonBox::Ok)->setText(tr("OK"));
    });
    connect(r.test, &QPushButton::clicked, this, [this, provider] { runTest(provider); });
    connect(r.removeKey, &QPushButton::clicked, this, [this, provider] { this->removeKey(provider); });
    return box;
}

// The row's widgets, children of the provider's box, with the object names the tests use.
void SettingsDialog::createProviderFields(ProviderRow &r, Provider provider, QWidget *box)
{
    const bool video = provider == Provider::Video;
    r.key = new QLineEdit(box);
    r.key->setObjectName(providerObjectName(provider, "apiKey"));
    r.key->setEchoMode(QLineEdit::Password);
    r.key->setPlaceholderText(tr("Leave empty to keep the current key"));
    r.keyState = noteLabel(box);
    r.keyState->setObjectName(providerObjectName(provider, "keyState"));
    r.environmentNote = noteLabel(box);
    r.environmentNote->setObjectName(providerObjectName(provider, "environmentNote"));
    r.baseUrl = new QLineEdit(box);
    r.baseUrl->setObjectName(providerObjectName(provider, "baseUrl"));
    r.baseUrl->setPlaceholderText(video ? tr("Empty: the image provider's URL")
                                        : QStringLiteral("https://api.openai.com/v1"));
    r.baseUrlIssue = noteLabel(box);
    r.baseUrlIssue->setObjectName(providerObjectName(provider, "baseUrlIssue"));
    r.baseUrlIssue->setStyleSheet(QStringLiteral("color: #c62828;"));
    r.baseUrlIssue->setVisible(false);
    r.test = new QPushButton(tr("Test"), box);
    r.test->setObjectName(video ? QStringLiteral("testVideo") : QStringLiteral("testImage"));
    r.test->setToolTip(tr("Asks GET {base URL}/models with this provider's key"));
    r.testResult = noteLabel(box);
    r.testResult->setObjectName(video ? QStringLiteral("videoTestResult")
                                      : QStringLiteral("imageTestResult"));
    r.testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    r.testResult->setVisible(false); // until there is a result: an empty row would only take space

    r.removeKey = new QPushButton(tr("Remove from keychain"), box);
    r.removeKey->setObjectName(providerObjectName(provider, "removeKey"));
    r.removeKey->setEnabled(false); // until the keychain says it holds a key
    r.keyOverride = overrideLabel(box, providerObjectName(provider, "keyOverride"));
    r.baseUrlOverride = overrideLabel(box, providerObjectName(provider, "baseUrlOverride"));
}

void SettingsDialog::layOutProvider(ProviderRow &r, Provider provider, QWidget *box)
{
    const bool video = provider == Provider::Video;
    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(r.key, 1);
    keyRow->addWidget(r.keyOverride);
    keyRow->addWidget(r.removeKey);
    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(r.baseUrl, 1);
    urlRow->addWidget(r.baseUrlOverride);
    urlRow->addWidget(r.test);

    // Word-wrapped notes make the layout underestimate the height; fields must never be squeezed for it.
    for (QWidget *field : {static_cast<QWidget *>(r.key), static_cast<QWidget *>(r.baseUrl),
                           static_cast<QWidget *>(r.test), static_cast<QWidget *>(r.removeKey)})
        field->setMinimumHeight(field->sizeHint().height());
    // Rows whose field is a layout get their label's buddy set by hand, or the '&' would show.
    auto *form = new QFormLayout;
    auto *urlLabel = new QLabel(video ? tr("Base UR&L") : tr("Base &URL"), box);
    urlLabel->setBuddy(r.baseUrl);
    form->addRow(urlLabel, urlRow);
    form->addRow(QString(), r.baseUrlIssue);
    auto *keyLabel = new QLabel(video ? tr("Video &key") : tr("OpenAI &API key"), box);
    keyLabel->setBuddy(r.key);
    form->addRow(keyLabel, keyRow);
    // Wrapped notes go below the form, full width: in a form row they would be squeezed and clipped.
    auto *column = new QVBoxLayout(box);
    column->addLayout(form);
    auto *rule = noteLabel(box);
    rule->setText(video
                      ? tr("Empty key: the OpenAI key, only while this URL is on the image provider's host.")
                      : tr("Keys are stored in the system keychain (without one: for this session, or in a "
                           "file only you can read if you choose so), never in a settings file."));
    column->addWidget(rule);
    column->addWidget(r.keyState);
    column->addWidget(r.environmentNote);
    column->addWidget(r.testResult);
}

// Which environment variables override the provider's fields; the image note's visibility follows
// setEnvironmentKeyPresent().
void SettingsDialog::describeEnvironment(ProviderRow &r, Provider provider)
{
    if (provider == Provider::Video) {
        QStringList set;
        const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"SANZARU_VIDEO_BASE_URL", "SANZARU_VIDEO_API_KEY"})
            if (!env.value(QLatin1String(name)).trimmed().isEmpty())
                set << QLatin1String(name);
        r.environmentNote->setText(tr("%1 set in the environment: the environment wins over these fields.")
                                       .arg(set.join(QStringLiteral(" and "))));
        r.environmentNote->setVisible(!set.isEmpty());
    } else {
        r.environmentNote->setText(tr("OPENAI_API_KEY is set in the environment: that key is used, whatever "
                                      "the keychain holds."));
    }
}

void SettingsDialog::removeKey(Provider provider)
{
    const QPointer<SettingsDialog> self(this);
    ProviderRow &r = row(provider);
    if (!r.keychainHasKey && Core::ApiKeyFile(r.keyFile).exists()) {
        const Core::Result<void> removed = Core::ApiKeyFile(r.keyFile).remove();
        m_status->setText(removed ? tr("The key file was deleted.") : removed.error().message);
        return refreshKeyState(provider);
    }
    r.store->remove([self, provider](Core::Result<void> outcome) {
        if (!self)
            return;
        self->m_status->setText(outcome ? tr("The key was removed from the keychain.")
                                        : outcome.error().message);
        self->refreshKeyState(provider);
    });
}

void SettingsDialog::setKeyFilePaths(const QString &image, const QString &video)
{
    m_image.keyFile = image;
    m_video.keyFile = video;
    m_keepInFile->setText(keepInFileText());
    refreshKeyState(Provider::Image);
    refreshKeyState(Provider::Video);
}

QString SettingsDialog::keepInFileText() const
{
    return tr("No keychain: keep typed keys in files only you can read (%1)")
        .arg(QDir::toNativeSeparators(QFileInfo(m_image.keyFile).absolutePath()));
}

void SettingsDialog::applyEnvironment(const QProcessEnvironment &env)
{
    using Setting = Core::ConfigResolver::Setting;
    const auto apply = [&env](Setting setting, QLineEdit *field, QLabel *note, const QString &value) {
        const QString names = Core::ConfigResolver::environmentOverride(setting, env);
        const bool set = !names.isEmpty();
        field->setReadOnly(set);
        note->setVisible(set);
        note->setText(set ? tr("Set by %1").arg(names) : QString());
        field->setToolTip(set ? tr("%1 in the environment sets this; change it there.").arg(names)
                              : QString());
        if (set)
            field->setText(value); // keys: empty, the placeholder says where it comes from
    };
    const auto value = [&env](const char *name) { return env.value(QLatin1String(name)).trimmed(); };
    apply(Setting::ImageBaseUrl, m_image.baseUrl, m_image.baseUrlOverride, value("OPENAI_BASE_URL"));
    apply(Setting::VideoBaseUrl, m_video.baseUrl, m_video.baseUrlOverride, value("SANZARU_VIDEO_BASE_URL"));
    apply(Setting::ImageKey, m_image.key, m_image.keyOverride, QString());
    apply(Setting::VideoKey, m_video.key, m_video.keyOverride, QString());
    const QString media = value("SANZARU_MEDIA_PATH");
    apply(Setting::MediaFolder, m_mediaPath, m_mediaOverride,
          media.isEmpty()
              ? QStringList{value("VIDEO_PATH"), value("IMAGE_PATH")}.join(QLatin1Char(' ')).trimmed()
              : media);
    m_browse->setEnabled(!m_mediaPath->isReadOnly());
    for (ProviderRow *r : {&m_image, &m_video})
        r->key->setPlaceholderText(r->key->isReadOnly() ? r->keyOverride->text()
                                                        : tr("Leave empty to keep the current key"));
    revalidate();
}

Core::AppSettings SettingsDialog::settings() const
{
    // A field the environment fills keeps its stored value: saving must not copy the variable into it.
    const auto field = [](const QLineEdit *edit, const QString &stored) {
        return edit->isReadOnly() ? stored : edit->text().trimmed();
    };
    Core::AppSettings s;
    s.baseUrl = field(m_image.baseUrl, m_stored.baseUrl);
    s.videoBaseUrl = field(m_video.baseUrl, m_stored.videoBaseUrl);
    s.mediaPath = field(m_mediaPath, m_stored.mediaPath);
    s.limits.video = m_videoLimit->value();
    s.limits.image = m_imageLimit->value();
    s.limits.prepare = m_prepareLimit->value();
    s.limits.download = m_downloadLimit->value();
    return s;
}

void SettingsDialog::setSettings(const Core::AppSettings &settings)
{
    m_stored = settings;
    for (auto [edit, text] :
         {std::pair{m_image.baseUrl, settings.baseUrl}, std::pair{m_video.baseUrl, settings.videoBaseUrl},
          std::pair{m_mediaPath, settings.mediaPath}})
        if (!edit->isReadOnly())
            edit->setText(text);
    m_videoLimit->setValue(settings.limits.video);
    m_imageLimit->setValue(settings.limits.image);
    m_prepareLimit->setValue(settings.limits.prepare);
    m_downloadLimit->setValue(settings.limits.download);
    revalidate();
}

void SettingsDialog::setEnvironmentKeyPresent(bool present)
{
    m_image.environmentNote->setVisible(present);
}

void SettingsDialog::revalidate()
{
    bool ok = !m_saving;
    for (ProviderRow *r : {&m_image, &m_video}) {
        const QString problem =
            r->baseUrl->isReadOnly() ? QString() : Core::AppSettings::baseUrlProblem(r->baseUrl->text());
        r->baseUrlIssue->setText(problem);
        r->baseUrlIssue->setVisible(!problem.isEmpty());
        r->test->setEnabled(problem.isEmpty());
        ok = ok && problem.isEmpty();
    }
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
}

void SettingsDialog::refreshKeyState(Provider provider)
{
    const QPointer<SettingsDialog> self(this);
    row(provider).keyState->setText(tr("Checking the keychain…"));
    // Only whether a key is there is shown, never the key.
    row(provider).store->read([self, provider](Core::Result<QString> key) {
        if (!self)
            return;
        ProviderRow &r = self->row(provider);
        r.keychainHasKey = key && !key->isEmpty();
        const bool inFile = Core::ApiKeyFile(r.keyFile).exists();
        QString text;
        if (!key)
            text =
                r.store->isAvailable() ? key.error().message : tr("There is no keychain on this computer.");
        else
            text = key->isEmpty() ? tr("No key is stored in the keychain.")
                                  : tr("A key is stored in the keychain.");
        if (inFile)
            text += QLatin1Char(' ') +
                    tr("A key is kept in the file %1.").arg(QDir::toNativeSeparators(r.keyFile));
        r.keyState->setText(text);
        // Remove only what is there: the keychain entry, else the key file.
        r.removeKey->setEnabled(r.keychainHasKey || inFile);
        r.removeKey->setText(!r.keychainHasKey && inFile ? tr("Delete key file")
                                                         : tr("Remove from keychain"));
        if (!key && !r.store->isAvailable())
            self->showNoKeychain();
    });
}

void SettingsDialog::showNoKeychain()
{
    // A key file already there means the user opted into files before: keep doing so unless unchecked.
    if (!m_noKeychain &&
        (Core::ApiKeyFile(m_image.keyFile).exists() || Core::ApiKeyFile(m_video.keyFile).exists()))
        m_keepInFile->setChecked(true);
    m_noKeychain = true;
    m_keepInFile->setText(keepInFileText());
    m_keepInFile->setVisible(true);
}

bool SettingsDialog::writeKeyFiles(const QList<Provider> &providers)
{
    for (Provider p : providers) {
        const Core::Result<void> written = Core::ApiKeyFile(row(p).keyFile).write(row(p).key->text());
        if (!written) {
            m_status->setText(written.error().message);
            return false;
        }
    }
    return true;
}

void SettingsDialog::setEffectiveConfig(const Core::Config &config)
{
    m_effective = config;
    // Show where requests go now when the field is empty (the environment may have set it).
    m_image.baseUrl->setPlaceholderText(config.baseUrl().toDisplayString(QUrl::RemoveUserInfo));
    if (config.videoBaseUrl() != config.baseUrl())
        m_video.baseUrl->setPlaceholderText(config.videoBaseUrl().toDisplayString(QUrl::RemoveUserInfo));
}

Core::Config SettingsDialog::testConfig(Provider provider) const
{
    // The typed fields over what is in effect; Config then applies the key rule, so a typed gateway URL
    // never receives the OpenAI key.
    Core::Config config = m_effective;
    if (const QString url = m_image.baseUrl->text().trimmed(); !url.isEmpty())
        config.setBaseUrl(QUrl(url, QUrl::StrictMode));
    if (const QString url = m_video.baseUrl->text().trimmed(); !url.isEmpty())
        config.setVideoBaseUrl(QUrl(url, QUrl::StrictMode));
    if (const QString key = m_image.key->text().trimmed(); !key.isEmpty())
        config.setApiKey(key);
    if (const QString key = m_video.key->text().trimmed(); !key.isEmpty())
        config.setVideoApiKey(key);
    return config.forProvider(provider);
}

void SettingsDialog::runTest(Provider provider)
{
    ProviderRow &r = row(provider);
    const Core::Config config = testConfig(provider);
    r.pending.cancel();
    r.testResult->setVisible(true);
    r.testResult->setStyleSheet(QString());
    const QString where = config.baseUrl().toDisplayString(QUrl::RemoveUserInfo);
    if (const Core::Result<QString> key = config.requireApiKey(); !key) {
        r.testResult->setStyleSheet(QStringLiteral("color: #c62828;"));
        r.testResult->setText(key.error().message + QLatin1Char('\n') + explain(key.error()));
        return;
    }
    if (!r.client)
        r.client = std::make_unique<Core::ApiClient>(config);
    else
        r.client->setConfig(config);
    r.testResult->setText(tr("Asking %1/models…").arg(where));
    r.test->setEnabled(false);
    const QPointer<SettingsDialog> self(this);
    r.pending =
        Core::ModelsApi::fetch(r.client.get(), this, [self, provider, where](Core::Result<QStringList> ids) {
            if (!self)
                return;
            ProviderRow &done = self->row(provider);
            done.pending = {};
            self->revalidate();
            if (!ids) {
                done.testResult->setStyleSheet(QStringLiteral("color: #c62828;"));
                done.testResult->setText(
                    tr("%1/models failed: %2\n%3").arg(where, ids.error().message, explain(ids.error())));
                return;
            }
            const auto grow = qScopeGuard([&self] {
                // The answer may wrap onto several lines: grow rather than clip it.
                self->resize(self->width(), qMax(self->height(), self->sizeHint().height()));
            });
            done.testResult->setText(ids->isEmpty() ? tr("%1 answers, but lists no models.").arg(where)
                                                    : tr("%n model(s) at %1: %2", nullptr, int(ids->size()))
                                                          .arg(where, ids->join(QStringLiteral(", "))));
        });
}

void SettingsDialog::accept()
{
    if (m_saving || !m_buttons->button(QDialogButtonBox::Ok)->isEnabled())
        return;
    const Core::AppSettings current = settings();
    current.save();
    emit settingsSaved(current);

    QList<Provider> typed;
    for (Provider p : {Provider::Image, Provider::Video})
        if (!row(p).key->text().trimmed().isEmpty())
            typed.append(p);
    if (typed.isEmpty())
        return finishAccept();
    const bool toFile = m_noKeychain && m_keepInFile->isChecked();
    if (toFile && !writeKeyFiles(typed))
        return;
    if (m_noKeychain && !toFile && !m_keychainFailed) {
        // Say where the key goes before using it: the user may prefer the file.
        m_keychainFailed = true;
        m_status->setText(tr("There is no keychain on this computer. Press \"Use for this session\" to use "
                             "the key until the app quits without storing it, or tick the box above to keep "
                             "it in a file only you can read."));
        m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Use for this session"));
        return;
    }
    if (m_keychainFailed || toFile) {
        // No keychain: this session only, or in the key files the user opted into just above.
        for (Provider p : typed) {
            const QString key = row(p).key->text().trimmed();
            if (p == Provider::Video)
                emit videoApiKeyChanged(key);
            else
                emit apiKeyChanged(key);
        }
        return finishAccept();
    }
    m_saving = true;
    revalidate();
    m_status->setText(tr("Saving the key in the system keychain…"));
    writeKeys(typed);
}

void SettingsDialog::writeKeys(QList<Provider> providers)
{
    if (providers.isEmpty()) {
        m_saving = false;
        return finishAccept();
    }
    const Provider provider = providers.takeFirst();
    const QString key = row(provider).key->text().trimmed();
    const QPointer<SettingsDialog> self(this);
    row(provider).store->write(key, [self, provider, key, providers](Core::Result<void> outcome) {
        if (!self)
            return;
        if (outcome) {
            if (provider == Provider::Video)
                emit self->videoApiKeyChanged(key);
            else
                emit self->apiKeyChanged(key);
            self->row(provider).key->clear();
            return self->writeKeys(providers);
        }
        self->m_saving = false;
        self->revalidate();
        self->m_keychainFailed = true;
        if (!self->row(provider).store->isAvailable())
            self->showNoKeychain();
        self->m_status->setText(tr("%1\nPress \"Use for this session\" to use the key until the app quits "
                                   "without storing it.")
                                    .arg(outcome.error().message));
        self->m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Use for this session"));
    });
}

void SettingsDialog::finishAccept()
{
    m_image.key->clear();
    m_video.key->clear();
    QDialog::accept();
}

} // namespace Sanzaru::Ui

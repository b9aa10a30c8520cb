// SPDX-License-Identifier: MIT
#pragma once

#include "config/appsettings.h"
#include "config/config.h"
#include "openai/requesthandle.h"

#include <QDialog>
#include <QProcessEnvironment>

#include <memory>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace Sanzaru::Core {
class ApiClient;
}

namespace Sanzaru::Ui {

class ApiKeyStore;

/// Settings: the two providers (images: OpenAI; video: OpenAI or a gateway), each a base URL and a key in
/// its own keychain entry with a *Test* button (GET {base}/models), the media folder and job limits
/// (stored with QSettings through Core::AppSettings). Open it with open()/show(), never exec(). On OK the
/// non-secret settings are saved at once; typed keys are written to the keychain and the dialog closes
/// when that succeeded. If the keychain fails, the dialog says so and a second OK uses the keys for this
/// session only (apiKeyChanged, videoApiKeyChanged) without storing them anywhere.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    /// The stores must outlive the dialog; videoStore null: the video entry of store's service.
    explicit SettingsDialog(ApiKeyStore *store, QWidget *parent = nullptr);
    SettingsDialog(ApiKeyStore *store, ApiKeyStore *videoStore, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    /// The settings as the fields hold them now.
    Core::AppSettings settings() const;
    void setSettings(const Core::AppSettings &settings);
    /// Tells the user that OPENAI_API_KEY from the environment wins over the keychain.
    void setEnvironmentKeyPresent(bool present);
    /// Every field a variable of env sets shows that value (never a key), is read-only and says
    /// "Set by NAME"; what settings() returns for it stays the stored value. The constructor applies the
    /// process environment.
    void applyEnvironment(const QProcessEnvironment &env);
    /// Where keys go when the user opts into a file because there is no keychain (tests use a temp dir).
    void setKeyFilePaths(const QString &image, const QString &video);
    /// The configuration in effect (keys included); *Test* applies the typed fields over it.
    void setEffectiveConfig(const Core::Config &config);
    /// What *Test* sends for a provider: the effective configuration with the typed fields over it.
    Core::Config testConfig(Core::Provider provider) const;

    void accept() override;

signals:
    void settingsSaved(const Core::AppSettings &settings);
    /// A new key to use from now on (kept in memory by the app; stored only in the keychain, if at all).
    void apiKeyChanged(const QString &key);
    void videoApiKeyChanged(const QString &key);

private:
    struct ProviderRow
    {
        ApiKeyStore *store = nullptr;
        QLineEdit *key = nullptr;
        QLabel *keyState = nullptr;
        QLabel *environmentNote = nullptr;
        QPushButton *removeKey = nullptr;
        QLabel *keyOverride = nullptr;
        QLabel *baseUrlOverride = nullptr;
        QString keyFile;
        bool keychainHasKey = false;
        QLineEdit *baseUrl = nullptr;
        QLabel *baseUrlIssue = nullptr;
        QPushButton *test = nullptr;
        QLabel *testResult = nullptr;
        std::unique_ptr<Core::ApiClient> client;
        Core::RequestHandle pending;
    };

    void buildLayout();
    QWidget *buildProvider(ProviderRow &row, Core::Provider provider);
    void createProviderFields(ProviderRow &row, Core::Provider provider, QWidget *box);
    void layOutProvider(ProviderRow &row, Core::Provider provider, QWidget *box);
    static void describeEnvironment(ProviderRow &row, Core::Provider provider);
    ProviderRow &row(Core::Provider provider)
    {
        return provider == Core::Provider::Video ? m_video : m_image;
    }
    void revalidate();
    void refreshKeyState(Core::Provider provider);
    void runTest(Core::Provider provider);
    void writeKeys(QList<Core::Provider> providers);
    void finishAccept();
    void removeKey(Core::Provider provider);
    void showNoKeychain();
    bool writeKeyFiles(const QList<Core::Provider> &providers);
    QString keepInFileText() const;

    ProviderRow m_image;
    ProviderRow m_video;
    std::unique_ptr<ApiKeyStore> m_ownVideoStore;
    Core::Config m_effective;
    QLineEdit *m_mediaPath;
    QSpinBox *m_videoLimit;
    QSpinBox *m_imageLimit;
    QSpinBox *m_prepareLimit;
    QSpinBox *m_downloadLimit;
    QLabel *m_mediaOverride;
    QPushButton *m_browse = nullptr;
    QCheckBox *m_keepInFile;
    Core::AppSettings m_stored;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
    bool m_saving = false;
    bool m_keychainFailed = false;
    bool m_noKeychain = false;
};

} // namespace Sanzaru::Ui

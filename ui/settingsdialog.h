// SPDX-License-Identifier: MIT
#pragma once

#include "config/appsettings.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace Sanzaru::Ui {

class ApiKeyStore;

/// Settings: the API key (written to the system keychain only), base URL, media folder and job limits
/// (stored with QSettings through Core::AppSettings). Open it with open()/show(), never exec(). On OK the
/// non-secret settings are saved at once; a typed key is written to the keychain and the dialog closes
/// when that succeeded. If the keychain fails, the dialog says so and a second OK uses the key for this
/// session only (apiKeyChanged) without storing it anywhere.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    /// store must outlive the dialog.
    explicit SettingsDialog(ApiKeyStore *store, QWidget *parent = nullptr);

    /// The settings as the fields hold them now.
    Core::AppSettings settings() const;
    void setSettings(const Core::AppSettings &settings);
    /// Tells the user that OPENAI_API_KEY from the environment wins over the keychain.
    void setEnvironmentKeyPresent(bool present);

    void accept() override;

signals:
    void settingsSaved(const Core::AppSettings &settings);
    /// A new key to use from now on (kept in memory by the app; stored only in the keychain, if at all).
    void apiKeyChanged(const QString &key);

private:
    void revalidate();
    void refreshKeyState();
    void finishAccept();

    ApiKeyStore *m_store;
    QLineEdit *m_key;
    QLabel *m_keyState;
    QLabel *m_environmentNote;
    QLineEdit *m_baseUrl;
    QLabel *m_baseUrlIssue;
    QLineEdit *m_mediaPath;
    QSpinBox *m_videoLimit;
    QSpinBox *m_imageLimit;
    QSpinBox *m_prepareLimit;
    QSpinBox *m_downloadLimit;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
    bool m_saving = false;
    bool m_keychainFailed = false;
};

} // namespace Sanzaru::Ui

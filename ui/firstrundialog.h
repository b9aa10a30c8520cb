// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>
#include <QProcessEnvironment>

#include <functional>

class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace Sanzaru::Ui {

class ApiKeyStore;

/// Shown at start when no API key is found in the environment, the keychain or the key file: explains what
/// the key is for, lets the user paste one or continue without (local tools such as reference preparation
/// and the media browser still work), and links to the settings. It asks the keychain at once
/// (asynchronously); when there is none it says so in plain words and offers to use the key for this
/// session only or, explicitly chosen, to keep it in a file only the user can read (path shown), which the
/// next start finds. Open it with open()/show(), never exec().
class FirstRunDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FirstRunDialog)

public:
    /// store must outlive the dialog. keyFilePath empty: Core::ApiKeyFile's default for the image provider.
    explicit FirstRunDialog(ApiKeyStore *store, QWidget *parent = nullptr, const QString &keyFilePath = {});

    /// Decides asynchronously whether the dialog is needed: no OPENAI_API_KEY in env, no usable key file
    /// and none readable from the keychain. needed runs later, and not at all if context is destroyed first.
    static void checkNeeded(ApiKeyStore *store, QObject *context, std::function<void(bool needed)> needed,
                            const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

    /// True once the keychain answered that there is none.
    bool noKeychain() const { return m_noKeychain; }

signals:
    /// The key to use from now on (kept in memory by the app).
    void apiKeyChanged(const QString &key);
    /// The user asked for the settings dialog (the first-run dialog closes).
    void settingsRequested();
    /// The keychain probe answered (tests and the screenshot wait for it).
    void keychainProbed(bool available);

private:
    void save();
    void showNoKeychain(const QString &why);
    void updateSaveButton();

    ApiKeyStore *m_store;
    QString m_keyFilePath;
    QLabel *m_intro;
    QLineEdit *m_key;
    QLabel *m_noKeychainNote;
    QRadioButton *m_sessionOnly;
    QRadioButton *m_inFile;
    QLabel *m_filePathNote;
    QLabel *m_status;
    QPushButton *m_save;
    QPushButton *m_continue;
    bool m_saving = false;
    bool m_noKeychain = false;
};

} // namespace Sanzaru::Ui

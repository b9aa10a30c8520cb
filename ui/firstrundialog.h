// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>
#include <QProcessEnvironment>

#include <functional>

class QLabel;
class QLineEdit;
class QPushButton;

namespace Sanzaru::Ui {

class ApiKeyStore;

/// Shown at start when no API key is found in the environment or the keychain: explains what the key is
/// for, lets the user paste one (saved to the keychain; if that fails, used for this session only) or
/// continue without (local tools such as reference preparation and the media browser still work), and
/// links to the settings. Open it with open()/show(), never exec().
class FirstRunDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FirstRunDialog)

public:
    /// store must outlive the dialog.
    explicit FirstRunDialog(ApiKeyStore *store, QWidget *parent = nullptr);

    /// Decides asynchronously whether the dialog is needed: no OPENAI_API_KEY in env and none readable
    /// from the keychain. needed runs later, and not at all if context is destroyed first.
    static void checkNeeded(ApiKeyStore *store, QObject *context, std::function<void(bool needed)> needed,
                            const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

signals:
    /// The key to use from now on (kept in memory by the app).
    void apiKeyChanged(const QString &key);
    /// The user asked for the settings dialog (the first-run dialog closes).
    void settingsRequested();

private:
    void save();

    ApiKeyStore *m_store;
    QLineEdit *m_key;
    QLabel *m_status;
    QPushButton *m_save;
    QPushButton *m_continue;
    bool m_saving = false;
    bool m_keychainFailed = false;
};

} // namespace Sanzaru::Ui

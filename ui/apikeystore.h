// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"

#include <QObject>
#include <QProcessEnvironment>
#include <QString>

#include <functional>

namespace Sanzaru::Ui {

/// One provider's API key in the OS keychain (QtKeychain: Secret Service, KWallet, macOS Keychain, Windows
/// Credential Store), service "sanzaru-qt", key "openai-api-key" (the image/OpenAI provider; the name
/// predates the video provider, so upgrades keep their key) or "video-api-key". Every call is asynchronous:
/// the callback runs later on this object's thread, and never if the store is destroyed first. The key is
/// never written anywhere else (no insecure fallback to a settings file) and never appears in a message.
/// Without a keychain backend (headless machines, no Secret Service on D-Bus) every call reports
/// "Keychain unavailable"; the app then relies on OPENAI_API_KEY from the environment.
class ApiKeyStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiKeyStore)

public:
    /// An empty key means "none stored" (not an error).
    using ReadCallback = std::function<void(Core::Result<QString> key)>;
    using DoneCallback = std::function<void(Core::Result<void> outcome)>;

    explicit ApiKeyStore(QObject *parent = nullptr);
    /// Another keychain service name (tests use a unique one so they never touch the user's key).
    ApiKeyStore(const QString &service, QObject *parent);
    /// Another entry (videoKeyName()) of a service.
    ApiKeyStore(const QString &service, const QString &entry, QObject *parent);

    void read(ReadCallback callback);
    /// The key is trimmed; writing an empty key is refused (use remove()).
    void write(const QString &key, DoneCallback callback);
    /// Removing a key that is not there succeeds.
    void remove(DoneCallback callback);

    /// False after a call found no usable keychain backend.
    bool isAvailable() const { return m_available; }

    static QString defaultServiceName();
    static QString keyName();
    static QString videoKeyName();
    QString service() const { return m_service; }
    QString entry() const { return m_entry; }
    /// True when OPENAI_API_KEY is set (it wins over the keychain, as every setting from the environment).
    static bool environmentHasKey(const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

signals:
    void availabilityChanged(bool available);

private:
    QString m_service;
    QString m_entry;
    bool m_available = true;

    template <typename JobT> JobT *makeJob();
    Core::Error errorFor(int code, const QString &detail);
};

} // namespace Sanzaru::Ui

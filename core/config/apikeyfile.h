// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "config/config.h"

#include <QString>

namespace Sanzaru::Core {

/// The opt-in key file for machines without a keychain: one per provider beside the app's settings
/// (~/.config/sanzaru-qt/api-key and video-api-key under $XDG_CONFIG_HOME), created 0600 and read only when
/// it is a regular file of ours that nobody else can read (PrivateFile). Every front end finds the key
/// there (after the environment and the keychain). The key never appears in a message or a log.
class ApiKeyFile
{
public:
    /// "<folder of the QSettings file>/api-key" (image provider) or ".../video-api-key".
    static QString defaultPath(Provider provider);

    explicit ApiKeyFile(QString path);
    explicit ApiKeyFile(Provider provider);

    QString path() const { return m_path; }
    /// Whether a file is there (usable or not).
    bool exists() const;
    /// The key; empty when there is no file. A file that is a link, not ours or readable by others is an
    /// error (it is never used: the key may have leaked or been planted).
    Result<QString> read() const;
    /// Writes the trimmed key (replacing the file); an empty key is refused.
    Result<void> write(const QString &key) const;
    /// Removing a missing file succeeds.
    Result<void> remove() const;

private:
    QString m_path;
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "apikeyfile.h"

#include "storage/privatefile.h"

#include <QFileInfo>
#include <QSettings>

namespace Sanzaru::Core {

namespace {

QString what()
{
    return QStringLiteral("the API key file");
}

} // namespace

QString ApiKeyFile::defaultPath(Provider provider)
{
    const QSettings settings;
    return QFileInfo(settings.fileName()).absolutePath() +
           (provider == Provider::Video ? QStringLiteral("/video-api-key") : QStringLiteral("/api-key"));
}

ApiKeyFile::ApiKeyFile(QString path)
    : m_path(std::move(path))
{}

ApiKeyFile::ApiKeyFile(Provider provider)
    : ApiKeyFile(defaultPath(provider))
{}

bool ApiKeyFile::exists() const
{
    const Result<PrivateFile::Contents> seen = PrivateFile::probe(m_path, what());
    return !seen || seen->state != PrivateFile::State::Missing;
}

Result<QString> ApiKeyFile::read() const
{
    const Result<PrivateFile::Contents> contents = PrivateFile::read(m_path, what());
    if (!contents)
        return contents.error();
    if (contents->state == PrivateFile::State::Unusable)
        return Error::config(
            QStringLiteral("The API key file %1 %2, so it is not used. Delete it and save the "
                           "key again.")
                .arg(m_path, contents->problem));
    return QString::fromUtf8(contents->bytes);
}

Result<void> ApiKeyFile::write(const QString &key) const
{
    const QString trimmed = key.trimmed();
    if (trimmed.isEmpty())
        return Error::badInput(QStringLiteral("The API key is empty"));
    const Result<bool> written =
        PrivateFile::write(m_path, trimmed.toUtf8() + '\n', PrivateFile::Write::Replace, what());
    if (!written)
        return written.error();
    return {};
}

Result<void> ApiKeyFile::remove() const
{
    return PrivateFile::remove(m_path, what());
}

} // namespace Sanzaru::Core

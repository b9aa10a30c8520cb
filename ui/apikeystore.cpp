// SPDX-License-Identifier: MIT
#include "apikeystore.h"

#include <qt6keychain/keychain.h>

namespace Sanzaru::Ui {

using Core::Error;
using Core::Result;

ApiKeyStore::ApiKeyStore(QObject *parent)
    : ApiKeyStore(defaultServiceName(), parent)
{}

ApiKeyStore::ApiKeyStore(const QString &service, QObject *parent)
    : ApiKeyStore(service, keyName(), parent)
{}

ApiKeyStore::ApiKeyStore(const QString &service, const QString &entry, QObject *parent)
    : QObject(parent)
    , m_service(service)
    , m_entry(entry)
{}

QString ApiKeyStore::defaultServiceName()
{
    return QStringLiteral("sanzaru-qt");
}

QString ApiKeyStore::keyName()
{
    return QStringLiteral("openai-api-key");
}

QString ApiKeyStore::videoKeyName()
{
    return QStringLiteral("video-api-key");
}

bool ApiKeyStore::environmentHasKey(const QProcessEnvironment &env)
{
    return !env.value(QStringLiteral("OPENAI_API_KEY")).trimmed().isEmpty();
}

template <typename JobT> JobT *ApiKeyStore::makeJob()
{
    // Parented to the store: destroying the store destroys pending jobs, so no callback outlives it.
    auto *job = new JobT(m_service, this);
    job->setKey(m_entry);
    job->setAutoDelete(true);
    // Explicitly: QtKeychain's fallback would write the key in plain text to a settings file.
    job->setInsecureFallback(false);
    return job;
}

Error ApiKeyStore::errorFor(int code, const QString &detail)
{
    // QtKeychain's texts describe the backend (D-Bus, wallet), never the secret.
    if (code == QKeychain::AccessDeniedByUser || code == QKeychain::AccessDenied)
        return Error::config(QStringLiteral("Access to the system keychain was denied: %1").arg(detail));
    if (m_available) {
        m_available = false;
        emit availabilityChanged(false);
    }
    return Error::config(QStringLiteral("Keychain unavailable: %1. Set %2 in the environment instead.")
                             .arg(detail.isEmpty() ? QStringLiteral("no keychain service found") : detail,
                                  m_entry == videoKeyName() ? QStringLiteral("SANZARU_VIDEO_API_KEY")
                                                            : QStringLiteral("OPENAI_API_KEY")));
}

void ApiKeyStore::read(ReadCallback callback)
{
    auto *job = makeJob<QKeychain::ReadPasswordJob>();
    connect(job, &QKeychain::Job::finished, this,
            [this, callback = std::move(callback)](QKeychain::Job *done) {
                const auto *readJob = static_cast<QKeychain::ReadPasswordJob *>(done);
                switch (done->error()) {
                case QKeychain::NoError:
                    return callback(readJob->textData().trimmed());
                case QKeychain::EntryNotFound:
                    return callback(QString());
                default:
                    return callback(errorFor(done->error(), done->errorString()));
                }
            });
    job->start();
}

void ApiKeyStore::write(const QString &key, DoneCallback callback)
{
    const QString trimmed = key.trimmed();
    if (trimmed.isEmpty()) {
        // Still asynchronous, like every other outcome.
        QMetaObject::invokeMethod(
            this,
            [callback = std::move(callback)] {
                callback(Error::badInput(QStringLiteral("The API key is empty")));
            },
            Qt::QueuedConnection);
        return;
    }
    auto *job = makeJob<QKeychain::WritePasswordJob>();
    job->setTextData(trimmed);
    connect(job, &QKeychain::Job::finished, this,
            [this, callback = std::move(callback)](QKeychain::Job *done) {
                if (done->error() == QKeychain::NoError)
                    return callback(Result<void>());
                callback(errorFor(done->error(), done->errorString()));
            });
    job->start();
}

void ApiKeyStore::remove(DoneCallback callback)
{
    auto *job = makeJob<QKeychain::DeletePasswordJob>();
    connect(job, &QKeychain::Job::finished, this,
            [this, callback = std::move(callback)](QKeychain::Job *done) {
                if (done->error() == QKeychain::NoError || done->error() == QKeychain::EntryNotFound)
                    return callback(Result<void>());
                callback(errorFor(done->error(), done->errorString()));
            });
    job->start();
}

} // namespace Sanzaru::Ui

// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

namespace Sanzaru::Core {

/// The engine's settings: environment variables first, then values stored by the app, then defaults.
/// A value type; copy it freely across threads.
class Config
{
public:
    /// Reads OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_ORG_ID, OPENAI_PROJECT_ID, OPENAI_CUSTOM_HEADERS,
    /// SANZARU_MEDIA_PATH, VIDEO_PATH, IMAGE_PATH, SANZARU_QT_STALL_TIMEOUT_MS. Values are trimmed;
    /// empty counts as unset.
    static Config fromEnvironment(const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

    /// Values the app stored (settings dialog, keychain). They apply only where the environment
    /// left the value unset.
    void applyStoredDefaults(const QString &apiKey, const QString &baseUrl, const QString &mediaPath);

    QString apiKey() const { return m_apiKey; }
    /// The key, or Error::config naming OPENAI_API_KEY.
    Result<QString> requireApiKey() const;

    /// Default https://api.openai.com/v1, trailing slash removed.
    QUrl baseUrl() const { return m_baseUrl; }
    /// True when the base URL came from OPENAI_BASE_URL, setBaseUrl() or the stored settings.
    bool hasCustomBaseUrl() const { return m_baseUrlSet; }
    static QUrl defaultBaseUrl();
    QString organization() const { return m_organization; }
    QString project() const { return m_project; }
    /// Parsed "Name: value" lines of OPENAI_CUSTOM_HEADERS.
    QList<QPair<QByteArray, QByteArray>> customHeaders() const { return m_customHeaders; }

    QString mediaRoot() const { return m_mediaRoot; }    ///< SANZARU_MEDIA_PATH (trimmed)
    QString videoPathVar() const { return m_videoPath; } ///< VIDEO_PATH (trimmed)
    QString imagePathVar() const { return m_imagePath; } ///< IMAGE_PATH (trimmed)

    /// A transfer that moves no bytes for this long fails with a timeout (default 60 000 ms).
    int stallTimeoutMs() const { return m_stallTimeoutMs; }
    /// How long a paid blocking call (image generation/edit) may wait for its response head once the
    /// request is sent (default 600 000 ms, the official SDK's figure).
    int responseTimeoutMs() const { return m_responseTimeoutMs; }
    /// Overall limit for one upstream call, retries and redirects included (default 2 h).
    qint64 requestDeadlineMs() const { return m_requestDeadlineMs; }
    /// Largest download accepted (default 8 GiB).
    qint64 maxDownloadBytes() const { return m_maxDownloadBytes; }

    void setApiKey(const QString &key) { m_apiKey = key.trimmed(); }
    /// Trailing slashes are removed from the path (the query is kept); an empty URL restores the default.
    void setBaseUrl(const QUrl &url);
    void setMediaRoot(const QString &root) { m_mediaRoot = root.trimmed(); }
    void setVideoPathVar(const QString &p) { m_videoPath = p.trimmed(); }
    void setImagePathVar(const QString &p) { m_imagePath = p.trimmed(); }
    void setStallTimeoutMs(int ms) { m_stallTimeoutMs = ms; }
    void setResponseTimeoutMs(int ms) { m_responseTimeoutMs = ms; }
    void setRequestDeadlineMs(qint64 ms) { m_requestDeadlineMs = ms; }
    void setMaxDownloadBytes(qint64 bytes) { m_maxDownloadBytes = bytes; }

private:
    QString m_apiKey;
    QUrl m_baseUrl = defaultBaseUrl();
    bool m_baseUrlSet = false;
    QString m_organization;
    QString m_project;
    QList<QPair<QByteArray, QByteArray>> m_customHeaders;
    QString m_mediaRoot;
    QString m_videoPath;
    QString m_imagePath;
    int m_stallTimeoutMs = 60000;
    int m_responseTimeoutMs = 600000;
    qint64 m_requestDeadlineMs = 2LL * 60 * 60 * 1000;
    qint64 m_maxDownloadBytes = 8LL * 1024 * 1024 * 1024;
};

} // namespace Sanzaru::Core

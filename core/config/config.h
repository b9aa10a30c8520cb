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

    void setApiKey(const QString &key) { m_apiKey = key.trimmed(); }
    /// Trailing slashes are removed from the path (the query is kept); an empty URL restores the default.
    void setBaseUrl(const QUrl &url);
    void setMediaRoot(const QString &root) { m_mediaRoot = root.trimmed(); }
    void setVideoPathVar(const QString &p) { m_videoPath = p.trimmed(); }
    void setImagePathVar(const QString &p) { m_imagePath = p.trimmed(); }
    void setStallTimeoutMs(int ms) { m_stallTimeoutMs = ms; }

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
};

} // namespace Sanzaru::Core

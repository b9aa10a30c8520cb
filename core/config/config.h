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

/// Who serves a request: images (and files, responses) go to the image provider, /videos to the video
/// provider. Both default to OPENAI_BASE_URL/OPENAI_API_KEY.
enum class Provider { Image, Video };

/// The engine's settings: environment variables first, then values stored by the app, then defaults.
/// A value type; copy it freely across threads.
class Config
{
public:
    /// Reads OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_ORG_ID, OPENAI_PROJECT_ID, OPENAI_CUSTOM_HEADERS,
    /// SANZARU_VIDEO_BASE_URL, SANZARU_VIDEO_API_KEY, SANZARU_MEDIA_PATH, VIDEO_PATH, IMAGE_PATH,
    /// SANZARU_QT_STALL_TIMEOUT_MS. Values are trimmed; empty counts as unset.
    static Config fromEnvironment(const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

    /// Values the app stored (settings dialog, keychain). They apply only where the environment
    /// left the value unset.
    void applyStoredDefaults(const QString &apiKey, const QString &baseUrl, const QString &mediaPath);

    /// Video values stored by the app; like applyStoredDefaults, only where the environment is silent.
    void applyStoredVideoDefaults(const QString &apiKey, const QString &baseUrl);

    /// The settings one ApiClient uses: this provider's base URL and key. The video provider keeps the
    /// OpenAI organization, project and custom headers only when it shares the image provider's origin
    /// (they are credentials of that host too). requireApiKey() of the result names the provider's variable.
    Config forProvider(Provider provider) const;
    /// Which provider forProvider() narrowed this Config to (Image for a Config that was not narrowed).
    Provider provider() const { return m_provider; }
    /// True when the two providers differ in origin or key, so each needs its own ApiClient.
    bool hasSeparateVideoProvider() const;

    /// The image provider's key (OPENAI_API_KEY), or after forProvider() that provider's key.
    QString apiKey() const { return m_apiKey; }
    /// The key, or Error::config naming OPENAI_API_KEY (SANZARU_VIDEO_API_KEY for the video provider).
    Result<QString> requireApiKey() const;

    /// SANZARU_VIDEO_BASE_URL (or the stored one), trimmed; empty: the image provider's base URL.
    QUrl videoBaseUrlSetting() const { return m_videoBaseUrl; }
    /// SANZARU_VIDEO_API_KEY (or the stored one); empty: see videoApiKey().
    QString videoApiKeySetting() const { return m_videoApiKey; }
    /// The base URL video requests go to.
    QUrl videoBaseUrl() const { return m_videoBaseUrl.isEmpty() ? m_baseUrl : m_videoBaseUrl; }
    /// The key video requests carry. A key is a secret for one host: SANZARU_VIDEO_API_KEY when set;
    /// otherwise OPENAI_API_KEY only while the video provider is the image provider's origin; else none.
    QString videoApiKey() const;
    void setVideoApiKey(const QString &key) { m_videoApiKey = key.trimmed(); }
    /// Trailing slashes are removed; an empty URL means "same as the image provider".
    void setVideoBaseUrl(const QUrl &url);
    /// Same scheme, host and port (default ports filled in).
    static bool sameOrigin(const QUrl &a, const QUrl &b);

    /// A folder for videos is configured (VIDEO_PATH or a media root); sanzaru lists the video tools then.
    bool hasVideoFolder() const { return !m_videoPath.isEmpty() || !m_mediaRoot.isEmpty(); }
    /// A folder for images is configured (IMAGE_PATH or a media root).
    bool hasImageFolder() const { return !m_imagePath.isEmpty() || !m_mediaRoot.isEmpty(); }

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
    static QUrl normalizedBaseUrl(const QUrl &url, const char *variable);

    Provider m_provider = Provider::Image;
    QString m_apiKey;
    QUrl m_baseUrl = defaultBaseUrl();
    QString m_videoApiKey;
    QUrl m_videoBaseUrl;
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

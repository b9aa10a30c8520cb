// SPDX-License-Identifier: MIT
#include "config.h"

#include "configlog.h"

#include <limits>

namespace Sanzaru::Core {

namespace {

QString envValue(const QProcessEnvironment &env, const char *name)
{
    // Trimmed, so a stray newline from a shell script or a .desktop file does not end up in a header.
    return env.value(QLatin1String(name)).trimmed();
}

// RFC 9110 "tchar": anything else in a header name would be rejected by QNetworkRequest or, worse,
// smuggle a second header.
bool isHeaderName(const QByteArray &name)
{
    if (name.isEmpty())
        return false;
    static const QByteArray extra("!#$%&'*+-.^_`|~");
    for (char c : name) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && !extra.contains(c))
            return false;
    }
    return true;
}

bool isHeaderValue(const QByteArray &value)
{
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7f)
            return false;
    }
    return true;
}

QList<QPair<QByteArray, QByteArray>> parseCustomHeaders(const QString &text)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed(); // also drops the '\r' of CRLF files
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        const QByteArray name = line.left(colon).trimmed().toUtf8();
        const QByteArray value = line.mid(colon + 1).trimmed().toUtf8();
        if (colon < 0 || !isHeaderName(name) || !isHeaderValue(value)) {
            // Never log the line itself: custom headers often carry credentials.
            qCWarning(lcSanzaruConfig,
                      "OPENAI_CUSTOM_HEADERS: line %lld is not a valid \"Name: value\" header; "
                      "ignored",
                      static_cast<long long>(i + 1));
            continue;
        }
        headers.append({name, value});
    }
    return headers;
}

// A positive integer variable; anything else keeps the default with a warning.
template <typename T>
void readPositive(const QProcessEnvironment &env, const char *name, T *target, const char *unit)
{
    const QString text = envValue(env, name);
    if (text.isEmpty())
        return;
    bool ok = false;
    const qlonglong value = text.toLongLong(&ok);
    if (ok && value > 0 && value <= std::numeric_limits<T>::max())
        *target = T(value);
    else
        qCWarning(lcSanzaruConfig, "%s=%s is not a positive integer; using %lld %s", name,
                  qUtf8Printable(text), static_cast<long long>(*target), unit);
}

} // namespace

QUrl Config::defaultBaseUrl()
{
    return QUrl(QStringLiteral("https://api.openai.com/v1"));
}

Config Config::fromEnvironment(const QProcessEnvironment &env)
{
    Config c;
    c.setApiKey(envValue(env, "OPENAI_API_KEY"));
    const QString baseUrl = envValue(env, "OPENAI_BASE_URL");
    if (!baseUrl.isEmpty())
        c.setBaseUrl(QUrl(baseUrl, QUrl::StrictMode));
    c.m_organization = envValue(env, "OPENAI_ORG_ID");
    c.m_project = envValue(env, "OPENAI_PROJECT_ID");
    c.m_customHeaders = parseCustomHeaders(env.value(QStringLiteral("OPENAI_CUSTOM_HEADERS")));
    c.setVideoApiKey(envValue(env, "SANZARU_VIDEO_API_KEY"));
    const QString videoBaseUrl = envValue(env, "SANZARU_VIDEO_BASE_URL");
    if (!videoBaseUrl.isEmpty())
        c.m_videoBaseUrl = normalizedBaseUrl(QUrl(videoBaseUrl, QUrl::StrictMode), "SANZARU_VIDEO_BASE_URL");
    c.setMediaRoot(envValue(env, "SANZARU_MEDIA_PATH"));
    c.setVideoPathVar(envValue(env, "VIDEO_PATH"));
    c.setImagePathVar(envValue(env, "IMAGE_PATH"));

    const QString stall = envValue(env, "SANZARU_QT_STALL_TIMEOUT_MS");
    if (!stall.isEmpty()) {
        bool ok = false;
        const int ms = stall.toInt(&ok);
        if (ok && ms > 0)
            c.m_stallTimeoutMs = ms;
        else
            qCWarning(lcSanzaruConfig,
                      "SANZARU_QT_STALL_TIMEOUT_MS=%s is not a positive integer; using %d ms",
                      qUtf8Printable(stall), c.m_stallTimeoutMs);
    }
    // Limits of the upstream HTTP layer (core/openai/apiexchange.cpp).
    readPositive(env, "SANZARU_QT_RESPONSE_TIMEOUT_MS", &c.m_responseTimeoutMs, "ms");
    readPositive(env, "SANZARU_QT_REQUEST_DEADLINE_MS", &c.m_requestDeadlineMs, "ms");
    readPositive(env, "SANZARU_QT_MAX_DOWNLOAD_BYTES", &c.m_maxDownloadBytes, "bytes");
    return c;
}

void Config::applyStoredDefaults(const QString &apiKey, const QString &baseUrl, const QString &mediaPath)
{
    if (m_apiKey.isEmpty())
        setApiKey(apiKey);
    if (!m_baseUrlSet && !baseUrl.trimmed().isEmpty())
        setBaseUrl(QUrl(baseUrl.trimmed(), QUrl::StrictMode));
    if (m_mediaRoot.isEmpty())
        setMediaRoot(mediaPath);
}

void Config::applyStoredVideoDefaults(const QString &apiKey, const QString &baseUrl)
{
    if (m_videoApiKey.isEmpty())
        setVideoApiKey(apiKey);
    if (m_videoBaseUrl.isEmpty() && !baseUrl.trimmed().isEmpty())
        setVideoBaseUrl(QUrl(baseUrl.trimmed(), QUrl::StrictMode));
}

Result<QString> Config::requireApiKey() const
{
    if (m_apiKey.isEmpty() && m_provider == Provider::Video)
        return Error::config(
            QStringLiteral("No API key for the video provider at %1. Set SANZARU_VIDEO_API_KEY (or the video "
                           "key in the app's settings); OPENAI_API_KEY is sent only to the image provider's "
                           "host.")
                .arg(m_baseUrl.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery)));
    if (m_apiKey.isEmpty())
        return Error::config(
            QStringLiteral("OPENAI_API_KEY is not set. Set it in the environment (or in the app's "
                           "settings) to use tools that call the OpenAI API."));
    return m_apiKey;
}

QString Config::videoApiKey() const
{
    if (!m_videoApiKey.isEmpty())
        return m_videoApiKey;
    // Sending the OpenAI key to a gateway would hand that gateway the user's OpenAI account.
    return sameOrigin(videoBaseUrl(), m_baseUrl) ? m_apiKey : QString();
}

bool Config::hasSeparateVideoProvider() const
{
    return videoBaseUrl() != m_baseUrl || videoApiKey() != m_apiKey;
}

Config Config::forProvider(Provider provider) const
{
    Config c = *this;
    c.m_provider = provider;
    if (provider == Provider::Image)
        return c;
    const bool sameHost = sameOrigin(videoBaseUrl(), m_baseUrl);
    c.m_apiKey = videoApiKey();
    c.m_baseUrl = videoBaseUrl();
    c.m_baseUrlSet = m_baseUrlSet || !m_videoBaseUrl.isEmpty();
    if (!sameHost) {
        c.m_organization.clear();
        c.m_project.clear();
        c.m_customHeaders.clear();
    }
    return c;
}

bool Config::sameOrigin(const QUrl &a, const QUrl &b)
{
    const auto defaultPort = [](const QUrl &u) { return u.scheme() == QStringLiteral("http") ? 80 : 443; };
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0 &&
           a.host().compare(b.host(), Qt::CaseInsensitive) == 0 &&
           a.port(defaultPort(a)) == b.port(defaultPort(b));
}

QUrl Config::normalizedBaseUrl(const QUrl &url, const char *variable)
{
    QUrl u = url;
    QString path = u.path(QUrl::FullyEncoded);
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    u.setPath(path, QUrl::TolerantMode);
    // Kept even when odd: silently talking to api.openai.com instead would send the key somewhere the
    // user did not choose. The API client reports the bad URL on first use.
    if (!u.isValid() || u.isRelative() || u.host().isEmpty())
        qCWarning(lcSanzaruConfig, "%s is not an absolute URL: %s", variable,
                  qUtf8Printable(u.toDisplayString(QUrl::RemoveUserInfo)));
    return u;
}

void Config::setBaseUrl(const QUrl &url)
{
    if (url.isEmpty()) {
        m_baseUrl = defaultBaseUrl();
        m_baseUrlSet = false;
        return;
    }
    m_baseUrl = normalizedBaseUrl(url, "OPENAI_BASE_URL");
    m_baseUrlSet = true;
}

void Config::setVideoBaseUrl(const QUrl &url)
{
    m_videoBaseUrl = url.isEmpty() ? QUrl() : normalizedBaseUrl(url, "SANZARU_VIDEO_BASE_URL");
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "redirectrule.h"

#include "config/config.h"

namespace Sanzaru::Core {

namespace {
RedirectRule::Decision refuse(const QUrl &target, const QString &reason)
{
    return {RedirectRule::Verdict::Refuse, target, reason};
}
} // namespace

bool RedirectRule::isRedirect(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

RedirectRule::Decision RedirectRule::decide(const QUrl &from, const QUrl &credentialOrigin,
                                            bool credentialsAttached, const QByteArray &method, int status,
                                            const QByteArray &location, int redirectsSoFar)
{
    if (location.trimmed().isEmpty())
        return refuse({}, QStringLiteral("the server answered HTTP %1 without a Location").arg(status));
    const QUrl target = from.resolved(QUrl::fromEncoded(location.trimmed(), QUrl::StrictMode));
    const QString shown = target.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
    if (!target.isValid() || target.host().isEmpty())
        return refuse(target, QStringLiteral("the redirect target is not a valid URL"));
    const QString scheme = target.scheme().toLower();
    if (scheme != QStringLiteral("http") && scheme != QStringLiteral("https"))
        return refuse(target,
                      QStringLiteral("redirects to %1 are not followed (only http and https)").arg(shown));
    if (from.scheme().toLower() == QStringLiteral("https") && scheme == QStringLiteral("http"))
        return refuse(target,
                      QStringLiteral("a redirect from https to plain http (%1) is not followed").arg(shown));
    if (redirectsSoFar >= maxRedirects)
        return refuse(target, QStringLiteral("more than %1 redirects").arg(maxRedirects));

    const bool safeMethod = method == "GET" || method == "HEAD";
    if (credentialsAttached && Config::sameOrigin(target, credentialOrigin)) {
        // 301/302/303 would turn a POST into a GET (what browsers do), which no API endpoint expects.
        if (!safeMethod && status != 307 && status != 308)
            return refuse(target, QStringLiteral("HTTP %1 would turn %2 into a GET")
                                      .arg(status)
                                      .arg(QString::fromLatin1(method)));
        return {Verdict::FollowWithCredentials, target, {}};
    }
    if (!safeMethod)
        return refuse(
            target, QStringLiteral("%1 was redirected to another host (%2); it is not re-sent there (it may "
                                   "be a paid request, and the key belongs to the configured host only)")
                        .arg(QString::fromLatin1(method), shown));
    return {Verdict::FollowWithoutCredentials, target, {}};
}

} // namespace Sanzaru::Core

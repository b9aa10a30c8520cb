// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace Sanzaru::Core {

/// Which upstream redirects are followed, and with which headers. The key, OpenAI-Organization,
/// OpenAI-Project and the custom headers go only to the origin (scheme, host, port) they were
/// configured for; a GET may continue to another origin (a CDN or presigned content URL) without
/// them; any other method redirected elsewhere is refused, so a paid POST is never re-sent.
class RedirectRule
{
public:
    static constexpr int maxRedirects = 5;

    enum class Verdict {
        FollowWithCredentials,    ///< same origin: re-issue as before
        FollowWithoutCredentials, ///< another origin: a fresh GET without any credential header
        Refuse
    };

    struct Decision
    {
        Verdict verdict = Verdict::Refuse;
        QUrl target;
        QString reason; ///< Refuse: why, as a sentence fragment
    };

    static bool isRedirect(int status);

    /// from: the URL that answered; credentialOrigin: the URL the credentials belong to;
    /// credentialsAttached: whether the answering request carried them; redirectsSoFar: hops taken.
    static Decision decide(const QUrl &from, const QUrl &credentialOrigin, bool credentialsAttached,
                           const QByteArray &method, int status, const QByteArray &location,
                           int redirectsSoFar);
};

} // namespace Sanzaru::Core

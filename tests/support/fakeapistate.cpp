// SPDX-License-Identifier: MIT
#include "fakeapistate.h"

#include "recordedrequest.h"

#include <QUrl>

namespace Sanzaru::Testing {

FakeApiState::FakeApiState()
    : m_videos(&m_media, &m_files)
    , m_images(&m_media)
    , m_responses(&m_media, &m_files)
{}

FakeReply FakeApiState::handle(const RecordedRequest &request)
{
    const QByteArray &m = request.method;
    const FakeReply invalid = FakeReply::invalidUrl(m, request.path);
    if (!request.path.startsWith(QLatin1String("/v1/")))
        return invalid;
    const QStringList raw = request.path.mid(4).split(QLatin1Char('/'));
    QStringList seg;
    for (const QString &s : raw) {
        // Ids are percent-encoded by clients; "." and ".." (in any encoding) never name a resource.
        const QString decoded = QUrl::fromPercentEncoding(s.toLatin1());
        if (decoded.isEmpty() || decoded == QLatin1String(".") || decoded == QLatin1String(".."))
            return invalid;
        seg.append(decoded);
    }
    const qsizetype n = seg.size();
    const QString &resource = seg.first();
    const auto is = [&seg, n](qsizetype i, QLatin1String word) { return i < n && seg[i] == word; };

    if (resource == QLatin1String("videos")) {
        // Newer video endpoints that sanzaru does not use are outside the fake's API surface.
        if (n >= 2 && (is(1, QLatin1String("edits")) || is(1, QLatin1String("extensions")) ||
                       is(1, QLatin1String("characters"))))
            return invalid;
        if (n == 1 && m == "POST")
            return m_videos.create(request);
        if (n == 1 && m == "GET")
            return m_videos.list(request);
        if (n == 2 && m == "GET")
            return m_videos.retrieve(seg[1]);
        if (n == 2 && m == "DELETE")
            return m_videos.remove(seg[1]);
        if (n == 3 && m == "POST" && is(2, QLatin1String("remix")))
            return m_videos.remix(seg[1], request);
        if (n == 3 && m == "GET" && is(2, QLatin1String("content")))
            return m_videos.content(seg[1], request);
    } else if (resource == QLatin1String("models") && n == 1 && m == "GET") {
        return m_models.list();
    } else if (resource == QLatin1String("images") && n == 2 && m == "POST") {
        if (is(1, QLatin1String("generations")))
            return m_images.generate(request);
        if (is(1, QLatin1String("edits")))
            return m_images.edit(request);
    } else if (resource == QLatin1String("files")) {
        if (n == 1 && m == "POST")
            return m_files.create(request);
        if (n == 2 && m == "GET")
            return m_files.retrieve(seg[1]);
        if (n == 2 && m == "DELETE")
            return m_files.remove(seg[1]);
    } else if (resource == QLatin1String("responses")) {
        if (n == 1 && m == "POST")
            return m_responses.create(request);
        if (n == 2 && m == "GET")
            return m_responses.retrieve(seg[1]);
        if (n == 2 && m == "DELETE")
            return m_responses.remove(seg[1]);
        if (n == 3 && m == "POST" && is(2, QLatin1String("cancel")))
            return m_responses.cancel(seg[1]);
    }
    return invalid;
}

} // namespace Sanzaru::Testing

// SPDX-License-Identifier: MIT
#pragma once

#include "fakegateway.h"
#include "fakereply.h"

#include <QHash>
#include <QJsonObject>
#include <QSize>

#include <optional>

namespace Sanzaru::Testing {

class FakeFiles;
class FakeMedia;
struct MultipartPart;
struct RecordedRequest;

/// The Videos API: create, retrieve (one state step per GET), list, delete, remix, content; in the
/// OpenAI dialect (Sora) or a gateway's (FakeGateway).
class FakeVideos
{
public:
    FakeVideos(FakeMedia *media, const FakeFiles *files);

    FakeReply create(const RecordedRequest &request);
    FakeReply retrieve(const QString &id);
    FakeReply list(const RecordedRequest &request) const;
    FakeReply remove(const QString &id);
    FakeReply remix(const QString &id, const RecordedRequest &request);
    FakeReply content(const QString &id, const RecordedRequest &request);

    QString addCompleted(const QJsonObject &overrides);
    /// The download bytes of a completed video, or empty when there are none.
    QByteArray contentBytes(const QString &id, const QString &variant);
    QJsonObject video(const QString &id) const { return m_videos.value(id).object; }
    void setContentSize(qint64 bytes) { m_contentSize = bytes; }
    qint64 contentSize() const { return m_contentSize; }
    void setDialect(FakeDialect dialect) { m_dialect = dialect; }
    FakeDialect dialect() const { return m_dialect; }

private:
    struct Entry
    {
        QJsonObject object;
        int step = 0; // 0 queued, 1 in_progress 33, 2 in_progress 67, 3 terminal
        bool willFail = false;
        quint64 order = 0;
    };

    QString insert(QJsonObject object, bool willFail, int step);
    bool gateway() const { return m_dialect == FakeDialect::Gateway; }
    // nullopt when the reference is acceptable, else the 400 to answer.
    std::optional<FakeReply> checkReference(const MultipartPart &part, QSize size) const;
    std::optional<FakeReply> checkReferenceText(const MultipartPart &part, QSize size) const;

    FakeMedia *m_media;
    const FakeFiles *m_files;
    QHash<QString, Entry> m_videos;
    quint64 m_nextOrder = 0;
    qint64 m_contentSize = 256 * 1024;
    FakeDialect m_dialect = FakeDialect::OpenAi;
};

} // namespace Sanzaru::Testing

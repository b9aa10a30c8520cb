// SPDX-License-Identifier: MIT
#pragma once

#include "fakereply.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

#include <optional>

namespace Sanzaru::Testing {

class FakeFiles;
class FakeMedia;
struct RecordedRequest;

/// The Responses API with the image_generation tool. Background responses are queued, in_progress on
/// the first GET and finished on the second; "[fake:fail]" in the prompt fails, "[fake:refuse]" answers
/// with a text message only.
class FakeResponses
{
public:
    FakeResponses(FakeMedia *media, const FakeFiles *files);

    FakeReply create(const RecordedRequest &request);
    FakeReply retrieve(const QString &id);
    FakeReply cancel(const QString &id);
    FakeReply remove(const QString &id);

private:
    struct Entry
    {
        QJsonObject object;
        int polls = 0;
        QString prompt;
    };

    std::optional<FakeReply> checkInput(const QJsonValue &input) const;
    std::optional<FakeReply> checkTools(const QJsonValue &tools) const;
    void finish(Entry &entry);

    FakeMedia *m_media;
    const FakeFiles *m_files;
    QHash<QString, Entry> m_responses;
};

} // namespace Sanzaru::Testing

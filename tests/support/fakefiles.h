// SPDX-License-Identifier: MIT
#pragma once

#include "fakereply.h"

#include <QHash>
#include <QJsonObject>

namespace Sanzaru::Testing {

struct RecordedRequest;

/// The Files API subset sanzaru uses (uploads for Responses masks): create, retrieve, delete.
class FakeFiles
{
public:
    FakeReply create(const RecordedRequest &request);
    FakeReply retrieve(const QString &id) const;
    FakeReply remove(const QString &id);

    bool contains(const QString &id) const { return m_files.contains(id); }
    QByteArray content(const QString &id) const { return m_files.value(id).bytes; }

private:
    struct Entry
    {
        QJsonObject object;
        QByteArray bytes;
    };
    QHash<QString, Entry> m_files;
};

} // namespace Sanzaru::Testing

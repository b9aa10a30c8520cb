// SPDX-License-Identifier: MIT
#include "fakefiles.h"

#include "fakeids.h"
#include "recordedrequest.h"

namespace Sanzaru::Testing {

namespace {
const QStringList &purposes()
{
    static const QStringList list{QStringLiteral("assistants"), QStringLiteral("batch"),
                                  QStringLiteral("fine-tune"),  QStringLiteral("vision"),
                                  QStringLiteral("user_data"),  QStringLiteral("evals")};
    return list;
}
} // namespace

FakeReply FakeFiles::create(const RecordedRequest &request)
{
    if (request.mimeType() != "multipart/form-data")
        return FakeReply::unsupportedContentType(request.header("content-type"), "multipart/form-data");
    if (!request.multipartValid)
        return FakeReply::badRequest(QStringLiteral("Could not parse multipart form data."));
    const MultipartPart *file = nullptr;
    QString purpose;
    qint64 expiresAfter = -1;
    for (const MultipartPart &part : request.parts) {
        const QString name = QString::fromUtf8(part.name);
        if (part.name == "file") {
            if (!part.isFile())
                return FakeReply::invalidType(name, QStringLiteral("a file, but got a string instead"));
            file = &part;
        } else if (part.name == "purpose") {
            purpose = part.text();
        } else if (part.name == "expires_after[anchor]") {
            if (part.text() != QLatin1String("created_at"))
                return FakeReply::invalidValue(name, part.text(), {QStringLiteral("created_at")});
        } else if (part.name == "expires_after[seconds]") {
            bool ok = false;
            expiresAfter = part.text().toLongLong(&ok);
            if (!ok || expiresAfter < 3600 || expiresAfter > 2592000)
                return FakeReply::badRequest(QStringLiteral("Invalid 'expires_after[seconds]'."), name,
                                             QStringLiteral("invalid_value"));
        } else {
            return FakeReply::unknownParameter(name);
        }
    }
    if (!file)
        return FakeReply::missingParameter(QStringLiteral("file"));
    if (purpose.isEmpty())
        return FakeReply::missingParameter(QStringLiteral("purpose"));
    if (!purposes().contains(purpose))
        return FakeReply::invalidValue(QStringLiteral("purpose"), purpose, purposes());

    const qint64 now = FakeIds::now();
    const QString id = FakeIds::make(QStringLiteral("file-"));
    const QJsonObject object{{QStringLiteral("id"), id},
                             {QStringLiteral("object"), QStringLiteral("file")},
                             {QStringLiteral("bytes"), file->data.size()},
                             {QStringLiteral("created_at"), now},
                             {QStringLiteral("expires_at"), expiresAfter > 0 ? QJsonValue(now + expiresAfter)
                                                                             : QJsonValue(QJsonValue::Null)},
                             {QStringLiteral("filename"), QString::fromUtf8(file->filename)},
                             {QStringLiteral("purpose"), purpose},
                             {QStringLiteral("status"), QStringLiteral("processed")},
                             {QStringLiteral("status_details"), QJsonValue::Null}};
    m_files.insert(id, Entry{object, file->data});
    return FakeReply::json(object);
}

FakeReply FakeFiles::retrieve(const QString &id) const
{
    const auto it = m_files.constFind(id);
    if (it == m_files.constEnd())
        return FakeReply::notFound(QStringLiteral("No such File object: %1").arg(id));
    return FakeReply::json(it->object);
}

FakeReply FakeFiles::remove(const QString &id)
{
    if (!m_files.remove(id))
        return FakeReply::notFound(QStringLiteral("No such File object: %1").arg(id));
    return FakeReply::json({{QStringLiteral("id"), id},
                            {QStringLiteral("object"), QStringLiteral("file")},
                            {QStringLiteral("deleted"), true}});
}

} // namespace Sanzaru::Testing

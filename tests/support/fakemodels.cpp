// SPDX-License-Identifier: MIT
#include "fakemodels.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Sanzaru::Testing {

QStringList FakeModels::defaultIds()
{
    return {QStringLiteral("gpt-image-2"), QStringLiteral("gpt-image-1.5"), QStringLiteral("sora-2"),
            QStringLiteral("sora-2-pro")};
}

FakeReply FakeModels::list() const
{
    QJsonArray data;
    for (const QString &id : m_ids) {
        // "owned_by" is the part before a '/' the way gateways name models ("minimax/h3"), else OpenAI's.
        const qsizetype slash = id.indexOf(QLatin1Char('/'));
        data.append(
            QJsonObject{{QStringLiteral("id"), id},
                        {QStringLiteral("object"), QStringLiteral("model")},
                        {QStringLiteral("created"), 1767225600},
                        {QStringLiteral("owned_by"), slash > 0 ? id.left(slash) : QStringLiteral("system")}});
    }
    return FakeReply::json(
        QJsonObject{{QStringLiteral("object"), QStringLiteral("list")}, {QStringLiteral("data"), data}});
}

} // namespace Sanzaru::Testing

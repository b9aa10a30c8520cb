// SPDX-License-Identifier: MIT
#include "mcpwire.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Sanzaru::Core {

QByteArray McpWire::idLessError(int code, const QString &message)
{
    const QJsonObject error{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
    return QJsonDocument(QJsonObject{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                                     {QStringLiteral("error"), error}})
        .toJson(QJsonDocument::Compact);
}

QByteArray McpWire::oversizedError(qsizetype maxMessageBytes)
{
    return idLessError(InvalidRequest, QStringLiteral("message exceeds %1").arg(sizeText(maxMessageBytes)));
}

QByteArray McpWire::busyError(int maxClients)
{
    return idLessError(ServerBusy,
                       QStringLiteral("Server busy: sanzaru-qt already serves %1 clients on this endpoint; "
                                      "try again later")
                           .arg(maxClients));
}

QString McpWire::sizeText(qsizetype bytes)
{
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
        return QStringLiteral("%1 MiB").arg(bytes / (1024 * 1024));
    if (bytes >= 1024 && bytes % 1024 == 0)
        return QStringLiteral("%1 KiB").arg(bytes / 1024);
    return QStringLiteral("%1 bytes").arg(bytes);
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "pathsegment.h"

#include <QUrl>

namespace Sanzaru::Core {

Result<QString> PathSegment::encode(const QString &id, const QString &paramName)
{
    if (id.trimmed().isEmpty())
        return Error::badInput(QStringLiteral("%1 must not be empty").arg(paramName));
    const QString decoded = QUrl::fromPercentEncoding(id.toUtf8());
    if (decoded == QStringLiteral(".") || decoded == QStringLiteral(".."))
        return Error::badInput(QStringLiteral("%1 '%2' is not a valid id").arg(paramName, id));
    if (id.contains(QChar(0)))
        return Error::badInput(QStringLiteral("%1 must not contain NUL bytes").arg(paramName));
    return QString::fromLatin1(QUrl::toPercentEncoding(id, "!$&'()*+,;=:@"));
}

} // namespace Sanzaru::Core

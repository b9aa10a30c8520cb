// SPDX-License-Identifier: MIT
#include "fakeids.h"

#include <QDateTime>
#include <QRandomGenerator>

namespace Sanzaru::Testing {

namespace {
QByteArray randomHex()
{
    quint32 words[4];
    QRandomGenerator::global()->fillRange(words);
    return QByteArray(reinterpret_cast<const char *>(words), sizeof(words)).toHex();
}
} // namespace

QString FakeIds::make(const QString &prefix)
{
    return prefix + QString::fromLatin1(randomHex());
}

QByteArray FakeIds::requestId()
{
    return QByteArrayLiteral("req_") + randomHex();
}

qint64 FakeIds::now()
{
    return QDateTime::currentSecsSinceEpoch();
}

} // namespace Sanzaru::Testing

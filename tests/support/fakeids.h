// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

namespace Sanzaru::Testing {

/// Identifier and clock helpers shared by the fake API's stores.
class FakeIds
{
public:
    /// prefix + 32 random hex digits, e.g. "video_3f…"; random so ids never collide across servers.
    static QString make(const QString &prefix);
    /// "req_" + 32 hex digits for the x-request-id header.
    static QByteArray requestId();
    static qint64 now();
};

} // namespace Sanzaru::Testing

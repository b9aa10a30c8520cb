// SPDX-License-Identifier: MIT
#include "remotestatus.h"

#include <array>
#include <utility>

namespace Sanzaru::Core {

namespace {

constexpr std::array phaseWords{
    std::pair{RemoteStatus::Phase::Queued, "queued"},
    std::pair{RemoteStatus::Phase::InProgress, "in_progress"},
    std::pair{RemoteStatus::Phase::Completed, "completed"},
    std::pair{RemoteStatus::Phase::Failed, "failed"},
    std::pair{RemoteStatus::Phase::Cancelled, "cancelled"},
    std::pair{RemoteStatus::Phase::Cancelled, "canceled"},
    std::pair{RemoteStatus::Phase::Incomplete, "incomplete"},
};

} // namespace

QJsonObject RemoteStatus::withStatus(QJsonObject remote)
{
    if (!remote.value(QStringLiteral("status")).isString())
        remote.insert(QStringLiteral("status"), QStringLiteral("unknown"));
    return remote;
}

RemoteStatus RemoteStatus::fromWord(const QString &word)
{
    RemoteStatus status;
    status.word = word;
    if (word.isEmpty())
        return status;
    status.phase = Phase::Other;
    for (const auto &[phase, text] : phaseWords) {
        if (word == QLatin1String(text))
            status.phase = phase;
    }
    return status;
}

bool RemoteStatus::hasEnded() const
{
    return phase == Phase::Failed || phase == Phase::Cancelled || phase == Phase::Incomplete;
}

} // namespace Sanzaru::Core

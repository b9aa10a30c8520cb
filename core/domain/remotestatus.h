// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>

namespace Sanzaru::Core {

/// A remote job's status as last seen upstream: the typed phase the app acts on, and the provider's own
/// word for display (gateways send words OpenAI does not, such as "pending" or "processing").
struct RemoteStatus
{
    enum class Phase {
        None,       ///< not seen yet
        Queued,     ///< "queued"
        InProgress, ///< "in_progress"
        Completed,  ///< "completed"
        Failed,     ///< "failed"
        Cancelled,  ///< "cancelled" / "canceled"
        Incomplete, ///< "incomplete" (Responses API)
        Other,      ///< a provider's own word: still running
    };

    Phase phase = Phase::None;
    QString word; ///< as sent, e.g. "in_progress"

    static RemoteStatus fromWord(const QString &word);
    /// A provider's object with a status the tools can promise: "unknown" when it sent none (or no string).
    static QJsonObject withStatus(QJsonObject remote);

    bool isCompleted() const { return phase == Phase::Completed; }
    /// Failed, cancelled or incomplete upstream: nothing left to poll or download.
    bool hasEnded() const;
    /// Still queued or running upstream (or not seen yet).
    bool isRunning() const { return !isCompleted() && !hasEnded(); }

    bool operator==(const RemoteStatus &other) const = default;
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "openai/apirequest.h"

#include <QMutex>
#include <QObject>
#include <QPointer>

#include <atomic>
#include <optional>

namespace Sanzaru::Core {

class ApiExchange;

/// Carries one request's outcome from the network thread to the caller's thread. Emitted from the
/// network thread; the caller connects with its own context object so a dead caller is never called.
class ExchangeNotifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExchangeNotifier)

public:
    ExchangeNotifier() = default;

signals:
    void progress(qint64 done, qint64 total);
    /// A retry is scheduled in delayMs after this error (429 with Retry-After, a 5xx, a dropped line).
    void retrying(int delayMs, const QString &reason);
    void finished();
};

/// State shared between the caller's handle, the notifier and the exchange on the network thread.
struct ExchangeControl
{
    std::atomic_bool cancelled{false};
    QMutex mutex;
    QPointer<ApiExchange> exchange;            // guarded by mutex; lives on the network thread
    std::optional<Result<ApiResponse>> result; // written once before finished() is emitted
};

} // namespace Sanzaru::Core

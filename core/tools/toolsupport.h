// SPDX-License-Identifier: MIT
#pragma once

#include "common/backgroundpriority.h"
#include "common/result.h"
#include "openai/apiclient.h"
#include "tools/toolcall.h"
#include "tools/toolcontext.h"

#include <QFuture>
#include <QFutureWatcher>
#include <QJsonObject>
#include <QtConcurrent>

#include <functional>
#include <optional>

namespace Sanzaru::Core {

/// What a worker-pool step of a tool produces: the result and, for image results, a small preview.
struct PoolOutcome
{
    PoolOutcome(Result<QJsonObject> r, std::optional<ToolImage> i = std::nullopt)
        : result(std::move(r))
        , image(std::move(i))
    {}
    Result<QJsonObject> result;
    std::optional<ToolImage> image;
};

/// Plumbing shared by the tool implementations: API calls bound to the ToolCall's life, worker-pool
/// steps, and the small naming/format rules sanzaru applies everywhere.
class ToolSupport
{
public:
    using ResponseMapper = std::function<Result<QJsonObject>(const ApiResponse &)>;

    /// Sends the request; a cancel of the call aborts it; the mapped response finishes the call.
    static void sendAndFinish(ToolCall *call, const ToolContext *context, const Result<ApiRequest> &request,
                              ResponseMapper map);
    /// Sends the request and hands the response to next (on the call's thread), cancel-aware.
    /// The status shown while a request waits to be retried, with the reason and the wait.
    static QString retryNotice(int delayMs, const QString &reason);
    static void send(ToolCall *call, const ToolContext *context, const ApiRequest &request,
                     std::function<void(Result<ApiResponse>)> next);

    /// Runs work on the context's pool and continues with next on the call's thread (skipped if the
    /// call was cancelled or destroyed meanwhile). The work runs at background priority unless the
    /// context is a one-shot command-line process.
    template <typename T>
    static void inPool(ToolCall *call, const ToolContext *context, std::function<T()> work,
                       std::function<void(T)> next)
    {
        // A watcher owned by the call (not QFuture::then with a context): a call deleted mid-computation
        // takes the continuation with it, safely.
        auto *watcher = new QFutureWatcher<T>(call);
        QObject::connect(watcher, &QFutureWatcher<T>::finished, call,
                         [call, watcher, next = std::move(next)] {
                             watcher->deleteLater();
                             if (!call->isFinished())
                                 next(watcher->result());
                         });
        watcher->setFuture(
            QtConcurrent::run(context->pool(), [work = std::move(work), background = !context->oneShot()] {
                if (background)
                    BackgroundPriority::applyToCurrentThread();
                return work();
            }));
    }
    /// Runs a pool step that produces the final result (and its preview, if any).
    static void finishInPool(ToolCall *call, const ToolContext *context, std::function<PoolOutcome()> work);

    /// ".png" for "a/b.PNG", "" when there is no dot (sanzaru: text after the last dot, lower-cased).
    static QString extension(const QString &fileName);
    /// image/jpeg, image/png, image/webp by extension ("" when unsupported).
    static QByteArray imageMimeType(const QString &extension);
    /// Unix seconds now.
    static qint64 nowSeconds();
    /// The name of a file extension for an image format ("png", "jpeg", "webp").
    static QString extensionForFormat(const QString &format);
    /// [w, h]
    static QJsonArray sizeArray(QSize size);
};

} // namespace Sanzaru::Core

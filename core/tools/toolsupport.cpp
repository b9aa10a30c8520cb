// SPDX-License-Identifier: MIT
#include "toolsupport.h"

#include <QDateTime>
#include <QJsonArray>

namespace Sanzaru::Core {

QString ToolSupport::retryNotice(int delayMs, const QString &reason)
{
    // "Rate limited (HTTP 429): retrying in 12 s" — the first line of the reason, the wait rounded up.
    const int seconds = std::max(1, (delayMs + 999) / 1000);
    const QString first = reason.section(QLatin1Char('\n'), 0, 0).trimmed();
    return QObject::tr("%1 — retrying in %2 s").arg(first).arg(seconds);
}

void ToolSupport::send(ToolCall *call, const ToolContext *context, const ApiRequest &request,
                       std::function<void(Result<ApiResponse>)> next)
{
    if (call->isFinished())
        return;
    const RequestHandle handle = context->api(ToolContext::providerFor(request.path))
                                     ->send(
                                         request, call,
                                         [call, next = std::move(next)](Result<ApiResponse> response) {
                                             if (!call->isFinished())
                                                 next(std::move(response));
                                         },
                                         [call](int delayMs, const QString &reason) {
                                             call->reportWait(retryNotice(delayMs, reason));
                                         });
    call->onCancel([handle] { handle.cancel(); });
}

void ToolSupport::sendAndFinish(ToolCall *call, const ToolContext *context, const Result<ApiRequest> &request,
                                ResponseMapper map)
{
    if (!request) {
        call->finish(request.error());
        return;
    }
    send(call, context, *request, [call, map = std::move(map)](Result<ApiResponse> response) {
        if (!response)
            call->finish(response.error());
        else
            call->finish(map(*response));
    });
}

void ToolSupport::finishInPool(ToolCall *call, const ToolContext *context, std::function<PoolOutcome()> work)
{
    inPool<PoolOutcome>(call, context, std::move(work), [call](PoolOutcome outcome) {
        if (outcome.image && outcome.result.ok())
            call->addImage(*outcome.image);
        call->finish(std::move(outcome.result));
    });
}

QString ToolSupport::extension(const QString &fileName)
{
    const qsizetype dot = fileName.lastIndexOf(QLatin1Char('.'));
    if (dot < 0)
        return {};
    return fileName.mid(dot).toLower();
}

QByteArray ToolSupport::imageMimeType(const QString &extension)
{
    if (extension == QStringLiteral(".jpg") || extension == QStringLiteral(".jpeg"))
        return "image/jpeg";
    if (extension == QStringLiteral(".png"))
        return "image/png";
    if (extension == QStringLiteral(".webp"))
        return "image/webp";
    return {};
}

qint64 ToolSupport::nowSeconds()
{
    return QDateTime::currentSecsSinceEpoch();
}

QString ToolSupport::extensionForFormat(const QString &format)
{
    if (format == QStringLiteral("jpeg") || format == QStringLiteral("jpg"))
        return QStringLiteral("jpeg");
    if (format == QStringLiteral("webp"))
        return QStringLiteral("webp");
    return QStringLiteral("png");
}

QJsonArray ToolSupport::sizeArray(QSize size)
{
    return QJsonArray{size.width(), size.height()};
}

} // namespace Sanzaru::Core

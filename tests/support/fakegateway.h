// SPDX-License-Identifier: MIT
#pragma once

#include "fakereply.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <optional>

namespace Sanzaru::Testing {

/// Which provider a FakeOpenAiServer imitates on /v1/videos.
enum class FakeDialect {
    OpenAi,  ///< openai-wire.md, Sora models (the default)
    Gateway, ///< a third-party gateway serving the same wire with other models (see FakeGateway)
};

/// The gateway dialect of the Videos API, as gateways documented it after OpenAI shut Sora down: same
/// routes and multipart body, but other model ids (minimax/h3 4-15 s with six sizes, google/veo-3.1-fast
/// 4/6/8 s, wan-ai/wan-2.6-t2v 5/10/15 s), `size` optional (the object then carries "size": null),
/// statuses "pending" → "processing" → "completed"/"failed", float timestamps, completed_at absent until
/// the job ends, no expires_at, fractional progress and fields OpenAI never sends.
class FakeGateway
{
public:
    /// "openai" or "gateway" (the fake-openai --dialect values); nullopt for anything else.
    static std::optional<FakeDialect> parse(const QString &name);
    static QString name(FakeDialect dialect);

    /// The models the gateway serves, in the order GET /models would list them.
    static QStringList modelIds();
    static QString defaultModel() { return QStringLiteral("minimax/h3"); }
    /// Sizes a model accepts (empty: any WxH), and the seconds it accepts.
    static QStringList sizes(const QString &model);
    static QStringList seconds(const QString &model);

    /// nullopt when the create fields are acceptable, else the 400 to answer. Empty size/seconds = omitted.
    static std::optional<FakeReply> checkCreate(const QString &model, const QString &seconds,
                                                const QString &size);
    /// The new job object (status "pending").
    static QJsonObject newVideo(const QString &id, const QString &model, const QString &prompt,
                                const QString &seconds, const QString &size);
    /// Moves a job one step (1, 2: processing; 3: terminal) like FakeVideos does for OpenAI.
    static void advance(QJsonObject &video, int step, bool fail);
    /// Seconds since the epoch with a fraction, as gateways send them.
    static double now();
};

} // namespace Sanzaru::Testing

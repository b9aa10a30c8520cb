// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "common/result.h"
#include "domain/remotestatus.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace Sanzaru::Core {

struct ApiResponse;

/// A video job at the video provider. The provider's object is kept whole in `json` (the tools return it
/// with its unknown fields, statuses and timestamp types); what the app acts on is read from it once.
struct Video
{
    QString id;
    RemoteStatus status;
    std::optional<double> progress; ///< percent; gateways send fractions
    QJsonObject json;               ///< the provider's object, with "id" and "status" made reliable

    /// The provider's reason when the job ended upstream without a video (kind JobFailed).
    Error failure() const;

    /// An answer of the Videos API: refused when it carries no id; a missing status reads "unknown".
    static Result<Video> fromResponse(const ApiResponse &response);
    /// A video object as a tool returned it (an MCP client's call, a saved job record).
    static Video fromJson(const QJsonObject &json);
};

/// The reason a remote job (video or response) gave for ending without a result: its "error" object,
/// or a sentence naming the status word when it sent none.
Error remoteFailure(const QJsonObject &json, const RemoteStatus &status);

} // namespace Sanzaru::Core

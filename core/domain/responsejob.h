// SPDX-License-Identifier: MIT
#pragma once

#include "domain/remotestatus.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace Sanzaru::Core {

struct ApiResponse;

/// A background response of the Responses API that makes an image (create_image): what the app follows
/// until it can download the image.
struct ResponseJob
{
    QString id;
    RemoteStatus status;
    QJsonValue createdAt; ///< Unix seconds as sent; null or absent when the provider sends none

    /// {"id", "status", "created_at"}: what create_image and get_image_status return.
    QJsonObject toJson() const;

    /// An answer of POST/GET /responses; a missing status reads "unknown".
    static ResponseJob fromResponse(const ApiResponse &response);
    /// A status object as a tool returned it (an MCP client's call, a saved job record).
    static ResponseJob fromJson(const QJsonObject &json);
};

} // namespace Sanzaru::Core

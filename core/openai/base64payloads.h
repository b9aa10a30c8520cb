// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>

namespace Sanzaru::Core {

/// Moves large base64 string values (b64_json images) out of a JSON answer before it is parsed, so an
/// image is held once as bytes instead of also as a JSON value and a UTF-16 QString (a 200 MB answer
/// peaked near 1 GB). Each value is replaced by a short marker that ApiResponse::stringBytes() resolves.
class Base64Payloads
{
public:
    /// Strings shorter than this stay in the JSON.
    static constexpr qsizetype minSize = 1024 * 1024;

    /// Rewrites *body in place; returns the payloads in the order their markers appear. The largest
    /// payload reuses the body's buffer, so the peak stays near the body's size.
    static QList<QByteArray> extract(QByteArray *body, qsizetype threshold = minSize);

    static QByteArray marker(qsizetype index);
    /// The payload index a marker names, or -1.
    static qsizetype indexOf(const QByteArray &text);
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QSize>
#include <QString>

namespace Sanzaru::Core {

struct ImageInfo
{
    QSize size;     ///< invalid if unknown
    QString format; ///< "png", "jpeg", "webp", "gif", ... lower-case, or "unknown"
};

/// Reads width, height and format from encoded bytes (header only, no full decode). Thread-safe.
class ImageProbe
{
public:
    static ImageInfo probe(const QByteArray &encoded);
};

} // namespace Sanzaru::Core

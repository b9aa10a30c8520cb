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

/// Reads width, height and format from encoded bytes (header only, no full decode). Only JPEG, PNG and
/// WEBP (ImageSniffer::apiFormats) get a size; other content keeps an invalid size and, when
/// ImageSniffer can name it, that name as format (e.g. "svg"). Thread-safe.
class ImageProbe
{
public:
    static ImageInfo probe(const QByteArray &encoded);
};

} // namespace Sanzaru::Core

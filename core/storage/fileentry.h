// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace Sanzaru::Core {

/// One file of a media folder listing.
struct FileEntry
{
    QString filename; ///< relative to the folder as given / basename for listings
    qint64 sizeBytes = 0;
    qint64 modifiedTimestamp = 0; ///< unix seconds, truncated
    qint64 modifiedMsecs = 0;     ///< for sorting
    QString suffix;               ///< lower-case extension with the dot, ".png"
};

enum class SortBy { Name, Size, Modified };

} // namespace Sanzaru::Core

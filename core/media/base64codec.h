// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace Sanzaru::Core {

/// Table-driven standard base64. decode() is lenient like Python's default decoder: characters
/// outside the alphabet (whitespace, newlines) are skipped; padding is optional. Returns nullopt only
/// when the data is structurally impossible (e.g. a single dangling sextet). Many times faster than
/// QByteArray::fromBase64.
class Base64Codec
{
public:
    static std::optional<QByteArray> decode(QByteArrayView text);
    static QByteArray encode(QByteArrayView data);
};

} // namespace Sanzaru::Core

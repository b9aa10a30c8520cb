// SPDX-License-Identifier: MIT
// What an upstream (broken or hostile) sends back, through the engine's own parsers: ApiErrors::fromResponse
// on any status and body, the images answer's "b64_json" through Base64Codec and ImageProbe, and
// Base64Codec checked against a reference decoder (Qt's) on the same bytes.
#include "fuzzsupport.h"
#include "media/base64codec.h"
#include "media/imageprobe.h"
#include "openai/apierrors.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Sanzaru::Core;

namespace {

bool inAlphabet(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

void checkBase64(const QByteArray &text)
{
    QByteArray clean;
    for (const char c : text)
        if (inAlphabet(c))
            clean += c;
    const std::optional<QByteArray> decoded = Base64Codec::decode(text);
    FUZZ_CHECK(decoded.has_value() == (clean.size() % 4 != 1));
    if (decoded) {
        FUZZ_CHECK(*decoded == QByteArray::fromBase64(clean));
        FUZZ_CHECK(Base64Codec::decode(Base64Codec::encode(*decoded)) == *decoded);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Sanzaru::Fuzz::ensureApplication();
    FuzzedDataProvider input(data, size);
    const int status = input.ConsumeIntegralInRange<int>(100, 599);
    static const QString paths[] = {QStringLiteral("/videos"), QStringLiteral("/videos/video_1/content"),
                                    QStringLiteral("/images/generations"), QStringLiteral("/responses")};
    const QString &path = paths[input.ConsumeIntegralInRange<int>(0, 3)];
    const QByteArray body = QByteArray::fromStdString(input.ConsumeRemainingBytesAsString());

    const Error error = ApiErrors::fromResponse(status, body, QStringLiteral("POST"), path);
    FUZZ_CHECK(error.httpStatus == status);
    FUZZ_CHECK(!error.message.isEmpty());

    checkBase64(body);

    const QJsonDocument doc = QJsonDocument::fromJson(body);
    const QJsonArray items = doc.object().value(QStringLiteral("data")).toArray();
    for (const QJsonValue &item : items) {
        const QByteArray b64 = item.toObject().value(QStringLiteral("b64_json")).toString().toLatin1();
        if (const std::optional<QByteArray> bytes = Base64Codec::decode(b64)) {
            const ImageInfo info = ImageProbe::probe(*bytes);
            FUZZ_CHECK(!info.format.isEmpty());
        }
    }
    return 0;
}

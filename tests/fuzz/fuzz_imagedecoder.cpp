// SPDX-License-Identifier: MIT
// The image front: ImageProbe (header sniffing of API answers and uploads), ImageDecoder (reference
// preparation and previews) and JpegStreamPreparer (the row-streaming JPEG path of preparation) on
// fuzzed files. Every outcome is an image within the limits, an error, or a hand-back to ImageDecoder.
// The pixel cap here is far below the product's so that no input can spend the run allocating.
#include "fuzzsupport.h"
#include "media/imagedecoder.h"
#include "media/imageprobe.h"
#include "media/jpegstreampreparer.h"

#include <QFile>
#include <QTemporaryDir>

using namespace Sanzaru::Core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Sanzaru::Fuzz::ensureApplication();
    static QTemporaryDir dir;
    static const QString path = dir.path() + QStringLiteral("/input.png");
    constexpr qint64 maxPixels = 4 * 1024 * 1024;
    if (size == 0)
        return 0;
    const QByteArray bytes(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const int reduction = 1 << (data[0] % 4); // 1, 2, 4, 8 like ReferenceImagePreparer

    const ImageInfo info = ImageProbe::probe(bytes);
    FUZZ_CHECK(!info.format.isEmpty());

    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        return 0;
    file.close();

    // Small targets so that the encoder stays cheap; mode, split and reduction gap from the first byte.
    const JpegStreamPreparer::Settings settings{data[0] & 8 ? 1.5 : 4.0, 1, maxPixels, data[0] & 16 ? 3 : 1};
    const QSize target = data[0] & 32 ? QSize(48, 27) : QSize(27, 48);
    const auto streamed =
        JpegStreamPreparer::prepare(path, target, ResizeMode((data[0] >> 6) % 3), settings, nullptr, {});
    if (streamed) {
        // Not cancelled, so a result it keeps is a picture of the target size.
        FUZZ_CHECK(streamed->ok());
        FUZZ_CHECK(streamed->value().targetSize == target && !streamed->value().png.isEmpty());
    }

    ImageDecoder decoder(path, QStringLiteral("input.png"), maxPixels);
    const Result<QSize> header = decoder.open();
    if (!header)
        return 0;
    if (header->isValid()) {
        FUZZ_CHECK(header->width() <= ImageDecoder::maxEdge && header->height() <= ImageDecoder::maxEdge);
    }
    const QRect region = (data[0] & 4) && header->isValid() ? QRect(QPoint(0, 0), *header / 2) : QRect();
    const Result<ImageDecoder::Decoded> decoded = decoder.decode(region, decoder.canReduce() ? reduction : 1);
    if (decoded) {
        FUZZ_CHECK(!decoded->image.isNull());
        FUZZ_CHECK(qint64(decoded->image.width()) * decoded->image.height() <= maxPixels);
    }
    return 0;
}

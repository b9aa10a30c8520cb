// SPDX-License-Identifier: MIT
// The image front: ImageProbe (header sniffing of API answers and uploads) and ImageDecoder (reference
// preparation and previews) on fuzzed files. Every outcome is an image within the limits or an error.
// The pixel cap here is far below the product's so that no input can spend the run allocating.
#include "fuzzsupport.h"
#include "media/imagedecoder.h"
#include "media/imageprobe.h"

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

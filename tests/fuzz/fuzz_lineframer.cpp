// SPDX-License-Identifier: MIT
// LineFramer (MCP stdio / local socket framing): fuzzed byte streams in fuzzed chunkings must give the
// same messages as splitting the whole stream on '\n', and overflow only when a line is over the cap.
#include "fuzzsupport.h"
#include "mcp/lineframer.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <QByteArray>
#include <QList>

using Sanzaru::Core::LineFramer;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzedDataProvider input(data, size);
    const qsizetype cap = input.ConsumeIntegralInRange<qsizetype>(1, 64);
    const std::string stream = input.ConsumeRemainingBytesAsString();

    // The reference: every line, one trailing '\r' dropped, empty lines skipped.
    QList<QByteArray> expected;
    bool tooLong = false;
    qsizetype start = 0;
    const QByteArray all = QByteArray::fromStdString(stream);
    for (;;) {
        const qsizetype newline = all.indexOf('\n', start);
        if (newline < 0)
            break;
        QByteArray line = all.mid(start, newline - start);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.size() > cap)
            tooLong = true;
        if (!tooLong && !line.isEmpty())
            expected.append(line);
        start = newline + 1;
    }
    QByteArray tail = all.mid(start);
    if (tail.endsWith('\r'))
        tail.chop(1);
    if (tail.size() > cap)
        tooLong = true;

    // Chunk sizes from the stream's own bytes, so the chunking varies with the input.
    LineFramer framer(cap);
    QList<QByteArray> messages;
    bool ok = true;
    qsizetype offset = 0;
    while (offset < all.size()) {
        const qsizetype chunk = 1 + (static_cast<unsigned char>(all.at(offset)) % 17);
        const qsizetype n = qMin(chunk, all.size() - offset);
        ok = framer.feed(QByteArrayView(all).sliced(offset, n), &messages) && ok;
        FUZZ_CHECK(ok || framer.overflowed());
        offset += n;
    }
    FUZZ_CHECK(ok == !tooLong);
    FUZZ_CHECK(framer.overflowed() == tooLong);
    if (ok) {
        FUZZ_CHECK(messages == expected);
    } else {
        // Everything delivered before the overflow is a prefix of the reference.
        FUZZ_CHECK(messages.size() <= expected.size());
        for (qsizetype i = 0; i < messages.size(); ++i)
            FUZZ_CHECK(messages.at(i) == expected.at(i));
    }
    return 0;
}

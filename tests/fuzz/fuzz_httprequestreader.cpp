// SPDX-License-Identifier: MIT
// HttpRequestReader (the MCP HTTP endpoint's request parser) on fuzzed bytes in fuzzed chunkings: the
// same requests (or the same error) whatever the chunking, bodies never over the cap, header names
// lower-case tokens, no CR/LF in any parsed field.
#include "fuzzsupport.h"
#include "mcp/httprequestreader.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <QList>

using namespace Sanzaru::Core;

namespace {

constexpr qint64 maxBody = 4096;

struct Outcome
{
    QList<McpHttpRequest> requests;
    int errorStatus = 0;
};

Outcome run(const QByteArray &bytes, qsizetype chunk)
{
    HttpRequestReader reader(maxBody);
    Outcome out;
    for (qsizetype offset = 0; offset < bytes.size() && !reader.hasError(); offset += chunk) {
        reader.feed(QByteArrayView(bytes).sliced(offset, qMin(chunk, bytes.size() - offset)));
        reader.takeContinueRequest();
        while (reader.hasRequest())
            out.requests.append(reader.takeRequest());
    }
    out.errorStatus = reader.errorStatus();
    return out;
}

bool sameRequest(const McpHttpRequest &a, const McpHttpRequest &b)
{
    return a.method == b.method && a.target == b.target && a.version == b.version && a.headers == b.headers &&
           a.body == b.body && a.keepAlive == b.keepAlive;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzedDataProvider input(data, size);
    const qsizetype chunk = input.ConsumeIntegralInRange<qsizetype>(1, 64);
    const QByteArray bytes = QByteArray::fromStdString(input.ConsumeRemainingBytesAsString());

    const Outcome whole = run(bytes, qMax<qsizetype>(1, bytes.size()));
    const Outcome pieces = run(bytes, chunk);
    FUZZ_CHECK(whole.errorStatus == pieces.errorStatus);
    FUZZ_CHECK(whole.requests.size() == pieces.requests.size());
    for (qsizetype i = 0; i < whole.requests.size(); ++i)
        FUZZ_CHECK(sameRequest(whole.requests.at(i), pieces.requests.at(i)));

    for (const McpHttpRequest &r : whole.requests) {
        FUZZ_CHECK(r.body.size() <= maxBody);
        FUZZ_CHECK(r.version == "HTTP/1.1" || r.version == "HTTP/1.0");
        FUZZ_CHECK(!r.method.isEmpty() && !r.target.isEmpty());
        for (const QByteArray *field : {&r.method, &r.target})
            FUZZ_CHECK(!field->contains('\r') && !field->contains('\n') && !field->contains(' '));
        for (auto it = r.headers.cbegin(); it != r.headers.cend(); ++it) {
            FUZZ_CHECK(!it.key().isEmpty() && it.key() == it.key().toLower());
            FUZZ_CHECK(!it.key().contains(':') && !it.key().contains(' '));
            FUZZ_CHECK(!it.value().contains('\r') && !it.value().contains('\n'));
        }
        if (r.hasHeader("content-length"))
            FUZZ_CHECK(r.body.size() == r.header("content-length").trimmed().toLongLong());
        else
            FUZZ_CHECK(r.body.isEmpty());
    }
    return 0;
}

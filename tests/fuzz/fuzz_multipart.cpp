// SPDX-License-Identifier: MIT
// MultipartBody (uploads to OpenAI) with fuzzed field names, filenames, content types and data, read back
// with the test suite's strict multipart parser: exactly the parts written come out, each with only the
// headers written, names and filenames escaped (no quote, CR or LF breaks out of them), content types
// without control characters, and the data unchanged.
#include "fuzzsupport.h"
#include "multipartparser.h"
#include "openai/multipartbody.h"

#include <fuzzer/FuzzedDataProvider.h>

using Sanzaru::Core::MultipartBody;
using Sanzaru::Testing::MultipartParser;
using Sanzaru::Testing::MultipartPart;

namespace {

// The form-data quoting MultipartBody promises, as the parser undoes it.
QByteArray expectedName(const QString &value)
{
    QByteArray out = value.toUtf8();
    out.replace('"', "%22");
    out.replace('\r', "%0D");
    out.replace('\n', "%0A");
    return out;
}

bool hasControl(const QByteArray &text)
{
    for (const char c : text)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            return true;
    return false;
}

void checkHeaders(const MultipartPart &part)
{
    for (auto it = part.headers.cbegin(); it != part.headers.cend(); ++it)
        FUZZ_CHECK(it.key() == "content-disposition" || it.key() == "content-type");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzedDataProvider input(data, size);
    const QString fieldName = QString::fromStdString(input.ConsumeRandomLengthString(64));
    const QString fieldValue = QString::fromStdString(input.ConsumeRandomLengthString(64));
    const QString fileField = QString::fromStdString(input.ConsumeRandomLengthString(64));
    const QString fileName = QString::fromStdString(input.ConsumeRandomLengthString(64));
    const QByteArray contentType = QByteArray::fromStdString(input.ConsumeRandomLengthString(64));
    const QByteArray fileData = QByteArray::fromStdString(input.ConsumeRemainingBytesAsString());

    MultipartBody body;
    body.addField(fieldName, fieldValue);
    body.addFile(fileField, fileName, contentType, fileData);
    const QByteArray boundary = MultipartParser::boundaryOf(body.contentType());
    FUZZ_CHECK(!boundary.isEmpty());
    QString error;
    const std::optional<QList<MultipartPart>> parts = MultipartParser::parse(body.finish(), boundary, &error);
    FUZZ_CHECK(parts.has_value());
    FUZZ_CHECK(parts->size() == 2);

    const MultipartPart &field = parts->at(0);
    checkHeaders(field);
    FUZZ_CHECK(!field.isFile());
    FUZZ_CHECK(field.name == expectedName(fieldName));
    FUZZ_CHECK(field.contentType.isEmpty());
    FUZZ_CHECK(field.data == fieldValue.toUtf8());

    const MultipartPart &file = parts->at(1);
    checkHeaders(file);
    FUZZ_CHECK(file.isFile());
    FUZZ_CHECK(file.name == expectedName(fileField));
    FUZZ_CHECK(file.filename == expectedName(fileName));
    FUZZ_CHECK(!hasControl(file.contentType));
    FUZZ_CHECK(file.data == fileData);
    return 0;
}

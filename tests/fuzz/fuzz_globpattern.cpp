// SPDX-License-Identifier: MIT
// GlobPattern (list_* tools' pattern argument, client-controlled): compiling and matching any pattern
// against any name terminates quickly (-timeout) and keeps fnmatch's basic laws: a segment without
// metacharacters matches exactly itself, and "<literal>*" matches every name starting with the literal.
#include "fuzzsupport.h"
#include "storage/globpattern.h"

#include <fuzzer/FuzzedDataProvider.h>

using Sanzaru::Core::GlobPattern;

namespace {

bool hasMeta(const QString &text)
{
    for (const QChar c : text)
        if (c == u'*' || c == u'?' || c == u'[' || c == u'/' || c == QChar(0))
            return true;
    return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzedDataProvider input(data, size);
    const QString pattern = QString::fromStdString(input.ConsumeRandomLengthString(256));
    const QString name = QString::fromStdString(input.ConsumeRemainingBytesAsString());

    const GlobPattern glob(pattern);
    if (glob.isValid()) {
        for (qsizetype s = 0; s < glob.segmentCount(); ++s) {
            if (!glob.isRecursive(s))
                (void)glob.matches(s, name);
        }
    }

    // Patterns longer than GlobPattern::maxLength are refused by design.
    if (!name.isEmpty() && name.size() < GlobPattern::maxLength && !hasMeta(name) && name != QStringLiteral(".") &&
        name != QStringLiteral("..")) {
        const GlobPattern literal(name);
        FUZZ_CHECK(literal.isValid() && literal.segmentCount() == 1);
        FUZZ_CHECK(literal.matches(0, name));
        FUZZ_CHECK(!literal.matches(0, name + QStringLiteral("x")));
        const GlobPattern prefix(name + QStringLiteral("*"));
        FUZZ_CHECK(prefix.isValid() && prefix.matches(0, name + pattern.left(8).remove(u'/')));
    }
    return 0;
}

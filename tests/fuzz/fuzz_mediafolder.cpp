// SPDX-License-Identifier: MIT
// MediaFolder name resolution (the sandbox every filename parameter goes through) on fuzzed names in a
// folder with sub-folders, files and symbolic links pointing out of it: whatever resolves must lie inside
// the root, and the existing-file and write resolutions must never pass through a symbolic link.
#include "fuzzsupport.h"
#include "storage/mediafolder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <cstdlib>

using namespace Sanzaru::Core;

namespace {

struct Sandbox
{
    QTemporaryDir dir;
    QString root;
    QString canonicalRoot;

    Sandbox()
    {
        root = dir.path() + QStringLiteral("/root");
        QDir().mkpath(root + QStringLiteral("/sub/deeper"));
        QDir().mkpath(dir.path() + QStringLiteral("/outside"));
        for (const QString &name :
             {QStringLiteral("/a.png"), QStringLiteral("/sub/b.png"), QStringLiteral("/sub/deeper/c.png")}) {
            QFile f(root + name);
            if (f.open(QIODevice::WriteOnly))
                f.write("inside");
        }
        QFile secret(dir.path() + QStringLiteral("/outside/secret.png"));
        if (secret.open(QIODevice::WriteOnly))
            secret.write("outside");
        QFile::link(dir.path() + QStringLiteral("/outside"), root + QStringLiteral("/out"));
        QFile::link(QStringLiteral("/"), root + QStringLiteral("/sub/slash"));
        QFile::link(QStringLiteral("../../outside/secret.png"), root + QStringLiteral("/sub/deeper/s.png"));
        QFile::link(QStringLiteral(".."), root + QStringLiteral("/sub/up"));
        canonicalRoot = QFileInfo(root).canonicalFilePath();
    }

    /// The root itself counts: a name like "sub/up" (a link to "..") resolves to it, and no read or write
    /// of a folder as a file succeeds.
    bool inside(const QString &path) const
    {
        return (path == canonicalRoot || path.startsWith(canonicalRoot + QLatin1Char('/'))) &&
               !path.contains(QStringLiteral("/../")) && !path.endsWith(QStringLiteral("/.."));
    }

    /// The real location: the longest existing prefix resolved by the kernel, the rest appended.
    QString real(const QString &path) const
    {
        QString existing = path;
        QString rest;
        while (!existing.isEmpty() && !QFileInfo::exists(existing)) {
            const qsizetype slash = existing.lastIndexOf(QLatin1Char('/'));
            if (slash <= 0)
                return path;
            rest = existing.mid(slash) + rest;
            existing.truncate(slash);
        }
        const QString canonical = QFileInfo(existing).canonicalFilePath();
        return canonical.isEmpty() ? path : canonical + rest;
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Sanzaru::Fuzz::ensureApplication();
    static Sandbox sandbox;
    const QString name = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const MediaFolder folder(sandbox.root, QStringLiteral("image"));

    if (const Result<QString> path = folder.resolve(name, QStringLiteral("filename"))) {
        FUZZ_CHECK(sandbox.inside(*path));
        FUZZ_CHECK(sandbox.inside(sandbox.real(*path)));
    }
    if (const Result<QString> path = folder.resolveExisting(name, QStringLiteral("filename"))) {
        FUZZ_CHECK(sandbox.inside(*path));
        FUZZ_CHECK(QFileInfo(*path).canonicalFilePath() == *path); // no link on the way
    }
    if (const Result<QString> path = folder.resolveForWrite(name, QStringLiteral("filename"))) {
        FUZZ_CHECK(sandbox.inside(*path));
        FUZZ_CHECK(sandbox.real(*path) == *path);
    }
    if (const Result<QByteArray> bytes = folder.readAll(name, QStringLiteral("filename")))
        FUZZ_CHECK(*bytes == "inside");
    return 0;
}

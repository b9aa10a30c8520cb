// SPDX-License-Identifier: MIT
#include "referenceimporter.h"

#include "common/backgroundpriority.h"
#include "media/imagedecoder.h"
#include "media/imagesniffer.h"
#include "media/referenceimagepreparer.h"
#include "storage/atomicfile.h"
#include "storage/folderlister.h"
#include "storage/mediafolder.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QPromise>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <sys/stat.h>

namespace Sanzaru::Core {

namespace {

// Anything larger is not a reference picture; refusing before the copy keeps a stray disk image or
// video dropped by mistake from filling the folder.
constexpr qint64 kMaxFileBytes = qint64(256) << 20;
constexpr qint64 kChunkBytes = qint64(256) << 10;
// Mirrors MediaFolder::writeNew: a bound against a hostile file system, far beyond real folders.
constexpr int kMaxNameAttempts = 10000;

QString tr(const char *text)
{
    return QCoreApplication::translate("Sanzaru::Core::ReferenceImporter", text);
}

struct Sniffed
{
    QByteArray format; ///< lower-case, "jpg" folded into "jpeg"; empty when not a picture
    QSize size;
};

// Content only: the extension of a dropped file says nothing reliable about what it holds.
Sniffed sniff(QIODevice *device)
{
    Sniffed s;
    s.format = ImageSniffer::sniff(device->peek(256));
    QImageReader reader;
    if (ImageSniffer::bind(reader, device, ImageSniffer::apiFormats()) && reader.canRead())
        s.size = reader.size();
    return s;
}

QString canonicalSuffix(const QByteArray &format)
{
    return format == "jpeg" ? QStringLiteral(".jpg") : QLatin1Char('.') + QString::fromLatin1(format);
}

bool suffixMatches(const QString &suffix, const QByteArray &format)
{
    if (format == "jpeg")
        return suffix == QLatin1String(".jpg") || suffix == QLatin1String(".jpeg");
    return suffix == QLatin1Char('.') + QString::fromLatin1(format);
}

bool isPictureSuffix(const QString &suffix)
{
    static const QStringList known = {
        QStringLiteral(".jpg"), QStringLiteral(".jpeg"), QStringLiteral(".jpe"),  QStringLiteral(".jfif"),
        QStringLiteral(".png"), QStringLiteral(".webp"), QStringLiteral(".gif"),  QStringLiteral(".bmp"),
        QStringLiteral(".tif"), QStringLiteral(".tiff"), QStringLiteral(".heic"), QStringLiteral(".avif")};
    return known.contains(suffix);
}

struct Naming
{
    QString stem;
    QString ext; ///< with the dot
};

// Keeps the user's name; only an extension that lies about the content is corrected (the tools infer
// MIME types from extensions). A leading dot would hide the file and could mimic our temporary names.
Naming destinationName(const QString &fileName, const QByteArray &format)
{
    const QString suffix = FolderLister::suffixOf(fileName);
    Naming n;
    if (!suffix.isEmpty() && suffixMatches(suffix, format)) {
        n.stem = fileName.chopped(suffix.size());
        n.ext = fileName.right(suffix.size());
    } else if (!suffix.isEmpty() && isPictureSuffix(suffix)) {
        n.stem = fileName.chopped(suffix.size());
        n.ext = canonicalSuffix(format);
    } else {
        n.stem = fileName;
        n.ext = canonicalSuffix(format);
    }
    while (n.stem.startsWith(QLatin1Char('.')))
        n.stem.remove(0, 1);
    if (n.stem.trimmed().isEmpty())
        n.stem = QStringLiteral("image");
    return n;
}

QString candidateName(const Naming &n, int attempt)
{
    return attempt <= 1 ? n.stem + n.ext : QStringLiteral("%1-%2%3").arg(n.stem).arg(attempt).arg(n.ext);
}

// lstat, not stat: a dangling symlink occupies its name too.
bool occupied(const QString &path)
{
    struct stat st;
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0;
}

QByteArray sha256Of(const QString &path, qint64 expectedSize)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() != expectedSize)
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    return hash.addData(&file) ? hash.result() : QByteArray();
}

// A visible regular file of the folder with these bytes (size first, so most files are never read).
QString sameContentIn(const QString &root, qint64 size, const QByteArray &sha256)
{
    const QFileInfoList entries = QDir(root).entryInfoList(QDir::Files | QDir::NoSymLinks, QDir::Name);
    for (const QFileInfo &entry : entries)
        if (entry.size() == size && sha256Of(entry.absoluteFilePath(), size) == sha256)
            return entry.fileName();
    return {};
}

QString upper(const QByteArray &format)
{
    return QString::fromLatin1(format.toUpper());
}

bool stopped(const ReferenceImporter::CancelCheck &cancelled)
{
    return cancelled && cancelled();
}

Error cancelledError()
{
    return Error::cancelled(tr("cancelled"));
}

QString pathIn(const QString &root, const QString &name)
{
    return root + QLatin1Char('/') + name;
}

// Opens the source for reading and returns its size. A symlink to a file is followed on purpose: the
// user dropped it, and only its bytes are read.
Result<qint64> openSource(QFile &file, const QFileInfo &info)
{
    if (!info.exists())
        return Error::notFound(tr("the file does not exist"));
    if (info.isDir())
        return Error::badInput(tr("is a folder, not a picture"));
    if (!info.isFile())
        return Error::badInput(tr("is not a regular file"));
    if (!file.open(QIODevice::ReadOnly)) {
        if (file.error() == QFileDevice::PermissionsError)
            return Error::io(tr("permission denied"));
        return Error::io(tr("cannot read the file (%1)").arg(file.errorString()));
    }
    // The checks above looked at a path; this looks at what was actually opened.
    struct stat st;
    if (::fstat(file.handle(), &st) != 0 || !S_ISREG(st.st_mode))
        return Error::badInput(tr("is not a regular file"));
    const qint64 size = file.size();
    if (size == 0)
        return Error::badInput(tr("the file is empty"));
    if (size > kMaxFileBytes)
        return Error::badInput(tr("the file is too large (%1 MB; the limit is %2 MB)")
                                   .arg((size + (1 << 20) - 1) >> 20)
                                   .arg(kMaxFileBytes >> 20));
    return size;
}

// An accepted format whose header passes the preparer's bomb limits.
Result<void> checkPicture(const Sniffed &sniffed)
{
    if (sniffed.format.isEmpty())
        return Error::badInput(tr("not a picture (the content is not JPEG, PNG or WEBP)"));
    if (!ReferenceImporter::acceptedFormats().contains(QString::fromLatin1(sniffed.format)))
        return Error::badInput(
            tr("unsupported format %1 — use JPEG, PNG or WEBP").arg(upper(sniffed.format)));
    if (!sniffed.size.isValid())
        return Error::badInput(tr("the file is corrupt (no picture size in its header)"));
    const qint64 pixels = qint64(sniffed.size.width()) * sniffed.size.height();
    if (sniffed.size.width() > ImageDecoder::maxEdge || sniffed.size.height() > ImageDecoder::maxEdge ||
        pixels > ReferenceImagePreparer::maxPixels)
        return Error::badInput(tr("the picture is too large (%1x%2 pixels; the limit is %3 megapixels "
                                  "and %4 pixels per edge)")
                                   .arg(sniffed.size.width())
                                   .arg(sniffed.size.height())
                                   .arg(ReferenceImagePreparer::maxPixels / 1000000)
                                   .arg(ImageDecoder::maxEdge));
    return {};
}

// An unusable folder (not configured, missing, not a folder) fails here, before any temporary file.
// Names are built from a base name (no '/') without leading dots, so they are plain entries of the
// folder; the sandbox still vets each one before the rename.
Result<void> checkFolder(const MediaFolder &folder, const QString &firstName)
{
    const QString root = folder.root();
    if (!root.isEmpty() && QDir::isAbsolutePath(root) && !QFileInfo(root).isDir())
        return Error::config(tr("the image folder does not exist (check the image folder setting)"));
    if (const Result<QString> writable = folder.resolveForWrite(firstName, QStringLiteral("filename"));
        !writable && !occupied(pathIn(root, firstName)))
        return writable.error();
    return {};
}

// Streams the whole source into the copy's temporary file and returns the SHA-256 of what was written.
Result<QByteArray> copyInto(QFile &file, AtomicFile &copy, const ReferenceImporter::CancelCheck &cancelled)
{
    if (Result<void> r = copy.open(); !r)
        return r.error();
    if (!file.seek(0))
        return Error::io(tr("cannot read the file (%1)").arg(file.errorString()));
    QByteArray chunk;
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (;;) {
        if (stopped(cancelled))
            return cancelledError();
        chunk = file.read(kChunkBytes);
        if (chunk.isEmpty()) {
            if (file.error() != QFileDevice::NoError)
                return Error::io(tr("cannot read the file (%1)").arg(file.errorString()));
            break;
        }
        hash.addData(chunk);
        if (Result<void> r = copy.write(chunk); !r)
            return r.error();
    }
    return hash.result();
}

// Verifies the copy, not the source: the source may change under us, the copy is what gets published.
Result<void> verifyCopy(const QString &copyPath, const Sniffed &sniffed, const QString &shown,
                        const ReferenceImporter::CancelCheck &cancelled)
{
    {
        QFile written(copyPath);
        if (!written.open(QIODevice::ReadOnly))
            return Error::io(tr("cannot read back the copy (%1)").arg(written.errorString()));
        const Sniffed again = sniff(&written);
        if (again.format != sniffed.format || again.size != sniffed.size)
            return Error::badInput(tr("the file changed while it was being imported"));
    }
    ImageDecoder decoder(copyPath, shown, ReferenceImagePreparer::maxPixels);
    const auto corrupt = [](const Error &e) {
        const QString reason = e.reason.isEmpty() ? e.message : e.reason;
        return Error::badInput(tr("the file is corrupt (%1)").arg(reason), e.detail);
    };
    const Result<QSize> opened = decoder.open();
    if (!opened)
        return corrupt(opened.error());
    if (stopped(cancelled))
        return cancelledError();
    // A full decode is the only proof that the data is complete; for JPEG it can run reduced (DCT
    // scaling still reads every coefficient), which keeps a 12 MP check cheap.
    const Result<ImageDecoder::Decoded> decoded = decoder.decode(QRect(), 8);
    if (!decoded)
        return corrupt(decoded.error());
    return {};
}

// Renames the copy to the first free name and returns that name. The exclusive rename is the only test
// of "free". A symlink or folder planted at a name makes the sandbox refuse it, and the rename never
// replaces anything, so both just move on to the next name.
Result<QString> publish(AtomicFile &copy, const MediaFolder &folder, const Naming &naming)
{
    const QString root = folder.root();
    for (int attempt = 1; attempt <= kMaxNameAttempts; ++attempt) {
        const QString name = candidateName(naming, attempt);
        copy.setDestinationPath(pathIn(root, name));
        if (const Result<QString> writable = folder.resolveForWrite(name, QStringLiteral("filename"));
            !writable) {
            if (occupied(copy.destinationPath()))
                continue;
            return writable.error();
        }
        const Result<void> committed = copy.commit(AtomicFile::Commit::NoReplace);
        if (committed)
            return name;
        if (!copy.alreadyExists())
            return committed.error();
    }
    return Error::io(tr("no free file name found"));
}

} // namespace

QString ReferenceImportResult::message() const
{
    const QString shown = QFileInfo(source).fileName();
    if (error)
        return error->message;
    if (reused)
        return importedName == shown ? tr("%1 is already in the library").arg(shown)
                                     : tr("%1 is already in the library as %2").arg(shown, importedName);
    if (importedName == shown)
        return tr("%1 imported").arg(shown);
    return tr("%1 imported as %2").arg(shown, importedName);
}

ReferenceImporter::ReferenceImporter(const QString &imageDir, QThreadPool *pool)
    : m_imageDir(imageDir)
    , m_pool(pool)
{}

QStringList ReferenceImporter::acceptedFormats()
{
    return {QStringLiteral("jpeg"), QStringLiteral("png"), QStringLiteral("webp")};
}

QFuture<ReferenceImportResult> ReferenceImporter::import(const QStringList &sources) const
{
    const QString dir = m_imageDir;
    return QtConcurrent::run(
        m_pool,
        [dir](QPromise<ReferenceImportResult> &promise, const QStringList &files) {
            BackgroundPriority::applyToCurrentThread();
            const MediaFolder folder(dir, QStringLiteral("reference"));
            const CancelCheck cancelled = [&promise] { return promise.isCanceled(); };
            promise.setProgressRange(0, int(files.size()));
            int done = 0;
            for (const QString &file : files) {
                if (promise.isCanceled())
                    return;
                promise.addResult(importFile(folder, file, cancelled));
                promise.setProgressValue(++done);
            }
        },
        sources);
}

ReferenceImportResult ReferenceImporter::importFile(const MediaFolder &folder, const QString &source,
                                                    const CancelCheck &cancelled)
{
    ReferenceImportResult result;
    result.source = source;
    const QFileInfo info(source);
    const QString shown = info.fileName().isEmpty() ? source : info.fileName();
    const auto fail = [&result, &shown](Error error) {
        error.message = shown + QStringLiteral(": ") + error.message;
        result.error = std::move(error);
        return result;
    };

    QFile file(source);
    const Result<qint64> size = openSource(file, info);
    if (!size)
        return fail(size.error());
    const Sniffed sniffed = sniff(&file);
    result.format = QString::fromLatin1(sniffed.format);
    if (const Result<void> accepted = checkPicture(sniffed); !accepted)
        return fail(accepted.error());
    if (stopped(cancelled))
        return fail(cancelledError());

    const Naming naming = destinationName(shown, sniffed.format);
    const QString root = folder.root();
    if (const Result<void> usable = checkFolder(folder, candidateName(naming, 1)); !usable)
        return fail(usable.error());
    // Stream into a hidden temporary file beside the destination: the folder never shows a partial copy.
    AtomicFile copy(pathIn(root, candidateName(naming, 1)));
    const Result<QByteArray> sha256 = copyInto(file, copy, cancelled);
    if (!sha256)
        return fail(sha256.error());
    file.close();

    // Already there (the same picture dropped again): use that file; the temporary copy is discarded.
    if (const QString existing = sameContentIn(root, *size, *sha256); !existing.isEmpty()) {
        result.importedName = existing;
        result.importedPath = pathIn(root, existing);
        result.reused = true;
        return result;
    }
    if (const Result<void> verified = verifyCopy(copy.temporaryPath(), sniffed, shown, cancelled); !verified)
        return fail(verified.error());
    if (stopped(cancelled))
        return fail(cancelledError());

    const Result<QString> name = publish(copy, folder, naming);
    if (!name)
        return fail(name.error());
    result.importedName = *name;
    result.importedPath = copy.destinationPath();
    return result;
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"

#include <QFuture>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

class QThreadPool;

namespace Sanzaru::Core {

class MediaFolder;

/// The outcome of importing one dropped file.
struct ReferenceImportResult
{
    QString source;       ///< the path as given
    QString importedName; ///< name in the image folder (set on success)
    QString importedPath; ///< absolute path in the image folder (set on success)
    QString format;       ///< sniffed format: "jpeg", "png", "webp" (or what was refused, e.g. "gif")
    /// True when the folder already held a file with the same bytes: importedName/importedPath name that
    /// file and nothing was copied.
    bool reused = false;
    /// Set on failure. The message names the file by its base name only and says what to do, e.g.
    /// "photo.gif: unsupported format GIF — use JPEG, PNG or WEBP".
    std::optional<Error> error;

    bool ok() const { return !error.has_value(); }
    /// The error sentence, "photo.png imported as photo-2.png" or "photo.png is already in the library".
    QString message() const;
};

/// Copies user-picked picture files (drag and drop, file dialogs) into the image ("reference") folder.
///
/// Each source must be a readable regular file (a symlink to one is followed: it is the user's own
/// pick, and only its bytes are read). The format is sniffed from the content, never the extension,
/// and must be JPEG, PNG or WEBP; the header must pass the same bomb limits the preparer applies
/// (ImageDecoder::maxEdge, ReferenceImagePreparer::maxPixels), and the copy must decode completely.
/// The bytes are streamed into a hidden temporary file in the folder (AtomicFile), the temporary file
/// is what gets verified, and it is renamed into place without replacing anything, so the folder
/// never shows a half-written or unverified file and an existing name (or a symlink planted at it) is
/// never overwritten. Names keep the original base name; a taken name becomes "<stem>-2.<ext>", … as
/// MediaFolder::writeNew does. An extension that does not match the content is corrected. A file whose
/// bytes the folder already holds (same size, same SHA-256) is not copied again: the result names the
/// file that is there (reused), so importing twice never makes "-2" copies.
///
/// Threading: import() runs on the given pool and returns at once; results arrive in source order
/// through the QFuture (watch it with QFutureWatcher::resultReadyAt). Cancelling the future stops
/// between files and between copy chunks; a file cut short leaves nothing behind.
class ReferenceImporter
{
public:
    /// imageDir: the absolute image folder (MediaPaths::imageDir()). pool: not owned, must outlive
    /// the futures.
    ReferenceImporter(const QString &imageDir, QThreadPool *pool);

    QString imageDir() const { return m_imageDir; }

    /// Imports the files in order, one result per source.
    QFuture<ReferenceImportResult> import(const QStringList &sources) const;

    /// Polled between stages and copy chunks; true stops the import.
    using CancelCheck = std::function<bool()>;

    /// Synchronous single-file import, for worker threads and tests (never on an event loop). A
    /// cancelled import returns Error::cancelled and leaves nothing behind.
    static ReferenceImportResult importFile(const MediaFolder &folder, const QString &source,
                                            const CancelCheck &cancelled = {});

    /// The formats accepted, lower-case as QImageReader names them.
    static QStringList acceptedFormats();

private:
    QString m_imageDir;
    QThreadPool *m_pool;
};

} // namespace Sanzaru::Core

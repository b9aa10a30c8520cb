// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QFile>
#include <QIODevice>
#include <QImage>
#include <QImageReader>
#include <QList>
#include <QString>

namespace Sanzaru::Core {

/// The one gate in front of every decode of a file or of bytes someone else controls. The format is
/// chosen from the leading bytes among an explicit list, set on the QImageReader by name, and Qt's
/// content sniffing and plugin discovery are switched off: no other image plugin (SVG, which follows
/// `xlink:href` to any path on disk, or any plugin installed later) ever sees the bytes.
/// Thread-safe (stateless; the decode budget is DecodeBudget's).
class ImageSniffer
{
public:
    /// What a decode may allocate for its pixels (Qt's allocation limit, which counts the bytes of
    /// the decoded format: a 16-bit PNG is 8 bytes per pixel).
    static constexpr qint64 maxDecodeBytes = qint64(512) << 20;

    /// JPEG, PNG, WEBP: what the API tools upload.
    static const QList<QByteArray> &apiFormats();
    /// apiFormats plus GIF, BMP and TIFF (first frame), which sanzaru's prepare_reference_image
    /// documents as readable input; also what the library views show.
    static const QList<QByteArray> &preparableFormats();

    /// Format shown by the leading bytes (256 are enough): "jpeg", "png", "webp", "gif", "bmp",
    /// "tiff"; a name for content that is recognised but never decoded ("svg", "heif", "xpm", "pnm",
    /// "ico", "gzip", "xml"); empty when unknown.
    static QByteArray sniff(QByteArrayView head);
    /// "JPEG", "SVG", ... for messages.
    static QString displayName(const QByteArray &format);

    /// Opens path read-only without blocking on a FIFO or device and refuses anything but a regular
    /// file: NotFound, Io (permission) or BadInput ("not a regular file").
    static Result<void> openRegularFile(QFile &file, const QString &path);

    struct Bound
    {
        QByteArray format;     ///< as sniff()
        int bytesPerPixel = 4; ///< of Qt's decoded format, from the header (8 for 16-bit PNG/TIFF)
    };
    /// Points reader at device (open, at its start) with the sniffed format, allocation limit
    /// maxDecodeBytes, and no auto-detection. BadInput with a reason that can follow "<name>: ":
    /// "empty file", "not a supported image format (SVG)", "not an image in a supported format".
    static Result<Bound> bind(QImageReader &reader, QIODevice *device, const QList<QByteArray> &allowed);
    /// Reads with a reader set up by bind(), holding a reservation in DecodeBudget::shared() for the
    /// decoded bytes (from the header size, clip and scaled size) plus extraBytesPerPixel per pixel
    /// for the caller's own copy. A picture over maxDecodeBytes is refused from its header.
    /// False with *error set on failure.
    static bool read(QImageReader &reader, const Bound &bound, QImage *image, QString *error,
                     int extraBytesPerPixel = 0);
    /// The "needs N MiB to decode" message for a refused size.
    static QString tooLargeToDecode(QSize size, int bytesPerPixel);
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "mcpmediaroute.h"

#include "mcp/httprequestreader.h"
#include "mcp/mcphttpconnection.h"
#include "mcp/mcpiolog.h"
#include "storage/mediafolder.h"
#include "tools/mediaviewertools.h"
#include "tools/toolcontext.h"

#include <QFile>
#include <QUrl>

#include <unistd.h>

#include <limits>
#include <memory>

namespace Sanzaru::Core {

namespace {

void plain(McpHttpConnection *connection, int status, const QString &text,
           McpHttpConnection::Headers headers = {})
{
    headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("text/plain; charset=utf-8")));
    connection->respond(status, text.toUtf8() + '\n', headers);
}

bool parseNumber(const QByteArray &digits, qint64 *value)
{
    if (digits.isEmpty() || digits.size() > 18)
        return false;
    for (const char c : digits)
        if (c < '0' || c > '9')
            return false;
    *value = digits.toLongLong();
    return true;
}

} // namespace

McpMediaRoute::RangeKind McpMediaRoute::parseRange(const QByteArray &header, qint64 size, ByteRange *range)
{
    const QByteArray spec = header.trimmed();
    if (!spec.toLower().startsWith("bytes="))
        return RangeKind::None;
    const QByteArray set = spec.mid(6).trimmed();
    const qsizetype dash = set.indexOf('-');
    if (set.contains(',') || dash < 0)
        return RangeKind::None; // several ranges or nonsense: answering the whole file is allowed
    const QByteArray left = set.left(dash).trimmed();
    const QByteArray right = set.mid(dash + 1).trimmed();
    qint64 a = 0;
    qint64 b = 0;
    if (left.isEmpty()) { // suffix: the last b bytes
        if (!parseNumber(right, &b))
            return RangeKind::None;
        if (b == 0 || size == 0)
            return RangeKind::Unsatisfiable;
        *range = {std::max<qint64>(0, size - b), size - 1};
        return RangeKind::Satisfiable;
    }
    if (!parseNumber(left, &a))
        return RangeKind::None;
    if (right.isEmpty())
        b = std::numeric_limits<qint64>::max();
    else if (!parseNumber(right, &b) || b < a)
        return RangeKind::None;
    if (a >= size)
        return RangeKind::Unsatisfiable;
    *range = {a, std::min(b, size - 1)};
    return RangeKind::Satisfiable;
}

void McpMediaRoute::serve(McpHttpConnection *connection, const McpHttpRequest &request,
                          const ToolContext *context)
{
    if (request.method != "GET" && request.method != "HEAD")
        return plain(connection, 405, QStringLiteral("Method not allowed: /media answers GET and HEAD"),
                     {{"Allow", "GET, HEAD"}});
    const QByteArray rest = request.path().mid(int(sizeof "/media/") - 1);
    const qsizetype slash = rest.indexOf('/');
    const QByteArray mediaType = slash < 0 ? rest : rest.left(slash);
    if (mediaType != "video" && mediaType != "image")
        return plain(connection, 400,
                     QStringLiteral("Invalid media type: use /media/video/<file> or /media/image/<file>"));
    const QString filename = QUrl::fromPercentEncoding(slash < 0 ? QByteArray() : rest.mid(slash + 1));
    const Result<MediaFolder> folder = mediaType == "video" ? context->videoFolder() : context->imageFolder();
    if (!folder)
        return plain(connection, 404, folder.error().message);
    const Result<int> fd = folder->openForRead(filename, QStringLiteral("filename"));
    if (!fd) {
        const ErrorKind kind = fd.error().kind;
        qCDebug(lcMcpIo) << "media route refused" << filename << fd.error().message;
        return plain(connection,
                     kind == ErrorKind::NotFound   ? 404
                     : kind == ErrorKind::BadInput ? 403
                                                   : 500,
                     fd.error().message);
    }
    auto file = std::make_unique<QFile>();
    if (!file->open(*fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(*fd);
        return plain(connection, 500, QStringLiteral("Cannot read %1").arg(filename));
    }
    const qint64 size = file->size();
    McpHttpConnection::Headers headers{
        {"Content-Type", MediaViewerTools::mimeType(filename, QString::fromLatin1(mediaType)).toLatin1()},
        {"Accept-Ranges", "bytes"},
        {"X-Content-Type-Options", "nosniff"}};
    ByteRange range{0, size - 1};
    int status = 200;
    if (request.hasHeader("range")) {
        switch (parseRange(request.header("range"), size, &range)) {
        case RangeKind::Unsatisfiable:
            return plain(connection, 416,
                         QStringLiteral("Range not satisfiable: the file has %1 bytes").arg(size),
                         {{"Content-Range", "bytes */" + QByteArray::number(size)}});
        case RangeKind::Satisfiable:
            status = 206;
            headers.append(qMakePair(QByteArray("Content-Range"), "bytes " + QByteArray::number(range.first) +
                                                                      '-' + QByteArray::number(range.last) +
                                                                      '/' + QByteArray::number(size)));
            break;
        case RangeKind::None:
            range = {0, size - 1};
            break;
        }
    }
    connection->respondFile(status, headers, std::move(file), range.first, range.last - range.first + 1,
                            request.method == "GET");
}

} // namespace Sanzaru::Core

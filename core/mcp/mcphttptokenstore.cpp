// SPDX-License-Identifier: MIT
#include "mcphttptokenstore.h"

#include "mcp/mcpiolog.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSettings>

namespace Sanzaru::Core {

namespace {

constexpr qsizetype tokenBytes = 32; // 256 bits

QString what()
{
    return QStringLiteral("the MCP HTTP token file");
}

} // namespace

QString McpHttpTokenStore::defaultFilePath()
{
    const QSettings settings;
    return QFileInfo(settings.fileName()).absolutePath() + QStringLiteral("/mcp-http-token");
}

McpHttpTokenStore::McpHttpTokenStore(QString filePath)
    : m_path(std::move(filePath))
{}

bool McpHttpTokenStore::isWellFormed(QByteArrayView token)
{
    if (token.size() != tokenBytes * 2)
        return false;
    for (const char c : token)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

bool McpHttpTokenStore::matches(QByteArrayView presented, QByteArrayView token)
{
    if (token.isEmpty())
        return false;
    const QByteArray a = QCryptographicHash::hash(presented, QCryptographicHash::Sha256);
    const QByteArray b = QCryptographicHash::hash(token, QCryptographicHash::Sha256);
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return difference == 0;
}

Result<QByteArray> McpHttpTokenStore::token()
{
    return read(true);
}

Result<QByteArray> McpHttpTokenStore::read(bool mayReplace)
{
    // One lstat() per call: the file is read again only when it changed on disk.
    Result<PrivateFile::Contents> seen = PrivateFile::probe(m_path, what());
    if (!seen)
        return seen.error();
    if (seen->state == PrivateFile::State::Missing)
        return write(PrivateFile::Write::CreateNew);
    if (seen->state == PrivateFile::State::Ok && !m_token.isEmpty() && seen->identity == m_identity)
        return m_token;

    Result<PrivateFile::Contents> contents = PrivateFile::read(m_path, what(), 256);
    if (!contents)
        return contents.error();
    if (contents->state == PrivateFile::State::Missing)
        return write(PrivateFile::Write::CreateNew);
    if (contents->state == PrivateFile::State::Ok && !isWellFormed(contents->bytes))
        contents->problem = QStringLiteral("does not hold a valid token");
    if (contents->state == PrivateFile::State::Unusable || !contents->problem.isEmpty())
        return replaceUnusable(contents->problem, mayReplace);
    m_token = contents->bytes;
    m_identity = contents->identity;
    return m_token;
}

Result<QByteArray> McpHttpTokenStore::rotate()
{
    return write(PrivateFile::Write::Replace);
}

Result<QByteArray> McpHttpTokenStore::replaceUnusable(const QString &why, bool mayReplace)
{
    if (!mayReplace) // the file just written is unusable too (a file system without Unix permissions?)
        return Error::io(
            QStringLiteral("The MCP HTTP token file %1 %2 even after writing it anew").arg(m_path, why));
    // Its content may be known to someone else: never use it, start over with a fresh token.
    qCWarning(lcMcpIo, "MCP HTTP token file %s %s; writing a new token", qUtf8Printable(m_path),
              qUtf8Printable(why));
    return write(PrivateFile::Write::Replace);
}

Result<QByteArray> McpHttpTokenStore::write(PrivateFile::Write mode)
{
    quint32 words[tokenBytes / 4];
    QRandomGenerator::system()->fillRange(words);
    const QByteArray fresh = QByteArray(reinterpret_cast<const char *>(words), sizeof words).toHex();
    Result<bool> written = PrivateFile::write(m_path, fresh + '\n', mode, what());
    if (!written)
        return written.error();
    if (!*written) // another process created the token meanwhile: both use that one
        return read(true);
    m_token.clear();
    m_identity = {};
    Result<QByteArray> stored = read(false); // also records the new file's identity
    if (stored && !matches(stored.value(), fresh))
        qCInfo(lcMcpIo) << "MCP HTTP token replaced by another process meanwhile";
    return stored;
}

} // namespace Sanzaru::Core

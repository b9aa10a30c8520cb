// SPDX-License-Identifier: MIT
#include "multipartbody.h"

#include <QRandomGenerator>

namespace Sanzaru::Core {

namespace {
// Quotes a form-data name or filename the way browsers and the SDK do (RFC 7578 §2): escape the
// characters that would end the header, keep the rest as UTF-8.
QByteArray quoted(const QString &value)
{
    QByteArray out = value.toUtf8();
    out.replace('\\', "\\\\");
    out.replace('"', "%22");
    out.replace('\r', "%0D");
    out.replace('\n', "%0A");
    return '"' + out + '"';
}
} // namespace

MultipartBody::MultipartBody()
{
    m_boundary = QByteArrayLiteral("----sanzaru-qt-") + QByteArray::number(QRandomGenerator::global()->generate64(), 16)
                 + QByteArray::number(QRandomGenerator::global()->generate64(), 16);
}

void MultipartBody::addHeader(const QByteArray &disposition, const QByteArray &contentType)
{
    m_body += "--" + m_boundary + "\r\n";
    m_body += "Content-Disposition: form-data; " + disposition + "\r\n";
    // Control characters (CR, LF above all) would end the header line and start one of the caller's making.
    QByteArray type;
    for (const char c : contentType)
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f)
            type += c;
    if (!type.isEmpty())
        m_body += "Content-Type: " + type + "\r\n";
    m_body += "\r\n";
}

void MultipartBody::addField(const QString &name, const QString &value)
{
    addHeader("name=" + quoted(name), {});
    m_body += value.toUtf8();
    m_body += "\r\n";
}

void MultipartBody::addFile(const QString &name, const QString &fileName, const QByteArray &contentType,
                            const QByteArray &data)
{
    addHeader("name=" + quoted(name) + "; filename=" + quoted(fileName), contentType);
    m_body += data;
    m_body += "\r\n";
}

QByteArray MultipartBody::contentType() const
{
    return "multipart/form-data; boundary=" + m_boundary;
}

QByteArray MultipartBody::finish()
{
    m_body += "--" + m_boundary + "--\r\n";
    return m_body;
}

} // namespace Sanzaru::Core

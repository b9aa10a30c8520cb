// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

namespace Sanzaru::Core {

/// Builds a multipart/form-data body in memory, as the official SDK does for in-memory files:
/// text parts, and file parts with a filename and their own Content-Type.
class MultipartBody
{
public:
    MultipartBody();

    void addField(const QString &name, const QString &value);
    void addFile(const QString &name, const QString &fileName, const QByteArray &contentType,
                 const QByteArray &data);

    QByteArray contentType() const; ///< "multipart/form-data; boundary=..."
    QByteArray finish();            ///< the body with the closing boundary

private:
    void addHeader(const QByteArray &disposition, const QByteArray &contentType);

    QByteArray m_boundary;
    QByteArray m_body;
};

} // namespace Sanzaru::Core

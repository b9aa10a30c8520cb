// SPDX-License-Identifier: MIT
#pragma once

#include "openai/apirequest.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace Sanzaru::Core {

/// Requests of the Images API and the Files upload (openai-wire.md §3, §4).
class ImagesApi
{
public:
    struct File
    {
        QString fileName;
        QByteArray contentType;
        QByteArray data;
    };

    /// POST /images/generations with exactly the given JSON keys.
    static ApiRequest generate(const QJsonObject &body);
    /// POST /images/edits: one image → a part named "image"; several → repeated "image[]" parts.
    /// fields: text parts in order (numbers already as decimal strings).
    static ApiRequest edit(const QList<QPair<QString, QString>> &fields, const QList<File> &images,
                           const File *mask);
    /// POST /files (multipart: file + purpose).
    static ApiRequest uploadFile(const File &file, const QString &purpose);
};

} // namespace Sanzaru::Core

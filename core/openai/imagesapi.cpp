// SPDX-License-Identifier: MIT
#include "imagesapi.h"

#include "openai/apilimits.h"
#include "openai/multipartbody.h"

#include <QJsonDocument>

namespace Sanzaru::Core {

ApiRequest ImagesApi::generate(const QJsonObject &body)
{
    ApiRequest r;
    r.method = "POST";
    r.path = QStringLiteral("/images/generations");
    r.contentType = "application/json";
    r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    r.createsPaidJob = true;
    r.maxAnswerBytes = ApiLimits::imageAnswerBytes;
    r.extractBase64Payloads = true;
    return r;
}

ApiRequest ImagesApi::edit(const QList<QPair<QString, QString>> &fields, const QList<File> &images, const File *mask)
{
    MultipartBody body;
    const QString imageName = images.size() == 1 ? QStringLiteral("image") : QStringLiteral("image[]");
    for (const File &image : images)
        body.addFile(imageName, image.fileName, image.contentType, image.data);
    if (mask)
        body.addFile(QStringLiteral("mask"), mask->fileName, mask->contentType, mask->data);
    for (const auto &[name, value] : fields)
        body.addField(name, value);
    ApiRequest r;
    r.method = "POST";
    r.path = QStringLiteral("/images/edits");
    r.contentType = body.contentType();
    r.body = body.finish();
    r.createsPaidJob = true;
    r.maxAnswerBytes = ApiLimits::imageAnswerBytes;
    r.extractBase64Payloads = true;
    return r;
}

ApiRequest ImagesApi::uploadFile(const File &file, const QString &purpose)
{
    MultipartBody body;
    body.addFile(QStringLiteral("file"), file.fileName, file.contentType, file.data);
    body.addField(QStringLiteral("purpose"), purpose);
    ApiRequest r;
    r.method = "POST";
    r.path = QStringLiteral("/files");
    r.contentType = body.contentType();
    r.body = body.finish();
    return r;
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include "fakereply.h"

#include <QJsonObject>
#include <QSize>

#include <optional>

namespace Sanzaru::Testing {

class FakeMedia;
struct MultipartPart;
struct RecordedRequest;

/// The Images API: generations (JSON) and edits (multipart), answering with real encoded pictures.
/// Prompts containing "[fake:empty]" get `data: []`, "[fake:nob64]" get `data: [{}]`.
class FakeImages
{
public:
    explicit FakeImages(FakeMedia *media);

    FakeReply generate(const RecordedRequest &request);
    FakeReply edit(const RecordedRequest &request);

private:
    // nullopt when options are valid; fills the resolved output fields into *resolved.
    std::optional<FakeReply> validate(const QJsonObject &options, bool isEdit, QJsonObject *resolved) const;
    std::optional<FakeReply> checkImagePart(const MultipartPart &part, const QString &param,
                                            QSize *size) const;
    FakeReply respond(const QString &prompt, const QJsonObject &resolved, int inputImages);

    FakeMedia *m_media;
};

} // namespace Sanzaru::Testing

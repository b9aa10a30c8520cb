// SPDX-License-Identifier: MIT
#pragma once

#include "fakereply.h"

#include <QStringList>

namespace Sanzaru::Testing {

/// GET /v1/models: the OpenAI list shape {"object":"list","data":[{"id","object":"model","created",
/// "owned_by"}]} over a configurable list of ids.
class FakeModels
{
public:
    /// The ids a fresh fake server lists: OpenAI's image models and Sora.
    static QStringList defaultIds();

    void setIds(const QStringList &ids) { m_ids = ids; }
    QStringList ids() const { return m_ids; }

    FakeReply list() const;

private:
    QStringList m_ids = defaultIds();
};

} // namespace Sanzaru::Testing

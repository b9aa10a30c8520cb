// SPDX-License-Identifier: MIT
#pragma once

#include "jobs/job.h"

namespace Sanzaru::Core {

/// One blocking request that writes one image: an Images API generate/edit (ImageOperations; paid, so
/// saved as submitted before it leaves), or a local reference preparation (its tool).
class SingleCallJob final : public Job
{
    Q_OBJECT

public:
    SingleCallJob(const JobRecord &record, const ToolRegistry *tools, const JobTiming &timing,
                  QObject *parent = nullptr);

    void start() override;
    void resume() override;

protected:
    void sendStart() override;
    void onStartFinished(ToolCall *call) override;

private:
    void completeWith(const QJsonObject &result, const QString &fileName);
};

} // namespace Sanzaru::Core

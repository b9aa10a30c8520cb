// SPDX-License-Identifier: MIT
#pragma once

#include "jobs/job.h"

namespace Sanzaru::Core {

/// One blocking tool call that writes one image: a local reference preparation, or an Images API
/// generate/edit request (paid, so saved as submitted before it leaves).
class SingleCallJob final : public Job
{
    Q_OBJECT

public:
    SingleCallJob(const JobRecord &record, const ToolRegistry *tools, const JobTiming &timing,
                  QObject *parent = nullptr);

    void start() override;
    void resume() override;

protected:
    void onStartFinished(ToolCall *call) override;
};

} // namespace Sanzaru::Core

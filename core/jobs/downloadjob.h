// SPDX-License-Identifier: MIT
#pragma once

#include "jobs/job.h"

namespace Sanzaru::Core {

/// Downloads files of a remote job the queue does not otherwise know: an MCP client's download_video or
/// download_image for a remote id no job of the queue has (arguments as that tool's).
class DownloadJob final : public Job
{
    Q_OBJECT

public:
    DownloadJob(const JobRecord &record, const ToolRegistry *tools, const JobTiming &timing,
                QObject *parent = nullptr);

    void start() override;
    void resume() override;
    /// Follows the client's download call; the job ends when it does.
    void follow(ToolCall *call) override;

protected:
    void onStartFinished(ToolCall *) override {}
    QList<DownloadStep> downloadSteps() const override;

private:
    bool isImage() const;
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include "jobs/jobtypes.h"

#include <QStringList>

namespace Sanzaru::Core {

/// Which per-kind concurrency limit a job's local phases count against (JobLimits).
enum class SlotGroup { Video, Image, Prepare, Download };
/// Which polling schedule and deadline a remote job follows (JobTiming).
enum class PollGroup { Video, Image };
/// How a job of the kind runs: RemoteJob (submit → poll → download), DownloadJob (files of a remote job
/// the queue has no job for) or SingleCallJob (one blocking call).
enum class JobPipeline { Remote, Download, SingleCall };

/// Everything that differs between job kinds, in one table: the queue, the list model, the filter, the
/// forms and the widgets ask here instead of listing kinds themselves.
struct JobKindTraits
{
    JobKind kind;
    const char *id;        ///< stable identifier in the queue file ("video", …)
    const char *startTool; ///< the tool whose call starts such a job
    bool video;            ///< works on a video: video folder, video preview, the "Videos" filter
    JobPipeline pipeline;
    bool paid;      ///< starting it is billed: saved as submitted before the request leaves
    bool prompted;  ///< its form asks for a prompt
    bool remixable; ///< a video it finished upstream can be remixed
    SlotGroup slotGroup;
    PollGroup pollGroup;

    /// Creates a remote job that is polled upstream, then downloaded.
    bool remote() const { return pipeline == JobPipeline::Remote; }

    /// The output variants a full download of such a job fetches, the main one first ("video",
    /// "thumbnail", "spritesheet"; "image"); empty for kinds that download nothing.
    QStringList downloadVariants() const;
};

const JobKindTraits &traitsOf(JobKind kind);
/// Every kind, in declaration order.
QList<JobKind> allJobKinds();

} // namespace Sanzaru::Core

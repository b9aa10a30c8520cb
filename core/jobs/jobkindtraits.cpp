// SPDX-License-Identifier: MIT
#include "jobkindtraits.h"

#include "openai/videoasset.h"

#include <array>

namespace Sanzaru::Core {

namespace {

// clang-format off
constexpr std::array traitRows{
    //           kind                      id                   start tool                 video  pipeline                 paid   prompt remix  slots                 polling
    JobKindTraits{JobKind::Video,            "video",             "create_video",            true,  JobPipeline::Remote,     true,  true,  true,  SlotGroup::Video,    PollGroup::Video},
    JobKindTraits{JobKind::Remix,            "remix",             "remix_video",             true,  JobPipeline::Remote,     true,  true,  true,  SlotGroup::Video,    PollGroup::Video},
    JobKindTraits{JobKind::ResponsesImage,   "responses_image",   "create_image",            false, JobPipeline::Remote,     true,  true,  false, SlotGroup::Image,    PollGroup::Image},
    JobKindTraits{JobKind::ImageGenerate,    "image_generate",    "generate_image",          false, JobPipeline::SingleCall, true,  true,  false, SlotGroup::Image,    PollGroup::Image},
    JobKindTraits{JobKind::ImageEdit,        "image_edit",        "edit_image",              false, JobPipeline::SingleCall, true,  true,  false, SlotGroup::Image,    PollGroup::Image},
    JobKindTraits{JobKind::PrepareReference, "prepare_reference", "prepare_reference_image", false, JobPipeline::SingleCall, false, false, false, SlotGroup::Prepare,  PollGroup::Image},
    JobKindTraits{JobKind::Download,         "download",          "download_video",          true,  JobPipeline::Download,   false, false, false, SlotGroup::Download, PollGroup::Video},
};
// clang-format on

} // namespace

QStringList JobKindTraits::downloadVariants() const
{
    QStringList variants;
    if (remote() && video) {
        for (VideoAsset asset : allVideoAssets())
            variants.append(videoAssetId(asset));
    } else if (remote()) {
        variants.append(QStringLiteral("image"));
    }
    return variants;
}

const JobKindTraits &traitsOf(JobKind kind)
{
    for (const JobKindTraits &row : traitRows) {
        if (row.kind == kind)
            return row;
    }
    return traitRows.front();
}

QList<JobKind> allJobKinds()
{
    QList<JobKind> kinds;
    for (const JobKindTraits &row : traitRows)
        kinds.append(row.kind);
    return kinds;
}

} // namespace Sanzaru::Core

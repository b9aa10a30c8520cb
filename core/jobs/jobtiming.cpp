// SPDX-License-Identifier: MIT
#include "jobtiming.h"

#include "jobs/jobkindtraits.h"

#include <algorithm>
#include <cmath>

namespace Sanzaru::Core {

namespace {
bool isVideo(JobKind kind)
{
    return traitsOf(kind).pollGroup == PollGroup::Video;
}
} // namespace

int JobTiming::pollIntervalMs(JobKind kind, int pollIndex) const
{
    const double first = isVideo(kind) ? videoFirstPollMs : imageFirstPollMs;
    const double cap = isVideo(kind) ? videoMaxPollMs : imageMaxPollMs;
    const double grown = first * std::pow(growth, std::clamp(pollIndex, 0, 64));
    return int(std::min(grown, cap));
}

qint64 JobTiming::deadlineMs(JobKind kind) const
{
    return isVideo(kind) ? videoDeadlineMs : imageDeadlineMs;
}

} // namespace Sanzaru::Core

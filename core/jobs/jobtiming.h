// SPDX-License-Identifier: MIT
#pragma once

#include "config/joblimits.h"
#include "jobs/jobtypes.h"

namespace Sanzaru::Core {

/// How often remote jobs are polled and how long before the queue stops and waits for the user.
/// The defaults are sanzaru's CLI schedule (digest §2.17): video 5 s ×1.5 to 20 s, image 2 s ×1.5 to 10 s,
/// ±10 % jitter, deadlines 30 / 10 minutes. Tests shrink them.
struct JobTiming
{
    int videoFirstPollMs = 5000;
    int videoMaxPollMs = 20000;
    int imageFirstPollMs = 2000;
    int imageMaxPollMs = 10000;
    double growth = 1.5;
    double jitter = 0.1;
    qint64 videoDeadlineMs = 30LL * 60 * 1000;
    qint64 imageDeadlineMs = 10LL * 60 * 1000;

    /// The n-th (0-based) poll interval for this kind, without jitter.
    int pollIntervalMs(JobKind kind, int pollIndex) const;
    qint64 deadlineMs(JobKind kind) const;
};

} // namespace Sanzaru::Core

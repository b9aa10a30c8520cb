// SPDX-License-Identifier: MIT
#pragma once

namespace Sanzaru::Core {

/// The process's limit on open file descriptors (RLIMIT_NOFILE).
class FdLimit
{
public:
    /// Raises the soft limit to the hard limit (the usual soft 1,024 is far below what a server with
    /// many clients, downloads and a worker pool may need). Returns the soft limit in force afterwards,
    /// or -1 when it cannot be read.
    static long raiseSoftToHard();
    /// The current soft limit, or -1.
    static long soft();
};

} // namespace Sanzaru::Core

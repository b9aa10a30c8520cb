// SPDX-License-Identifier: MIT
#pragma once

namespace Sanzaru::Core {

/// CPU-heavy work on the worker pool (image decode/resize/encode) runs "nice": on a 2-core machine busy
/// with downloads and preparations, the GUI and network threads then get the CPU first when they wake, so
/// the window never waits for a core. Linux only; elsewhere a no-op.
class BackgroundPriority
{
public:
    /// Lowers the calling thread's scheduling priority once (later calls on the same thread do nothing).
    static void applyToCurrentThread();
};

} // namespace Sanzaru::Core

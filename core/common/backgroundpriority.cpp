// SPDX-License-Identifier: MIT
#include "backgroundpriority.h"

#include <QtGlobal>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace Sanzaru::Core {

void BackgroundPriority::applyToCurrentThread()
{
#ifdef Q_OS_LINUX
    thread_local bool applied = false;
    if (applied)
        return;
    applied = true;
    // On Linux "nice" is per thread (a thread is a task); nice 10 weighs about a tenth of nice 0.
    constexpr int backgroundNice = 10;
    const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
    (void)::setpriority(PRIO_PROCESS, tid, backgroundNice);
#endif
}

} // namespace Sanzaru::Core

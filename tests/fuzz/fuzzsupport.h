// SPDX-License-Identifier: MIT
// Shared by the libFuzzer targets: one Qt application object for the whole run, Qt's own messages
// silenced (they would dominate the run time), and a check that turns a broken invariant into a finding.
#pragma once

#include <QCoreApplication>
#include <QtGlobal>

#include <cstdio>
#include <cstdlib>

namespace Sanzaru::Fuzz {

inline void quietMessages(QtMsgType, const QMessageLogContext &, const QString &) {}

/// Creates the application once (QImageReader plugins, timers and QThreadPool need one).
inline void ensureApplication()
{
    static int argc = 1;
    static char name[] = "sanzaru-fuzz";
    static char *argv[] = {name, nullptr};
    static QCoreApplication *app = [] {
        qInstallMessageHandler(quietMessages);
        return new QCoreApplication(argc, argv);
    }();
    Q_UNUSED(app);
}

[[noreturn]] inline void fail(const char *what, const char *file, int line)
{
    std::fprintf(stderr, "FUZZ CHECK FAILED: %s at %s:%d\n", what, file, line);
    std::abort();
}

} // namespace Sanzaru::Fuzz

/// An invariant of the code under test; a violation is a finding like a crash.
#define FUZZ_CHECK(cond)                                                                                     \
    do {                                                                                                     \
        if (!(cond))                                                                                         \
            ::Sanzaru::Fuzz::fail(#cond, __FILE__, __LINE__);                                                \
    } while (false)

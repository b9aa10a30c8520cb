// SPDX-License-Identifier: MIT
#include "interrupthandler.h"

#include <QByteArray>

#include <atomic>
#include <csignal>
#include <cstring>
#include <unistd.h>

namespace Sanzaru::App::Cli {

namespace {

// Two prepared messages (stderr only, as sanzaru: stdout stays for results); the handler reads the one
// `current` names, so an update never tears a write.
struct Prepared
{
    char err[4096];
    size_t errSize = 0;
};
Prepared g_prepared[2];
std::atomic<int> g_current{0};

void copyInto(char *buffer, size_t *size, const QByteArray &bytes)
{
    *size = std::min(size_t(bytes.size()), size_t(4095));
    std::memcpy(buffer, bytes.constData(), *size);
}

extern "C" void onInterrupt(int)
{
    const Prepared &p = g_prepared[g_current.load()];
    [[maybe_unused]] ssize_t b = write(STDERR_FILENO, p.err, p.errSize);
    _exit(130);
}

} // namespace

void InterruptHandler::install()
{
    setContext(QStringLiteral("cli"), QString());
    struct sigaction action = {};
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
}

void InterruptHandler::setContext(const QString &command, const QString &resume)
{
    const int next = 1 - g_current.load();
    Q_UNUSED(command)
    QByteArray err = "\nsanzaru-qt: interrupted";
    if (!resume.isEmpty())
        err += "; the job keeps running. resume: " + resume.toUtf8();
    err += '\n';
    copyInto(g_prepared[next].err, &g_prepared[next].errSize, err);
    g_current.store(next);
}

} // namespace Sanzaru::App::Cli

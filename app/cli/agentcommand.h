// SPDX-License-Identifier: MIT
#pragma once

#include "envelope.h"
#include "jobwaiter.h"
#include "services.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace Sanzaru::App {
class ToolInvoker;
}

namespace Sanzaru::App::Cli {

class CliArgs;

/// `sanzaru-qt video|image VERB ...`, `sanzaru-qt wait ID...` and `sanzaru-qt capabilities`: sanzaru's
/// agent CLI contract (one JSON envelope per input on stdout, exit codes, one-shot create → wait →
/// download). Every call goes through the same ToolInvoker as `tool`, so the running app's queue shows
/// the jobs.
class AgentCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AgentCommand)

public:
    AgentCommand();
    ~AgentCommand() override;

    /// arguments: the group and what follows it ("video", "create", "prompt", ...).
    void start(const QStringList &arguments);

private:
    using ResultCallback = std::function<void(const QJsonObject &result, const std::optional<CliFailure> &)>;

    void runVideo(const QString &verb, const QStringList &arguments);
    void runImage(const QString &verb, const QStringList &arguments);
    void runWait(const QStringList &ids, const CliArgs &args, const QString &forcedType);
    void runCapabilities();

    void videoSubmit(const QString &tool, const QJsonObject &arguments, const CliArgs &args);
    void imageCreate(const CliArgs &args);
    void imageSync(const QString &tool, QJsonObject arguments, const CliArgs &args);
    void simpleCall(const QString &tool, const QJsonObject &arguments);
    void waitAndFinish(const QString &id, bool video, const CliArgs &args, const QJsonObject &submitted);
    void waitOne(const QString &id, bool video, const CliArgs &args, ResultCallback done);
    void download(const QString &id, bool video, const CliArgs &args, const QString &variant,
                  ResultCallback done);

    std::optional<PollPolicy> pollPolicy(bool video, const CliArgs &args);
    std::optional<QString> prompt(const QString &text);
    std::optional<QString> inputName(const QString &text, bool video);
    QString resumeCommand(const QString &id, bool video, const CliArgs &args, bool genericWait = false) const;
    void setResume(const QString &resume);

    void succeed(const QJsonObject &result, const QJsonObject &extra = {});
    void fail(const CliFailure &failure);
    void usage(const QString &message);
    void quit(int code);

    Services m_services;
    ToolInvoker *m_invoker = nullptr;
    QString m_command = QStringLiteral("cli");
    QElapsedTimer m_clock;
    bool m_quiet = false;
    bool m_finished = false;
    bool m_fanOut = false;
};

} // namespace Sanzaru::App::Cli

// SPDX-License-Identifier: MIT
#include "agentcommand.h"

#include "cliargs.h"
#include "clihelp.h"
#include "interrupthandler.h"
#include "outputtarget.h"
#include "toolinvoker.h"

#include "config/mediapaths.h"
#include "tools/toolcontext.h"
#include "tools/toolregistry.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QTimer>

#include <cstdio>
#include <unistd.h>

namespace Sanzaru::App::Cli {

namespace {

const QStringList kWaitValues{QStringLiteral("--timeout"), QStringLiteral("--poll-interval"),
                              QStringLiteral("-o"), QStringLiteral("--output")};
const QStringList kWaitFlags{QStringLiteral("--wait"), QStringLiteral("--download")};

QStringList plus(QStringList a, const QStringList &b)
{
    a.append(b);
    return a;
}

QString quoted(const QString &word)
{
    static const QString safe = QStringLiteral("-_./:=@%+,");
    for (const QChar c : word)
        if (!c.isLetterOrNumber() && !safe.contains(c))
            return QLatin1Char('\'') + QString(word).replace(QLatin1String("'"), QLatin1String("'\\''")) +
                   QLatin1Char('\'');
    return word.isEmpty() ? QStringLiteral("''") : word;
}

/// The binary as the user ran it: "sanzaru-qt" from PATH, else its absolute path, so the resume
/// command works as printed.
QString programName()
{
    const QString invoked = QCoreApplication::arguments().value(0);
    return invoked.contains(QLatin1Char('/')) ? QCoreApplication::applicationFilePath()
                                              : QStringLiteral("sanzaru-qt");
}

QString outputOption(const CliArgs &args)
{
    return args.has(QStringLiteral("-o")) ? args.value(QStringLiteral("-o"))
                                          : args.value(QStringLiteral("--output"));
}

bool wantsDownload(const CliArgs &args)
{
    return args.has(QStringLiteral("--download")) || !outputOption(args).isEmpty();
}

bool wantsWait(const CliArgs &args)
{
    return args.has(QStringLiteral("--wait")) || wantsDownload(args);
}

void setIfGiven(QJsonObject &object, const QString &key, const CliArgs &args, const QString &option)
{
    if (args.has(option))
        object.insert(key, args.value(option));
}

// --limit and --order, which every listing takes.
QJsonObject listingArguments(const CliArgs &args)
{
    QJsonObject call;
    if (args.has(QStringLiteral("--limit")))
        call.insert(QStringLiteral("limit"), args.value(QStringLiteral("--limit")).toInt());
    setIfGiven(call, QStringLiteral("order"), args, QStringLiteral("--order"));
    return call;
}

// A listing of the media folder (video files, image files) also filters and sorts.
QJsonObject folderListingArguments(const CliArgs &args)
{
    QJsonObject call = listingArguments(args);
    setIfGiven(call, QStringLiteral("pattern"), args, QStringLiteral("--pattern"));
    setIfGiven(call, QStringLiteral("file_type"), args, QStringLiteral("--type"));
    setIfGiven(call, QStringLiteral("sort_by"), args, QStringLiteral("--sort"));
    return call;
}

} // namespace

AgentCommand::AgentCommand()
{
    // One command, then exit: what runs in this process runs at normal priority and makes no previews.
    m_services.context()->setOneShot(true);
}

AgentCommand::~AgentCommand() = default;

void AgentCommand::start(const QStringList &commandArguments)
{
    m_clock.start();
    QStringList arguments;
    bool local = false;
    for (const QString &argument : commandArguments) {
        if (argument == QLatin1String("-q") || argument == QLatin1String("--quiet"))
            m_quiet = true;
        else if (argument == QLatin1String("--local"))
            local = true;
        else if (argument != QLatin1String("--json"))
            arguments.append(argument);
    }
    if (m_quiet) // the engine's info lines ("Created ... directory") are progress chatter too
        QLoggingCategory::setFilterRules(QStringLiteral("sanzaru.*.info=false"));
    m_invoker = new ToolInvoker(&m_services, local, this);
    InterruptHandler::install();
    const QString group = arguments.value(0);
    const QString verb = arguments.value(1);
    m_command = group;
    if (arguments.contains(QStringLiteral("--help")) || arguments.contains(QStringLiteral("-h")) ||
        ((group == QLatin1String("video") || group == QLatin1String("image")) && arguments.size() < 2)) {
        const bool asked =
            arguments.contains(QStringLiteral("--help")) || arguments.contains(QStringLiteral("-h"));
        std::fputs(CliHelp::text(group).constData(), asked ? stdout : stderr);
        return quit(asked ? ExitOk : ExitUsage);
    }
    if (group == QLatin1String("capabilities"))
        return runCapabilities();
    if (group == QLatin1String("wait")) {
        CliArgs args(plus(kWaitValues, {QStringLiteral("--type")}), kWaitFlags);
        if (!args.parse(arguments.mid(1)))
            return usage(args.error());
        return runWait(args.positionals(), args, args.value(QStringLiteral("--type")));
    }
    m_command = group + QLatin1Char('.') + verb;
    if (group == QLatin1String("video"))
        return runVideo(verb, arguments.mid(2));
    return runImage(verb, arguments.mid(2));
}

void AgentCommand::runVideo(const QString &verb, const QStringList &arguments)
{
    const QStringList createValues =
        plus(kWaitValues, {QStringLiteral("--model"), QStringLiteral("--seconds"), QStringLiteral("--size"),
                           QStringLiteral("--input-ref")});
    const QStringList listValues{QStringLiteral("--limit"), QStringLiteral("--after"),
                                 QStringLiteral("--order"), QStringLiteral("--pattern"),
                                 QStringLiteral("--type"),  QStringLiteral("--sort")};
    const bool create = verb == QLatin1String("create"), remix = verb == QLatin1String("remix");
    CliArgs args(create ? createValues : plus(plus(kWaitValues, listValues), {QStringLiteral("--variant")}),
                 kWaitFlags);
    if (!args.parse(arguments))
        return usage(args.error());
    const QStringList &pos = args.positionals();
    const auto needs = [&](qsizetype n, const QString &what) {
        if (pos.size() == n)
            return true;
        usage(QStringLiteral("video %1 takes %2").arg(verb, what));
        return false;
    };
    if (create) {
        if (!needs(1, QStringLiteral("one PROMPT")))
            return;
        const auto text = prompt(pos.at(0));
        if (!text)
            return;
        QJsonObject call{{QStringLiteral("prompt"), *text}};
        // Without --model, the window's default rather than the tool's (sanzaru's retired sora-2).
        call.insert(QStringLiteral("model"), args.has(QStringLiteral("--model"))
                                                 ? args.value(QStringLiteral("--model"))
                                                 : CliHelp::defaultVideoModel());
        setIfGiven(call, QStringLiteral("seconds"), args, QStringLiteral("--seconds"));
        setIfGiven(call, QStringLiteral("size"), args, QStringLiteral("--size"));
        if (args.has(QStringLiteral("--input-ref"))) {
            const auto name = inputName(args.value(QStringLiteral("--input-ref")), false);
            if (!name)
                return;
            call.insert(QStringLiteral("input_reference_filename"), *name);
        }
        return videoSubmit(QStringLiteral("create_video"), call, args);
    }
    if (remix) {
        if (!needs(2, QStringLiteral("ID PROMPT")))
            return;
        const auto text = prompt(pos.at(1));
        if (!text)
            return;
        return videoSubmit(
            QStringLiteral("remix_video"),
            {{QStringLiteral("previous_video_id"), pos.at(0)}, {QStringLiteral("prompt"), *text}}, args);
    }
    if (verb == QLatin1String("status")) {
        if (needs(1, QStringLiteral("one ID")))
            simpleCall(QStringLiteral("get_video_status"), {{QStringLiteral("video_id"), pos.at(0)}});
        return;
    }
    if (verb == QLatin1String("wait")) {
        if (pos.isEmpty())
            return usage(QStringLiteral("video wait takes one or more IDs"));
        return runWait(pos, args, QStringLiteral("video"));
    }
    if (verb == QLatin1String("download")) {
        if (!needs(1, QStringLiteral("one ID")))
            return;
        return download(pos.at(0), true, args,
                        args.value(QStringLiteral("--variant"), QStringLiteral("video")),
                        [this](const QJsonObject &result, const std::optional<CliFailure> &failure) {
                            failure ? fail(*failure) : succeed(result);
                        });
    }
    if (verb == QLatin1String("delete")) {
        if (needs(1, QStringLiteral("one ID")))
            simpleCall(QStringLiteral("delete_video"), {{QStringLiteral("video_id"), pos.at(0)}});
        return;
    }
    if (verb == QLatin1String("list") || verb == QLatin1String("files")) {
        if (!needs(0, QStringLiteral("no positional arguments")))
            return;
        if (verb == QLatin1String("list")) {
            QJsonObject call = listingArguments(args);
            setIfGiven(call, QStringLiteral("after"), args, QStringLiteral("--after"));
            return simpleCall(QStringLiteral("list_videos"), call);
        }
        return simpleCall(QStringLiteral("list_local_videos"), folderListingArguments(args));
    }
    usage(QStringLiteral("unknown video command '%1' (see sanzaru-qt video --help)").arg(verb));
}

void AgentCommand::runImage(const QString &verb, const QStringList &arguments)
{
    const QStringList values = plus(
        kWaitValues, {QStringLiteral("--model"), QStringLiteral("--size"), QStringLiteral("--quality"),
                      QStringLiteral("--background"), QStringLiteral("--format"),
                      QStringLiteral("--moderation"), QStringLiteral("--input-image"),
                      QStringLiteral("--mask"), QStringLiteral("--fidelity"), QStringLiteral("--previous"),
                      QStringLiteral("--mode"), QStringLiteral("--pattern"), QStringLiteral("--type"),
                      QStringLiteral("--sort"), QStringLiteral("--order"), QStringLiteral("--limit")});
    CliArgs args(values, kWaitFlags);
    if (!args.parse(arguments))
        return usage(args.error());
    const QStringList &pos = args.positionals();
    const bool one = pos.size() == 1;
    if (verb == QLatin1String("generate") || verb == QLatin1String("edit")) {
        if (!one)
            return usage(QStringLiteral("image %1 takes one PROMPT").arg(verb));
        const auto text = prompt(pos.at(0));
        if (!text)
            return;
        QJsonObject call{{QStringLiteral("prompt"), *text}};
        setIfGiven(call, QStringLiteral("model"), args, QStringLiteral("--model"));
        setIfGiven(call, QStringLiteral("size"), args, QStringLiteral("--size"));
        setIfGiven(call, QStringLiteral("quality"), args, QStringLiteral("--quality"));
        setIfGiven(call, QStringLiteral("background"), args, QStringLiteral("--background"));
        setIfGiven(call, QStringLiteral("output_format"), args, QStringLiteral("--format"));
        if (verb == QLatin1String("generate")) {
            setIfGiven(call, QStringLiteral("moderation"), args, QStringLiteral("--moderation"));
            return imageSync(QStringLiteral("generate_image"), call, args);
        }
        setIfGiven(call, QStringLiteral("input_fidelity"), args, QStringLiteral("--fidelity"));
        QJsonArray inputs;
        for (const QString &input : args.values(QStringLiteral("--input-image"))) {
            const auto name = inputName(input, false);
            if (!name)
                return;
            inputs.append(*name);
        }
        if (inputs.isEmpty())
            return usage(QStringLiteral("image edit needs --input-image FILE (up to 16)"));
        call.insert(QStringLiteral("input_images"), inputs);
        if (args.has(QStringLiteral("--mask"))) {
            const auto mask = inputName(args.value(QStringLiteral("--mask")), false);
            if (!mask)
                return;
            call.insert(QStringLiteral("mask_filename"), *mask);
        }
        return imageSync(QStringLiteral("edit_image"), call, args);
    }
    if (verb == QLatin1String("create")) {
        if (!one)
            return usage(QStringLiteral("image create takes one PROMPT"));
        return imageCreate(args);
    }
    if (verb == QLatin1String("status")) {
        if (!one)
            return usage(QStringLiteral("image status takes one ID"));
        return simpleCall(QStringLiteral("get_image_status"), {{QStringLiteral("response_id"), pos.at(0)}});
    }
    if (verb == QLatin1String("wait")) {
        if (pos.isEmpty())
            return usage(QStringLiteral("image wait takes one or more IDs"));
        return runWait(pos, args, QStringLiteral("image"));
    }
    if (verb == QLatin1String("download")) {
        if (!one)
            return usage(QStringLiteral("image download takes one ID"));
        return download(pos.at(0), false, args, {},
                        [this](const QJsonObject &result, const std::optional<CliFailure> &failure) {
                            failure ? fail(*failure) : succeed(result);
                        });
    }
    if (verb == QLatin1String("prepare")) {
        if (!one || !args.has(QStringLiteral("--size")))
            return usage(QStringLiteral("image prepare takes one INPUT and --size WxH"));
        const auto name = inputName(pos.at(0), false);
        if (!name)
            return;
        QJsonObject call{{QStringLiteral("input_filename"), *name},
                         {QStringLiteral("target_size"), args.value(QStringLiteral("--size"))}};
        setIfGiven(call, QStringLiteral("resize_mode"), args, QStringLiteral("--mode"));
        return imageSync(QStringLiteral("prepare_reference_image"), call, args);
    }
    if (verb == QLatin1String("files"))
        return simpleCall(QStringLiteral("list_reference_images"), folderListingArguments(args));
    usage(QStringLiteral("unknown image command '%1' (see sanzaru-qt image --help)").arg(verb));
}

void AgentCommand::simpleCall(const QString &tool, const QJsonObject &arguments)
{
    m_invoker->invoke(tool, arguments, [this](const ToolOutcome &outcome) {
        outcome.ok() ? succeed(outcome.object) : fail(Envelope::fromToolError(outcome.object));
    });
}

void AgentCommand::videoSubmit(const QString &tool, const QJsonObject &arguments, const CliArgs &args)
{
    if (wantsWait(args) && !pollPolicy(true, args))
        return;
    m_invoker->invoke(tool, arguments, [this, args](const ToolOutcome &outcome) {
        if (!outcome.ok())
            return fail(Envelope::fromToolError(outcome.object));
        const QString id = outcome.object.value(QStringLiteral("id")).toString();
        if (!wantsWait(args))
            return succeed(outcome.object);
        if (!m_quiet)
            Envelope::note(QStringLiteral("submitted %1").arg(id));
        waitAndFinish(id, true, args, outcome.object);
    });
}

void AgentCommand::imageCreate(const CliArgs &args)
{
    if (wantsWait(args) && !pollPolicy(false, args))
        return;
    const auto text = prompt(args.positionals().at(0));
    if (!text)
        return;
    QJsonObject call{{QStringLiteral("prompt"), *text}};
    setIfGiven(call, QStringLiteral("model"), args, QStringLiteral("--model"));
    setIfGiven(call, QStringLiteral("previous_response_id"), args, QStringLiteral("--previous"));
    QJsonObject toolConfig;
    setIfGiven(toolConfig, QStringLiteral("size"), args, QStringLiteral("--size"));
    setIfGiven(toolConfig, QStringLiteral("quality"), args, QStringLiteral("--quality"));
    setIfGiven(toolConfig, QStringLiteral("background"), args, QStringLiteral("--background"));
    setIfGiven(toolConfig, QStringLiteral("output_format"), args, QStringLiteral("--format"));
    if (!toolConfig.isEmpty())
        call.insert(QStringLiteral("tool_config"), toolConfig);
    QJsonArray inputs;
    for (const QString &input : args.values(QStringLiteral("--input-image"))) {
        const auto name = inputName(input, false);
        if (!name)
            return;
        inputs.append(*name);
    }
    if (!inputs.isEmpty())
        call.insert(QStringLiteral("input_images"), inputs);
    if (args.has(QStringLiteral("--mask"))) {
        const auto mask = inputName(args.value(QStringLiteral("--mask")), false);
        if (!mask)
            return;
        call.insert(QStringLiteral("mask_filename"), *mask);
    }
    m_invoker->invoke(QStringLiteral("create_image"), call, [this, args](const ToolOutcome &outcome) {
        if (!outcome.ok())
            return fail(Envelope::fromToolError(outcome.object));
        if (!wantsWait(args))
            return succeed(outcome.object);
        waitAndFinish(outcome.object.value(QStringLiteral("id")).toString(), false, args, outcome.object);
    });
}

void AgentCommand::imageSync(const QString &tool, QJsonObject arguments, const CliArgs &args)
{
    const QString key = tool == QLatin1String("prepare_reference_image") ? QStringLiteral("output_filename")
                                                                         : QStringLiteral("filename");
    const auto dir = m_services.paths()->imageDir();
    if (!dir)
        return fail(Envelope::fromToolError(dir.error().toJson()));
    const QString output = outputOption(args);
    std::optional<OutputTarget> target;
    if (!output.isEmpty()) {
        target = OutputTarget::resolve(output, *dir, QString());
        if (!target->error.isEmpty())
            return fail({QStringLiteral("usage"), target->error, ExitUsage, {}, {}});
        if (!target->autoName)
            arguments.insert(key, target->stagingName);
    }
    m_invoker->invoke(tool, arguments, [this, target, dir, key](const ToolOutcome &outcome) {
        if (!outcome.ok())
            return fail(Envelope::fromToolError(outcome.object));
        QJsonObject result = outcome.object;
        const QString name = result.value(key).toString();
        QString finalPath = QDir(*dir).absoluteFilePath(name);
        if (target) {
            const auto placed = target->place(finalPath, QFileInfo(name).fileName());
            if (!placed)
                return fail({QStringLiteral("download_error"), placed.error, ExitRuntime, {}, {}});
            finalPath = *placed;
            result.insert(key, QFileInfo(finalPath).fileName());
        }
        result.insert(QStringLiteral("file"), OutputTarget::fileObject(finalPath));
        succeed(result);
    });
}

void AgentCommand::waitAndFinish(const QString &id, bool video, const CliArgs &args,
                                 const QJsonObject &submitted)
{
    waitOne(id, video, args,
            [this, submitted](const QJsonObject &result, const std::optional<CliFailure> &failure) {
                if (failure)
                    return fail(*failure);
                QJsonObject merged = submitted;
                for (auto it = result.begin(); it != result.end(); ++it)
                    merged.insert(it.key(), it.value());
                succeed(merged);
            });
}

/// Waits for one job, then downloads it when asked; the result is the final status (plus the download).
void AgentCommand::waitOne(const QString &id, bool video, const CliArgs &args, ResultCallback done)
{
    const auto policy = pollPolicy(video, args);
    if (!policy)
        return;
    const QString resume = resumeCommand(id, video, args);
    setResume(resume);
    auto *waiter = new JobWaiter(m_invoker, id, *policy, this);
    waiter->start([this, waiter, id, video, args, resume, done](const QJsonObject &status,
                                                                const std::optional<CliFailure> &failure) {
        waiter->deleteLater();
        if (failure) {
            CliFailure withResume = *failure;
            if (withResume.exitCode == ExitTimeout)
                withResume.resume = resume;
            return done(status, withResume);
        }
        if (!wantsDownload(args))
            return done(status, std::nullopt);
        download(
            id, video, args, QStringLiteral("video"),
            [status, done](const QJsonObject &downloaded, const std::optional<CliFailure> &downloadFailure) {
                QJsonObject merged = status;
                for (auto it = downloaded.begin(); it != downloaded.end(); ++it)
                    merged.insert(it.key(), it.value());
                done(merged, downloadFailure);
            });
    });
}

void AgentCommand::download(const QString &id, bool video, const CliArgs &args, const QString &variant,
                            ResultCallback done)
{
    const auto dir = video ? m_services.paths()->videoDir() : m_services.paths()->imageDir();
    if (!dir)
        return done({}, Envelope::fromToolError(dir.error().toJson()));
    const QString extension = !video                                    ? QStringLiteral("png")
                              : variant == QLatin1String("thumbnail")   ? QStringLiteral("webp")
                              : variant == QLatin1String("spritesheet") ? QStringLiteral("jpg")
                                                                        : QStringLiteral("mp4");
    const QString defaultName = id + QLatin1Char('.') + extension;
    const QString output = outputOption(args);
    const OutputTarget target = output.isEmpty()
                                    ? OutputTarget::resolve(*dir + QLatin1Char('/'), *dir, defaultName)
                                    : OutputTarget::resolve(output, *dir, defaultName);
    if (!target.error.isEmpty())
        return done({}, CliFailure{QStringLiteral("usage"), target.error, ExitUsage, {}, {}});
    QJsonObject call{{QStringLiteral("filename"), target.stagingName}};
    call.insert(video ? QStringLiteral("video_id") : QStringLiteral("response_id"), id);
    if (video)
        call.insert(QStringLiteral("variant"), variant);
    const QString dirPath = *dir;
    m_invoker->invoke(
        video ? QStringLiteral("download_video") : QStringLiteral("download_image"), call,
        [target, dirPath, done](const ToolOutcome &outcome) {
            if (!outcome.ok()) {
                CliFailure failure = Envelope::fromToolError(outcome.object);
                if (failure.type == QLatin1String("api_error"))
                    failure.type = QStringLiteral("download_error");
                return done({}, failure);
            }
            QJsonObject result = outcome.object;
            const QString name = result.value(QStringLiteral("filename")).toString();
            const auto placed = target.place(QDir(dirPath).absoluteFilePath(name), name);
            if (!placed)
                return done({},
                            CliFailure{QStringLiteral("download_error"), placed.error, ExitRuntime, {}, {}});
            result.insert(QStringLiteral("filename"), QFileInfo(*placed).fileName());
            result.insert(QStringLiteral("file"), OutputTarget::fileObject(*placed));
            done(result, std::nullopt);
        });
}

void AgentCommand::runWait(const QStringList &ids, const CliArgs &args, const QString &forcedType)
{
    if (ids.isEmpty())
        return usage(QStringLiteral("wait takes one or more job IDs (video_... or resp_...)"));
    QList<bool> kinds;
    for (const QString &id : ids) {
        const bool video = forcedType.isEmpty() ? id.startsWith(QLatin1String("video_"))
                                                : forcedType == QLatin1String("video");
        if (forcedType.isEmpty() && !video && !id.startsWith(QLatin1String("resp_")))
            return usage(QStringLiteral("cannot tell the job type of '%1'; pass --type video|image").arg(id));
        if (!forcedType.isEmpty() && forcedType != QLatin1String("video") &&
            forcedType != QLatin1String("image"))
            return usage(QStringLiteral("--type must be video or image"));
        if (!pollPolicy(video, args))
            return;
        kinds.append(video);
    }
    if (ids.size() > 1 && !outputOption(args).isEmpty() && !outputOption(args).endsWith(QLatin1Char('/')) &&
        !QFileInfo(outputOption(args)).isDir())
        return usage(QStringLiteral("with several IDs, -o must be a directory (end it with '/')"));
    const bool stream = ids.size() > 1;
    m_fanOut = stream; // one bar per job would garble the terminal: lines then
    auto codes = std::make_shared<QList<int>>();
    for (qsizetype i = 0; i < ids.size(); ++i) {
        const QString id = ids.at(i);
        const bool video = kinds.at(i);
        const QString command = m_command == QLatin1String("wait")
                                    ? m_command
                                    : (video ? QStringLiteral("video.wait") : QStringLiteral("image.wait"));
        waitOne(id, video, args,
                [this, id, command, stream, codes,
                 total = ids.size()](const QJsonObject &result, const std::optional<CliFailure> &failure) {
                    if (failure) {
                        Envelope::note(QStringLiteral("%1: %2").arg(id, failure->message));
                        if (!failure->resume.isEmpty())
                            Envelope::note(QStringLiteral("resume: %1").arg(failure->resume));
                        Envelope::print(Envelope::failure(command, *failure), stream);
                        codes->append(failure->exitCode);
                    } else {
                        Envelope::print(Envelope::success(command, result, m_clock.elapsed() / 1000.0),
                                        stream);
                        codes->append(ExitOk);
                    }
                    if (codes->size() == total)
                        quit(Envelope::aggregate(*codes));
                });
    }
    if (stream)
        setResume(QStringLiteral("%1 wait %2").arg(quoted(programName()), ids.join(QLatin1Char(' '))));
}

std::optional<PollPolicy> AgentCommand::pollPolicy(bool video, const CliArgs &args)
{
    PollPolicy policy;
    policy.video = video;
    policy.quiet = m_quiet;
    policy.bar = !m_fanOut && isatty(STDERR_FILENO);
    policy.timeoutSeconds = video ? 1800 : 600;
    if (args.has(QStringLiteral("--timeout"))) {
        const auto timeout = CliArgs::parseDuration(args.value(QStringLiteral("--timeout")));
        if (!timeout) {
            usage(QStringLiteral("--timeout takes a duration such as 90, 90s or 5m"));
            return std::nullopt;
        }
        policy.timeoutSeconds = *timeout;
    }
    if (args.has(QStringLiteral("--poll-interval"))) {
        policy.fixedInterval = CliArgs::parseDuration(args.value(QStringLiteral("--poll-interval")));
        if (!policy.fixedInterval) {
            usage(QStringLiteral("--poll-interval takes a duration such as 10, 10s or 1m"));
            return std::nullopt;
        }
    }
    return policy;
}

std::optional<QString> AgentCommand::prompt(const QString &text)
{
    if (text.startsWith(QLatin1String("@@")))
        return text.mid(1);
    if (text == QLatin1String("-") || text.startsWith(QLatin1Char('@'))) {
        QFile file(text.mid(1));
        const bool opened = text == QLatin1String("-") ? file.open(stdin, QIODevice::ReadOnly)
                                                       : file.open(QIODevice::ReadOnly);
        if (!opened) {
            usage(QStringLiteral("cannot read the prompt from %1").arg(text.mid(1)));
            return std::nullopt;
        }
        const QString content = QString::fromUtf8(file.readAll()).trimmed();
        if (content.isEmpty()) {
            usage(QStringLiteral("the prompt from %1 is empty")
                      .arg(text == QLatin1String("-") ? QStringLiteral("stdin") : text.mid(1)));
            return std::nullopt;
        }
        return content;
    }
    return text;
}

/// A bare name is the tool's (a file in the media folder); a path must lie inside that folder, since
/// the tools read through the sandbox and never outside it.
std::optional<QString> AgentCommand::inputName(const QString &text, bool video)
{
    if (!text.contains(QLatin1Char('/')))
        return text;
    const auto dir = video ? m_services.paths()->videoDir() : m_services.paths()->imageDir();
    if (!dir) {
        fail(Envelope::fromToolError(dir.error().toJson()));
        return std::nullopt;
    }
    const QString folder = QFileInfo(*dir).canonicalFilePath();
    const QString file = QFileInfo(text).absoluteFilePath();
    const QString parent = QFileInfo(QFileInfo(file).absolutePath()).canonicalFilePath();
    const QString canonical = parent + QLatin1Char('/') + QFileInfo(file).fileName();
    if (folder.isEmpty() || !canonical.startsWith(folder + QLatin1Char('/'))) {
        fail({QStringLiteral("usage"),
              QStringLiteral("%1 is not in the media folder %2; copy it there or pass its bare name")
                  .arg(text, *dir),
              ExitUsage,
              {},
              {}});
        return std::nullopt;
    }
    return canonical.mid(folder.size() + 1);
}

QString AgentCommand::resumeCommand(const QString &id, bool video, const CliArgs &args,
                                    bool genericWait) const
{
    QStringList words{programName()};
    if (genericWait)
        words << QStringLiteral("wait");
    else
        words << (video ? QStringLiteral("video") : QStringLiteral("image")) << QStringLiteral("wait");
    words << id;
    if (wantsDownload(args))
        words << QStringLiteral("--download");
    const QString output = outputOption(args);
    if (!output.isEmpty()) {
        QString absolute = QDir::current().absoluteFilePath(output);
        if (output.endsWith(QLatin1Char('/')) && !absolute.endsWith(QLatin1Char('/')))
            absolute += QLatin1Char('/');
        words << QStringLiteral("-o") << absolute;
    }
    for (const QString &option : {QStringLiteral("--timeout"), QStringLiteral("--poll-interval")})
        if (args.has(option))
            words << option << args.value(option);
    for (QString &word : words)
        word = quoted(word);
    return words.join(QLatin1Char(' '));
}

void AgentCommand::setResume(const QString &resume)
{
    InterruptHandler::setContext(m_command, resume);
}

void AgentCommand::succeed(const QJsonObject &result, const QJsonObject &extra)
{
    Envelope::print(Envelope::success(m_command, result, m_clock.elapsed() / 1000.0, extra));
    quit(ExitOk);
}

void AgentCommand::fail(const CliFailure &failure)
{
    Envelope::print(Envelope::failure(m_command, failure));
    Envelope::note(QStringLiteral("%1: %2").arg(failure.type, failure.message));
    if (!failure.resume.isEmpty())
        Envelope::note(QStringLiteral("resume: %1").arg(failure.resume));
    quit(failure.exitCode);
}

void AgentCommand::usage(const QString &message)
{
    fail({QStringLiteral("usage"), message, ExitUsage, {}, {}});
}

void AgentCommand::quit(int code)
{
    if (m_finished)
        return;
    m_finished = true;
    QTimer::singleShot(0, qApp, [code] { QCoreApplication::exit(code); });
}

void AgentCommand::runCapabilities()
{
    m_command = QStringLiteral("capabilities");
    QJsonArray tools;
    for (const auto &tool : m_services.registry()->tools())
        if (!tool.name.startsWith(QLatin1Char('_')))
            tools.append(tool.name);
    const Core::Config config = m_services.config();
    const auto folder = [](const Core::Result<QString> &dir) {
        if (!dir)
            return QJsonObject{{QStringLiteral("configured"), false},
                               {QStringLiteral("error"), dir.error().message}};
        return QJsonObject{{QStringLiteral("configured"), true},
                           {QStringLiteral("path"), *dir},
                           {QStringLiteral("exists"), QFileInfo(*dir).isDir()}};
    };
    QJsonObject result{
        {QStringLiteral("version"), QCoreApplication::applicationVersion()},
        {QStringLiteral("tools"), tools},
        {QStringLiteral("commands"), CliHelp::commands()},
        {QStringLiteral("folders"),
         QJsonObject{{QStringLiteral("videos"), folder(m_services.paths()->videoDir())},
                     {QStringLiteral("images"), folder(m_services.paths()->imageDir())}}},
        {QStringLiteral("providers"), CliHelp::providers(config)},
    };
    CliHelp::probeApp(this, [this, result](bool running, const QString &socket) mutable {
        result.insert(QStringLiteral("app"),
                      QJsonObject{{QStringLiteral("running"), running}, {QStringLiteral("socket"), socket}});
        succeed(result);
    });
}

} // namespace Sanzaru::App::Cli

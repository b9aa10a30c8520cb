// SPDX-License-Identifier: MIT
#include "jobtypes.h"

#include "jobs/jobkindtraits.h"

#include <QCoreApplication>

#include <array>
#include <utility>

namespace Sanzaru::Core {

namespace {

constexpr std::array stateNames{
    std::pair{JobState::Queued, "queued"},       std::pair{JobState::Submitting, "submitting"},
    std::pair{JobState::Running, "running"},     std::pair{JobState::Downloading, "downloading"},
    std::pair{JobState::Completed, "completed"}, std::pair{JobState::Failed, "failed"},
    std::pair{JobState::Cancelled, "cancelled"}, std::pair{JobState::Overdue, "overdue"},
};

template <typename Table, typename Enum> QString nameOf(const Table &table, Enum value)
{
    for (const auto &[v, name] : table) {
        if (v == value)
            return QString::fromLatin1(name);
    }
    return {};
}

template <typename Enum, typename Table> std::optional<Enum> valueOf(const Table &table, const QString &text)
{
    for (const auto &[v, name] : table) {
        if (text == QLatin1String(name))
            return v;
    }
    return std::nullopt;
}

} // namespace

bool isTerminal(JobState state)
{
    return state == JobState::Completed || state == JobState::Failed || state == JobState::Cancelled;
}

QString startToolName(JobKind kind)
{
    return QString::fromLatin1(traitsOf(kind).startTool);
}

std::optional<JobKind> kindForTool(const QString &toolName)
{
    for (JobKind kind : allJobKinds()) {
        if (toolName == QLatin1String(traitsOf(kind).startTool))
            return kind;
    }
    return std::nullopt;
}

QString jobKindId(JobKind kind)
{
    return QString::fromLatin1(traitsOf(kind).id);
}

QString jobStateId(JobState state)
{
    return nameOf(stateNames, state);
}

QString jobOriginId(JobOrigin origin)
{
    return origin == JobOrigin::Mcp ? QStringLiteral("mcp") : QStringLiteral("app");
}

std::optional<JobKind> jobKindFromString(const QString &text)
{
    for (JobKind kind : allJobKinds()) {
        if (text == QLatin1String(traitsOf(kind).id))
            return kind;
    }
    return std::nullopt;
}

std::optional<JobState> jobStateFromString(const QString &text)
{
    return valueOf<JobState>(stateNames, text);
}

std::optional<JobOrigin> jobOriginFromString(const QString &text)
{
    if (text == QLatin1String("app"))
        return JobOrigin::App;
    if (text == QLatin1String("mcp"))
        return JobOrigin::Mcp;
    return std::nullopt;
}

QString displayName(JobKind kind)
{
    switch (kind) {
    case JobKind::Video:
        return QCoreApplication::translate("Sanzaru::Core::Job", "Video");
    case JobKind::Remix:
        return QCoreApplication::translate("Sanzaru::Core::Job", "Remix");
    case JobKind::ResponsesImage:
        return QCoreApplication::translate("Sanzaru::Core::Job", "Image (Responses API)");
    case JobKind::ImageGenerate:
        return QCoreApplication::translate("Sanzaru::Core::Job", "Image");
    case JobKind::ImageEdit:
        return QCoreApplication::translate("Sanzaru::Core::Job", "Image edit");
    case JobKind::PrepareReference:
        return QCoreApplication::translate("Sanzaru::Core::Job", "Reference image");
    case JobKind::Download:
        return QCoreApplication::translate("Sanzaru::Core::Job", "Download");
    }
    return {};
}

QString displayName(JobState state)
{
    switch (state) {
    case JobState::Queued:
        return QCoreApplication::translate("Sanzaru::Core::Job", "Queued");
    case JobState::Submitting:
        return QCoreApplication::translate("Sanzaru::Core::Job", "Submitting");
    case JobState::Running:
        return QCoreApplication::translate("Sanzaru::Core::Job", "Running");
    case JobState::Downloading:
        return QCoreApplication::translate("Sanzaru::Core::Job", "Downloading");
    case JobState::Completed:
        return QCoreApplication::translate("Sanzaru::Core::Job", "Completed");
    case JobState::Failed:
        return QCoreApplication::translate("Sanzaru::Core::Job", "Failed");
    case JobState::Cancelled:
        return QCoreApplication::translate("Sanzaru::Core::Job", "Cancelled");
    case JobState::Overdue:
        return QCoreApplication::translate("Sanzaru::Core::Job", "Overdue");
    }
    return {};
}

} // namespace Sanzaru::Core

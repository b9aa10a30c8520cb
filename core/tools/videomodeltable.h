// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "tools/toolprechecks.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Sanzaru::Core {

/// What the app knows about one video model: the values it checks before sending and whether OpenAI
/// retired it. Absent constraints are not checked (the provider decides).
struct VideoModelInfo
{
    QString id;
    QString provider;    ///< "OpenAI", "gateways"
    QStringList sizes;   ///< empty = any size
    QString defaultSize; ///< what the API uses when size is omitted; empty = unknown
    QStringList seconds; ///< allowed values; empty = see min/maxSeconds
    int minSeconds = 0;  ///< a whole-number range when maxSeconds > 0
    int maxSeconds = 0;
    QString retired; ///< "2026-09-24" when OpenAI shut it down, else empty
    QString note;

    bool checksSeconds() const { return !seconds.isEmpty() || maxSeconds > 0; }
    /// Every allowed seconds value (a range expanded), empty when not checked.
    QStringList secondsChoices() const;
    /// "4, 8 or 12 s", "4-15 s", or empty.
    QString secondsText() const;
};

/// The video models of the app's model table (the "video.models" section of core/jobs/pricing.json,
/// compiled in; PricingTable reads the prices of the same entries). Known models are validated before
/// anything is sent; unknown ids pass through unchecked: gateways add models faster than any table.
class VideoModelTable
{
public:
    /// The table compiled into the binary (parsed once).
    static const VideoModelTable &builtIn();
    /// The bytes of the compiled-in table (pricing.json), which PricingTable reads too.
    static QByteArray builtInJson();
    static Result<VideoModelTable> fromJson(const QByteArray &json);

    /// Current models before retired ones, models with known limits first, then by name.
    QStringList ids() const;
    /// The model a new video gets when none is chosen: the first of ids(), which the window's form shows
    /// first and the agent CLI sends without --model.
    QString defaultModel() const { return ids().value(0); }
    /// The sizes a reference image can be prepared for: sanzaru's four Sora sizes, then every other
    /// size of this table's models (a reference must match the video size exactly).
    QStringList referenceSizes() const;
    /// The entry of this id or of the model a dated alias names.
    std::optional<VideoModelInfo> find(const QString &model) const;
    /// Problems with seconds and size for a known model (empty for an unknown model or when fine).
    /// Empty seconds/size mean "omitted" and are always fine.
    QList<ArgumentIssue> check(const QString &model, const QString &seconds, const QString &size) const;
    /// The note a create_video result carries for an unknown or retired model; empty otherwise.
    QString noteFor(const QString &model) const;
    /// One line per known model for tool descriptions (guidance, not an enum).
    QString guidance() const;

private:
    QHash<QString, VideoModelInfo> m_models;
    QHash<QString, QString> m_aliases;
};

} // namespace Sanzaru::Core

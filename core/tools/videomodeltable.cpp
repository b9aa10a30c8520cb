// SPDX-License-Identifier: MIT
#include "videomodeltable.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

// The table is a resource of sanzaru_core (core/jobs/CMakeLists.txt), a static library: its initializer
// must be referenced by name or the linker drops it.
static void initModelTableResource()
{
    static const bool registered = [] {
        Q_INIT_RESOURCE(pricing);
        return true;
    }();
    Q_UNUSED(registered);
}

namespace Sanzaru::Core {

namespace {

QStringList strings(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &v : value.toArray())
        out.append(v.isDouble() ? QString::number(v.toInt()) : v.toString());
    return out;
}

QString quoted(const QStringList &values)
{
    QStringList out;
    for (const QString &v : values)
        out.append(QLatin1Char('"') + v + QLatin1Char('"'));
    return out.join(QStringLiteral(", "));
}

} // namespace

QStringList VideoModelInfo::secondsChoices() const
{
    if (!seconds.isEmpty())
        return seconds;
    QStringList out;
    for (int s = minSeconds; maxSeconds > 0 && s <= maxSeconds; ++s)
        out.append(QString::number(s));
    return out;
}

QString VideoModelInfo::secondsText() const
{
    if (!seconds.isEmpty()) {
        QStringList head = seconds;
        const QString last = head.takeLast();
        return (head.isEmpty() ? last : head.join(QStringLiteral(", ")) + QStringLiteral(" or ") + last) +
               QStringLiteral(" s");
    }
    if (maxSeconds > 0)
        return QStringLiteral("%1-%2 s").arg(minSeconds).arg(maxSeconds);
    return {};
}

QByteArray VideoModelTable::builtInJson()
{
    initModelTableResource();
    QFile file(QStringLiteral(":/sanzaru/pricing.json"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

const VideoModelTable &VideoModelTable::builtIn()
{
    static const VideoModelTable table = [] {
        if (Result<VideoModelTable> parsed = fromJson(builtInJson()))
            return *parsed;
        // Only a broken build gets here; no table means every model passes unchecked.
        return VideoModelTable();
    }();
    return table;
}

Result<VideoModelTable> VideoModelTable::fromJson(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return Error::badInput(
            QStringLiteral("Model table is not a JSON object: %1").arg(error.errorString()));
    const QJsonObject video = doc.object().value(QStringLiteral("video")).toObject();
    VideoModelTable table;
    const QJsonObject models = video.value(QStringLiteral("models")).toObject();
    for (auto it = models.begin(); it != models.end(); ++it) {
        const QJsonObject entry = it.value().toObject();
        VideoModelInfo info;
        info.id = it.key();
        info.provider = entry.value(QStringLiteral("provider")).toString();
        info.sizes = strings(entry.value(QStringLiteral("sizes")));
        info.defaultSize = entry.value(QStringLiteral("default_size")).toString();
        const QJsonValue seconds = entry.value(QStringLiteral("seconds"));
        if (seconds.isArray()) {
            info.seconds = strings(seconds);
        } else if (seconds.isObject()) {
            info.minSeconds = seconds.toObject().value(QStringLiteral("min")).toInt();
            info.maxSeconds = seconds.toObject().value(QStringLiteral("max")).toInt();
            if (info.minSeconds < 1 || info.maxSeconds < info.minSeconds)
                return Error::badInput(
                    QStringLiteral("Model table: %1.seconds needs 1 <= min <= max").arg(it.key()));
        }
        info.retired = entry.value(QStringLiteral("retired")).toString();
        info.note = entry.value(QStringLiteral("note")).toString();
        table.m_models.insert(info.id, info);
    }
    const QJsonObject aliases = video.value(QStringLiteral("aliases")).toObject();
    for (auto it = aliases.begin(); it != aliases.end(); ++it)
        table.m_aliases.insert(it.key(), it.value().toString());
    return table;
}

QStringList VideoModelTable::referenceSizes() const
{
    QStringList sizes{QStringLiteral("720x1280"), QStringLiteral("1280x720"), QStringLiteral("1024x1792"),
                      QStringLiteral("1792x1024")};
    for (const QString &id : ids()) {
        const QStringList modelSizes = find(id)->sizes;
        for (const QString &size : modelSizes)
            if (!sizes.contains(size))
                sizes.append(size);
    }
    return sizes;
}

QStringList VideoModelTable::ids() const
{
    QStringList ids = m_models.keys();
    std::sort(ids.begin(), ids.end(), [this](const QString &a, const QString &b) {
        // Current before retired, then the models whose limits are known, then by name.
        const VideoModelInfo &ma = m_models[a];
        const VideoModelInfo &mb = m_models[b];
        if (ma.retired.isEmpty() != mb.retired.isEmpty())
            return ma.retired.isEmpty();
        if (ma.checksSeconds() != mb.checksSeconds())
            return ma.checksSeconds();
        return a < b;
    });
    return ids;
}

std::optional<VideoModelInfo> VideoModelTable::find(const QString &model) const
{
    const auto it = m_models.constFind(m_aliases.value(model, model));
    if (it == m_models.constEnd())
        return std::nullopt;
    return *it;
}

QList<ArgumentIssue> VideoModelTable::check(const QString &model, const QString &seconds,
                                            const QString &size) const
{
    QList<ArgumentIssue> issues;
    const std::optional<VideoModelInfo> info = find(model);
    if (!info)
        return issues;
    if (!seconds.isEmpty() && info->checksSeconds() && !info->secondsChoices().contains(seconds)) {
        const QString allowed = info->seconds.isEmpty()
                                    ? QStringLiteral("a whole number from \"%1\" to \"%2\"")
                                          .arg(info->minSeconds)
                                          .arg(info->maxSeconds)
                                    : QStringLiteral("one of ") + quoted(info->seconds);
        issues.append(
            {QStringLiteral("seconds"),
             QStringLiteral("'seconds' must be %1 for %2, got \"%3\"").arg(allowed, model, seconds)});
    }
    if (!size.isEmpty() && !info->sizes.isEmpty() && !info->sizes.contains(size))
        issues.append({QStringLiteral("size"), QStringLiteral("'size' must be one of %1 for %2, got \"%3\"")
                                                   .arg(quoted(info->sizes), model, size)});
    return issues;
}

QString VideoModelTable::noteFor(const QString &model) const
{
    const std::optional<VideoModelInfo> info = find(model);
    if (!info)
        return QStringLiteral("\"%1\" is not in sanzaru-qt's model table, so its size and seconds were sent "
                              "unchecked; known models: %2.")
            .arg(model, ids().join(QStringLiteral(", ")));
    if (!info->retired.isEmpty())
        return QStringLiteral("OpenAI retired %1 on %2; only a provider that still serves it can render it.")
            .arg(model, info->retired);
    return {};
}

QString VideoModelTable::guidance() const
{
    QStringList lines;
    for (const QString &id : ids()) {
        const VideoModelInfo &info = m_models[id];
        QStringList facts;
        if (!info.secondsText().isEmpty())
            facts.append(info.secondsText());
        if (!info.sizes.isEmpty())
            facts.append(info.sizes.join(QLatin1Char('/')));
        if (!info.note.isEmpty())
            facts.append(info.note);
        if (!info.retired.isEmpty())
            facts.append(QStringLiteral("retired by OpenAI on %1").arg(info.retired));
        lines.append(facts.isEmpty() ? id
                                     : QStringLiteral("%1 (%2)").arg(id, facts.join(QStringLiteral("; "))));
    }
    return lines.join(QStringLiteral("; "));
}

} // namespace Sanzaru::Core

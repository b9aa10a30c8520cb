// SPDX-License-Identifier: MIT
#include "envelope.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unistd.h>

namespace Sanzaru::App::Cli {

QJsonObject Envelope::success(const QString &command, const QJsonObject &result, double elapsedSeconds,
                              const QJsonObject &extra)
{
    QJsonObject envelope{{QStringLiteral("v"), 1},
                         {QStringLiteral("ok"), true},
                         {QStringLiteral("command"), command},
                         {QStringLiteral("result"), result},
                         {QStringLiteral("elapsed_s"), std::round(elapsedSeconds * 10) / 10}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        envelope.insert(it.key(), it.value());
    return envelope;
}

QJsonObject Envelope::failure(const QString &command, const CliFailure &failure)
{
    QJsonObject envelope{
        {QStringLiteral("v"), 1},
        {QStringLiteral("ok"), false},
        {QStringLiteral("command"), command},
        {QStringLiteral("error"),
         QJsonObject{{QStringLiteral("type"), failure.type}, {QStringLiteral("message"), failure.message}}}};
    if (!failure.resume.isEmpty())
        envelope.insert(QStringLiteral("resume"), failure.resume);
    for (auto it = failure.extra.begin(); it != failure.extra.end(); ++it)
        envelope.insert(it.key(), it.value());
    return envelope;
}

CliFailure Envelope::fromToolError(const QJsonObject &error)
{
    const QString kind = error.value(QStringLiteral("kind")).toString();
    const QString message = error.value(QStringLiteral("message")).toString();
    const int http = error.value(QStringLiteral("http_status")).toInt();
    if (kind == QLatin1String("config"))
        return {QStringLiteral("config"), message, ExitConfig, {}, {}};
    if (kind == QLatin1String("bad_input"))
        return {QStringLiteral("usage"), message, ExitUsage, {}, {}};
    if (kind == QLatin1String("not_found") || http == 404)
        return {QStringLiteral("not_found"), message, ExitRuntime, {}, {}};
    if (kind == QLatin1String("job_failed"))
        return {QStringLiteral("job_failed"), message, ExitJobFailed, {}, {}};
    if (kind == QLatin1String("internal"))
        return {QStringLiteral("internal"), message, ExitRuntime, {}, {}};
    return {QStringLiteral("api_error"), message, ExitRuntime, {}, {}};
}

namespace {

/// Compact JSON with the envelope's keys first, in sanzaru's order (QJsonObject sorts keys).
QByteArray orderedCompact(const QJsonObject &envelope)
{
    static const QStringList order{QStringLiteral("v"),        QStringLiteral("ok"),
                                   QStringLiteral("command"),  QStringLiteral("result"),
                                   QStringLiteral("error"),    QStringLiteral("resume"),
                                   QStringLiteral("elapsed_s")};
    QStringList keys;
    for (const QString &key : order)
        if (envelope.contains(key))
            keys.append(key);
    for (const QString &key : envelope.keys())
        if (!order.contains(key))
            keys.append(key);
    QByteArray out = "{";
    for (const QString &key : keys) {
        if (out.size() > 1)
            out += ',';
        // A one-element array serializes any value; its brackets are cut off.
        const QByteArray pair =
            QJsonDocument(QJsonArray{key, envelope.value(key)}).toJson(QJsonDocument::Compact);
        const qsizetype split = QJsonDocument(QJsonArray{key}).toJson(QJsonDocument::Compact).size() - 1;
        out += pair.mid(1, split - 1) + ':' + pair.mid(split + 1, pair.size() - split - 2);
    }
    return out + '}';
}

} // namespace

void Envelope::print(const QJsonObject &envelope, bool stream)
{
    const bool pretty = !stream && isatty(STDOUT_FILENO);
    QByteArray bytes =
        pretty ? QJsonDocument(envelope).toJson(QJsonDocument::Indented) : orderedCompact(envelope);
    if (!bytes.endsWith('\n'))
        bytes.append('\n');
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void Envelope::note(const QString &message)
{
    const QByteArray line = "sanzaru-qt: " + message.toUtf8() + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

int Envelope::aggregate(const QList<int> &codes)
{
    if (std::all_of(codes.begin(), codes.end(), [](int c) { return c == ExitOk; }))
        return ExitOk;
    if (codes.contains(ExitOk))
        return ExitPartial;
    if (codes.contains(ExitTimeout))
        return ExitTimeout;
    return *std::max_element(codes.begin(), codes.end());
}

} // namespace Sanzaru::App::Cli

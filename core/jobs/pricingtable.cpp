// SPDX-License-Identifier: MIT
#include "pricingtable.h"

#include "tools/videomodeltable.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cmath>

namespace Sanzaru::Core {

namespace {

QString argument(const QJsonObject &args, const char *name, const QString &fallback = {})
{
    const QString value = args.value(QLatin1String(name)).toString();
    return value.isEmpty() ? fallback : value;
}

// "quality → size → price" or "size → price" objects; non-numbers are a malformed table.
Result<QHash<QString, double>> priceMap(const QJsonValue &value, const QString &where)
{
    if (!value.isObject())
        return Error::badInput(QStringLiteral("Pricing table: %1 must be an object of prices").arg(where));
    QHash<QString, double> out;
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isDouble() || it.value().toDouble() < 0)
            return Error::badInput(
                QStringLiteral("Pricing table: %1.%2 must be a non-negative number").arg(where, it.key()));
        out.insert(it.key(), it.value().toDouble());
    }
    return out;
}

QHash<QString, QString> aliasMap(const QJsonValue &value)
{
    QHash<QString, QString> out;
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it)
        out.insert(it.key(), it.value().toString());
    return out;
}

std::optional<qint64> pixelCount(const QString &size)
{
    static const QRegularExpression wxh(QStringLiteral("^(\\d{1,5})x(\\d{1,5})$"));
    const QRegularExpressionMatch m = wxh.match(size);
    if (!m.hasMatch())
        return std::nullopt;
    return m.captured(1).toLongLong() * m.captured(2).toLongLong();
}

std::optional<Estimate> noEstimate(QString *reason, const QString &why)
{
    if (reason)
        *reason = why;
    return std::nullopt;
}

} // namespace

PricingTable PricingTable::load()
{
    if (Result<PricingTable> table = fromJson(VideoModelTable::builtInJson()))
        return *table;
    // Only a broken build gets here; an empty table gives "no estimate" everywhere rather than a crash.
    return PricingTable();
}

Result<PricingTable> PricingTable::fromJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return Error::badInput(
            QStringLiteral("Pricing table is not a JSON object: %1").arg(parseError.errorString()));
    const QJsonObject root = doc.object();
    PricingTable table;
    table.m_asOf = root.value(QStringLiteral("as_of")).toString();
    table.m_source = root.value(QStringLiteral("source")).toString();

    const QJsonObject video = root.value(QStringLiteral("video")).toObject();
    const QJsonObject videoModels = video.value(QStringLiteral("models")).toObject();
    for (auto it = videoModels.begin(); it != videoModels.end(); ++it) {
        const QJsonObject entry = it.value().toObject();
        const QJsonValue price = entry.value(QStringLiteral("per_second"));
        QHash<QString, double> bySize;
        if (price.isDouble() && price.toDouble() >= 0) {
            table.m_videoFlatPrices.insert(it.key(), price.toDouble());
        } else if (!price.isUndefined() && !price.isNull()) {
            Result<QHash<QString, double>> perSecond = priceMap(price, QStringLiteral("video.") + it.key());
            if (!perSecond)
                return perSecond.error();
            bySize = *perSecond;
        }
        table.m_videoModels.insert(it.key(), bySize);
        const QString defaultSize = entry.value(QStringLiteral("default_size")).toString();
        if (!defaultSize.isEmpty())
            table.m_videoDefaultSizes.insert(it.key(), defaultSize);
    }
    table.m_videoAliases = aliasMap(video.value(QStringLiteral("aliases")));
    table.m_defaultSeconds = video.value(QStringLiteral("default_seconds")).toString(table.m_defaultSeconds);
    table.m_defaultVideoSize = video.value(QStringLiteral("default_size")).toString(table.m_defaultVideoSize);

    const QJsonObject images = root.value(QStringLiteral("images")).toObject();
    const QJsonObject imageModels = images.value(QStringLiteral("models")).toObject();
    for (auto it = imageModels.begin(); it != imageModels.end(); ++it) {
        const QJsonObject entry = it.value().toObject();
        ImageModel model;
        model.estimate = entry.value(QStringLiteral("estimate")).toBool();
        model.scaleByPixels = entry.value(QStringLiteral("scale_by_pixels")).toBool();
        const QJsonObject qualities = entry.value(QStringLiteral("per_image")).toObject();
        for (auto q = qualities.begin(); q != qualities.end(); ++q) {
            Result<QHash<QString, double>> bySize =
                priceMap(q.value(), QStringLiteral("images.%1.%2").arg(it.key(), q.key()));
            if (!bySize)
                return bySize.error();
            model.perImage.insert(q.key(), *bySize);
        }
        if (model.perImage.isEmpty())
            return Error::badInput(
                QStringLiteral("Pricing table: images.%1 has no per_image prices").arg(it.key()));
        table.m_imageModels.insert(it.key(), model);
    }
    table.m_imageAliases = aliasMap(images.value(QStringLiteral("aliases")));
    table.m_autoQuality = images.value(QStringLiteral("auto_quality")).toString(table.m_autoQuality);
    table.m_autoSize = images.value(QStringLiteral("auto_size")).toString(table.m_autoSize);
    table.m_defaultImageModel =
        images.value(QStringLiteral("default_model")).toString(table.m_defaultImageModel);

    if (table.m_videoModels.isEmpty() || table.m_imageModels.isEmpty())
        return Error::badInput(QStringLiteral("Pricing table has no video or no image models"));
    return table;
}

QString PricingTable::formatUsd(double usd)
{
    for (int decimals = 2; decimals < 4; ++decimals) {
        const double scale = std::pow(10.0, decimals);
        if (std::abs(usd * scale - std::round(usd * scale)) < 1e-6)
            return QLatin1Char('$') + QString::number(usd, 'f', decimals);
    }
    return QLatin1Char('$') + QString::number(usd, 'f', 4);
}

std::optional<Estimate> PricingTable::estimate(JobKind kind, const QJsonObject &args, QString *reason) const
{
    switch (kind) {
    case JobKind::Video:
        return videoEstimate(args, reason);
    case JobKind::Remix:
        return noEstimate(
            reason, QStringLiteral("A remix costs what its source video cost (model, size and length of the "
                                   "source); the form does not know them."));
    case JobKind::ImageGenerate:
    case JobKind::ImageEdit: {
        std::optional<Estimate> e = imageEstimate(argument(args, "model", m_defaultImageModel),
                                                  argument(args, "quality", QStringLiteral("auto")),
                                                  argument(args, "size", QStringLiteral("auto")), reason);
        if (e && kind == JobKind::ImageEdit)
            e->explanation += QStringLiteral(". Input images are billed as input tokens, not included.");
        return e;
    }
    case JobKind::ResponsesImage: {
        const QJsonObject tool = args.value(QStringLiteral("tool_config")).toObject();
        std::optional<Estimate> e =
            imageEstimate(tool.value(QStringLiteral("model")).toString(m_defaultImageModel),
                          tool.value(QStringLiteral("quality")).toString(QStringLiteral("auto")),
                          tool.value(QStringLiteral("size")).toString(QStringLiteral("auto")), reason);
        if (e)
            e->explanation += QStringLiteral(". Plus text tokens of the mainline model %1, not included.")
                                  .arg(argument(args, "model", QStringLiteral("gpt-5.2")));
        return e;
    }
    case JobKind::PrepareReference:
        return Estimate{0, QStringLiteral("Prepared locally, no API call: free"), false};
    case JobKind::Download:
        return Estimate{0, QStringLiteral("Downloading a finished video is free"), false};
    }
    return noEstimate(reason, QStringLiteral("Unknown job kind"));
}

std::optional<Estimate> PricingTable::videoEstimate(const QJsonObject &args, QString *reason) const
{
    const QString model = argument(args, "model", QStringLiteral("sora-2"));
    const QString base = m_videoAliases.value(model, model);
    if (!m_videoModels.contains(base))
        return noEstimate(
            reason,
            QStringLiteral("price unknown: no price for video model \"%1\" in the pricing table (as of %2)")
                .arg(model, m_asOf));
    const QHash<QString, double> &prices = m_videoModels[base];
    const bool flat = m_videoFlatPrices.contains(base);
    if (prices.isEmpty() && !flat)
        return noEstimate(reason,
                          QStringLiteral("price unknown: %1 has no published price in the pricing table; "
                                         "the video provider sets it")
                              .arg(model));
    const QString size = argument(args, "size", m_videoDefaultSizes.value(base, m_defaultVideoSize));
    if (!flat && !prices.contains(size))
        return noEstimate(
            reason, QStringLiteral("%1 has no price for %2 (the API offers that size only with other models)")
                        .arg(model, size));
    bool ok = false;
    const int seconds = argument(args, "seconds", m_defaultSeconds).toInt(&ok);
    if (!ok || seconds <= 0)
        return noEstimate(reason, QStringLiteral("Unknown duration \"%1\"").arg(argument(args, "seconds")));
    const double perSecond = flat ? m_videoFlatPrices.value(base) : prices.value(size);
    const double total = perSecond * seconds;
    const QString where = flat ? model : QStringLiteral("%1, %2").arg(model, size);
    return Estimate{total,
                    QStringLiteral("%1, %2 s × %3/s = %4")
                        .arg(where, QString::number(seconds), formatUsd(perSecond), formatUsd(total)),
                    false};
}

std::optional<Estimate> PricingTable::imageEstimate(const QString &modelName, const QString &qualityArg,
                                                    const QString &sizeArg, QString *reason) const
{
    const QString base = m_imageAliases.value(modelName, modelName);
    if (!m_imageModels.contains(base))
        return noEstimate(reason,
                          QStringLiteral("No price for image model \"%1\" in the pricing table (as of %2)")
                              .arg(modelName, m_asOf));
    const ImageModel &model = m_imageModels[base];
    const bool autoQuality = qualityArg == QStringLiteral("auto");
    const bool autoSize = sizeArg == QStringLiteral("auto");
    const QString quality = autoQuality ? m_autoQuality : qualityArg;
    const QString size = autoSize ? m_autoSize : sizeArg;
    if (!model.perImage.contains(quality))
        return noEstimate(reason,
                          QStringLiteral("%1 has no price for quality \"%2\"").arg(modelName, quality));
    const QHash<QString, double> &bySize = model.perImage[quality];

    QStringList parts{modelName};
    parts.append(autoQuality ? QStringLiteral("quality auto (priced as %1)").arg(quality) : quality);
    double price = 0;
    if (bySize.contains(size)) {
        price = bySize.value(size);
        parts.append(autoSize ? QStringLiteral("size auto (priced as %1)").arg(size) : size);
    } else {
        const std::optional<qint64> pixels = pixelCount(size);
        const QString reference = QStringLiteral("1024x1024");
        if (!model.scaleByPixels || !pixels || !bySize.contains(reference))
            return noEstimate(reason, QStringLiteral("%1 has no price for size %2").arg(modelName, size));
        const double factor = double(*pixels) / (1024.0 * 1024.0);
        price = bySize.value(reference) * factor;
        parts.append(
            QStringLiteral("%1 (%2 × the %3 price %4)")
                .arg(size, QString::number(factor, 'f', 2), reference, formatUsd(bySize.value(reference))));
    }
    QString explanation = parts.join(QStringLiteral(", ")) + QStringLiteral(": ");
    if (model.estimate)
        explanation += QStringLiteral("≈ %1 per image (estimate, no published price)").arg(formatUsd(price));
    else
        explanation += QStringLiteral("%1 per image").arg(formatUsd(price));
    return Estimate{price, explanation, model.estimate};
}

} // namespace Sanzaru::Core

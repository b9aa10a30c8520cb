// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "jobs/jobtypes.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace Sanzaru::Core {

/// What a job is expected to cost, and how that number came about.
struct Estimate
{
    double usd = 0;
    /// e.g. "sora-2, 8 s × $0.10/s = $0.80"; says "estimate" when the price itself is a guess.
    QString explanation;
    /// True when a price in the chain is marked as an estimate in the table (not a published price).
    bool approximate = false;
};

/// The one price table of the app (core/jobs/pricing.json, compiled in as a resource): video per
/// second by model and size, images per image by model, quality and size. Known models without a
/// published price (gateway models) are listed without one and estimate as "price unknown". The rules (auto
/// values, aliases, pixel scaling, what is not included) are written down in the JSON itself, so updating a
/// price never needs a code change. A value type; copy it freely.
class PricingTable
{
public:
    /// The table compiled into the binary.
    static PricingTable load();
    /// Parses a table; rejects malformed JSON and a table without video or image models.
    static Result<PricingTable> fromJson(const QByteArray &json);

    /// The cost of one job of this kind started with these tool arguments (those of
    /// startToolName(kind)). No estimate when the model or size has no price (reason says why).
    std::optional<Estimate> estimate(JobKind kind, const QJsonObject &toolArguments,
                                     QString *reason = nullptr) const;

    QString asOf() const { return m_asOf; }
    QString source() const { return m_source; }
    QStringList videoModels() const { return m_videoModels.keys(); }
    QStringList imageModels() const { return m_imageModels.keys(); }

    /// "$0.80", "$0.042", "$0.0765": two decimals, more only when the value needs them (up to four).
    static QString formatUsd(double usd);

private:
    struct ImageModel
    {
        QHash<QString, QHash<QString, double>> perImage; // quality → size → USD
        bool estimate = false;
        bool scaleByPixels = false;
    };

    std::optional<Estimate> videoEstimate(const QJsonObject &args, QString *reason) const;
    std::optional<Estimate> imageEstimate(const QString &model, const QString &quality, const QString &size,
                                          QString *reason) const;

    QString m_asOf;
    QString m_source;
    QHash<QString, QHash<QString, double>> m_videoModels; // model → size → USD per second (empty: see below)
    QHash<QString, double> m_videoFlatPrices;             // model → USD per second at every size
    QHash<QString, QString> m_videoDefaultSizes;          // model → size the API uses when none is sent
    QHash<QString, QString> m_videoAliases;
    QString m_defaultSeconds = QStringLiteral("4");
    QString m_defaultVideoSize = QStringLiteral("720x1280");
    QHash<QString, ImageModel> m_imageModels;
    QHash<QString, QString> m_imageAliases;
    QString m_autoQuality = QStringLiteral("medium");
    QString m_autoSize = QStringLiteral("1024x1024");
    QString m_defaultImageModel = QStringLiteral("gpt-image-2");
};

} // namespace Sanzaru::Core

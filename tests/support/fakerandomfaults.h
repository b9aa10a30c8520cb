// SPDX-License-Identifier: MIT
#pragma once

#include "fakefault.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QRandomGenerator>
#include <QString>

#include <optional>

namespace Sanzaru::Testing {

/// Seeded random faults for soak tests: each candidate fault has a probability per matching request, and a
/// request draws at most one of them. The same seed gives the same stream of draws, so a run that failed
/// can be replayed (request order between concurrent clients may still differ). Not thread-safe:
/// FakeOpenAiServer serialises every call with its mutex.
class FakeRandomFaults
{
public:
    explicit FakeRandomFaults(quint64 seed = 1);

    /// A fault drawn with `probability` (0..1) for requests whose method and path match (the patterns of
    /// FakeOpenAiServer::addFault). `name` labels it in counts(). The candidates' probabilities for one
    /// request add up; their sum should stay below 1.
    void add(const QString &name, double probability, const Fault &fault, const QByteArray &method = {},
             const QString &pathPattern = QStringLiteral("*"));

    /// At most one fault for this request (its `times` is irrelevant here), counted under its name.
    std::optional<Fault> draw(const QByteArray &method, const QString &path);

    quint64 seed() const { return m_seed; }
    /// Faults injected so far, by name.
    QMap<QString, int> counts() const { return m_counts; }

private:
    struct Candidate
    {
        QString name;
        double probability = 0;
        Fault fault;
        QByteArray method;
        QString pattern;
    };

    quint64 m_seed;
    QRandomGenerator m_random;
    QList<Candidate> m_candidates;
    QMap<QString, int> m_counts;
};

} // namespace Sanzaru::Testing

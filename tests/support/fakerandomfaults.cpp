// SPDX-License-Identifier: MIT
#include "fakerandomfaults.h"

namespace Sanzaru::Testing {

FakeRandomFaults::FakeRandomFaults(quint64 seed)
    : m_seed(seed)
    , m_random(quint32(seed ^ (seed >> 32)))
{}

void FakeRandomFaults::add(const QString &name, double probability, const Fault &fault,
                           const QByteArray &method, const QString &pathPattern)
{
    if (probability > 0)
        m_candidates.append(Candidate{name, probability, fault, method, pathPattern});
}

std::optional<Fault> FakeRandomFaults::draw(const QByteArray &method, const QString &path)
{
    // One draw per request whatever matches, so the stream of draws depends only on the request count.
    const double roll = m_random.generateDouble();
    double cumulative = 0;
    for (const Candidate &c : std::as_const(m_candidates)) {
        if (!Fault::methodMatches(c.method, method) || !Fault::pathMatches(c.pattern, path))
            continue;
        cumulative += c.probability;
        if (roll < cumulative) {
            ++m_counts[c.name];
            return c.fault;
        }
    }
    return std::nullopt;
}

} // namespace Sanzaru::Testing

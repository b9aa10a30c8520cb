// SPDX-License-Identifier: MIT
#include "decodebudget.h"

#include <QMutexLocker>

#include <algorithm>
#include <utility>

namespace Sanzaru::Core {

DecodeBudget &DecodeBudget::shared()
{
    static DecodeBudget budget(sharedBytes);
    return budget;
}

DecodeBudget::DecodeBudget(qint64 totalBytes)
    : m_total(std::max<qint64>(1, totalBytes))
{}

DecodeBudget::Reservation::Reservation(DecodeBudget *budget, qint64 bytes)
    : m_budget(budget)
    , m_bytes(bytes)
{}

DecodeBudget::Reservation::Reservation(Reservation &&other) noexcept
    : m_budget(std::exchange(other.m_budget, nullptr))
    , m_bytes(std::exchange(other.m_bytes, 0))
{}

DecodeBudget::Reservation &DecodeBudget::Reservation::operator=(Reservation &&other) noexcept
{
    if (this != &other) {
        release();
        m_budget = std::exchange(other.m_budget, nullptr);
        m_bytes = std::exchange(other.m_bytes, 0);
    }
    return *this;
}

DecodeBudget::Reservation::~Reservation()
{
    release();
}

void DecodeBudget::Reservation::release()
{
    if (m_budget)
        m_budget->give(m_bytes);
    m_budget = nullptr;
    m_bytes = 0;
}

DecodeBudget::Reservation DecodeBudget::reserve(qint64 bytes)
{
    const qint64 wanted = std::clamp<qint64>(bytes, 1, m_total);
    QMutexLocker lock(&m_mutex);
    while (m_total - m_used < wanted)
        m_freed.wait(&m_mutex);
    m_used += wanted;
    return Reservation(this, wanted);
}

DecodeBudget::Reservation DecodeBudget::tryReserve(qint64 bytes)
{
    const qint64 wanted = std::clamp<qint64>(bytes, 1, m_total);
    QMutexLocker lock(&m_mutex);
    if (m_total - m_used < wanted)
        return {};
    m_used += wanted;
    return Reservation(this, wanted);
}

qint64 DecodeBudget::available() const
{
    QMutexLocker lock(&m_mutex);
    return m_total - m_used;
}

void DecodeBudget::give(qint64 bytes)
{
    QMutexLocker lock(&m_mutex);
    m_used -= bytes;
    m_freed.wakeAll();
}

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include <QMutex>
#include <QWaitCondition>

namespace Sanzaru::Core {

/// Bytes of decoded pixels that may exist at once across all concurrent decodes, so a worker pool
/// of N threads cannot multiply the per-decode limit by N. A reservation larger than the total is
/// clamped to the total (it then runs alone). reserve() blocks the calling worker thread until the
/// bytes are free; never call it on an event-loop thread. Thread-safe.
class DecodeBudget
{
public:
    /// The process-wide budget used by ImageSniffer::read().
    static constexpr qint64 sharedBytes = qint64(1) << 30;
    static DecodeBudget &shared();

    explicit DecodeBudget(qint64 totalBytes);
    DecodeBudget(const DecodeBudget &) = delete;
    DecodeBudget &operator=(const DecodeBudget &) = delete;

    /// Releases its bytes when destroyed.
    class Reservation
    {
    public:
        Reservation() = default;
        Reservation(Reservation &&other) noexcept;
        Reservation &operator=(Reservation &&other) noexcept;
        ~Reservation();
        qint64 bytes() const { return m_bytes; }

    private:
        friend class DecodeBudget;
        Reservation(DecodeBudget *budget, qint64 bytes);
        void release();
        DecodeBudget *m_budget = nullptr;
        qint64 m_bytes = 0;
    };

    Reservation reserve(qint64 bytes);
    /// Like reserve() but never waits: an empty Reservation (bytes() == 0) when not free now.
    Reservation tryReserve(qint64 bytes);
    qint64 available() const;
    qint64 total() const { return m_total; }

private:
    void give(qint64 bytes);

    const qint64 m_total;
    qint64 m_used = 0;
    mutable QMutex m_mutex;
    QWaitCondition m_freed;
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "largebuffer.h"

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <utility>

namespace Sanzaru::Core {

namespace {

// Below this a mapping is not worth a system call: malloc's own arenas are warm.
constexpr std::size_t kMapThreshold = std::size_t(1) << 20;
constexpr std::size_t kHugePage = std::size_t(2) << 20;

} // namespace

LargeBuffer::LargeBuffer(std::size_t bytes)
    : m_size(bytes)
{
    if (bytes == 0)
        return;
    if (bytes >= kMapThreshold) {
        // Map one huge page more than needed and trim both ends, so that the buffer starts on a 2 MiB
        // boundary and every 2 MiB of it can be a single transparent huge page.
        const std::size_t mapped = (bytes + kHugePage - 1) / kHugePage * kHugePage;
        void *p =
            ::mmap(nullptr, mapped + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p != MAP_FAILED) {
            const auto raw = reinterpret_cast<std::uintptr_t>(p);
            const std::uintptr_t aligned = (raw + kHugePage - 1) & ~std::uintptr_t(kHugePage - 1);
            if (aligned > raw)
                ::munmap(p, aligned - raw);
            if (const std::size_t tail = raw + mapped + kHugePage - (aligned + mapped); tail > 0)
                ::munmap(reinterpret_cast<void *>(aligned + mapped), tail);
#ifdef MADV_HUGEPAGE
            ::madvise(reinterpret_cast<void *>(aligned), mapped, MADV_HUGEPAGE); // ignored where THP is off
#endif
            m_data = reinterpret_cast<uchar *>(aligned);
            m_mapped = mapped;
            return;
        }
    }
    m_data = static_cast<uchar *>(std::calloc(bytes, 1));
    if (!m_data)
        m_size = 0;
}

LargeBuffer::~LargeBuffer()
{
    release();
}

LargeBuffer::LargeBuffer(LargeBuffer &&other) noexcept
    : m_data(std::exchange(other.m_data, nullptr))
    , m_size(std::exchange(other.m_size, 0))
    , m_mapped(std::exchange(other.m_mapped, 0))
{}

LargeBuffer &LargeBuffer::operator=(LargeBuffer &&other) noexcept
{
    if (this != &other) {
        release();
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
        m_mapped = std::exchange(other.m_mapped, 0);
    }
    return *this;
}

void LargeBuffer::release()
{
    if (!m_data)
        return;
    if (m_mapped)
        ::munmap(m_data, m_mapped);
    else
        std::free(m_data);
    m_data = nullptr;
    m_size = 0;
    m_mapped = 0;
}

} // namespace Sanzaru::Core

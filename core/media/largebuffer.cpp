// SPDX-License-Identifier: MIT
#include "largebuffer.h"

#include <sys/mman.h>

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
        const std::size_t mapped = (bytes + kHugePage - 1) / kHugePage * kHugePage;
        void *p = ::mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p != MAP_FAILED) {
#ifdef MADV_HUGEPAGE
            ::madvise(p, mapped, MADV_HUGEPAGE); // advisory: ignored where transparent huge pages are off
#endif
            m_data = static_cast<uchar *>(p);
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

// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

#include <cstddef>

namespace Sanzaru::Core {

/// A zero-initialised buffer for the big scratch areas of the image pipeline (PNG filter rows, output
/// canvases): mmap'd with MADV_HUGEPAGE so that a one-shot process touching a few megabytes takes a
/// handful of page faults instead of one per 4 KiB; plain calloc when mmap is refused. Move-only.
class LargeBuffer
{
public:
    LargeBuffer() = default;
    /// Empty (data() null) when the memory cannot be had.
    explicit LargeBuffer(std::size_t bytes);
    ~LargeBuffer();
    LargeBuffer(LargeBuffer &&other) noexcept;
    LargeBuffer &operator=(LargeBuffer &&other) noexcept;
    LargeBuffer(const LargeBuffer &) = delete;
    LargeBuffer &operator=(const LargeBuffer &) = delete;

    uchar *data() const { return m_data; }
    std::size_t size() const { return m_size; }
    bool isNull() const { return m_data == nullptr; }

private:
    void release();

    uchar *m_data = nullptr;
    std::size_t m_size = 0;
    std::size_t m_mapped = 0; ///< bytes mmap'd, 0 when calloc'd
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#include "lineframer.h"

namespace Sanzaru::Core {

LineFramer::LineFramer(qsizetype maxMessageBytes)
    : m_max(maxMessageBytes)
{
}

bool LineFramer::feed(QByteArrayView bytes, QList<QByteArray> *messages)
{
    if (m_overflowed)
        return false;
    m_buffer.append(bytes.data(), bytes.size());
    qsizetype start = 0;
    for (;;) {
        const qsizetype newline = m_buffer.indexOf('\n', qMax(start, m_scanFrom));
        if (newline < 0)
            break;
        qsizetype end = newline;
        if (end > start && m_buffer.at(end - 1) == '\r')
            --end;
        if (end - start > m_max) {
            m_overflowed = true;
            m_buffer.clear();
            return false;
        }
        if (end > start)
            messages->append(m_buffer.mid(start, end - start));
        start = newline + 1;
        m_scanFrom = start;
    }
    m_buffer.remove(0, start);
    m_scanFrom = m_buffer.size(); // no newline in what is left: do not scan it again
    // A trailing '\r' may be the first half of the CRLF ending a message of exactly the cap.
    if (m_buffer.size() - (m_buffer.endsWith('\r') ? 1 : 0) > m_max) {
        m_overflowed = true;
        m_buffer.clear();
        return false;
    }
    return true;
}

} // namespace Sanzaru::Core

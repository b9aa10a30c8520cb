// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace Sanzaru::Core {

/// Splits a byte stream into newline-delimited messages (MCP stdio framing, also used on the local
/// socket): any number of messages per read, one message across many reads, a trailing '\r'
/// tolerated, empty lines skipped, and a cap on the length of one message.
class LineFramer
{
public:
    static constexpr qsizetype defaultMaxMessageBytes = 64LL * 1024 * 1024;

    explicit LineFramer(qsizetype maxMessageBytes = defaultMaxMessageBytes);

    /// Appends bytes and moves complete messages to *messages. Returns false once a message grew past
    /// the cap; the framer then discards everything (the connection should be closed).
    bool feed(QByteArrayView bytes, QList<QByteArray> *messages);
    bool overflowed() const { return m_overflowed; }
    qsizetype maxMessageBytes() const { return m_max; }

private:
    QByteArray m_buffer;
    qsizetype m_max;
    qsizetype m_scanFrom = 0;
    bool m_overflowed = false;
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
// LineFramer: newline-delimited framing of the MCP stdio / local-socket byte stream, fed in every chunking.
#include "mcp/lineframer.h"

#include <QByteArray>
#include <QList>
#include <QTest>

using Sanzaru::Core::LineFramer;

namespace {

using Messages = QList<QByteArray>;

struct FeedOutcome
{
    Messages messages;
    bool ok = true;        ///< every feed returned true
    int firstFailure = -1; ///< index of the first feed that returned false
    bool laterFeedsFailed = true;
};

// Feeds input in pieces of chunk bytes (0 = everything at once) and collects the messages.
FeedOutcome feedInChunks(LineFramer &framer, const QByteArray &input, qsizetype chunk)
{
    FeedOutcome out;
    const qsizetype step = chunk > 0 ? chunk : qMax<qsizetype>(1, input.size());
    int index = 0;
    for (qsizetype pos = 0; pos < input.size(); pos += step, ++index) {
        const bool fed =
            framer.feed(QByteArrayView(input).sliced(pos, qMin(step, input.size() - pos)), &out.messages);
        if (!fed && out.ok) {
            out.ok = false;
            out.firstFailure = index;
        } else if (fed && !out.ok) {
            out.laterFeedsFailed = false;
        }
    }
    return out;
}

} // namespace

class tst_LineFramer : public QObject
{
    Q_OBJECT

private slots:
    void framing_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<qsizetype>("cap");
        QTest::addColumn<qsizetype>("chunk");
        QTest::addColumn<Messages>("expected");
        QTest::addColumn<bool>("ok");

        const QByteArray atCap(10, 'x');
        const QByteArray overCap(11, 'y');
        struct Case
        {
            const char *name;
            QByteArray input;
            qsizetype cap;
            Messages expected;
            bool ok;
        };
        const QList<Case> cases{
            {"empty input", QByteArray(), 10, {}, true},
            {"only newlines", "\n\n\n", 10, {}, true},
            {"one message", "{\"a\":1}\n", 100, {"{\"a\":1}"}, true},
            {"several messages in one feed",
             "{\"a\":1}\n{\"b\":2}\n[3]\n",
             100,
             {"{\"a\":1}", "{\"b\":2}", "[3]"},
             true},
            {"incomplete tail is kept back", "one\ntwo", 100, {"one"}, true},
            {"trailing CR stripped", "{\"a\":1}\r\n{\"b\":2}\r\n", 100, {"{\"a\":1}", "{\"b\":2}"}, true},
            {"only the last CR is stripped", "a\r\r\n", 100, {"a\r"}, true},
            {"CR inside a line kept", "a\rb\n", 100, {"a\rb"}, true},
            {"empty lines skipped", "\n\na\n\n\nb\n\n", 100, {"a", "b"}, true},
            {"CRLF-only lines skipped", "\r\n\r\na\r\n\r\n", 100, {"a"}, true},
            {"message exactly at the cap", atCap + '\n', 10, {atCap}, true},
            {"message exactly at the cap with CRLF", atCap + "\r\n", 10, {atCap}, true},
            {"messages at the cap back to back",
             atCap + '\n' + atCap + "\r\n" + atCap + '\n',
             10,
             {atCap, atCap, atCap},
             true},
            {"partial line exactly at the cap", atCap, 10, {}, true},
            {"one byte over the cap", overCap + '\n', 10, {}, false},
            {"one byte over the cap after good messages", "ok\n" + overCap + "\nlater\n", 10, {"ok"}, false},
            {"partial line over the cap without newline", overCap, 10, {}, false},
            {"long partial line after a message", "hi\n" + QByteArray(50, 'z'), 10, {"hi"}, false},
            {"binary-ish bytes pass through", QByteArray("a\0b\n", 4), 10, {QByteArray("a\0b", 3)}, true},
        };
        for (const Case &c : cases) {
            for (const qsizetype chunk :
                 {qsizetype(0), qsizetype(1), qsizetype(2), qsizetype(3), qsizetype(7)}) {
                QTest::addRow("%s / chunk %lld", c.name, qlonglong(chunk))
                    << c.input << c.cap << chunk << c.expected << c.ok;
            }
        }
    }

    void framing()
    {
        QFETCH(QByteArray, input);
        QFETCH(qsizetype, cap);
        QFETCH(qsizetype, chunk);
        QFETCH(Messages, expected);
        QFETCH(bool, ok);

        LineFramer framer(cap);
        QCOMPARE(framer.maxMessageBytes(), cap);
        const FeedOutcome out = feedInChunks(framer, input, chunk);
        QCOMPARE(out.messages, expected);
        QCOMPARE(out.ok, ok);
        QCOMPARE(framer.overflowed(), !ok);
        QVERIFY2(out.laterFeedsFailed, "a framer that overflowed must keep refusing");
        if (!ok) {
            // Once overflowed it stays so, and nothing more comes out, not even well-formed lines.
            Messages more;
            QVERIFY(!framer.feed("fine\n", &more));
            QVERIFY(more.isEmpty());
            QVERIFY(framer.overflowed());
        }
    }

    void emptyFeedsChangeNothing()
    {
        LineFramer framer(100);
        Messages messages;
        QVERIFY(framer.feed({}, &messages));
        QVERIFY(framer.feed("par", &messages));
        QVERIFY(framer.feed(QByteArrayView(), &messages));
        QVERIFY(framer.feed("tial\n", &messages));
        QVERIFY(framer.feed("", &messages));
        QCOMPARE(messages, (Messages{"partial"}));
        QVERIFY(!framer.overflowed());
    }

    void messagesAreAppendedToTheCallersList()
    {
        LineFramer framer;
        QCOMPARE(framer.maxMessageBytes(), LineFramer::defaultMaxMessageBytes);
        Messages messages{"earlier"};
        QVERIFY(framer.feed("a\nb\n", &messages));
        QCOMPARE(messages, (Messages{"earlier", "a", "b"}));
    }

    void messageSplitAcrossManyFeedsByteByByte()
    {
        const QByteArray message = R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x"}})";
        LineFramer framer(message.size());
        Messages messages;
        for (const char c : message) {
            QVERIFY(framer.feed(QByteArrayView(&c, 1), &messages));
            QVERIFY(messages.isEmpty());
        }
        QVERIFY(framer.feed("\r", &messages)); // at the cap plus the CR that the LF will strip
        QVERIFY(messages.isEmpty());
        QVERIFY(framer.feed("\n", &messages));
        QCOMPARE(messages, (Messages{message}));
        QVERIFY(!framer.overflowed());
    }

    void capCountsOneMessageNotTheWholeBuffer()
    {
        // Several messages in one read may together exceed the cap; only a single message may not.
        LineFramer framer(8);
        Messages messages;
        QByteArray input;
        for (int i = 0; i < 100; ++i)
            input += "1234567\n";
        QVERIFY(framer.feed(input, &messages));
        QCOMPARE(messages.size(), 100);
        QVERIFY(!framer.overflowed());
    }

    void manySmallMessages_data()
    {
        QTest::addColumn<qsizetype>("chunk");
        QTest::newRow("1 byte") << qsizetype(1);
        QTest::newRow("13 bytes") << qsizetype(13);
        QTest::newRow("4 KiB") << qsizetype(4096);
        QTest::newRow("one feed") << qsizetype(0);
    }

    void manySmallMessages()
    {
        // 200k lines: a framer that rescans or shifts its whole buffer per line would take minutes.
        QFETCH(qsizetype, chunk);
        constexpr int count = 200000;
        QByteArray input;
        input.reserve(count * 32);
        for (int i = 0; i < count; ++i) {
            input += "{\"id\":";
            input += QByteArray::number(i);
            input += (i % 3 == 0) ? "}\r\n" : "}\n";
        }
        LineFramer framer(64);
        FeedOutcome out = feedInChunks(framer, input, chunk);
        QVERIFY(out.ok);
        QCOMPARE(out.messages.size(), count);
        for (int i = 0; i < count; i += 9973)
            QCOMPARE(out.messages.at(i), "{\"id\":" + QByteArray::number(i) + '}');
        QCOMPARE(out.messages.last(), "{\"id\":" + QByteArray::number(count - 1) + '}');
    }

    void hugeMessageInSmallFeeds_data()
    {
        QTest::addColumn<qsizetype>("chunk");
        QTest::newRow("1 byte") << qsizetype(1);
        QTest::newRow("4 KiB") << qsizetype(4096);
    }

    void hugeMessageInSmallFeeds()
    {
        // A 4 MiB line arriving in small reads must not be rescanned from its start on every read.
        QFETCH(qsizetype, chunk);
        QByteArray big(4 * 1024 * 1024, 'q');
        big[0] = '{';
        big[big.size() - 1] = '}';
        const QByteArray input = "a\n" + big + "\nb\n";
        LineFramer framer(big.size());
        const FeedOutcome out = feedInChunks(framer, input, chunk);
        QVERIFY(out.ok);
        QCOMPARE(out.messages.size(), 3);
        QCOMPARE(out.messages.at(0), QByteArray("a"));
        QVERIFY(out.messages.at(1) == big);
        QCOMPARE(out.messages.at(2), QByteArray("b"));
    }
};

QTEST_GUILESS_MAIN(tst_LineFramer)
#include "tst_lineframer.moc"

// SPDX-License-Identifier: MIT
#include "base64payloads.h"

#include "openai/apirequest.h"

#include <QJsonValue>

namespace Sanzaru::Core {

namespace {
constexpr char markerPrefix[] = "sanzaru-payload:";

bool isBase64Char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/' || c == '=';
}

// A string is a value (not a key) when a ':' precedes its opening quote.
bool isValue(const char *data, qsizetype quote)
{
    for (qsizetype k = quote - 1; k >= 0; --k) {
        const char c = data[k];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        return c == ':';
    }
    return false;
}

struct Span
{
    qsizetype begin; // first character inside the quotes
    qsizetype end;   // the closing quote
};
} // namespace

QByteArray Base64Payloads::marker(qsizetype index)
{
    return QByteArray(markerPrefix) + QByteArray::number(index);
}

qsizetype Base64Payloads::indexOf(const QByteArray &text)
{
    if (!text.startsWith(markerPrefix))
        return -1;
    bool ok = false;
    const qsizetype index = text.mid(qsizetype(sizeof(markerPrefix) - 1)).toLongLong(&ok);
    return ok && index >= 0 ? index : -1;
}

QList<QByteArray> Base64Payloads::extract(QByteArray *body, qsizetype threshold)
{
    QList<Span> spans;
    {
        const char *data = body->constData();
        const qsizetype size = body->size();
        qsizetype i = 0;
        while (i < size) {
            if (data[i] != '"') {
                ++i;
                continue;
            }
            const qsizetype begin = i + 1;
            qsizetype j = begin;
            bool plain = true;
            while (j < size && data[j] != '"') {
                if (data[j] == '\\') { // escapes never occur in base64; leave such strings to the parser
                    plain = false;
                    j += 2;
                    continue;
                }
                plain = plain && isBase64Char(data[j]);
                ++j;
            }
            if (j >= size)
                break; // unterminated: the JSON parser reports it
            if (plain && j - begin >= threshold && isValue(data, i))
                spans.append({begin, j});
            i = j + 1;
        }
    }
    if (spans.isEmpty())
        return {};

    qsizetype largest = 0;
    qsizetype moved = 0;
    for (qsizetype k = 0; k < spans.size(); ++k) {
        moved += spans[k].end - spans[k].begin;
        if (spans[k].end - spans[k].begin > spans[largest].end - spans[largest].begin)
            largest = k;
    }
    QByteArray rest;
    rest.reserve(body->size() - moved + spans.size() * 32);
    qsizetype pos = 0;
    for (qsizetype k = 0; k < spans.size(); ++k) {
        rest.append(body->constData() + pos, spans[k].begin - pos);
        rest.append(marker(k));
        pos = spans[k].end;
    }
    rest.append(body->constData() + pos, body->size() - pos);

    QList<QByteArray> payloads(spans.size());
    for (qsizetype k = 0; k < spans.size(); ++k)
        if (k != largest)
            payloads[k] = body->sliced(spans[k].begin, spans[k].end - spans[k].begin);
    // Trimming a buffer we own moves no bytes: Qt drops the prefix by advancing the start.
    QByteArray big = std::move(*body);
    big.truncate(spans[largest].end);
    big.remove(0, spans[largest].begin);
    payloads[largest] = std::move(big);
    *body = std::move(rest);
    return payloads;
}

QByteArray ApiResponse::stringBytes(const QJsonValue &value) const
{
    if (!value.isString())
        return {};
    const QString text = value.toString();
    if (!payloads.isEmpty()) {
        const qsizetype index = Base64Payloads::indexOf(text.toLatin1());
        if (index >= 0 && index < payloads.size())
            return payloads.at(index);
    }
    return text.toLatin1();
}

} // namespace Sanzaru::Core

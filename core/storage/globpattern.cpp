// SPDX-License-Identifier: MIT
#include "globpattern.h"

namespace Sanzaru::Core {

GlobPattern::GlobPattern(const QString &pattern)
{
    if (pattern.size() > maxLength) {
        m_valid = false;
        m_tooLong = true;
        return;
    }
    const QString p = pattern.isEmpty() ? QStringLiteral("*") : pattern;
    if (p.startsWith(QLatin1Char('/')) || p.contains(QChar(0))) {
        m_valid = false;
        return;
    }
    const QStringList parts = p.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        if (part == QLatin1String("."))
            continue;
        if (part == QLatin1String("..")) {
            m_valid = false;
            return;
        }
        m_segments.append(compile(part));
    }
    if (m_segments.isEmpty()) {
        m_valid = false;
        return;
    }
    // pathlib lists folders for a trailing "**"; a file listing wants the files below instead.
    if (m_segments.constLast().recursive)
        m_segments.append(compile(QStringLiteral("*")));
}

GlobPattern::Segment GlobPattern::compile(const QString &segment)
{
    Segment seg;
    if (segment == QLatin1String("**")) {
        seg.recursive = true;
        return seg;
    }
    // Code points, so "?" matches one character even outside the BMP.
    const QList<uint> pat = segment.toUcs4();
    const qsizetype n = pat.size();
    for (qsizetype i = 0; i < n; ++i) {
        const uint c = pat.at(i);
        Token t;
        if (c == u'*') {
            if (!seg.tokens.isEmpty() && seg.tokens.constLast().type == TokenType::AnyString)
                continue; // "**" inside a segment is just "*"
            t.type = TokenType::AnyString;
        } else if (c == u'?') {
            t.type = TokenType::AnyChar;
        } else if (c == u'[') {
            // fnmatch: "!" negates, a "]" right after "[" or "[!" is a member, no closing "]" → literal "[".
            qsizetype j = i + 1;
            if (j < n && pat.at(j) == u'!')
                ++j;
            if (j < n && pat.at(j) == u']')
                ++j;
            while (j < n && pat.at(j) != u']')
                ++j;
            if (j >= n) {
                t.ch = c;
            } else {
                t.type = TokenType::Set;
                qsizetype k = i + 1;
                if (pat.at(k) == u'!') {
                    t.negated = true;
                    ++k;
                }
                while (k < j) {
                    const uint lo = pat.at(k);
                    if (k + 2 < j && pat.at(k + 1) == u'-') {
                        t.ranges.append({lo, pat.at(k + 2)}); // a reversed range matches nothing
                        k += 3;
                    } else {
                        t.ranges.append({lo, lo});
                        ++k;
                    }
                }
                i = j;
            }
        } else {
            t.ch = c;
        }
        seg.tokens.append(t);
    }
    return seg;
}

bool GlobPattern::tokenMatches(const Token &token, uint c)
{
    switch (token.type) {
    case TokenType::Literal:
        return token.ch == c;
    case TokenType::AnyChar:
        return true;
    case TokenType::AnyString:
        return false;
    case TokenType::Set: {
        bool in = false;
        for (const auto &[lo, hi] : token.ranges) {
            if (c >= lo && c <= hi) {
                in = true;
                break;
            }
        }
        return in != token.negated;
    }
    }
    return false;
}

bool GlobPattern::matches(qsizetype segment, const QString &name, qint64 *steps) const
{
    const Segment &seg = m_segments.at(segment);
    if (seg.recursive)
        return true;
    const QList<Token> &tokens = seg.tokens;
    const QList<uint> s = name.toUcs4();
    const qsizetype m = tokens.size();
    const qsizetype n = s.size();
    // Greedy match with a single backtrack point: a later "*" supersedes the earlier one, so the
    // work is at most (n + 1) x (m + 1) steps whatever the pattern.
    qsizetype p = 0;
    qsizetype i = 0;
    qsizetype starP = -1;
    qsizetype starI = 0;
    qint64 taken = 0;
    while (i < n) {
        ++taken;
        if (p < m && tokens.at(p).type == TokenType::AnyString) {
            starP = p++;
            starI = i;
        } else if (p < m && tokenMatches(tokens.at(p), s.at(i))) {
            ++p;
            ++i;
        } else if (starP >= 0) {
            p = starP + 1;
            i = ++starI;
        } else {
            return false;
        }
    }
    while (p < m && tokens.at(p).type == TokenType::AnyString)
        ++p;
    if (steps)
        *steps += taken + 1;
    return p == m;
}

} // namespace Sanzaru::Core

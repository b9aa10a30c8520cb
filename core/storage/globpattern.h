// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

namespace Sanzaru::Core {

/// A pathlib-style glob split into path segments: "*", "?" and "[...]" (with "!" negation and
/// ranges) match within one segment, never across "/", and match leading dots too; a segment that is
/// exactly "**" matches any number of folders. Matching is case-sensitive and per code point.
/// Absolute patterns and ".." segments are invalid: a listing must never leave its folder.
class GlobPattern
{
public:
    /// An empty pattern means "*". A trailing "**" means "**/*" (every file below).
    explicit GlobPattern(const QString &pattern);

    bool isValid() const { return m_valid; }
    qsizetype segmentCount() const { return m_segments.size(); }
    bool isRecursive(qsizetype segment) const { return m_segments.at(segment).recursive; }
    bool matches(qsizetype segment, const QString &name) const;

private:
    enum class TokenType { Literal, AnyChar, AnyString, Set };
    struct Token
    {
        TokenType type = TokenType::Literal;
        uint ch = 0;
        bool negated = false;
        QList<QPair<uint, uint>> ranges; ///< Set: inclusive ranges; a single char is [c, c]
    };
    struct Segment
    {
        bool recursive = false;
        QList<Token> tokens;
    };

    static Segment compile(const QString &segment);
    static bool tokenMatches(const Token &token, uint c);

    QList<Segment> m_segments;
    bool m_valid = true;
};

} // namespace Sanzaru::Core

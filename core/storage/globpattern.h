// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

namespace Sanzaru::Core {

/// A pathlib-style glob split into path segments: "*", "?" and "[...]" (with "!" negation and
/// ranges) match within one segment, never across "/", and match leading dots too; a segment that is
/// exactly "**" matches any number of folders. Matching is case-sensitive and per code point.
/// Absolute patterns and ".." segments are invalid: a listing must never leave its folder.
/// Matching one segment takes at most (name length + 1) x (tokens + 1) steps: "*" keeps a single
/// backtrack point, so no pattern can make it exponential.
class GlobPattern
{
public:
    /// Longer patterns are refused (FolderLister reports it); no real listing needs more.
    static constexpr qsizetype maxLength = 1024;

    /// An empty pattern means "*". A trailing "**" means "**/*" (every file below).
    explicit GlobPattern(const QString &pattern);

    bool isValid() const { return m_valid; }
    /// True when the pattern is longer than maxLength (then isValid() is false too).
    bool isTooLong() const { return m_tooLong; }
    qsizetype segmentCount() const { return m_segments.size(); }
    bool isRecursive(qsizetype segment) const { return m_segments.at(segment).recursive; }
    /// steps, if given, grows by the number of comparison steps taken (a deterministic cost measure).
    bool matches(qsizetype segment, const QString &name, qint64 *steps = nullptr) const;

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
    bool m_tooLong = false;
};

} // namespace Sanzaru::Core

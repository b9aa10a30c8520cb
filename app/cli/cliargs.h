// SPDX-License-Identifier: MIT
#pragma once

#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace Sanzaru::App::Cli {

/// One verb's command line split into positionals and options. Options are declared up front (the
/// ones that take a value and the boolean flags); anything else starting with '-' is a usage error.
/// `--name=value` and `--name value` both work; a lone "-" is a positional (stdin).
class CliArgs
{
public:
    CliArgs(const QStringList &valueOptions, const QStringList &flagOptions);

    /// Parses; returns false with error() set on an unknown option or a missing value.
    bool parse(const QStringList &arguments);
    QString error() const { return m_error; }

    const QStringList &positionals() const { return m_positionals; }
    bool has(const QString &option) const { return m_values.contains(option) || m_flags.contains(option); }
    QString value(const QString &option, const QString &fallback = {}) const
    {
        return m_values.value(option, fallback);
    }
    QStringList values(const QString &option) const { return m_lists.value(option); }

    /// "90", "90s", "5m", "1h", "1.5m" in seconds; nullopt when malformed or not positive.
    static std::optional<double> parseDuration(const QString &text);

private:
    QStringList m_valueOptions;
    QStringList m_flagOptions;
    QStringList m_positionals;
    QMap<QString, QString> m_values;
    QMap<QString, QStringList> m_lists;
    QSet<QString> m_flags;
    QString m_error;
};

} // namespace Sanzaru::App::Cli

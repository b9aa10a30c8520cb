// SPDX-License-Identifier: MIT
#include "cliargs.h"

namespace Sanzaru::App::Cli {

CliArgs::CliArgs(const QStringList &valueOptions, const QStringList &flagOptions)
    : m_valueOptions(valueOptions)
    , m_flagOptions(flagOptions)
{}

bool CliArgs::parse(const QStringList &arguments)
{
    bool optionsEnded = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (optionsEnded || argument == QLatin1String("-") || !argument.startsWith(QLatin1Char('-'))) {
            m_positionals.append(argument);
            continue;
        }
        if (argument == QLatin1String("--")) {
            optionsEnded = true;
            continue;
        }
        QString name = argument;
        std::optional<QString> inlineValue;
        if (const qsizetype eq = argument.indexOf(QLatin1Char('='));
            argument.startsWith(QLatin1String("--")) && eq > 0) {
            name = argument.left(eq);
            inlineValue = argument.mid(eq + 1);
        }
        if (m_flagOptions.contains(name) && !inlineValue) {
            m_flags.insert(name);
        } else if (m_valueOptions.contains(name)) {
            if (!inlineValue && i + 1 >= arguments.size()) {
                m_error = QStringLiteral("option %1 needs a value").arg(name);
                return false;
            }
            const QString value = inlineValue ? *inlineValue : arguments.at(++i);
            m_values.insert(name, value);
            m_lists[name].append(value);
        } else {
            m_error = QStringLiteral("unknown option %1").arg(argument);
            return false;
        }
    }
    return true;
}

std::optional<double> CliArgs::parseDuration(const QString &text)
{
    QString number = text.trimmed().toLower();
    double unit = 1;
    if (number.endsWith(QLatin1Char('s'))) {
        number.chop(1);
    } else if (number.endsWith(QLatin1Char('m'))) {
        number.chop(1);
        unit = 60;
    } else if (number.endsWith(QLatin1Char('h'))) {
        number.chop(1);
        unit = 3600;
    }
    bool ok = false;
    const double value = number.toDouble(&ok);
    if (!ok || !(value > 0))
        return std::nullopt;
    return value * unit;
}

} // namespace Sanzaru::App::Cli

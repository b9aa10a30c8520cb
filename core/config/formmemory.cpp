// SPDX-License-Identifier: MIT
#include "formmemory.h"

#include <QSettings>

namespace Sanzaru::Core {

namespace {
// A hand-edited settings file must not fill a form with pages of text.
constexpr qsizetype maxValueLength = 200;
} // namespace

FormMemory::FormMemory(const QString &form)
    : m_group(QStringLiteral("forms/") + form)
{}

FormMemory::Values FormMemory::load() const
{
    QSettings settings;
    settings.beginGroup(m_group);
    Values values;
    const QStringList keys = settings.childKeys();
    for (const QString &key : keys) {
        const QString value = settings.value(key).toString();
        if (value.size() <= maxValueLength)
            values.insert(key, value);
    }
    return values;
}

void FormMemory::save(const Values &values) const
{
    QSettings settings;
    settings.remove(m_group);
    settings.beginGroup(m_group);
    for (auto it = values.begin(); it != values.end(); ++it)
        settings.setValue(it.key(), it.value());
}

void FormMemory::clear() const
{
    QSettings settings;
    settings.remove(m_group);
}

} // namespace Sanzaru::Core

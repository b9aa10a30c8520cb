// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QString>

namespace Sanzaru::Core {

/// The choices a creation form was last submitted with (model, size, duration, quality …), kept in the
/// app's settings under "forms/<form>" so the next session starts from them. Prompts and file names are
/// not the form's to remember: only what the caller passes.
class FormMemory
{
public:
    using Values = QHash<QString, QString>;

    /// form: "video", "image", …
    explicit FormMemory(const QString &form);

    Values load() const;
    /// Replaces what was remembered for this form.
    void save(const Values &values) const;
    void clear() const;

private:
    QString m_group;
};

} // namespace Sanzaru::Core

// SPDX-License-Identifier: MIT
#pragma once

#include "jobs/jobtypes.h"
#include "tools/toolprechecks.h"

#include <QJsonObject>
#include <QList>

namespace Sanzaru::Core {

class ToolRegistry;

/// Checks a creation form's tool arguments the way the tool will, before anything is sent: the tool's
/// input schema from the ToolRegistry (ArgumentValidator, one property at a time so each problem is tied
/// to its field) and the tool's own local checks (ToolPrechecks). Messages are the tool's: a schema
/// problem reads as the part after "Invalid arguments for <tool>: ", a precheck problem is word for word.
/// One rule is the form's own: the prompt must not be empty (sanzaru accepts an empty prompt, but it
/// would only buy a random picture or an API error).
class FormValidator
{
public:
    /// tools must outlive the validator.
    explicit FormValidator(const ToolRegistry *tools);

    /// Every problem, in field order of the schema then the tool's check order; empty when valid.
    QList<ArgumentIssue> validate(JobKind kind, const QJsonObject &toolArguments) const;

    static QString promptRequiredMessage();

private:
    const ToolRegistry *m_tools;
};

} // namespace Sanzaru::Core

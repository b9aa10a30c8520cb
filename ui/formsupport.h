// SPDX-License-Identifier: MIT
#pragma once

#include "jobs/jobtypes.h"
#include "tools/toolprechecks.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

class QComboBox;
class QLabel;
class QLayout;
class QPushButton;
class QScrollArea;
class QWidget;

namespace Sanzaru::Core {
class PricingTable;
}

namespace Sanzaru::Ui {

/// Small pieces the creation forms share: issue labels under fields, the cost line, folder-relative
/// file names and a non-blocking file picker.
class FormSupport
{
public:
    /// A red, word-wrapped, initially hidden label for the problems of one field.
    static QLabel *issueLabel(QWidget *parent, const QString &objectName);
    /// Puts each issue under its field's label (issues of unknown fields go to general) and hides empty ones.
    static void showIssues(const QHash<QString, QLabel *> &labels, QLabel *general,
                           const QList<Core::ArgumentIssue> &issues);
    /// "Estimated cost: $0.80 — sora-2, …" or "No cost estimate: <reason>".
    static QString costText(const Core::PricingTable &pricing, Core::JobKind kind,
                            const QJsonObject &arguments);
    /// path relative to folder when it lies inside it ("sub/a.png"); nullopt otherwise.
    static std::optional<QString> relativeName(const QString &folder, const QString &path);
    /// Opens a non-modal-blocking file dialog (open(), never exec()) and calls chosen with the paths.
    static void pickImages(QWidget *parent, const QString &title, const QString &folder, bool multiple,
                           std::function<void(const QStringList &paths)> chosen);
    /// The Create button's tooltip: its shortcut, or while it is disabled, the first reason why.
    static void explainSubmit(QPushButton *submit, const QList<Core::ArgumentIssue> &issues);
    /// The form's fields and its general issues in a vertical scroll area, so that no wrapped line is
    /// squeezed when the window is short; the caller keeps the buttons below it, always visible.
    static QScrollArea *scrollingBody(QWidget *form, QLayout *fields, QLabel *general);
    /// The combo's value: the item's data when the text is an item's, else the typed text.
    static QString comboValue(const QComboBox *combo);
    /// Selects the item whose data (or text) is value, or types it into an editable combo.
    static void setComboValue(QComboBox *combo, const QString &value);
};

} // namespace Sanzaru::Ui

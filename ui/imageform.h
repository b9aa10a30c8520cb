// SPDX-License-Identifier: MIT
#pragma once

#include "jobs/formvalidator.h"
#include "jobs/jobtypes.h"
#include "jobs/pricingtable.h"

#include <QHash>
#include <QJsonObject>
#include <QStringList>
#include <QWidget>

#include <optional>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace Sanzaru::Core {
class ToolRegistry;
}

namespace Sanzaru::Ui {

/// The "new image" form in three modes: Images API generate (generate_image), Images API edit
/// (edit_image) and Responses API (create_image, with refinement through previous_response_id). It
/// validates live exactly as the tool would (FormValidator), shows the cost estimate and asks for a job
/// with submitRequested(); it never calls a tool itself.
class ImageForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageForm)

public:
    enum class Mode { Generate, Edit, Responses };
    Q_ENUM(Mode)

    /// tools must outlive the form.
    ImageForm(const Core::ToolRegistry *tools, const Core::PricingTable &pricing, QWidget *parent = nullptr);

    Mode mode() const;
    void setMode(Mode mode);
    Core::JobKind kind() const;
    /// The tool arguments the form would submit now.
    QJsonObject arguments() const;
    QList<Core::ArgumentIssue> issues() const { return m_issues; }
    bool isValid() const { return m_issues.isEmpty(); }
    QString costText() const;

    /// The image folder: pickers start there, and only files inside it can be used as inputs.
    void setImageFolder(const QString &path);
    void setPrompt(const QString &prompt);
    /// The settings worth keeping for next time (model, size, duration …; never the prompt or files),
    /// by field name, and their restoration (unknown names and values the form cannot take are skipped).
    QHash<QString, QString> choices() const;
    void applyChoices(const QHash<QString, QString> &choices);
    /// Names relative to the image folder (edit and Responses modes).
    void setInputImages(const QStringList &names);
    QStringList inputImages() const;
    void setMask(const QString &name);
    /// Switches to the Responses mode to refine this finished response ("Refine" in the queue).
    void setPreviousResponseId(const QString &responseId);

public slots:
    /// Emits submitRequested() when the form is valid; otherwise does nothing.
    void submit();

signals:
    void submitRequested(Core::JobKind kind, const QJsonObject &arguments);

private:
    /// The combos whose values choices() keeps, by field name.
    QList<std::pair<QString, QComboBox *>> choiceCombos() const;
    void configureFields();
    void buildLayout();
    void connectSignals();
    void revalidate();
    void updateRows();
    void addInputImages(const QStringList &paths);

    Core::FormValidator m_validator;
    Core::PricingTable m_pricing;
    QString m_imageFolder;
    QList<Core::ArgumentIssue> m_issues;
    // A picked file outside the image folder (not a tool argument problem, so kept apart).
    std::optional<Core::ArgumentIssue> m_pickIssue;

    QFormLayout *m_form;
    QComboBox *m_mode;
    QPlainTextEdit *m_prompt;
    QComboBox *m_mainlineModel;
    QComboBox *m_model;
    QComboBox *m_size;
    QComboBox *m_quality;
    QComboBox *m_background;
    QComboBox *m_format;
    QComboBox *m_moderation;
    QComboBox *m_fidelity;
    QListWidget *m_inputs;
    QPushButton *m_addInputs;
    QPushButton *m_removeInput;
    QLineEdit *m_mask;
    QPushButton *m_browseMask;
    QLineEdit *m_previous;
    QLineEdit *m_filename;
    QLabel *m_cost;
    QPushButton *m_submit;
    QHash<QString, QLabel *> m_issueLabels;
    QLabel *m_generalIssues;
    // Rows of the form (field + its issue label) by what they hold, shown per mode.
    QHash<QString, QWidget *> m_rows;
};

} // namespace Sanzaru::Ui

// SPDX-License-Identifier: MIT
#pragma once

#include "jobs/formvalidator.h"
#include "jobs/jobtypes.h"
#include "jobs/pricingtable.h"
#include "openai/requesthandle.h"

#include <QHash>
#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QLabel;
class QToolButton;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace Sanzaru::Core {
class ToolRegistry;
}

namespace Sanzaru::Ui {

class ImageDropZone;

/// The "new video" form: prompt, model, seconds, size, reference image (typed, browsed or dropped) and an
/// optional remix source. It validates live exactly as create_video / remix_video would (FormValidator),
/// shows the cost estimate, and asks for a job with submitRequested(); it never calls a tool itself.
/// The model box is editable and lists the video provider's GET /models answer (fetched once, kept,
/// refreshed on demand) merged with the model table; seconds and size offer what the chosen model
/// allows, and "Provider default" omits the argument.
class VideoForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VideoForm)

public:
    /// tools must outlive the form.
    VideoForm(const Core::ToolRegistry *tools, const Core::PricingTable &pricing, QWidget *parent = nullptr);

    /// Video, or Remix while a remix source is set.
    Core::JobKind kind() const;
    /// The tool arguments the form would submit now.
    QJsonObject arguments() const;
    QList<Core::ArgumentIssue> issues() const { return m_issues; }
    bool isValid() const { return m_issues.isEmpty(); }
    QString costText() const;

    /// The image folder: browsing starts there and names inside it are used as they are.
    void setImageFolder(const QString &path);
    /// Fills the reference field (e.g. when the preparation job for a dropped image completes).
    void setReference(const QString &fileName);
    /// Switches to remix mode for this completed video (empty: back to a new video).
    void setRemixSource(const QString &videoId);
    void setPrompt(const QString &prompt);
    /// The settings worth keeping for next time (model, size, duration …; never the prompt or files),
    /// by field name, and their restoration (unknown names and values the form cannot take are skipped).
    QHash<QString, QString> choices() const;
    void applyChoices(const QHash<QString, QString> &choices);
    /// The ids the video provider listed (GET /models), merged into the model box.
    void setProviderModels(const QStringList &ids);

public slots:
    /// Asks the video provider for its models (GET /models) through the tools' API client.
    void refreshProviderModels();

    /// Emits submitRequested() when the form is valid; otherwise does nothing.
    void submit();

signals:
    void submitRequested(Core::JobKind kind, const QJsonObject &arguments);
    /// An image file was dropped (or browsed from outside the image folder): import it and prepare it for
    /// this size with this resize mode ("crop", "pad", "rescale"), then call setReference().
    void referenceDropped(const QString &path, const QString &size, const QString &resizeMode);

protected:
    /// The first time the form is shown it asks the provider for its models (once; Refresh repeats it).
    void showEvent(QShowEvent *event) override;

private:
    void configureFields();
    void buildLayout();
    void connectSignals();
    void revalidate();
    void browseReference();
    void fillModels();
    /// Seconds and size choices of the model now in the box (kept when still allowed).
    void followModel();
    QString effectiveSize() const;

    const Core::ToolRegistry *m_tools;
    Core::FormValidator m_validator;
    Core::PricingTable m_pricing;
    QString m_imageFolder;
    QList<Core::ArgumentIssue> m_issues;
    QStringList m_providerModels;
    QString m_followedModel;
    bool m_updating = false;
    bool m_modelsAsked = false;
    Core::RequestHandle m_modelsRequest;

    QPlainTextEdit *m_prompt;
    QComboBox *m_model;
    QToolButton *m_refreshModels;
    QLabel *m_modelsStatus;
    QComboBox *m_seconds;
    QComboBox *m_size;
    QLabel *m_modelNote;
    QLineEdit *m_reference;
    QPushButton *m_browse;
    ImageDropZone *m_dropZone;
    QComboBox *m_resizeMode;
    QLineEdit *m_remixSource;
    QLabel *m_cost;
    QPushButton *m_submit;
    QHash<QString, QLabel *> m_issueLabels;
    QLabel *m_generalIssues;
    QList<QWidget *> m_newVideoOnly;
};

} // namespace Sanzaru::Ui

// SPDX-License-Identifier: MIT
#include "formsupport.h"

#include "jobs/pricingtable.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace Sanzaru::Ui {

QLabel *FormSupport::issueLabel(QWidget *parent, const QString &objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setStyleSheet(QStringLiteral("color: #c62828;"));
    label->setVisible(false);
    return label;
}

void FormSupport::showIssues(const QHash<QString, QLabel *> &labels, QLabel *general,
                             const QList<Core::ArgumentIssue> &issues)
{
    QHash<QLabel *, QStringList> texts;
    for (const Core::ArgumentIssue &issue : issues) {
        // "tool_config.size" is shown under the "size" field of the form.
        QString field = issue.field;
        if (!labels.contains(field) && field.contains(QLatin1Char('.')))
            field = field.section(QLatin1Char('.'), -1);
        QLabel *label = labels.value(field, general);
        texts[label].append(issue.message);
    }
    QList<QLabel *> all = labels.values();
    all.append(general);
    for (QLabel *label : all) {
        const QStringList lines = texts.value(label);
        label->setText(lines.join(QLatin1Char('\n')));
        label->setVisible(!lines.isEmpty());
    }
}

QString FormSupport::costText(const Core::PricingTable &pricing, Core::JobKind kind,
                              const QJsonObject &arguments)
{
    QString reason;
    const std::optional<Core::Estimate> estimate = pricing.estimate(kind, arguments, &reason);
    if (!estimate)
        return QStringLiteral("No cost estimate: %1").arg(reason);
    return QStringLiteral("Estimated cost: %1%2 — %3")
        .arg(estimate->approximate ? QStringLiteral("≈ ") : QString(),
             Core::PricingTable::formatUsd(estimate->usd), estimate->explanation);
}

std::optional<QString> FormSupport::relativeName(const QString &folder, const QString &path)
{
    if (folder.isEmpty())
        return std::nullopt;
    const QString root = QDir::cleanPath(QDir(folder).absolutePath());
    const QString file = QDir::cleanPath(QDir(root).absoluteFilePath(path));
    if (!file.startsWith(root + QLatin1Char('/')))
        return std::nullopt;
    return file.mid(root.size() + 1);
}

void FormSupport::pickImages(QWidget *parent, const QString &title, const QString &folder, bool multiple,
                             std::function<void(const QStringList &paths)> chosen)
{
    auto *dialog =
        new QFileDialog(parent, title, folder,
                        QStringLiteral("Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.tif *.tiff);;"
                                       "All files (*)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(multiple ? QFileDialog::ExistingFiles : QFileDialog::ExistingFile);
    QObject::connect(dialog, &QFileDialog::filesSelected, parent,
                     [chosen = std::move(chosen)](const QStringList &paths) { chosen(paths); });
    dialog->open();
}

QString FormSupport::comboValue(const QComboBox *combo)
{
    const QString text = combo->currentText().trimmed();
    const int index = combo->findText(text);
    if (index >= 0 && combo->itemData(index).isValid())
        return combo->itemData(index).toString();
    return text;
}

void FormSupport::setComboValue(QComboBox *combo, const QString &value)
{
    int index = combo->findData(value);
    if (index < 0)
        index = combo->findText(value);
    if (index >= 0)
        combo->setCurrentIndex(index);
    else if (combo->isEditable())
        combo->setEditText(value);
}

void FormSupport::explainSubmit(QPushButton *submit, const QList<Core::ArgumentIssue> &issues)
{
    const QString keys = QObject::tr("Ctrl+Return");
    submit->setToolTip(issues.isEmpty() ? keys
                                        : QObject::tr("Fix this first: %1").arg(issues.constFirst().message));
}

QScrollArea *FormSupport::scrollingBody(QWidget *form, QLayout *fields, QLabel *general)
{
    auto *body = new QWidget;
    auto *layout = new QVBoxLayout(body);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(fields);
    layout->addWidget(general);
    auto *scroll = new QScrollArea(form);
    scroll->setObjectName(QStringLiteral("formScroll"));
    scroll->setWidget(body);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    return scroll;
}

} // namespace Sanzaru::Ui

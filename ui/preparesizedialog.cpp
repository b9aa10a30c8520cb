// SPDX-License-Identifier: MIT
#include "preparesizedialog.h"

#include "tools/videomodeltable.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace Sanzaru::Ui {

PrepareSizeDialog::PrepareSizeDialog(const QString &fileName, QWidget *parent)
    : QDialog(parent)
    , m_size(new QComboBox(this))
    , m_mode(new QComboBox(this))
{
    setWindowTitle(tr("Prepare for video size"));
    m_size->setObjectName(QStringLiteral("size"));
    m_size->addItems(Core::VideoModelTable::builtIn().referenceSizes());
    m_mode->setObjectName(QStringLiteral("resizeMode"));
    m_mode->addItem(tr("Crop to fill"), QStringLiteral("crop"));
    m_mode->addItem(tr("Pad (letterbox)"), QStringLiteral("pad"));
    m_mode->addItem(tr("Rescale (stretch)"), QStringLiteral("rescale"));

    auto *intro = new QLabel(tr("Make a copy of %1 at the exact size of the video:").arg(fileName), this);
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::PlainText);
    auto *form = new QFormLayout;
    form->addRow(tr("Video size"), m_size);
    form->addRow(tr("Resize"), m_mode);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Prepare"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

QString PrepareSizeDialog::size() const
{
    return m_size->currentText();
}

QString PrepareSizeDialog::resizeMode() const
{
    return m_mode->currentData().toString();
}

} // namespace Sanzaru::Ui

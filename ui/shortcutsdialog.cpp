// SPDX-License-Identifier: MIT
#include "shortcutsdialog.h"

#include "shortcuttable.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Sanzaru::Ui {

ShortcutsDialog::ShortcutsDialog(QWidget *parent)
    : QDialog(parent)
    , m_table(new QTableWidget(this))
{
    setWindowTitle(tr("Keyboard shortcuts"));
    m_table->setObjectName(QStringLiteral("shortcuts"));
    const QList<ShortcutTable::Entry> entries = ShortcutTable::all();
    m_table->setColumnCount(3);
    m_table->setRowCount(int(entries.size()));
    m_table->setHorizontalHeaderLabels({tr("Where"), tr("Action"), tr("Keys")});
    m_table->verticalHeader()->setVisible(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    for (int row = 0; row < entries.size(); ++row) {
        const ShortcutTable::Entry &entry = entries.at(row);
        m_table->setItem(row, 0, new QTableWidgetItem(entry.area));
        m_table->setItem(row, 1, new QTableWidgetItem(entry.action));
        m_table->setItem(row, 2, new QTableWidgetItem(ShortcutTable::text(entry.keys)));
    }
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(buttons);

    // Wide and tall enough for every row and column: nothing is clipped or needs scrolling.
    int width = m_table->verticalHeader()->width() + 4 * m_table->frameWidth() + 24;
    for (int c = 0; c < m_table->columnCount(); ++c)
        width += m_table->columnWidth(c);
    const int height = m_table->horizontalHeader()->height() + 2 * m_table->frameWidth() + 4 +
                       m_table->verticalHeader()->length();
    m_table->setMinimumSize(width, height);
}

} // namespace Sanzaru::Ui

// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

class QComboBox;

namespace Sanzaru::Ui {

/// Library ▸ *Prepare for video size…*: picks one of the video sizes (Core::VideoModelTable) and a resize
/// mode for a reference image; accepted() then carries them in size() and resizeMode().
class PrepareSizeDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PrepareSizeDialog)

public:
    explicit PrepareSizeDialog(const QString &fileName, QWidget *parent = nullptr);

    QString size() const;
    QString resizeMode() const;
    QComboBox *sizeBox() const { return m_size; }

private:
    QComboBox *m_size;
    QComboBox *m_mode;
};

} // namespace Sanzaru::Ui

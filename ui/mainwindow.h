// SPDX-License-Identifier: MIT
#pragma once

#include <QMainWindow>

namespace Sanzaru::Ui {

/// The desktop window.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QWidget *parent = nullptr);
};

} // namespace Sanzaru::Ui

// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include <QLabel>

namespace Sanzaru::Ui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("sanzaru-qt"));
    auto *label = new QLabel(tr("sanzaru-qt: Sora video and GPT image studio"), this);
    label->setAlignment(Qt::AlignCenter);
    setCentralWidget(label);
    resize(960, 640);
}

} // namespace Sanzaru::Ui

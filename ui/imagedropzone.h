// SPDX-License-Identifier: MIT
#pragma once

#include <QFrame>

class QLabel;
class QMimeData;

namespace Sanzaru::Ui {

/// A framed area that accepts one local image file dropped from a file manager. The decision is made
/// from the URL and file name alone (no file is opened on the GUI thread); anything else is refused.
class ImageDropZone final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageDropZone)

public:
    explicit ImageDropZone(const QString &text, QWidget *parent = nullptr);

    /// The local image file the data carries, or empty when it carries none (or several files).
    static QString imagePath(const QMimeData *data);

signals:
    void imageDropped(const QString &path);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dragLeaveEvent(QDragLeaveEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void setHighlighted(bool on);
    QLabel *m_label;
};

} // namespace Sanzaru::Ui

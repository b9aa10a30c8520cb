// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QStringList>

class QMimeData;
class QWidget;

namespace Sanzaru::Ui {

/// Makes any widget a drop target for local files: attach() it to a widget (or a view's viewport) and
/// connect filesDropped. Only local file URLs are accepted (a drag of web URLs or text is refused
/// while it hovers); what the files hold is not checked here, because that means reading them, which
/// the GUI thread does not do — the importer judges them and reports precise errors. Drags that start
/// inside the watched widget (dragging an item of a view over itself) are ignored, so nothing is
/// imported twice by accident.
class ImageDropFilter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageDropFilter)

public:
    explicit ImageDropFilter(QObject *parent = nullptr);

    /// Installs the filter on widget and sets it to accept drops. One filter may serve many widgets.
    void attach(QWidget *widget);
    void detach(QWidget *widget);

    /// The local file paths in mime (non-local URLs skipped), in drag order.
    static QStringList localFiles(const QMimeData *mime);

Q_SIGNALS:
    /// Local files were dropped on an attached widget.
    void filesDropped(const QStringList &paths);
    /// True while an acceptable drag hovers over an attached widget (for a highlight).
    void dragActiveChanged(bool active);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void setDragActive(bool active);

    bool m_dragActive = false;
};

} // namespace Sanzaru::Ui

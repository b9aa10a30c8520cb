// SPDX-License-Identifier: MIT
#pragma once

#include <QLabel>

namespace Sanzaru::Ui {

/// A one-line label for values without spaces (file names, ids): when narrower than its text it shows
/// the text elided in the middle and the whole text in its tooltip, instead of widening its layout.
class ElidedLabel final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ElidedLabel)

public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    void setFullText(const QString &text, const QString &toolTip = QString());
    QString fullText() const { return m_fullText; }
    bool isElided() const { return text() != m_fullText; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void elide();

    QString m_fullText;
    QString m_toolTip;
};

} // namespace Sanzaru::Ui

// SPDX-License-Identifier: MIT
#include "elidedlabel.h"

#include <QResizeEvent>

namespace Sanzaru::Ui {

ElidedLabel::ElidedLabel(QWidget *parent)
    : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    setWordWrap(false);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
}

void ElidedLabel::setFullText(const QString &text, const QString &toolTip)
{
    m_fullText = text;
    m_toolTip = toolTip;
    updateGeometry();
    elide();
}

QSize ElidedLabel::sizeHint() const
{
    const QSize base = QLabel::sizeHint();
    const int margins = contentsMargins().left() + contentsMargins().right() + 2 * margin();
    return {fontMetrics().horizontalAdvance(m_fullText) + margins, base.height()};
}

QSize ElidedLabel::minimumSizeHint() const
{
    // Room for a few characters around the ellipsis; the layout may give it less than the text.
    return {fontMetrics().averageCharWidth() * 8, QLabel::minimumSizeHint().height()};
}

void ElidedLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    elide();
}

void ElidedLabel::elide()
{
    const int room = contentsRect().width() - 2 * margin();
    const QString shown = fontMetrics().elidedText(m_fullText, Qt::ElideMiddle, std::max(room, 0));
    setText(shown);
    // The whole value is always one hover away (and the caller's own tooltip, when it has one).
    const QString tip = shown == m_fullText   ? m_toolTip
                        : m_toolTip.isEmpty() ? m_fullText
                                              : m_fullText + QLatin1Char('\n') + m_toolTip;
    setToolTip(tip);
}

} // namespace Sanzaru::Ui

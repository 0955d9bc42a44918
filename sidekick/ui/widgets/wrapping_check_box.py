"""A check box whose text wraps onto more lines instead of being cut off.

``QCheckBox`` draws its text on one line and clips it when the layout gives less room, which
long explanations (and their translations) need. This one keeps the check box's whole API
(``text``, ``setText``, ``isChecked``, ``toggled`` …) and lays the text out like a word-wrapped
label beside the indicator; a click anywhere on the text toggles it, as on a plain check box.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QCheckBox, QSizePolicy, QStyle, QStyleOptionButton, QWidget

_FLAGS = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop


class WrappingCheckBox(QCheckBox):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    # ------------------------------------------------------------------ geometry
    def _indicator_width(self) -> int:
        style = self.style()
        return (style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, self)
                + style.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing, None, self))

    def _text_rect(self, width: int) -> QRect:
        indent = self._indicator_width()
        return self.fontMetrics().boundingRect(QRect(0, 0, max(1, width - indent), 100_000), _FLAGS, self.text())

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        indicator = self.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorHeight, None, self)
        return max(indicator, self._text_rect(width).height()) + 2

    def sizeHint(self) -> QSize:
        # As wide as the text on one line would like, but willing to wrap (minimumSizeHint).
        one_line = self.fontMetrics().horizontalAdvance(self.text())
        width = self._indicator_width() + min(one_line, 480) + 2
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        # The height a given width needs comes from heightForWidth; asking for the height of the
        # narrowest width here would make every dialog holding one needlessly tall.
        width = self._indicator_width() + self.fontMetrics().horizontalAdvance("M" * 8)
        return QSize(width, self.heightForWidth(self._indicator_width() + self.fontMetrics().horizontalAdvance(self.text())))

    def hitButton(self, pos: QPoint) -> bool:
        return self.rect().contains(pos)

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""  # the indicator (and focus frame) only; the text is drawn wrapped below
        indicator = self.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, self)
        option.rect = QRect(indicator.x(), 1, indicator.width(), indicator.height())
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorCheckBox, option, painter, self)
        indent = self._indicator_width()
        area = QRect(indent, 0, self.width() - indent, self.height())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(area, _FLAGS, self.text())
        if self.hasFocus():
            focus = QStyleOptionButton()
            focus.initFrom(self)
            focus.rect = self.fontMetrics().boundingRect(area, _FLAGS, self.text()).adjusted(-1, 0, 1, 0)
            self.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, focus, painter, self)
        painter.end()

"""House-style (话术规范) and placeholder feedback in the body editor.

``BodyHighlighter`` underlines spans: orange wavy for style warnings, dotted grey for hints,
red for placeholder errors. ``StylePanel`` lists the warnings under the editor with the
suggested rewrite and, where the rule says the rewrite is safe, a one-click "Fix" button.

Span positions from ``sidekick.core`` count Python characters (code points); Qt counts
UTF-16 units, so an emoji before a span shifts it. ``utf16_offsets`` converts once per check.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QWidget

from sidekick.core.style import Severity, StyleIssue
from sidekick.ui.i18n import with_args


def chinese_ui() -> bool:
    """True when the Chinese translation is installed (it maps this marker to "zh")."""
    return QCoreApplication.translate("StylePanel", "ui-language") == "zh"


def utf16_offsets(text: str) -> list[int]:
    """``offsets[i]`` is the UTF-16 position of Python index ``i`` (one extra at the end)."""
    offsets = [0]
    for char in text:
        offsets.append(offsets[-1] + (2 if ord(char) > 0xFFFF else 1))
    return offsets


class BodyHighlighter(QSyntaxHighlighter):
    """Underlines ``(start, end, kind)`` spans given in Python indexes of the whole text."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._spans: list[tuple[int, int, str]] = []  # UTF-16 positions
        self._formats = {
            "warning": self._format(QColor("#ea580c"), QTextCharFormat.UnderlineStyle.WaveUnderline),
            "hint": self._format(QColor("#6b7280"), QTextCharFormat.UnderlineStyle.DotLine),
            "error": self._format(QColor("#dc2626"), QTextCharFormat.UnderlineStyle.WaveUnderline, bg="#fee2e2"),
        }

    @staticmethod
    def _format(color: QColor, style: QTextCharFormat.UnderlineStyle, bg: str = "") -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setUnderlineStyle(style)
        fmt.setUnderlineColor(color)
        if bg:
            fmt.setBackground(QColor(bg))
        return fmt

    def set_spans(self, text: str, spans: Sequence[tuple[int, int, str]]) -> None:
        offsets = utf16_offsets(text)
        clamp = len(text)
        self._spans = [(offsets[min(s, clamp)], offsets[min(e, clamp)], kind) for s, e, kind in spans]
        self.rehighlight()

    def spans(self) -> list[tuple[int, int, str]]:
        return list(self._spans)

    def highlightBlock(self, text: str) -> None:
        block_start = self.currentBlock().position()
        block_end = block_start + self.currentBlock().length()
        for start, end, kind in self._spans:
            lo, hi = max(start, block_start), min(max(end, start + 1), block_end)
            if lo < hi:
                self.setFormat(lo - block_start, hi - lo, self._formats[kind])


class StylePanel(QListWidget):
    """The warnings of the current body; ``fixRequested`` carries the issue to apply."""

    fixRequested = Signal(object)  # StyleIssue
    issueActivated = Signal(object)  # StyleIssue: select its span in the editor

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stylePanel")
        self.setSelectionMode(QListWidget.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self._issues: list[StyleIssue] = []
        self.itemActivated.connect(lambda item: self.issueActivated.emit(self._issues[self.row(item)]))

    def issues(self) -> list[StyleIssue]:
        return list(self._issues)

    def set_issues(self, text: str, issues: Sequence[StyleIssue]) -> None:
        self.clear()
        self._issues = list(issues)
        zh = chinese_ui()
        for issue in self._issues:
            item = QListWidgetItem()
            self.addItem(item)
            excerpt = text[issue.start:issue.end]
            message = issue.message_zh if zh else issue.message_en
            icon = "⚠" if issue.severity is Severity.WARNING else "💡"
            suggestion = with_args(self.tr("Suggestion: %1"), issue.suggestion) if issue.suggestion else ""
            # Most messages quote the words found already; quote them only when not.
            quoted = "" if excerpt in message else f"「{excerpt}」 "
            line = f"{icon} {quoted}{message}" + (f"\n{suggestion}" if suggestion else "")
            row = QWidget()
            layout = QHBoxLayout(row)
            layout.setContentsMargins(6, 3, 6, 3)
            label = QLabel(line)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            layout.addWidget(label, 1)
            if issue.fix is not None:
                button = QPushButton(self.tr("Fix"))
                button.setObjectName("styleFixButton")
                button.setToolTip(with_args(self.tr("Replace 「%1」 with 「%2」"), issue.fix.original, issue.fix.replacement))
                button.clicked.connect(lambda _=False, i=issue: self.fixRequested.emit(i))
                layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            item.setSizeHint(row.sizeHint())
            self.setItemWidget(item, row)
        self.setVisible(bool(self._issues))

    def fix_buttons(self) -> list[QPushButton]:
        """The Fix buttons of the current rows (old rows' widgets may await deletion)."""
        found = []
        for row in range(self.count()):
            widget = self.itemWidget(self.item(row))
            button = widget.findChild(QPushButton, "styleFixButton") if widget is not None else None
            if button is not None:
                found.append(button)
        return found

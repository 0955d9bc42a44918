"""What this machine last sent to the hub's team usage: the rows exactly as sent, as a table.

Opened from Settings when the shop shares usage, so the agent sees that nothing but counts
leaves the computer (the day, the reply's id, the uses, how many came from a suggestion).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sidekick.ui.i18n import with_args

SentRow = tuple[str, str, int, int]  # (day, reply id, uses, found by suggestion)


class SentUsageDialog(QDialog):
    def __init__(self, rows: Sequence[SentRow], names: Mapping[str, str] | None = None,
                 parent: QWidget | None = None) -> None:
        """``names``: reply titles, shown in a last column for the agent's eyes (never sent)."""
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.rows = list(rows)
        names = names or {}
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.table = QTableWidget(len(self.rows), 5, self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for row, values in enumerate(self.rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(str(value)))
            title = QTableWidgetItem(names.get(values[1], ""))
            title.setForeground(Qt.GlobalColor.gray)
            self.table.setItem(row, len(values), title)
        self.buttons = QDialogButtonBox(self)
        self.close_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(560, 420)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Usage counts sent to the hub"))
        if self.rows:
            days = len({row[0] for row in self.rows})
            self.intro.setText(with_args(self.tr("The last sending: %1 rows for %2 days. The first four columns are "
                                                 "everything it contained (the hub adds your login name); the reply's "
                                                 "title is shown here only, it is not sent."),
                                         len(self.rows), days))
        else:
            self.intro.setText(self.tr("Nothing has been sent from this computer yet."))
        self.table.setHorizontalHeaderLabels([self.tr("Day"), self.tr("Reply id"), self.tr("Uses"),
                                              self.tr("Found by suggestion"), self.tr("Reply (shown here only)")])
        self.close_button.setText(self.tr("Close"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

"""Editable table of per-application rules (``AppRule``): match, paste key, type instead, and
the pattern that reads the buyer's nickname from the chat window's title.

Some chat clients block Ctrl+V or need Shift+Insert; a rule matched by window class or title
changes how Sidekick pastes there. Rows with an empty match are dropped on read, so an added
but unfilled row never becomes a rule that matches everything.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sidekick.config.settings import AppRule

MATCH, PASTE_KEY, TYPE_INSTEAD, BUYER_PATTERN = range(4)
PASTE_KEYS = ("", "ctrl+v", "shift+insert")  # "" = the default paste key


class AppRulesTable(QWidget):
    """The rules as rows, with Add and Remove buttons."""

    def __init__(self, rules: tuple[AppRule, ...] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 4, self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(MATCH, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PASTE_KEY, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TYPE_INSTEAD, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(BUYER_PATTERN, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(self)
        self.remove_button = QPushButton(self)
        self.add_button.clicked.connect(lambda: self.add_rule(AppRule(""), edit=True))
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.retranslate()
        self.set_rules(rules)

    def set_rules(self, rules: tuple[AppRule, ...]) -> None:
        self.table.setRowCount(0)
        for rule in rules:
            self.add_rule(rule)

    def add_rule(self, rule: AppRule, edit: bool = False) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, MATCH, QTableWidgetItem(rule.match))
        combo = QComboBox(self.table)
        for key in PASTE_KEYS:
            combo.addItem(self._paste_key_text(key), key)
        if rule.paste_key and rule.paste_key not in PASTE_KEYS:
            combo.addItem(rule.paste_key, rule.paste_key)  # e.g. cmd+v from another OS: keep it
        combo.setCurrentIndex(max(0, combo.findData(rule.paste_key)))
        self.table.setCellWidget(row, PASTE_KEY, combo)
        check = QTableWidgetItem()
        check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        check.setCheckState(Qt.CheckState.Checked if rule.type_instead else Qt.CheckState.Unchecked)
        self.table.setItem(row, TYPE_INSTEAD, check)
        self.table.setItem(row, BUYER_PATTERN, QTableWidgetItem(rule.buyer_pattern))
        if edit:
            self.table.setCurrentCell(row, MATCH)
            item = self.table.item(row, MATCH)
            if item is not None:
                self.table.editItem(item)

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def rules(self) -> tuple[AppRule, ...]:
        result = []
        for row in range(self.table.rowCount()):
            match_item = self.table.item(row, MATCH)
            match = match_item.text().strip() if match_item else ""
            if not match:
                continue
            combo = self.table.cellWidget(row, PASTE_KEY)
            paste_key = combo.currentData() if isinstance(combo, QComboBox) else ""
            check = self.table.item(row, TYPE_INSTEAD)
            type_instead = check is not None and check.checkState() == Qt.CheckState.Checked
            pattern_item = self.table.item(row, BUYER_PATTERN)
            pattern = pattern_item.text().strip() if pattern_item else ""
            result.append(AppRule(match, str(paste_key or ""), type_instead, pattern))
        return tuple(result)

    def _paste_key_text(self, key: str) -> str:
        return {"": self.tr("Default"), "ctrl+v": "Ctrl+V", "shift+insert": "Shift+Insert"}.get(key, key)

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [self.tr("Window class or title contains"), self.tr("Paste key"), self.tr("Type instead"),
             self.tr("Buyer from title (regex)")]
        )
        header = self.table.horizontalHeaderItem(BUYER_PATTERN)  # set by setHorizontalHeaderLabels above
        if header is not None:
            header.setToolTip(self.tr(
                "A regular expression over the chat window's title; its first group (or a group named buyer) "
                "is the buyer's nickname for {买家}, e.g. ^(.+?) - "))
        self.add_button.setText(self.tr("Add rule"))
        self.remove_button.setText(self.tr("Remove rule"))
        for row in range(self.table.rowCount()):
            combo = self.table.cellWidget(row, PASTE_KEY)
            if isinstance(combo, QComboBox):
                combo.setItemText(0, self._paste_key_text(""))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

"""The tag filter: every tag with a count, tick several to narrow the list (tags combine with AND).

Counts are faceted: next to each tag stands how many products carry it *and* every ticked tag,
so the agent sees before ticking whether anything would remain. Tags that would leave nothing
are greyed but stay listed, so the list does not jump around while ticking. Space toggles the
current tag; ``Ctrl+Backspace`` clears the selection.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from sidekick.ui.i18n import with_args
from sidekick.ui.products.backend import TagCount
from sidekick.ui.retranslate import Retranslatable

TAG_ROLE = Qt.ItemDataRole.UserRole + 1


class TagFilter(Retranslatable, QWidget):
    """A checkable tag list; ``changed`` carries the ticked tags in list order."""

    changed = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.retranslatable(self.label.setText, "&Tags")
        self.clear_button = QPushButton()
        self.retranslatable(self.clear_button.setText, "Clear")
        self.retranslatable(self.clear_button.setToolTip, "Show all products (Ctrl+Backspace)")
        self.clear_button.setAutoDefault(False)
        self.list = QListWidget()
        self.list.setObjectName("TagList")
        self.label.setBuddy(self.list)
        header = QHBoxLayout()
        header.addWidget(self.label)
        header.addStretch(1)
        header.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.list)
        self._updating = False
        self.list.itemChanged.connect(self._item_changed)
        self.clear_button.clicked.connect(self.clear)
        QShortcut(QKeySequence("Ctrl+Backspace"), self, self.clear, Qt.ShortcutContext.WindowShortcut)

    def selected(self) -> list[str]:
        return [
            item.data(TAG_ROLE)
            for item in (self.list.item(i) for i in range(self.list.count()))
            if item.checkState() is Qt.CheckState.Checked
        ]

    def set_counts(self, counts: Sequence[TagCount], selected: Sequence[str]) -> None:
        """Show ``counts`` with ``selected`` ticked (the current row is kept where possible)."""
        current = self.list.currentItem().data(TAG_ROLE) if self.list.currentItem() else None
        self._updating = True
        try:
            self.list.clear()
            for tag in counts:
                item = QListWidgetItem(f"{tag.name}  ({tag.count})")
                item.setData(TAG_ROLE, tag.name)
                ticked = tag.name in selected
                flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
                if ticked or tag.count > 0:
                    flags |= Qt.ItemFlag.ItemIsEnabled
                item.setFlags(flags)
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
                item.setToolTip(with_args(self.tr("%1 products carry this tag"), str(tag.total)))
                self.list.addItem(item)
                if tag.name == current:
                    self.list.setCurrentItem(item)
        finally:
            self._updating = False
        self.clear_button.setEnabled(bool(selected))

    def set_selected(self, tags: Sequence[str]) -> None:
        """Tick exactly ``tags`` and announce the change."""
        self._updating = True
        try:
            for i in range(self.list.count()):
                item = self.list.item(i)
                wanted = item.data(TAG_ROLE) in tags
                item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
        finally:
            self._updating = False
        self.changed.emit(self.selected())

    def clear(self) -> None:
        if self.selected():
            self.set_selected([])

    def _item_changed(self, _item: QListWidgetItem) -> None:
        if not self._updating:
            self.changed.emit(self.selected())

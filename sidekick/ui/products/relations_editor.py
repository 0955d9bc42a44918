"""Editing a product's related products: add, remove, reorder; pairings (搭配) and substitutes (替代).

The rules are checked here as the lead types, with a message next to the list, so a wrong
relation is never silently dropped: a product is not related to itself, and a product appears
once per kind. The store checks the same rules again when saving (``set_relations``).
"Substitutes work both ways" asks the backend to keep the reverse substitute in step.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sidekick.core.types import Product, Relation, RelationKind
from sidekick.ui.i18n import with_args

TARGET_ROLE = Qt.ItemDataRole.UserRole + 1


class RelationsEditor(QWidget):
    """The relations of the product ``owner_id`` as an ordered, editable table."""

    KIND, PRODUCT, NOTE = range(3)

    def __init__(self, owner_id: str, candidates: Sequence[Product], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.owner_id = owner_id
        self._titles = {p.id: p.title for p in candidates}
        self._kind_names = {RelationKind.PAIRING: self.tr("Pairing"), RelationKind.SUBSTITUTE: self.tr("Substitute")}

        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Kind"), self.tr("Product"), self.tr("Note (why recommend it)")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.KIND, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.PRODUCT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.NOTE, QHeaderView.ResizeMode.Stretch)

        self.kind_box = QComboBox()
        for kind, name in self._kind_names.items():
            self.kind_box.addItem(name, kind)
        self.target_box = QComboBox()
        self.target_box.setEditable(True)
        self.target_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for product in candidates:
            self.target_box.addItem(f"{product.title} [{product.item_id}]" if product.item_id else product.title, product.id)
        self.target_box.setCurrentIndex(-1)
        completer = self.target_box.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        line = self.target_box.lineEdit()  # the box is editable, so it has one
        if line is not None:
            line.setPlaceholderText(self.tr("Type part of a title or an item id"))
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(self.tr("Note, e.g. 同色系，整套更显高级"))
        self.add_button = QPushButton(self.tr("&Add"))
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.up_button = QPushButton(self.tr("Move &up"))
        self.down_button = QPushButton(self.tr("Move do&wn"))
        self.symmetric = QCheckBox(self.tr("Substitutes work both ways (also add/remove the reverse substitute)"))
        self.message = QLabel()
        self.message.setObjectName("RelationMessage")
        self.message.setStyleSheet("color: #b91c1c")
        self.message.setWordWrap(True)

        adder = QGridLayout()
        adder.addWidget(self.kind_box, 0, 0)
        adder.addWidget(self.target_box, 0, 1)
        adder.addWidget(self.add_button, 0, 2)
        adder.addWidget(self.note_edit, 1, 1)
        adder.setColumnStretch(1, 1)
        buttons = QHBoxLayout()
        for button in (self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(adder)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.symmetric)

        self.add_button.clicked.connect(self._add_clicked)
        self.note_edit.returnPressed.connect(self._add_clicked)
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))

    # ------------------------------------------------------------------ editing
    def set_relations(self, relations: Sequence[Relation]) -> None:
        self.table.setRowCount(0)
        for relation in relations:
            self._append(relation.kind, relation.target_id, relation.note)

    def relations(self) -> list[Relation]:
        """The table as relations, in order (positions follow the rows)."""
        found = []
        for row in range(self.table.rowCount()):
            kind_item, product_item = self.table.item(row, self.KIND), self.table.item(row, self.PRODUCT)
            note_item = self.table.item(row, self.NOTE)
            if kind_item is None or product_item is None:
                continue  # every row is added with all its cells
            found.append(
                Relation(
                    kind=RelationKind(kind_item.data(TARGET_ROLE)),  # Qt hands the enum back as str
                    target_id=product_item.data(TARGET_ROLE),
                    position=row,
                    note=note_item.text().strip() if note_item else "",
                )
            )
        return found

    def add_relation(self, kind: RelationKind, target_id: str, note: str = "") -> bool:
        """Add a relation at the end; False (and a message) when a rule refuses it."""
        kind = RelationKind(kind)
        if target_id == self.owner_id:
            self.message.setText(self.tr("A product cannot be related to itself; choose another product."))
            return False
        if target_id not in self._titles:
            self.message.setText(self.tr("Choose the product from the list (type part of its title or item id)."))
            return False
        for relation in self.relations():
            if relation.kind is kind and relation.target_id == target_id:
                self.message.setText(
                    with_args(self.tr("「%1」 is already listed as %2."), self._titles[target_id], self._kind_names[kind])
                )
                return False
        self.message.clear()
        self._append(kind, target_id, note.strip())
        self.table.setCurrentCell(self.table.rowCount() - 1, self.PRODUCT)
        return True

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.table.setCurrentCell(min(row, self.table.rowCount() - 1), self.PRODUCT)

    def move_current(self, step: int) -> None:
        row = self.table.currentRow()
        other = row + step
        if row < 0 or not 0 <= other < self.table.rowCount():
            return
        relations = self.relations()
        relations[row], relations[other] = relations[other], relations[row]
        self.set_relations(relations)
        self.table.setCurrentCell(other, self.PRODUCT)

    # ------------------------------------------------------------------ internals
    def _add_clicked(self) -> None:
        index = self.target_box.currentIndex()
        typed = self.target_box.currentText().strip()
        target_id = self.target_box.itemData(index) if index >= 0 and self.target_box.itemText(index) == typed else None
        if target_id is None:
            found = self.target_box.findText(typed, Qt.MatchFlag.MatchContains) if typed else -1
            target_id = self.target_box.itemData(found) if found >= 0 else ""
        if self.add_relation(self.kind_box.currentData(), target_id, self.note_edit.text()):
            self.note_edit.clear()
            self.target_box.setCurrentIndex(-1)
            self.target_box.setFocus()

    def _append(self, kind: RelationKind, target_id: str, note: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        kind_item = QTableWidgetItem(self._kind_names[kind])
        kind_item.setData(TARGET_ROLE, kind)
        kind_item.setFlags(kind_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        product_item = QTableWidgetItem(self._titles.get(target_id, target_id))
        product_item.setData(TARGET_ROLE, target_id)
        product_item.setFlags(product_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, self.KIND, kind_item)
        self.table.setItem(row, self.PRODUCT, product_item)
        self.table.setItem(row, self.NOTE, QTableWidgetItem(note))

"""Adding or editing one product: its fields and tags, knowledge fields, and related products.

Three tabs (Alt+1…3 switch): the product itself, its knowledge fields (add, remove, reorder —
the order is the order on the card), and its relations (``RelationsEditor``). Save is Ctrl+S.
A refused save (no title, an item id another product uses, a bad price, a relation the store
refuses) leaves the dialog open with the reason shown, so nothing typed is lost.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sidekick.core.types import KnowledgeField, Product, new_id
from sidekick.ui.i18n import error_text, with_args
from sidekick.ui.products.backend import ProductsBackend, ProductsError
from sidekick.ui.products.relations_editor import RelationsEditor

_TAG_SPLIT = re.compile(r"[,，、;；\s]+")


def parse_tags(text: str) -> tuple[str, ...]:
    """``爆款, 纯棉、家纺`` → ("爆款", "纯棉", "家纺"): the separators leads type in either input mode."""
    return tuple(dict.fromkeys(t for t in _TAG_SPLIT.split(text) if t))


class KnowledgeEditor(QWidget):
    """Knowledge fields as a two-column table with add, remove and reorder."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Value")])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("&Add field"))
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.up_button = QPushButton(self.tr("Move &up"))
        self.down_button = QPushButton(self.tr("Move do&wn"))
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        hint = QLabel(self.tr("Common fields: 材质 尺码 规格 颜色 洗涤 卖点 产地 常见问题"))
        hint.setStyleSheet("color: #6b7280")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        self.add_button.clicked.connect(self.add_field)
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))

    def set_fields(self, fields: Sequence[KnowledgeField]) -> None:
        self.table.setRowCount(0)
        for item in fields:
            self._append(item.name, item.value)

    def fields(self) -> list[KnowledgeField]:
        found = []
        for row in range(self.table.rowCount()):
            name_item, value_item = self.table.item(row, 0), self.table.item(row, 1)
            name = (name_item.text() if name_item is not None else "").strip()
            value = (value_item.text() if value_item is not None else "").strip()
            if name or value:
                found.append(KnowledgeField(name, value))
        return found

    def add_field(self, name: str = "", value: str = "") -> None:
        self._append(name, value)
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, 0)
        item = self.table.item(row, 0)
        if not name and item is not None:
            self.table.editItem(item)

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def move_current(self, step: int) -> None:
        row, column = self.table.currentRow(), max(self.table.currentColumn(), 0)
        other = row + step
        if row < 0 or not 0 <= other < self.table.rowCount():
            return
        fields = [(self._text(r, 0), self._text(r, 1)) for r in range(self.table.rowCount())]
        fields[row], fields[other] = fields[other], fields[row]
        self.table.setRowCount(0)
        for name, value in fields:
            self._append(name, value)
        self.table.setCurrentCell(other, column)

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item else ""

    def _append(self, name: str, value: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        self.table.setItem(row, 1, QTableWidgetItem(value))


class ProductEditDialog(QDialog):
    """Edit ``product`` (None: a new one); ``saved`` holds the stored product after accept()."""

    def __init__(self, backend: ProductsBackend, product: Product | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.original = product or Product(id=new_id(), item_id="", title="")
        self.saved: Product | None = None
        self.setWindowTitle(self.tr("Edit product") if product else self.tr("New product"))
        self.resize(760, 560)

        self.title_edit = QLineEdit(self.original.title)
        self.item_id_edit = QLineEdit(self.original.item_id)
        self.item_id_edit.setPlaceholderText(self.tr("The id= number in the item link"))
        self.price_edit = QLineEdit("" if self.original.price is None else str(self.original.price))
        self.price_edit.setPlaceholderText("89.00")
        self.link_edit = QLineEdit(self.original.link)
        self.tags_edit = QLineEdit("、".join(self.original.tags))
        self.tags_edit.setPlaceholderText(self.tr("e.g. 爆款、纯棉、夏季"))
        self.notes_edit = QPlainTextEdit(self.original.notes)
        self.notes_edit.setTabChangesFocus(True)
        form_page = QWidget()
        form = QFormLayout(form_page)
        form.addRow(self.tr("&Title"), self.title_edit)
        form.addRow(self.tr("&Item id"), self.item_id_edit)
        form.addRow(self.tr("&Price (¥)"), self.price_edit)
        form.addRow(self.tr("&Link"), self.link_edit)
        form.addRow(self.tr("Ta&gs"), self.tags_edit)
        form.addRow(self.tr("&Notes"), self.notes_edit)

        self.knowledge = KnowledgeEditor()
        self.knowledge.set_fields(self.original.knowledge)
        # The product itself stays in the list so picking it explains the rule instead of hiding it.
        self.relations = RelationsEditor(self.original.id, backend.products())
        self.relations.set_relations(self.original.related)

        self.tabs = QTabWidget()
        self.tabs.addTab(form_page, self.tr("Product"))
        self.tabs.addTab(self.knowledge, self.tr("Knowledge"))
        self.tabs.addTab(self.relations, self.tr("Related products"))
        for number in range(3):
            QShortcut(QKeySequence(f"Alt+{number + 1}"), self, lambda n=number: self.tabs.setCurrentIndex(n))

        self.error = QLabel()
        self.error.setObjectName("SaveError")
        self.error.setStyleSheet("color: #b91c1c")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        if not backend.can_edit():
            self.error.setText(self.tr("Products are team data: only a lead may change them."))
            buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)

    def product(self) -> Product:
        """The product as the form shows it; raises ``ProductsError`` for a bad price."""
        price_text = self.price_edit.text().strip().lstrip("¥￥").replace(",", "")
        try:
            price = Decimal(price_text) if price_text else None
        except InvalidOperation:
            raise ProductsError(with_args(self.tr("The price %1 is not a number, e.g. 89.00"), repr(price_text))) from None
        return replace(
            self.original,
            title=self.title_edit.text().strip(),
            item_id=self.item_id_edit.text().strip(),
            price=price,
            link=self.link_edit.text().strip(),
            tags=parse_tags(self.tags_edit.text()),
            notes=self.notes_edit.toPlainText().strip(),
            knowledge=tuple(self.knowledge.fields()),
            related=tuple(self.relations.relations()),
        )

    def save(self) -> bool:
        """Store the product; on a refusal show why and stay open."""
        try:
            product = self.product()
            if not product.title:
                raise ProductsError(self.tr("A product needs a title."))
            if any(not item.name for item in product.knowledge):
                raise ProductsError(self.tr("Every knowledge field needs a name (材质, 尺码 …)."))
            if product.item_id:
                other = self.backend.product_by_item_id(product.item_id)
                if other is not None and other.id != product.id:
                    raise ProductsError(
                        with_args(self.tr("The item id %1 already belongs to 「%2」."), product.item_id, other.title)
                    )
            self.saved = self.backend.save_product(product, symmetric_substitutes=self.relations.symmetric.isChecked())
        except ProductsError as error:
            self.error.setText(error_text(error))
            return False
        self.accept()
        return True

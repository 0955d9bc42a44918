"""The product list as a Qt table model: title, item id, price, tags."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt

from sidekick.core.types import Product
from sidekick.ui.widgets.product_card import price_text

ID_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class ProductModel(QAbstractTableModel):
    """Products in the order given (catalogue order, or search rank)."""

    TITLE, ITEM_ID, PRICE, TAGS = range(4)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._products: list[Product] = []

    def set_products(self, products: Sequence[Product]) -> None:
        self.beginResetModel()
        self._products = list(products)
        self.endResetModel()

    def product_at(self, row: int) -> Product | None:
        return self._products[row] if 0 <= row < len(self._products) else None

    def row_of(self, product_id: str) -> int:
        for row, product in enumerate(self._products):
            if product.id == product_id:
                return row
        return -1

    def products(self) -> list[Product]:
        return list(self._products)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._products)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 4

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        product = self.product_at(index.row())
        if product is None:
            return None
        column = index.column()
        if role == ID_ROLE:
            return product.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == self.TITLE:
                return product.title
            if column == self.ITEM_ID:
                return product.item_id
            if column == self.PRICE:
                return price_text(product)
            if column == self.TAGS:
                return "、".join(product.tags)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.PRICE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            names = ("Title", "Item id", "Price", "Tags")
            return QCoreApplication.translate("ProductModel", names[section]) if 0 <= section < 4 else None
        return None

"""The product card in the products window: knowledge, notes, link, pairings and substitutes.

Related products are real list rows, not links in the HTML, so they are reachable by keyboard:
Enter (or a double-click) opens that product; Ctrl+R on a related row recommends *it*, with the
relation's note as the reason ("同色系床笠，整套更显高级"), which is what an agent sends when
suggesting a pairing. Ctrl+R anywhere else recommends the product on the card.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from sidekick.core.types import Product, Relation, RelationKind
from sidekick.ui.retranslate import Retranslatable
from sidekick.ui.widgets.product_card import card_html, price_text

TARGET_ROLE = Qt.ItemDataRole.UserRole + 1
NOTE_ROLE = Qt.ItemDataRole.UserRole + 2


class RelatedList(QListWidget):
    """Related products of one kind; Enter opens the current one."""

    open_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)  # rows are two lines (title, note): keep them apart
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.itemActivated.connect(lambda item: self.open_requested.emit(item.data(TARGET_ROLE)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # itemActivated fires on Enter only on some platforms' styles; make it reliable.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem() is not None:
            self.open_requested.emit(self.currentItem().data(TARGET_ROLE))
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        # No row is current until the list is used, so the card does not look pre-selected.
        if self.currentItem() is None and self.count():
            self.setCurrentRow(0)
        super().focusInEvent(event)

    def fit(self) -> None:
        """Tall enough for its rows (up to a limit), so short lists leave room for the card."""
        rows = sum(self.sizeHintForRow(i) for i in range(self.count()))
        self.setFixedHeight(min(max(rows + 2 * self.frameWidth() + 4, 28), 150))


class ProductCardView(Retranslatable, QWidget):
    """One product's card with its related products and the recommend action."""

    open_requested = Signal(str)  # product id
    recommend_requested = Signal(str, str)  # product id, note
    edit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.product: Product | None = None
        self.browser = QTextBrowser()
        self.browser.setObjectName("ProductCard")
        self.browser.setOpenExternalLinks(True)
        self.pairings = RelatedList()
        self.substitutes = RelatedList()
        self.pairings_label = QLabel()
        self.retranslatable(self.pairings_label.setText, "Pairings (sell together)")
        self.substitutes_label = QLabel()
        self.retranslatable(self.substitutes_label.setText, "Substitutes (when out of stock)")
        for label in (self.pairings_label, self.substitutes_label):
            label.setStyleSheet("font-weight: 600; margin-top: 4px")
        self.pairings_label.setBuddy(self.pairings)
        self.substitutes_label.setBuddy(self.substitutes)
        self.empty_related = QLabel()
        self.retranslatable(self.empty_related.setText, "No related products yet.")
        self.empty_related.setStyleSheet("color: #6b7280")

        self.note_edit = QLineEdit()
        self.retranslatable(self.note_edit.setPlaceholderText, "Reason to add (optional)")
        self.recommend_button = QPushButton()
        self.retranslatable(self.recommend_button.setText, "Recommend (Ctrl+R)")
        self.retranslatable(self.recommend_button.setToolTip,
                            "Paste a recommendation into the chat: on a related row it recommends that product with its note")
        self.edit_button = QPushButton()
        self.retranslatable(self.edit_button.setText, "Edit… (F2)")
        actions = QHBoxLayout()
        actions.addWidget(self.note_edit, 1)
        actions.addWidget(self.recommend_button)
        actions.addWidget(self.edit_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.pairings_label)
        layout.addWidget(self.pairings)
        layout.addWidget(self.substitutes_label)
        layout.addWidget(self.substitutes)
        layout.addWidget(self.empty_related)
        layout.addLayout(actions)

        for related in (self.pairings, self.substitutes):
            related.open_requested.connect(self.open_requested)
        self.recommend_button.clicked.connect(self.recommend)
        self.note_edit.returnPressed.connect(self.recommend)
        self.edit_button.clicked.connect(self.edit_requested)
        self.show_product(None, [])

    def show_product(self, product: Product | None, related: list[tuple[Relation, Product]]) -> None:
        """Fill the card; None shows the empty state."""
        self.product = product
        self.note_edit.clear()
        if product is None:
            self.browser.setHtml(f"<p style='color:#6b7280'>{self.tr('Choose a product to see its card.')}</p>")
        else:
            self.browser.setHtml(card_html(product))
        counts = {}
        for kind, widget, label in (
            (RelationKind.PAIRING, self.pairings, self.pairings_label),
            (RelationKind.SUBSTITUTE, self.substitutes, self.substitutes_label),
        ):
            widget.clear()
            for relation, target in related:
                if relation.kind is not kind:
                    continue
                text = target.title
                if target.price is not None:
                    text += f"  {price_text(target)}"
                if relation.note:
                    text += f"\n— {relation.note}"
                item = QListWidgetItem(text)
                item.setData(TARGET_ROLE, target.id)
                item.setData(NOTE_ROLE, relation.note)
                item.setToolTip(self.tr("Enter opens this product; Ctrl+R recommends it"))
                widget.addItem(item)
            counts[kind] = widget.count()
            widget.setVisible(widget.count() > 0)
            label.setVisible(widget.count() > 0)
            if widget.count():
                widget.fit()
        self.empty_related.setVisible(product is not None and not any(counts.values()))
        for control in (self.note_edit, self.recommend_button):
            control.setEnabled(product is not None)

    def related_items(self, kind: RelationKind) -> list[tuple[str, str]]:
        """(target id, note) of the shown relations of ``kind``, in order."""
        widget = self.pairings if kind is RelationKind.PAIRING else self.substitutes
        return [(widget.item(i).data(TARGET_ROLE), widget.item(i).data(NOTE_ROLE)) for i in range(widget.count())]

    def recommend(self) -> None:
        """Recommend the focused related product (with its note), else the card's product."""
        if self.product is None:
            return
        for widget in (self.pairings, self.substitutes):
            if widget.hasFocus() and widget.currentItem() is not None:
                item = widget.currentItem()
                self.recommend_requested.emit(item.data(TARGET_ROLE), item.data(NOTE_ROLE) or "")
                return
        self.recommend_requested.emit(self.product.id, self.note_edit.text().strip())

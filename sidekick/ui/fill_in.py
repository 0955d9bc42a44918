"""The small form that asks for a phrase's fill-ins (``{?订单号}``) before it is pasted.

Keyboard-first like the popup: the first field has focus, Enter moves to the next field and
accepts on the last, Esc cancels (nothing is pasted). The dialog stays on top because it opens
over the chat client, right after the popup hid.

When the reply names a product (``{商品.标题}``) and no product is known — no card open in the
popup, no link copied a moment ago — the form also asks for the product: a search field that
finds products like the popup does, with the results below it (↑/↓ choose, Enter takes).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sidekick.core.reply import FillInAnswer
from sidekick.core.types import Product
from sidekick.ui.picker.theme import BODY_PX, ui_font

ProductSearch = Callable[[str], list[Product]]
PRODUCT_ROLE = Qt.ItemDataRole.UserRole + 1


class FillInDialog(QDialog):
    """One line edit per fill-in name, in the order the phrase uses them."""

    def __init__(self, names: list[str], parent: QWidget | None = None, *,
                 products: ProductSearch | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.setFont(ui_font(BODY_PX))
        self.setMinimumWidth(360)
        self.names = list(dict.fromkeys(name for name in names if name))  # a name asked once
        self.intro = QLabel(self)
        self.edits: list[QLineEdit] = []
        form = QFormLayout()
        for name in self.names:
            edit = QLineEdit(self)
            edit.setObjectName(f"fill_in_{name}")
            self.edits.append(edit)
            form.addRow(QLabel(name, self), edit)  # the name is the phrase author's own label
        self._search_products = products
        self.product_edit: QLineEdit | None = None
        self.product_list: QListWidget | None = None
        self.product_label = QLabel(self)
        if products is not None:
            self.product_edit = QLineEdit(self)
            self.product_edit.setObjectName("fill_in_product")
            self.product_list = QListWidget(self)
            self.product_list.setObjectName("fill_in_product_list")
            self.product_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay in the search field
            self.product_list.setMaximumHeight(160)
            self.product_edit.textChanged.connect(self._find_products)
            form.insertRow(0, self.product_label, self.product_edit)
            form.insertRow(1, "", self.product_list)
            self.edits.insert(0, self.product_edit)
            self._find_products("")        # Own buttons, not standard ones: QDialogButtonBox resets standard buttons to Qt's own
        # (untranslated here) texts on every LanguageChange.
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        for button in (self.ok_button, self.cancel_button):
            # Enter is ours (next field / accept on the last), not the default button's.
            button.setAutoDefault(False)
            button.setDefault(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.retranslate()
        if self.edits:
            self.edits[0].setFocus()

    def values(self) -> dict[str, str]:
        edits = [edit for edit in self.edits if edit is not self.product_edit]
        return {name: edit.text() for name, edit in zip(self.names, edits)}

    def product(self) -> Product | None:
        """The product chosen in the product field (None when the form asks for none)."""
        if self.product_list is None or self.product_list.currentItem() is None:
            return None
        return self.product_list.currentItem().data(PRODUCT_ROLE)

    def _find_products(self, query: str) -> None:
        assert self.product_list is not None and self._search_products is not None
        self.product_list.clear()
        for product in self._search_products(query.strip()):
            item = QListWidgetItem(f"{product.title}  ·  {product.item_id}")
            item.setData(PRODUCT_ROLE, product)
            self.product_list.addItem(item)
        if self.product_list.count():
            self.product_list.setCurrentRow(0)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (self.product_list is not None and self.focusWidget() is self.product_edit
                and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)):
            step = -1 if event.key() == Qt.Key.Key_Up else 1
            row = max(0, min(self.product_list.count() - 1, self.product_list.currentRow() + step))
            self.product_list.setCurrentRow(row)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            self.advance()
            return
        super().keyPressEvent(event)

    def advance(self) -> None:
        """Focus the field after the focused one, or accept when it is the last."""
        focused = self.focusWidget()
        index = self.edits.index(focused) if focused in self.edits else len(self.edits) - 1
        if index + 1 < len(self.edits):
            self.edits[index + 1].setFocus()
            self.edits[index + 1].selectAll()
        else:
            self.accept()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Fill in the reply"))
        self.intro.setText(self.tr("This reply needs a few details. Enter moves to the next field."))
        self.product_label.setText(self.tr("Product"))
        if self.product_edit is not None:
            self.product_edit.setPlaceholderText(self.tr("Which product? Type its name, pinyin or item id; ↑/↓ choose"))
        self.ok_button.setText(self.tr("Paste"))
        self.cancel_button.setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.raise_()
        self.activateWindow()


def ask_fill_ins(names: list[str], parent: QWidget | None = None, *,
                 products: ProductSearch | None = None) -> dict[str, str] | FillInAnswer | None:
    """Ask for each fill-in; the values by name, or None when the agent pressed Esc.

    With ``products`` the form asks for the product too and returns a ``FillInAnswer``.
    """
    if not names and products is None:
        return {}
    dialog = FillInDialog(names, parent, products=products)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        if products is None:
            return dialog.values()
        return FillInAnswer(dialog.values(), dialog.product())
    finally:
        dialog.deleteLater()

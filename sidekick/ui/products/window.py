"""The products window: browse by tag, read a card, see pairings and substitutes, recommend.

Layout, left to right: the tag filter (AND, with counts), the product list, the card. Keys:

- ``Ctrl+F`` search (Down moves into the list, Esc clears); ``Alt+T`` tags, Space ticks one;
  ``Ctrl+Backspace`` clears the tags; ``Alt+L`` the product list
- ``Ctrl+R`` recommend: the product on the card, or the focused pairing/substitute with its note
- ``Ctrl+N`` new product, ``F2`` edit, ``Del`` delete (in the list)
- ``Ctrl+T`` self-test, ``Ctrl+I`` import, ``Ctrl+Shift+S`` export

The window never pastes: ``recommend_requested(text, product_id)`` goes to the app, which uses
the same paste path as phrases. The usage event is recorded through the backend here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sidekick.core.reply import ReplyContext, ReplyVoice, draft, render_reply
from sidekick.core.types import Product
from sidekick.ui.i18n import error_text, with_args
from sidekick.ui.products.backend import ProductsBackend, ProductsError
from sidekick.ui.products.card_view import ProductCardView
from sidekick.ui.products.edit_dialog import ProductEditDialog
from sidekick.ui.products.product_model import ProductModel
from sidekick.ui.products.tag_filter import TagFilter
from sidekick.ui.retranslate import Retranslatable
from sidekick.ui.widgets.screen_fit import fit_to_screen

if TYPE_CHECKING:
    from sidekick.ui.products.quiz_dialog import QuizDialog

SEARCH_DELAY_MS = 150  # wait for a pause in typing before searching


class SearchBox(QLineEdit):
    """The search field; Down hands the keyboard to the list, Esc clears."""

    down_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.down_pressed.emit()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class ProductTable(QTableView):
    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete:
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class ProductsWindow(Retranslatable, QWidget):
    """Products by tag with their cards; emits ``recommend_requested(text, product_id)``."""

    recommend_requested = Signal(str, str)

    def __init__(self, backend: ProductsBackend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.retranslatable(self.setWindowTitle, "Products — Sidekick")
        self.setObjectName("ProductsWindow")
        fit_to_screen(self, 1280, 760)  # at most 90 % of a laptop screen, centred

        self.search_box = SearchBox()
        self.retranslatable(self.search_box.setPlaceholderText, "Search title, pinyin, tag or item id (Ctrl+F)")
        self.search_box.setClearButtonEnabled(True)
        self.new_button, self.import_button, self.export_button, self.quiz_button = (
            QPushButton(), QPushButton(), QPushButton(), QPushButton())
        for button, source in ((self.new_button, "New (Ctrl+N)"), (self.import_button, "Import…"),
                               (self.export_button, "Export…"), (self.quiz_button, "Self-test (Ctrl+T)")):
            self.retranslatable(button.setText, source)
        top = QHBoxLayout()
        top.addWidget(self.search_box, 1)
        for button in (self.new_button, self.import_button, self.export_button, self.quiz_button):
            button.setAutoDefault(False)
            top.addWidget(button)

        self.tags = TagFilter()
        self.model = ProductModel(self)
        self.table = ProductTable()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ProductModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (ProductModel.ITEM_ID, ProductModel.PRICE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # Tags get a fixed share (tooltips show all): the title is what the agent reads.
        header.setSectionResizeMode(ProductModel.TAGS, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(ProductModel.TAGS, 130)
        self.list_label = QLabel()
        self.retranslatable(self.list_label.setText, "&List")
        self.list_label.setBuddy(self.table)
        self.count_label = QLabel()
        self.count_label.setStyleSheet("color: #6b7280")
        list_header = QHBoxLayout()
        list_header.addWidget(self.list_label)
        list_header.addStretch(1)
        list_header.addWidget(self.count_label)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addLayout(list_header)
        middle_layout.addWidget(self.table)

        self.card = ProductCardView()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tags)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(self.card)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([150, 610, 520])
        self.status = QLabel()
        self.status.setStyleSheet("color: #6b7280")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search_box.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_box.down_pressed.connect(self._focus_list)
        self.search_box.returnPressed.connect(self._focus_list)
        self.tags.changed.connect(lambda _tags: self.refresh())
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit_current())
        self.table.delete_pressed.connect(self.delete_current)
        self.card.open_requested.connect(self.show_product)
        self.card.recommend_requested.connect(self.recommend)
        self.card.edit_requested.connect(self.edit_current)
        self.new_button.clicked.connect(self.new_product)
        self.import_button.clicked.connect(self.import_products)
        self.export_button.clicked.connect(self.export_products)
        self.quiz_button.clicked.connect(self.open_quiz)
        shortcuts = {
            "Ctrl+F": self._focus_search,
            "Ctrl+R": self.card.recommend,
            "Ctrl+N": self.new_product,
            "F2": self.edit_current,
            "Ctrl+E": self.edit_current,
            "Ctrl+T": self.open_quiz,
            "Ctrl+I": self.import_products,
            "Ctrl+Shift+S": self.export_products,
        }
        for keys, slot in shortcuts.items():
            QShortcut(QKeySequence(keys), self, slot)
        self._apply_permissions()
        self.refresh()

    # ------------------------------------------------------------------ language
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Every text in the current language: fixed texts, headers, counts, the card."""
        for widget in (self, self.tags, self.card):
            widget.retranslate_texts()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1)
        self.status.clear()
        self.refresh()
        current = self.model.product_at(self.table.currentIndex().row())
        self.card.product = None  # the card is HTML made in the old language: make it again
        self._show_card(current)
        self._apply_permissions()

    # ------------------------------------------------------------------ state
    def selected_tags(self) -> list[str]:
        return self.tags.selected()

    def current_product(self) -> Product | None:
        return self.card.product

    def refresh(self, keep: str | None = None) -> None:
        """Reload tags, list and card from the backend (after a filter change or an edit)."""
        self._search_timer.stop()
        keep = keep or (self.card.product.id if self.card.product else None)
        selected = self.tags.selected()
        self.tags.set_counts(self.backend.tag_counts(selected), selected)
        products = self.backend.products(selected)
        query = self.search_box.text().strip()
        if query:
            order = {pid: rank for rank, pid in enumerate(self.backend.search(query, 1000))}
            products = sorted((p for p in products if p.id in order), key=lambda p: order[p.id])
        self.model.set_products(products)
        self.count_label.setText(with_args(self.tr("%1 products"), str(len(products))))
        row = self.model.row_of(keep) if keep else -1
        self._select_row(row if row >= 0 else 0)
        if not products:
            self.card.show_product(None, [])

    def show_product(self, product_id: str) -> None:
        """Select ``product_id`` and show its card, clearing filters that hide it."""
        if self.model.row_of(product_id) < 0:
            if self.backend.product(product_id) is None:
                return
            self.search_box.blockSignals(True)
            self.search_box.clear()
            self.search_box.blockSignals(False)
            self.tags.blockSignals(True)
            self.tags.set_selected([])
            self.tags.blockSignals(False)
            self.refresh(keep=product_id)
        self._select_row(self.model.row_of(product_id))

    def _select_row(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)
        self._show_card(self.model.product_at(row))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_card(self.model.product_at(current.row()))

    def _show_card(self, product: Product | None) -> None:
        if product is not None and self.card.product is not None and self.card.product == product:
            return
        self.card.show_product(product, self.backend.related(product) if product else [])

    def _apply_permissions(self) -> None:
        editable = self.backend.can_edit()
        for widget in (self.new_button, self.import_button, self.card.edit_button):
            widget.setEnabled(editable)
        if not editable:
            self.status.setText(self.tr("Read-only: products are team data that only a lead may change."))

    def _focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def _focus_list(self) -> None:
        self.table.setFocus()
        if self.model.rowCount() and self.table.currentIndex().row() < 0:
            self._select_row(0)

    # ------------------------------------------------------------------ actions
    def recommend(self, product_id: str, note: str = "") -> str | None:
        """Build the recommendation for ``product_id`` and hand it to the app to paste."""
        product = self.backend.product(product_id)
        if product is None:
            return None
        # The reply pipeline every Recommend and the popup use; the app pastes it with the
        # target window's paste rule.
        template = self.backend.recommend_template()
        ctx = self.backend.render_context()
        reply = render_reply(draft(template, recommend=product, note=note),
                             ReplyContext(voice=ReplyVoice(ctx.agent, ctx.shop, template), now=ctx.now))
        text = reply.text
        self.backend.record_recommendation(product.id)
        self.recommend_requested.emit(text, product.id)
        self.status.setText(with_args(self.tr("Recommended: %1"), product.title))
        return text

    def new_product(self) -> None:
        self._edit(None)

    def edit_current(self) -> None:
        if self.card.product is not None:
            self._edit(self.card.product)

    def _edit(self, product: Product | None) -> None:
        if not self.backend.can_edit():
            return
        dialog = ProductEditDialog(self.backend, product, self)
        if dialog.exec() and dialog.saved is not None:
            self.card.product = None  # force the card to redraw with the stored state
            self.refresh(keep=dialog.saved.id)
            self.show_product(dialog.saved.id)
            self.status.setText(with_args(self.tr("Saved: %1"), dialog.saved.title))

    def delete_current(self) -> None:
        product = self.card.product
        if product is None or not self.backend.can_edit():
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete product"),
            with_args(self.tr("Delete 「%1」? Relations pointing at it are removed too."), product.title),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.backend.delete_product(product.id)
        except ProductsError as error:
            QMessageBox.warning(self, self.tr("Delete product"), error_text(error))
            return
        self.card.product = None
        self.refresh()

    def import_products(self) -> None:
        from sidekick.ui.products.transfer import ImportDialog

        if not self.backend.can_edit():
            return
        dialog = ImportDialog(self.backend, self)
        if dialog.exec() and dialog.imported is not None:
            self.card.product = None
            self.refresh()
            result = dialog.imported
            self.status.setText(
                with_args(self.tr("Imported: %1 new, %2 changed"), str(result.new), str(result.updated))
            )

    def export_products(self) -> None:
        from sidekick.ui.products.transfer import export_products

        try:
            done = export_products(self.backend, self, self.tags.selected())
        except ProductsError as error:
            QMessageBox.warning(self, self.tr("Export products"), error_text(error))
            return
        if done is not None:
            path, count = done
            self.status.setText(with_args(self.tr("Exported %1 products to %2"), str(count), str(path)))

    def open_quiz(self) -> QuizDialog:
        """Open the self-test over the ticked tags (all of them, as the list filters)."""
        from sidekick.ui.products.quiz_dialog import QuizDialog

        dialog = QuizDialog(self.backend, self, tags=self.tags.selected())
        dialog.open_product.connect(self.show_product)
        dialog.show()
        return dialog

    def closeEvent(self, event: QCloseEvent) -> None:
        self._search_timer.stop()
        super().closeEvent(event)

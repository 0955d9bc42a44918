"""The small card that appears near the tray when the agent copies a known product's link.

It shows the product, its key knowledge and its related products, and hides itself after a few
seconds (the timer pauses while the mouse is over it) or on Esc. It never takes the keyboard
from the chat client: it is shown without activation, like a notification. "Open" asks the app
to show the full card in the products window.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QEnterEvent, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from sidekick.core.types import Product, Relation
from sidekick.ui.widgets.product_card import card_html

KEY_FIELDS = 4  # a glance: the products window has the rest
CLIP = 40  # characters of a knowledge value or relation note on the card
DEFAULT_TIMEOUT_MS = 12_000
MARGIN = 16  # distance from the screen edge, clear of the tray


class LinkCard(QWidget):
    """A frameless, always-on-top card; ``open_requested(product_id)`` asks for the full card."""

    open_requested = Signal(str)
    recommend_requested = Signal(str)  # paste the product's recommendation (the app renders it)

    def __init__(self, parent: QWidget | None = None, *, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> None:
        super().__init__(
            parent,
            Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint,
        )
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setObjectName("LinkCard")
        self.product_id = ""
        self.frame = QFrame()
        self.frame.setObjectName("LinkCardFrame")
        self.frame.setStyleSheet(
            "#LinkCardFrame { background: #ffffff; border: 1px solid #b8bec8; border-radius: 8px; }"
        )
        self.heading = QLabel(self.tr("Copied product link"))
        self.heading.setStyleSheet("color: #6b7280")
        self.close_button = QPushButton("×")
        self.close_button.setFlat(True)
        self.close_button.setFixedWidth(28)
        self.close_button.setToolTip(self.tr("Hide (Esc)"))
        self.body = QTextBrowser()
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.body.setOpenLinks(False)
        self.open_button = QPushButton(self.tr("Open card"))
        self.recommend_button = QPushButton(self.tr("Recommend"))
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.close_button)
        inner = QVBoxLayout(self.frame)
        inner.addLayout(top)
        inner.addWidget(self.body, 1)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.recommend_button)
        actions.addWidget(self.open_button)
        inner.addLayout(actions)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.frame)
        self.resize(420, 520)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(timeout_ms)
        self.timer.timeout.connect(self.hide)
        self.close_button.clicked.connect(self.hide)
        self.open_button.clicked.connect(self._open)
        self.recommend_button.clicked.connect(self._recommend)

    def show_product(self, product: Product, related: list[tuple[Relation, Product]]) -> None:
        """Fill the card, place it by the tray (bottom-right) and start the hide timer."""
        self.product_id = product.id
        self.body.setHtml(card_html(product, max_fields=KEY_FIELDS, related=related, notes=False, link=False, clip=CLIP))
        self.move(self.corner_position())
        self.show()
        self.raise_()
        self.timer.start()

    def corner_position(self) -> QPoint:
        """Top-left point that puts the card in the bottom-right corner of the available screen."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        return QPoint(area.right() - self.width() - MARGIN + 1, area.bottom() - self.height() - MARGIN + 1)

    def _open(self) -> None:
        if self.product_id:
            self.open_requested.emit(self.product_id)
        self.hide()

    def _recommend(self) -> None:
        if self.product_id:
            self.recommend_requested.emit(self.product_id)
        self.hide()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            return
        super().keyPressEvent(event)

    def enterEvent(self, event: QEnterEvent) -> None:
        self.timer.stop()  # the agent is reading it
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self.isVisible():
            self.timer.start()
        super().leaveEvent(event)

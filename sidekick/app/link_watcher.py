"""Link detection: when the agent copies a product link, show that product's card by the tray.

Opt-in (``Settings.link_detection``, off by default): only then is ``QClipboard.dataChanged``
connected at all. On each change the text is read into a local variable, matched by the shop's
patterns (``sidekick.core.links``) and dropped: nothing of the clipboard is stored on this
object, logged, or passed on — only the id of a *known* product leaves this module. A bare
number counts only when it is a known product's item id, so order and phone numbers never
raise a card.

The paste path writes the clipboard too (the reply, then the agent's own text back); the app
calls ``pause()``/``resume()`` around a paste so a recommendation carrying a product link does
not pop up a card for the product just recommended.
"""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QClipboard

from sidekick.config.settings import Settings
from sidekick.core.links import LinkMatcher
from sidekick.core.types import Product, Relation
from sidekick.ui.products.link_card import LinkCard

log = logging.getLogger(__name__)


class ProductLookup(Protocol):
    """The part of ``ProductsService`` the watcher needs."""

    def product_by_item_id(self, item_id: str) -> Product | None: ...

    def related(self, product: Product) -> list[tuple[Relation, Product]]: ...


class LinkWatcher(QObject):
    """Watches the clipboard for product links while link detection is on.

    ``product_detected(product_id)`` fires for every recognised copy (the card is shown too);
    ``open_requested(product_id)`` when the agent presses "Open card" on it,
    ``recommend_requested(product_id)`` when they press "Recommend".
    """

    product_detected = Signal(str)
    open_requested = Signal(str)
    recommend_requested = Signal(str)  # the card's Recommend: paste this product's recommendation

    def __init__(
        self,
        clipboard: QClipboard,
        products: ProductLookup,
        settings: Settings,
        *,
        card: LinkCard | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clipboard = clipboard
        self._products = products
        self._card = card
        self._card_wired = False
        self._connected = False
        self._paused = 0
        self._matcher = LinkMatcher(())
        self.pattern_problems: list[str] = []  # patterns left out; the settings page shows them
        self.apply_settings(settings)

    # ------------------------------------------------------------------ control
    @property
    def enabled(self) -> bool:
        return self._connected

    @property
    def card(self) -> LinkCard:
        """The card, created on first use (most agents never turn detection on)."""
        if self._card is None:
            self._card = LinkCard()
        if not self._card_wired:
            self._card.open_requested.connect(self.open_requested)
            self._card.recommend_requested.connect(self.recommend_requested)
            self._card_wired = True
        return self._card

    def apply_settings(self, settings: Settings) -> None:
        """Follow ``link_detection`` and ``link_patterns`` (called again when settings change)."""
        self._matcher, self.pattern_problems = LinkMatcher.lenient(settings.link_patterns)
        for problem in self.pattern_problems:
            log.warning("link detection: %s", problem)  # the pattern is settings, not clipboard text
        if settings.link_detection and not self._connected:
            self._clipboard.dataChanged.connect(self._clipboard_changed)
            self._connected = True
        elif not settings.link_detection and self._connected:
            self._clipboard.dataChanged.disconnect(self._clipboard_changed)
            self._connected = False
            if self._card is not None:
                self._card.hide()

    def pause(self) -> None:
        """Ignore clipboard changes until ``resume()`` (the app's own paste writes the clipboard)."""
        self._paused += 1

    def resume(self) -> None:
        self._paused = max(0, self._paused - 1)

    # ------------------------------------------------------------------ matching
    def _clipboard_changed(self) -> None:
        if self._paused:
            return
        mime = self._clipboard.mimeData()
        if mime is None or not mime.hasText():
            return
        product = self._product_in(self._clipboard.text())
        if product is None:
            return
        self.card.show_product(product, self._products.related(product))
        self.product_detected.emit(product.id)

    def _product_in(self, text: str) -> Product | None:
        """The known product ``text`` names, if any; ``text`` is not kept past this call."""
        item_id = self._matcher.match(text, is_known=self._is_known)
        return self._products.product_by_item_id(item_id) if item_id else None

    def _is_known(self, item_id: str) -> bool:
        return self._products.product_by_item_id(item_id) is not None

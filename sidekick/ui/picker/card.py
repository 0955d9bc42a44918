"""The product card in the popup's card view: the whole shared card (every knowledge field,
notes, 搭配 and 替代), scrolled with PgUp/PgDn or Ctrl+↑/↓.

Labels of the card itself come from ``sidekick.ui.widgets.product_card``; the key hint below
it goes through the translator under the ``ProductCard`` context.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from sidekick.core.types import Product, Relation
from sidekick.ui.rich_text import escape
from sidekick.ui.widgets.product_card import card_html


def product_card_html(product: Product, related: list[tuple[Relation, Product]]) -> str:
    """The card for ``product``; ``related`` as returned by the backend (relation, target)."""
    hint = QCoreApplication.translate("ProductCard", "Ctrl+R recommend · Tab back to the reply")
    card = card_html(product, related=related, link=False)
    return card + f"<div style='color:#6b7280; margin-top:6px'>{escape(hint)}</div>"

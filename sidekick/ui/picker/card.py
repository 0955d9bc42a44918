"""The product card in the popup's preview pane: the shared card, shortened to a glance.

Labels of the card itself come from ``sidekick.ui.widgets.product_card``; the key hint below
it goes through the translator under the ``ProductCard`` context.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication

from sidekick.core.types import Product, Relation
from sidekick.ui.widgets.product_card import card_html

KEY_FIELDS = 8  # the card is a glance, the product window has the rest
CLIP_CHARS = 60


def product_card_html(product: Product, related: list[tuple[Relation, Product]]) -> str:
    """The card for ``product``; ``related`` as returned by the backend (relation, target)."""
    hint = QCoreApplication.translate("ProductCard", "Ctrl+R recommend · Tab back to the reply")
    card = card_html(product, max_fields=KEY_FIELDS, related=related, link=False, clip=CLIP_CHARS)
    return card + f"<div style='color:#6b7280; margin-top:6px'>{html.escape(hint)}</div>"

"""The picker's view of the library: search and preview over the in-memory index.

The preview is the reply pipeline's (``sidekick.app.replies``) with ``preview=True``: exactly
what would be pasted (names from Settings, today's date, the buyer read from the chat window's
title, the current product) except what is only known at paste time, shown in 【…】: fill-ins
by their names, ``{剪贴板}`` (the popup never reads the agent's clipboard), and 〔选择商品〕
where a product field goes when no product is known yet.
"""

from __future__ import annotations

from collections.abc import Callable

from sidekick.app.replies import Replies
from sidekick.core.reply import Reply
from sidekick.core.types import Product, Relation, SearchHit, WindowRef


class IndexPickerBackend:
    """PickerBackend over the app's ``Replies`` (its index and settings are swapped there)."""

    def __init__(self, replies: Replies, target: Callable[[], WindowRef | None] = lambda: None) -> None:
        self.replies = replies
        self._target = target

    def search(self, query: str, limit: int) -> list[SearchHit]:
        return self.replies.search(query, limit)

    def preview(self, hit: SearchHit) -> str:
        return self.preview_reply(hit).text

    def preview_reply(self, hit: SearchHit) -> Reply:
        """The preview with what the agent should know about it (no product yet, no buyer)."""
        return self.replies.preview(hit, self._target())

    def card_shown(self, product_id: str | None) -> None:
        """The popup shows this product's card (Tab): it is now the current product."""
        self.replies.products.card_shown(product_id)

    def product(self, product_id: str) -> Product | None:
        return self.replies.index.product(product_id)

    def related(self, product: Product) -> list[tuple[Relation, Product]]:
        pairs: list[tuple[Relation, Product]] = []
        for relation in sorted(product.related, key=lambda r: (r.kind.value, r.position)):
            other = self.replies.index.product(relation.target_id)
            if other is not None and not other.deleted:
                pairs.append((relation, other))
        return pairs

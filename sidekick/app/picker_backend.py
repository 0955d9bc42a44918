"""The picker's view of the library: search and preview over the in-memory index.

The preview renders exactly what would be pasted (the agent's and shop's names from Settings,
today's date) except for what is only known at paste time: fill-ins show sample values or
their names, and ``{剪贴板}`` a sample, so the popup never reads the agent's clipboard.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any, Protocol

from sidekick.config.settings import Settings
from sidekick.core.placeholders import render, sample_context
from sidekick.core.recommend import recommendation_text
from sidekick.core.types import HitKind, Product, Relation, SearchHit


class SearchIndexLike(Protocol):
    def search(self, query: str, limit: int = 20, now_local: datetime | None = None) -> list[SearchHit]: ...
    def phrase(self, phrase_id: str) -> Any: ...
    def product(self, product_id: str) -> Product | None: ...


class IndexPickerBackend:
    """PickerBackend over a SearchIndex; ``settings`` is swapped when the agent changes them."""

    def __init__(self, index: SearchIndexLike, settings: Settings) -> None:
        self.index = index
        self.settings = settings

    def search(self, query: str, limit: int) -> list[SearchHit]:
        return self.index.search(query, limit=limit, now_local=datetime.now())

    def preview(self, hit: SearchHit) -> str:
        if hit.kind is HitKind.PRODUCT:
            product = self.index.product(hit.id)
            body = self.settings.recommend_template
        else:
            phrase = self.index.phrase(hit.id)
            body = phrase.body if phrase is not None else hit.body
            product = None
        context = sample_context(body, now=datetime.now())
        context = replace(context, agent=self.settings.agent_name, shop=self.settings.shop_name,
                          buyer="", product=product or context.product)
        if product is not None:
            return recommendation_text(product, body, ctx=context)
        return render(body, context).text

    def product(self, product_id: str) -> Product | None:
        return self.index.product(product_id)

    def related(self, product: Product) -> list[tuple[Relation, Product]]:
        pairs: list[tuple[Relation, Product]] = []
        for relation in sorted(product.related, key=lambda r: (r.kind.value, r.position)):
            other = self.index.product(relation.target_id)
            if other is not None and not other.deleted:
                pairs.append((relation, other))
        return pairs

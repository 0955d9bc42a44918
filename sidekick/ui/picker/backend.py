"""What the picker needs from the rest of the app, and what it reports back.

The picker is a pure view: it never searches, renders or pastes itself. The app hands it a
``PickerBackend`` (search and preview over the current library) and listens to its signals; the
action tells the controller what to do with the chosen hit.
"""

from __future__ import annotations

from typing import Protocol

from sidekick.core.types import Product, Relation, SearchHit


class PickerBackend(Protocol):
    """Search and lookups the picker calls on the GUI thread; each must be quick."""

    def search(self, query: str, limit: int) -> list[SearchHit]:
        """Best hits for ``query``; the empty query returns the most used items."""
        ...

    def preview(self, hit: SearchHit) -> str:
        """The full reply with placeholders rendered, as it would be pasted."""
        ...

    def product(self, product_id: str) -> Product | None:
        """The product behind a product hit, or None when it is gone."""
        ...

    def related(self, product: Product) -> list[tuple[Relation, Product]]:
        """The product's pairings and substitutes, resolved to products, in order."""
        ...

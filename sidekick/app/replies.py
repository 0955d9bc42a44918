"""The app's one reply pipeline: ``sidekick.core.reply`` fed from Settings, the index and the
chat window the popup was opened over.

One ``Replies`` object is shared by the popup's preview (``IndexPickerBackend``), the paste
(``Controller``), Recommend from the products window and the link card, and ``sidekick search
--json``; so each of them renders a hit the same way. It also holds which product is "the
current product" (card open in the popup, or the last link detected) and decides how to paste
into a window (its per-application rule). No Qt here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Protocol

from sidekick.config.settings import Settings
from sidekick.core.links import LinkMatcher, link_matcher
from sidekick.core.reply import (
    CurrentProduct,
    Draft,
    PastePolicy,
    ProductMemory,
    Reply,
    ReplyContext,
    ReplyVoice,
    buyer_from_title,
    draft,
    paste_policy,
    render_reply,
)
from sidekick.core.types import HitKind, Product, SearchHit, WindowRef

PRODUCT_CHOICES = 8  # products offered at once in the fill-in form's product field


class IndexLike(Protocol):
    def search(self, query: str, limit: int = 20, now_local: datetime | None = None,
               links: LinkMatcher | None = None) -> list[SearchHit]: ...
    def phrase(self, phrase_id: str) -> Any: ...
    def product(self, product_id: str) -> Product | None: ...


class Replies:
    """Renders hits for preview and paste; ``index`` and ``settings`` are swapped by the app."""

    def __init__(self, index: IndexLike, settings: Settings, *, clock: Callable[[], datetime] = datetime.now,
                 memory: ProductMemory | None = None) -> None:
        self.index = index
        self.settings = settings
        self.clock = clock
        self.products = memory or ProductMemory()

    # ------------------------------------------------------------------ what to render

    def voice(self) -> ReplyVoice:
        return ReplyVoice(self.settings.agent_name, self.settings.shop_name, self.settings.recommend_template)

    def draft_for(self, hit: SearchHit) -> Draft | None:
        """The body behind ``hit`` (a product: its recommendation); None when it is gone."""
        if hit.kind is HitKind.PRODUCT:
            product = self.index.product(hit.id)
            if product is None or product.deleted:
                return None
            return draft(self.settings.recommend_template, recommend=product)
        phrase = self.index.phrase(hit.id)
        return draft(phrase.body if phrase is not None else hit.body)

    def recommendation(self, product: Product, note: str = "") -> Draft:
        return draft(self.settings.recommend_template, recommend=product, note=note)

    def current_product(self) -> CurrentProduct | None:
        return self.products.current(self.index.product)

    def buyer(self, target: WindowRef | None) -> str:
        """The nickname the target's rule reads from its title ("" without a rule or match)."""
        if target is None:
            return ""
        rule = self.settings.rule_for(target.app_class, target.title)
        return buyer_from_title(rule.buyer_pattern, target.title) if rule is not None else ""

    def context(self, target: WindowRef | None, *, fill_ins: Mapping[str, str] | None = None,
                clipboard: Callable[[], str] | None = None, product: CurrentProduct | None = None) -> ReplyContext:
        return ReplyContext(voice=self.voice(), now=self.clock(), buyer=self.buyer(target), clipboard=clipboard,
                            fill_ins=dict(fill_ins or {}), product=product)

    # ------------------------------------------------------------------ the two paths

    def preview(self, hit: SearchHit, target: WindowRef | None) -> Reply:
        """What the popup shows for ``hit``: the paste's text with 【…】 where only the paste knows."""
        plan = self.draft_for(hit)
        if plan is None:
            return Reply(hit.body)
        return render_reply(plan, self.context(target, product=self.current_product()), preview=True)

    def render(self, plan: Draft, target: WindowRef | None, *, fill_ins: Mapping[str, str] | None = None,
               clipboard: Callable[[], str] | None = None, product: CurrentProduct | None = None) -> Reply:
        """What is pasted; ``product`` defaults to the current product."""
        chosen = product if product is not None else self.current_product()
        return render_reply(plan, self.context(target, fill_ins=fill_ins, clipboard=clipboard, product=chosen))

    def policy(self, target: WindowRef | None, *, send: bool = False) -> PastePolicy:
        """How to paste into ``target``: its per-application rule over the defaults."""
        rule = self.settings.rule_for(target.app_class, target.title) if target is not None else None
        return paste_policy(rule, default_paste_key=self.settings.paste_key, paste_mode=self.settings.paste_mode,
                            send=send)

    def search(self, query: str, limit: int) -> list[SearchHit]:
        """The popup's search: a pasted item link is read with the shop's own link patterns."""
        return self.index.search(query, limit=limit, now_local=self.clock(),
                                 links=link_matcher(self.settings.link_patterns))

    def search_products(self, query: str, limit: int = PRODUCT_CHOICES) -> list[Product]:
        """Products for the fill-in form's product field, found like the popup finds them."""
        found: list[Product] = []
        for hit in self.search(query, limit=max(limit * 4, 20)):
            if hit.kind is not HitKind.PRODUCT:
                continue
            product = self.index.product(hit.id)
            if product is not None and not product.deleted:
                found.append(product)
            if len(found) >= limit:
                break
        return found

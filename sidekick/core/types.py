"""Typed values passed across package boundaries.

Everything here is a frozen dataclass or an enum: no Qt, no SQL, no behaviour with side
effects. Storage, search, exchange and the UI all speak in these types.

Time conventions:
- ``created_at``/``updated_at``/usage times are naive UTC datetimes.
- ``valid_from``/``valid_until`` are naive *shop-local* datetimes, exactly as a lead types
  them in a spreadsheet ("2026-11-11 00:00"); a phrase is valid when
  ``valid_from <= now_local < valid_until`` (either bound may be missing).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal


def new_id() -> str:
    """A fresh stable id (UUID4 as text)."""
    import uuid  # here: uuid brings the platform module, which nothing else at start needs

    return str(uuid.uuid4())


class LibraryKind(str, enum.Enum):
    """Which library a phrase lives in."""

    TEAM = "team"  # 团队短语: set by leads, read-only for agents
    PERSONAL = "personal"  # 私人短语: one agent's own, never shared

    @classmethod
    def parse(cls, text: str) -> LibraryKind:
        """Accept English and Chinese names (``team``/``团队``, ``personal``/``个人``)."""
        key = text.strip().lower()
        for kind, names in _LIBRARY_NAMES.items():
            if key in names:
                return kind
        raise ValueError(f"unknown library {text!r}: use team/团队 or personal/个人")


_LIBRARY_NAMES = {
    LibraryKind.TEAM: {"team", "团队", "团队短语"},
    LibraryKind.PERSONAL: {"personal", "个人", "私人", "私人短语", "me", "我"},
}


class RelationKind(str, enum.Enum):
    """How two products relate (关联商品)."""

    PAIRING = "pairing"  # 搭配: sell together
    SUBSTITUTE = "substitute"  # 替代: offer instead when out of stock

    @classmethod
    def parse(cls, text: str) -> RelationKind:
        key = text.strip().lower()
        if key in {"pairing", "搭配"}:
            return cls.PAIRING
        if key in {"substitute", "替代"}:
            return cls.SUBSTITUTE
        raise ValueError(f"unknown relation kind {text!r}: use pairing/搭配 or substitute/替代")


MAX_CATEGORY_DEPTH = 2


@dataclass(frozen=True, slots=True)
class CategoryPath:
    """A category and an optional subcategory (exactly two levels, e.g. 售前 › 快递).

    The empty path (``CategoryPath()``) means "uncategorised".
    """

    category: str = ""
    subcategory: str = ""

    def __post_init__(self) -> None:
        if self.subcategory and not self.category:
            raise ValueError("a subcategory needs a category")

    @classmethod
    def parse(cls, text: str, separators: str = "/›>") -> CategoryPath:
        """Parse ``售前/快递`` (or ``售前 › 快递``); a third level raises ``ValueError``."""
        parts = [text]
        for sep in separators:
            parts = [piece for part in parts for piece in part.split(sep)]
        parts = [p.strip() for p in parts if p.strip()]
        if len(parts) > MAX_CATEGORY_DEPTH:
            raise ValueError(
                f"category path {text!r} has {len(parts)} levels; at most {MAX_CATEGORY_DEPTH} "
                "(category › subcategory) are allowed"
            )
        return cls(*parts)

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(p for p in (self.category, self.subcategory) if p)

    def __str__(self) -> str:
        return " › ".join(self.parts)


@dataclass(frozen=True, slots=True)
class Phrase:
    """One quick reply."""

    id: str
    library: LibraryKind
    category: CategoryPath
    title: str
    body: str
    code: str = ""  # short code such as ``kd`` or ``/tk``; empty when none
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    position: int = 0  # order inside its category
    created_at: datetime | None = None
    updated_at: datetime | None = None
    revision: int = 0  # hub revision this row was last synced at (0 = never published)
    deleted: bool = False  # tombstone, kept so deletions sync
    # 买家问法: example buyer messages this phrase answers, one per item (masked, see
    # ``sidekick.core.suggest.mask_buyer_text``), and the question-bank intent ids it answers.
    questions: tuple[str, ...] = ()
    intents: tuple[str, ...] = ()

    def is_valid_at(self, now_local: datetime) -> bool:
        """True when the phrase may be offered at ``now_local`` (shop-local time)."""
        if self.valid_from is not None and now_local < self.valid_from:
            return False
        return not (self.valid_until is not None and now_local >= self.valid_until)


@dataclass(frozen=True, slots=True)
class KnowledgeField:
    """One named fact about a product (材质, 尺码, 洗涤, 卖点 …)."""

    name: str
    value: str


@dataclass(frozen=True, slots=True)
class Relation:
    """A link from one product to another."""

    kind: RelationKind
    target_id: str
    position: int = 0
    note: str = ""


@dataclass(frozen=True, slots=True)
class Product:
    """One item of the shop's catalogue with its knowledge."""

    id: str
    item_id: str  # the marketplace's item id (the ``id=`` in a link)
    title: str
    link: str = ""
    price: Decimal | None = None
    tags: tuple[str, ...] = ()
    knowledge: tuple[KnowledgeField, ...] = ()
    notes: str = ""  # free text knowledge
    related: tuple[Relation, ...] = ()
    position: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None
    revision: int = 0
    deleted: bool = False

    def field(self, name: str) -> str | None:
        """The value of the knowledge field ``name``, or None."""
        for item in self.knowledge:
            if item.name == name:
                return item.value
        return None


@dataclass(frozen=True, slots=True)
class UsageStat:
    """How often and how recently this agent used a phrase or product."""

    target_id: str
    count: int
    last_used: datetime | None
    frecency: float = 0.0  # decayed score, higher is more used lately


class HitKind(str, enum.Enum):
    PHRASE = "phrase"
    PRODUCT = "product"


class MatchKind(str, enum.Enum):
    """Match quality tiers, best first (the search ranking uses this order)."""

    CODE_EXACT = "code_exact"
    CODE_PREFIX = "code_prefix"
    TITLE_PREFIX = "title_prefix"
    TITLE_SUBSTRING = "title_substring"
    BODY_SUBSTRING = "body_substring"
    PINYIN_INITIALS = "pinyin_initials"
    PINYIN_FULL = "pinyin_full"
    HOMOPHONE = "homophone"  # Chinese typed with another character of the same sound
    FUZZY = "fuzzy"
    PARTIAL = "partial"  # fallback: covers most of the query (only when the list is short)
    QUESTION = "question"  # fallback below it: the query is in the phrase's 买家问法
    ALL = "all"  # empty query: everything, by frecency and order


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range ``[start, end)`` in a named field of the hit."""

    field: str  # "title", "body", "code", "tags", "knowledge", "item_id"
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result, phrase or product."""

    kind: HitKind
    id: str
    title: str
    body: str  # phrase body, or a product's knowledge summary
    score: float
    match: MatchKind
    spans: tuple[Span, ...] = ()
    library: LibraryKind | None = None  # None for products
    category: CategoryPath = CategoryPath()
    code: str = ""


class PasteAction(str, enum.Enum):
    """What the agent asked to do with the chosen hit (the usage log keeps the value, with
    Recommend counted as a paste: ``sidekick.core.insights.ACTION_*``)."""

    PASTE = "paste"  # Enter, Alt+1…9, double-click
    PASTE_AND_SEND = "paste_send"  # Ctrl+Enter: paste, then press Enter in the chat client
    COPY = "copy"  # Ctrl+C: leave the reply on the clipboard, paste nothing
    RECOMMEND = "recommend"  # Ctrl+R on a product: paste the recommendation text


@dataclass(frozen=True, slots=True)
class WindowRef:
    """An OS window captured at hotkey time, to give focus back to it."""

    backend: str  # "x11", "win32", "mac", "dummy"
    handle: int
    title: str = ""
    app_class: str = ""  # X11 WM_CLASS / Windows exe name / macOS bundle id


@dataclass(frozen=True, slots=True)
class RenderResult:
    """A phrase body with its placeholders filled in."""

    text: str
    caret: int | None = None  # where the caret should end up ({光标}); None = at the end


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem found in user input, with where it is and what to do about it."""

    message: str
    source: str = ""  # file name, or "" for in-memory input
    row: int | None = None  # 1-based data row, as a spreadsheet shows it
    column: str = ""

    def __str__(self) -> str:
        from sidekick.core.messages import render_problem  # messages imports this module

        return render_problem(self, lambda text: text)  # English: the templates as written


@dataclass(frozen=True, slots=True)
class CategoryInfo:
    """A category node as the library tree shows it."""

    id: str
    library: LibraryKind
    path: CategoryPath
    position: int = 0
    phrase_count: int = 0  # phrases directly in this node (not in its subcategories)


@dataclass(frozen=True, slots=True)
class Library:
    """What a library holds, as plain values (exchange formats read and write this)."""

    phrases: tuple[Phrase, ...] = ()
    products: tuple[Product, ...] = ()
    # Explicit category order; categories only reached through phrases may be absent.
    categories: tuple[tuple[LibraryKind, CategoryPath, int], ...] = field(default=())

"""SQLModel tables for the local database (and the shape the team hub mirrors).

Rows here never leave ``sidekick.db``: the repository converts them to ``sidekick.core.types``.
Schema changes go through Alembic migrations in ``sidekick/db/migrations``.

Sync bookkeeping on team rows: ``revision`` is the hub revision the row was last received or
published at; ``dirty`` marks a local edit not yet published; ``deleted`` is a tombstone.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, text
from sqlmodel import Field, SQLModel

# Naive datetimes everywhere (UTC for timestamps, shop-local for validity windows); the
# explicit column type keeps SQLModel from insisting on timezone-aware values.
NAIVE = DateTime()


def utcnow() -> datetime:
    """Naive UTC now (SQLite stores naive datetimes)."""
    from datetime import UTC

    return datetime.now(UTC).replace(tzinfo=None)


class LibraryRow(SQLModel, table=True):
    __tablename__ = "library"

    id: str = Field(primary_key=True)
    kind: str = Field(index=True)  # "team" | "personal"
    name: str = ""
    shop: str = Field(default="default")  # room for more than one shop later
    owner: str = ""  # agent name for a personal library, "" for team


class CategoryRow(SQLModel, table=True):
    __tablename__ = "category"

    id: str = Field(primary_key=True)
    library_id: str = Field(foreign_key="library.id", index=True)
    parent_id: str | None = Field(default=None, foreign_key="category.id", index=True)
    name: str
    position: int = 0
    revision: int = 0
    dirty: bool = Field(default=False, index=True)
    deleted: bool = False
    updated_at: datetime = Field(default_factory=utcnow, sa_type=NAIVE)


class PhraseRow(SQLModel, table=True):
    __tablename__ = "phrase"
    # A short code is unique among the live phrases of one library.
    __table_args__ = (
        Index(
            "uq_phrase_library_code",
            "library_id",
            "code",
            unique=True,
            sqlite_where=text("code != '' AND deleted = 0"),
        ),
        # The library window's lists and counts read this index alone (see migration 0015).
        Index("ix_phrase_listing", "library_id", "deleted", "category_id", "position", "title", "id"),
    )

    id: str = Field(primary_key=True)
    library_id: str = Field(foreign_key="library.id", index=True)
    category_id: str | None = Field(default=None, foreign_key="category.id", index=True)
    code: str = Field(default="", index=True)
    title: str = ""
    body: str = ""
    valid_from: datetime | None = Field(default=None, sa_type=NAIVE, index=True)
    valid_until: datetime | None = Field(default=None, sa_type=NAIVE, index=True)
    position: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=NAIVE)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=NAIVE)
    revision: int = 0
    dirty: bool = Field(default=False, index=True)
    deleted: bool = Field(default=False, index=True)
    # Precomputed search forms (pinyin etc.) as JSON, written on save so that start-up
    # never converts the whole library to pinyin.
    search_forms: str = ""
    # 买家问法 and intent ids, each a JSON array of strings ('' when empty; see ``text_list``).
    questions: str = ""
    intents: str = ""


class ProductRow(SQLModel, table=True):
    __tablename__ = "product"

    id: str = Field(primary_key=True)
    item_id: str = Field(default="", index=True)
    title: str = ""
    link: str = ""
    price: str = ""  # decimal as text ("59.00"), "" when unknown; exact and portable
    notes: str = ""
    position: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=NAIVE)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=NAIVE)
    revision: int = 0
    dirty: bool = Field(default=False, index=True)
    deleted: bool = Field(default=False, index=True)
    search_forms: str = ""


class TagRow(SQLModel, table=True):
    __tablename__ = "tag"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)


class ProductTagRow(SQLModel, table=True):
    __tablename__ = "product_tag"

    product_id: str = Field(foreign_key="product.id", primary_key=True)
    tag_id: int = Field(foreign_key="tag.id", primary_key=True, index=True)
    position: int = 0


class KnowledgeRow(SQLModel, table=True):
    __tablename__ = "knowledge_field"

    id: int | None = Field(default=None, primary_key=True)
    product_id: str = Field(foreign_key="product.id", index=True)
    name: str
    value: str = ""
    position: int = 0


class RelationRow(SQLModel, table=True):
    __tablename__ = "product_relation"

    id: int | None = Field(default=None, primary_key=True)
    product_id: str = Field(foreign_key="product.id", index=True)
    target_id: str = Field(foreign_key="product.id", index=True)
    kind: str  # "pairing" | "substitute"
    position: int = 0
    note: str = ""


class UsageEventRow(SQLModel, table=True):
    """One use of a phrase or product: id and time only, never the pasted text."""

    __tablename__ = "usage_event"

    id: int | None = Field(default=None, primary_key=True)
    target_id: str = Field(index=True)
    target_kind: str  # "phrase" | "product"
    used_at: datetime = Field(default_factory=utcnow, index=True, sa_type=NAIVE)
    # How the reply was chosen (migration 0005_usage_events); NULL on older rows.
    found_via: str | None = None  # "search" | "suggestion" | "link_card" | "browse"
    by_alt_number: bool | None = None
    rank: int | None = None  # 1 = first row of the list
    action: str | None = None  # "paste" | "paste_send" | "copy"
    popup_ms: int | None = None  # popup open → choice


class SearchMissDayRow(SQLModel, table=True):
    """How many searches found nothing on a day (UTC date, ISO text): a count, no text."""

    __tablename__ = "search_miss_day"

    day: str = Field(primary_key=True)
    count: int = 0


class SearchMissQueryRow(SQLModel, table=True):
    """A query that found nothing, kept only when the agent opted in (``keep_missed_queries``)."""

    __tablename__ = "search_miss_query"

    id: int | None = Field(default=None, primary_key=True)
    day: str
    query: str


class UsageStatRow(SQLModel, table=True):
    """Running aggregate of usage events, so ranking never scans the event log.

    Kept apart from the phrase rows: using a phrase never rewrites the library.
    """

    __tablename__ = "usage_stat"

    target_id: str = Field(primary_key=True)
    target_kind: str
    count: int = 0
    last_used: datetime | None = Field(default=None, sa_type=NAIVE)
    # Exponentially decayed use count, valid at ``decay_ref`` (see repository.record_usage).
    decay_score: float = 0.0
    decay_ref: datetime | None = Field(default=None, sa_type=NAIVE)


class SettingRow(SQLModel, table=True):
    """Key → JSON value; settings are stored with the data."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True)
    value: str = "null"

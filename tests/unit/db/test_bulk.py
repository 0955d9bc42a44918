"""The bulk phrase writer: the same rows as ``save_phrase``, written with two statements."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from sqlmodel import Session

from sidekick.core.types import CategoryPath, LibraryKind, Phrase
from sidekick.db import repository as repo
from sidekick.db.repository import phrases as phrases_module
from sidekick.db.store import Store, open_store
from sidekick.db.tables import PhraseRow

TEAM, PERSONAL = LibraryKind.TEAM, LibraryKind.PERSONAL
NOW = datetime(2025, 6, 1, 12, 0, 0)
HUB_CREATED = datetime(2025, 1, 2, 3, 4, 5, 600000)
HUB_UPDATED = datetime(2025, 2, 3, 4, 5, 6)
PATH = CategoryPath("售前", "快递")


def phrase(pid: str, title: str = "快递说明", *, library: LibraryKind = TEAM, code: str = "", **changes: object) -> Phrase:
    base = Phrase(id=pid, library=library, category=PATH, title=title, body="亲，默认发中通📦", code=code)
    return replace(base, **changes)


def bulk(session: Session, items: list[Phrase], *, from_hub: bool, known: set[str] = frozenset(),
         keep_stamps: bool = False, now: datetime = NOW) -> None:
    """What the import and the pull do: ensure categories, build the values, write the batch."""
    rows = [
        repo.phrase_values(
            p,
            category_id=repo.ensure_category(session=session, library=p.library, path=p.category, from_hub=from_hub),
            from_hub=from_hub,
            now=now,
            keep_stamps=keep_stamps,
        )
        for p in items
    ]
    repo.write_phrase_rows(session, rows, existing_ids=known)


def stored(session: Session, pid: str) -> PhraseRow:
    session.expire_all()
    row = session.get(PhraseRow, pid)
    assert row is not None
    return row


def raw_rows(store: Store) -> list[dict[str, object]]:
    """Every phrase row as the database holds it (text, not ORM values), category as its path."""
    with store.session() as s:
        result = s.connection().exec_driver_sql("SELECT * FROM phrase ORDER BY id")
        rows = [dict(zip(result.keys(), r, strict=True)) for r in result]
        for row in rows:
            row["category_id"] = phrases_module.category_path_of(s, row["category_id"])
    return rows


def test_new_rows_are_inserted_and_known_rows_updated(store) -> None:
    with store.session() as s:
        bulk(s, [phrase("a", code="kd"), phrase("b", "发货时间")], from_hub=False)
    with store.session() as s:
        bulk(s, [phrase("a", "快递说明（新）", code="kd", position=4), phrase("c", "退货")],
             from_hub=False, known={"a"}, now=datetime(2025, 7, 1))
    with store.session() as s:
        a, b, c = (stored(s, pid) for pid in "abc")
        assert (a.title, a.code, a.position) == ("快递说明（新）", "kd", 4)
        assert a.created_at == NOW and a.updated_at == datetime(2025, 7, 1)  # created once, updated now
        assert (b.title, c.title) == ("发货时间", "退货")
        assert repo.get_phrase(session=s, phrase_id="a").category == PATH


def test_a_change_from_the_hub_is_clean_and_takes_the_hubs_revision_and_time(store) -> None:
    hub = phrase("h", created_at=HUB_CREATED, updated_at=HUB_UPDATED, revision=7)
    with store.session() as s:
        bulk(s, [hub], from_hub=True)
        row = stored(s, "h")
        assert (row.dirty, row.revision, row.created_at, row.updated_at) == (False, 7, HUB_CREATED, HUB_UPDATED)
        # Received again with a newer revision: replaced whole except when it was first created.
        bulk(s, [replace(hub, title="新", created_at=datetime(2030, 1, 1), revision=9)], from_hub=True, known={"h"})
        row = stored(s, "h")
        assert (row.title, row.revision, row.created_at, row.dirty) == ("新", 9, HUB_CREATED, False)


def test_a_local_edit_marks_team_rows_dirty_and_keeps_the_revision(store) -> None:
    with store.session() as s:
        bulk(s, [phrase("t", created_at=HUB_CREATED, updated_at=HUB_UPDATED, revision=7)], from_hub=True)
        bulk(s, [phrase("t", "改过", revision=99, updated_at=HUB_UPDATED)], from_hub=False, known={"t"})
        row = stored(s, "t")
        assert (row.title, row.dirty, row.revision, row.updated_at) == ("改过", True, 7, NOW)


def test_a_local_edit_of_a_personal_row_leaves_its_flag_alone(store) -> None:
    with store.session() as s:
        bulk(s, [phrase("p", library=PERSONAL)], from_hub=False)
        assert stored(s, "p").dirty is False  # new rows start clean
        s.get(PhraseRow, "p").dirty = True  # e.g. moved out of the team library
        s.flush()
        bulk(s, [phrase("p", "改过", library=PERSONAL)], from_hub=False, known={"p"})
        assert stored(s, "p").dirty is True


def test_kept_stamps_write_the_records_own_times_and_revision(store) -> None:
    with store.session() as s:
        bulk(s, [phrase("e")], from_hub=False)
        exact = phrase("e", "原样", created_at=HUB_CREATED, updated_at=HUB_UPDATED, revision=5)
        bulk(s, [exact], from_hub=False, known={"e"}, keep_stamps=True)
        row = stored(s, "e")
        assert (row.created_at, row.updated_at, row.revision, row.dirty) == (HUB_CREATED, HUB_UPDATED, 5, True)


def test_search_forms_are_stored(store) -> None:
    with store.session() as s:
        bulk(s, [phrase("f", "快递说明")], from_hub=False)
        assert stored(s, "f").search_forms == repo.phrase_search_forms(phrase("f", "快递说明"))


def test_known_rows_give_up_their_codes_before_new_rows_take_them(store) -> None:
    with store.session() as s:
        bulk(s, [phrase("old", code="kd")], from_hub=False)
        # In one batch, the new row listed first: it must still find the code free.
        bulk(s, [phrase("new", code="kd"), phrase("old", code="kd2")], from_hub=False, known={"old"})
        assert (stored(s, "old").code, stored(s, "new").code) == ("kd2", "kd")


def test_orm_copies_in_the_session_see_the_written_values(store) -> None:
    with store.session() as s:
        bulk(s, [phrase("o")], from_hub=False)
        loaded = s.get(PhraseRow, "o")
        assert loaded is not None and loaded.title == "快递说明"
        bulk(s, [phrase("o", "新标题")], from_hub=False, known={"o"})
        assert loaded.title == "新标题"


def test_codes_are_stripped_and_an_empty_batch_writes_nothing(store) -> None:
    with store.session() as s:
        repo.write_phrase_rows(s, [], existing_ids=set())
        bulk(s, [phrase("s", code="  kd ")], from_hub=False)
        assert stored(s, "s").code == "kd"


# Each step: (phrase, from_hub) applied in turn to both databases.
STEPS: list[tuple[Phrase, bool]] = [
    (phrase("a", code="kd"), False),  # new local team phrase
    (phrase("b", library=PERSONAL, code="kd"), False),  # new personal phrase, same code, other library
    (phrase("c", "来自团队", created_at=HUB_CREATED, updated_at=HUB_UPDATED, revision=7), True),  # received
    (phrase("d", "无时间", revision=3), True),  # received without stamps: now
    (phrase("c", "本地改过", created_at=HUB_CREATED, updated_at=HUB_UPDATED, revision=7, position=2), False),
    (phrase("a", "团队改过", code="kd", created_at=HUB_CREATED, updated_at=HUB_UPDATED, revision=9), True),
    (phrase("b", "私人改过", library=PERSONAL, valid_from=datetime(2025, 1, 1), valid_until=datetime(2025, 12, 31)), False),
    (phrase("d", "删除", revision=4, deleted=True), True),  # a tombstone-shaped row, written whole
]


def test_rows_equal_what_save_phrase_writes(store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(phrases_module, "utcnow", lambda: NOW)
    other = open_store(tmp_path / "bulk.db")
    try:
        for item, from_hub in STEPS:
            with store.session() as s:
                repo.save_phrase(session=s, phrase=item, from_hub=from_hub)
            with other.session() as s:
                known = {item.id} if s.get(PhraseRow, item.id) is not None else set()
                bulk(s, [item], from_hub=from_hub, known=known)
        assert raw_rows(other) == raw_rows(store)  # stored text included: same timestamp format
        assert len(raw_rows(store)) == 4
    finally:
        other.close()


def test_a_pull_batch_may_hand_a_freed_code_to_a_new_row(store) -> None:
    """The pull writes tombstones, then known rows, then new ones: a code given up in a batch is
    free for a new row of the same batch (inserting first failed on the unique code index)."""
    from sidekick.hub.pull import Applier

    def hub(pid: str, code: str, revision: int, **changes: object) -> Phrase:
        return phrase(pid, code=code, created_at=HUB_CREATED, updated_at=HUB_UPDATED, revision=revision, **changes)

    with store.session() as s:
        Applier(s).phrases([hub("A", "x", 1), hub("C", "y", 2)])
    with store.session() as s:
        applier = Applier(s)
        applier.phrases([hub("A", "x", 3, deleted=True), hub("B", "x", 4), hub("C", "z", 5), hub("D", "y", 6)])
        assert not applier.conflicts
    with store.session() as s:
        codes = {pid: (stored(s, pid).code, stored(s, pid).deleted) for pid in "ABCD"}
    assert codes == {"A": ("x", True), "B": ("x", False), "C": ("z", False), "D": ("y", False)}

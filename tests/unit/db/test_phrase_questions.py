"""买家问法 and intents in the local database: saved, listed, loaded by the index loaders,
and added to older databases by migration ``0003_phrase_questions``."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from sidekick.core.types import CategoryPath, LibraryKind, Phrase
from sidekick.db import repository as repo
from sidekick.db.engine import make_engine, sqlite_url
from sidekick.db.search_load import load_index, load_phrase_columns, load_phrases

QUESTIONS = ("刚买就降价了", "能退差价吗\n[订单x]", "保价😊")


def _phrase(pid: str, title: str, **fields: object) -> Phrase:
    return Phrase(id=pid, library=LibraryKind.TEAM, category=CategoryPath("售前"), title=title, body="…", **fields)


def test_saved_questions_and_intents_come_back_everywhere(store) -> None:
    asked = _phrase("asked", "价格保护", questions=QUESTIONS, intents=("price_protection",))
    plain = _phrase("plain", "快递")
    with store.session() as s:
        repo.save_phrase(session=s, phrase=asked)
        repo.save_phrase(session=s, phrase=plain)
    with store.session() as s:
        got = repo.get_phrase(session=s, phrase_id="asked")
        listed = {p.id: p for p in repo.list_phrases(session=s)}
    assert got is not None and (got.questions, got.intents) == (QUESTIONS, ("price_protection",))
    assert (listed["plain"].questions, listed["plain"].intents) == ((), ())
    eager = {p.id: p for p, _forms in load_phrases(store.engine)}
    columns = load_phrase_columns(store.engine)
    assert columns is not None
    lazy = {columns.ids[row]: columns.phrase(row) for row in range(len(columns))}
    assert lazy == eager
    assert eager["asked"].questions == QUESTIONS and eager["asked"].intents == ("price_protection",)
    assert load_index(store.engine).phrase("asked").questions == QUESTIONS


def test_editing_other_fields_keeps_the_questions(store) -> None:
    from dataclasses import replace

    with store.session() as s:
        saved = repo.save_phrase(session=s, phrase=_phrase("a", "价格保护", questions=("保价",)))
        repo.save_phrase(session=s, phrase=replace(saved, body="新的正文"))
    with store.session() as s:
        assert repo.get_phrase(session=s, phrase_id="a").questions == ("保价",)


def test_a_damaged_value_reads_as_no_questions(store) -> None:
    with store.session() as s:
        repo.save_phrase(session=s, phrase=_phrase("a", "价格保护", questions=("保价",)))
        s.connection().execute(text("UPDATE phrase SET questions = '{not json', intents = '[1, \"ok\"]'"))
    with store.session() as s:
        got = repo.get_phrase(session=s, phrase_id="a")
    assert got is not None and got.questions == () and got.intents == ("ok",)


def test_migration_adds_empty_questions_to_existing_phrases(tmp_path: Path) -> None:
    from alembic import command

    from sidekick.db.migrate import alembic_config

    path = tmp_path / "old.db"
    engine = make_engine(sqlite_url(path))
    config = alembic_config(sqlite_url(path))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
        connection.execute(text("INSERT INTO library (id, kind, name, shop, owner) VALUES ('team', 'team', '', '', '')"))
        connection.execute(text(
            "INSERT INTO phrase (id, library_id, code, title, body, position, created_at, updated_at, revision, dirty,"
            " deleted, search_forms) VALUES ('old', 'team', '', '旧短语', '正文', 0, '2026-01-01 00:00:00',"
            " '2026-01-01 00:00:00', 0, 0, 0, '')"))
        command.upgrade(config, "head")
    (phrase, _forms), = load_phrases(engine)
    assert (phrase.title, phrase.questions, phrase.intents) == ("旧短语", (), ())
    engine.dispose()

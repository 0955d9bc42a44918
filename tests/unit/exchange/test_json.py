"""Sidekick JSON: lossless, deterministic, versioned."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from sidekick.core.exchange import json_format
from sidekick.core.types import Library
from sidekick.db.store import open_store


def test_export_import_export_is_byte_identical(ex, store, cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ex.seed_shop(store)
    first = tmp_path / "shop.json"
    assert cli("export", first).code == 0
    before = ex.snapshot(store)

    monkeypatch.setenv("SIDEKICK_HOME", str(tmp_path / "empty-home"))
    result = cli("import", first)
    assert result.code == 0, result.err
    assert "7 added" in result.out and "3 added" in result.out  # phrases incl. the tombstone; products
    second = tmp_path / "again.json"
    assert cli("export", second).code == 0
    assert second.read_bytes() == first.read_bytes()

    other = open_store()
    try:
        assert ex.snapshot(other)[0] == before[0]  # the very same library, tombstone and timestamps included
    finally:
        other.close()


def test_reimporting_the_same_json_changes_nothing(ex, store, cli, tmp_path: Path) -> None:
    ex.seed_shop(store)
    path = tmp_path / "shop.json"
    cli("export", path)
    before = ex.snapshot(store)
    result = cli("import", path)
    assert result.code == 0
    assert "0 added, 0 updated, 7 unchanged" in result.out
    assert ex.snapshot(store) == before


def test_output_is_deterministic_whatever_the_input_order(ex, store) -> None:
    ex.seed_shop(store)
    from sidekick.db.library_export import export_library

    with store.session() as session:
        library = export_library(session=session, include_deleted=True)
    shuffled = list(library.phrases)
    random.Random(7).shuffle(shuffled)
    products = list(reversed(library.products))
    again = Library(tuple(shuffled), tuple(products), tuple(reversed(library.categories)))
    data = json_format.dump(library)
    assert json_format.dump(again) == data
    assert data.endswith(b"}\n") and "快递说明".encode() in data  # ensure_ascii=False, trailing newline
    document = json.loads(data)
    assert (document["format"], document["version"]) == ("sidekick", 1)


def test_read_gives_back_the_same_library(ex, store) -> None:
    ex.seed_shop(store)
    from sidekick.db import repository

    with store.session() as session:
        library = repository.load_library(session=session, include_deleted=True)
    result = json_format.read(json_format.dump(library), "shop.json")
    assert result.ok
    assert set(result.library.phrases) == set(library.phrases)
    assert result.library.products == library.products
    tee = next(p for p in result.library.products if p.item_id == "1001")
    assert str(tee.price) == "59.90" and tee.related[0].note == "同色系更好看"


def test_newer_version_is_refused_with_update_hint() -> None:
    data = json.dumps({"format": "sidekick", "version": 2, "phrases": []}).encode()
    result = json_format.read(data, "future.json")
    assert not result.ok
    assert "newer Sidekick" in str(result.problems[0]) and "update Sidekick" in str(result.problems[0])


def test_invalid_json_names_line_and_column() -> None:
    result = json_format.read(b'{\n  "format": "sidekick",\n  "version": 1,\n  "phrases": [,]\n}', "bad.json")
    assert not result.ok
    message = str(result.problems[0])
    assert "bad.json" in message and "line 4" in message and "column" in message


def test_wrong_field_types_are_located_problems(ex, store) -> None:
    ex.seed_shop(store)
    from sidekick.db import repository

    with store.session() as session:
        library = repository.load_library(session=session)
    document = json.loads(json_format.dump(library))
    document["phrases"][0]["library"] = "shop"
    document["phrases"][1]["valid_from"] = "next week"
    document["products"][0]["related"][0]["kind"] = "cousin"
    result = json_format.read(json.dumps(document).encode(), "x.json")
    where = {p.column for p in result.problems}
    assert {"phrases[0].library", "phrases[1].valid_from", "products[0].related[0].kind"} <= where


def test_one_library_export_keeps_products(ex, store) -> None:
    ex.seed_shop(store)
    from sidekick.core.types import LibraryKind
    from sidekick.db.library_export import export_library

    with store.session() as session:
        library = export_library(session=session)
    document = json.loads(json_format.write(library, LibraryKind.PERSONAL))
    assert {p["library"] for p in document["phrases"]} == {"personal"}
    assert len(document["products"]) == 3
    assert all(c["library"] == "personal" for c in document["categories"])


def test_a_tombstone_survives_the_round_trip(ex, store) -> None:
    ex.seed_shop(store)
    from sidekick.db import repository

    with store.session() as session:
        library = repository.load_library(session=session, include_deleted=True)
    gone = [p for p in library.phrases if p.deleted]
    assert len(gone) == 1
    result = json_format.read(json_format.dump(library))
    assert [p for p in result.library.phrases if p.deleted] == gone

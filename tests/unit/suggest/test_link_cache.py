"""Intent links kept between processes (``sidekick.db.link_cache``)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from sidekick.cli.main import main
from sidekick.core.exchange.common import derive_title
from sidekick.core.suggest import SuggestEngine, load_question_bank, parse_question_bank
from sidekick.core.suggest import engine as engine_module
from sidekick.core.suggest.linker import IntentLinker
from sidekick.core.types import CategoryPath, LibraryKind, Phrase
from sidekick.db import link_cache
from sidekick.db.cache_files import KeptFiles

BODIES = [
    ("发货", "亲，付款后48小时内发货，节假日顺延，请您耐心等待"),
    ("退款", "退款已经为您处理，原路退回，一般1到3个工作日到账"),
    ("", "好的，麻烦您把新的收货人、电话和详细地址发给咱，发货前都能改"),
    ("", "谢谢您的支持，有问题随时找我，祝您生活愉快"),
]


def library() -> list[Phrase]:
    """Replies without 问法 or intents: two titled, two as an import without titles makes them."""
    out = []
    for n, (title, body) in enumerate(BODIES):
        out.append(Phrase(id=f"p{n}", library=LibraryKind.TEAM, category=CategoryPath("常用"),
                          title=title or derive_title(body, ""), body=body))
    return out


def engine_with(linker: IntentLinker, phrases: list[Phrase], monkeypatch: pytest.MonkeyPatch) -> SuggestEngine:
    monkeypatch.setattr(engine_module, "shared_linker", lambda _bank, _words: linker)
    return SuggestEngine(phrases, linker.bank)


def test_a_new_process_links_nothing_again_and_ranks_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "cache" / link_cache.FILE_NAME
    bank = load_question_bank()
    first = IntentLinker(bank)
    built = engine_with(first, library(), monkeypatch)
    assert first.memo_added >= len(BODIES) + 2  # every reply's scores and both untitled openings
    assert link_cache.save(first, path) == first.memo_added

    second = IntentLinker(bank)
    assert link_cache.load(second, path) == first.memo_added
    again = engine_with(second, library(), monkeypatch)
    assert second.memo_added == 0  # nothing linked or read again
    assert again.links == built.links and any(built.links)
    for message in ("啥时候发货", "退款多久到账", "地址写错了能改吗", "好的谢谢"):
        assert [(s.phrase.id, s.score, s.intent) for s in again.suggest(message)] == \
               [(s.phrase.id, s.score, s.intent) for s in built.suggest(message)]


def test_replies_no_longer_in_the_library_are_dropped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / link_cache.FILE_NAME
    bank = load_question_bank()
    first = IntentLinker(bank)
    engine_with(first, library(), monkeypatch)
    link_cache.save(first, path)
    second = IntentLinker(bank)
    link_cache.load(second, path)
    edited = [replace(p, body=p.body + "。") if p.id == "p1" else p for p in library()[:2]]
    engine_with(second, edited, monkeypatch)
    keys, _rows = second.memo_entries()
    assert second.memo_added == 1  # only the edited reply was linked again
    assert sorted(key[2] for key in keys if key[0] == "link") == sorted(p.body for p in edited)


@pytest.mark.parametrize("damage", ["garbage", "another bank", "wrong shape"])
def test_an_unusable_file_is_ignored_and_replaced(tmp_path: Path, damage: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / link_cache.FILE_NAME
    bank = load_question_bank()
    first = IntentLinker(bank)
    engine_with(first, library(), monkeypatch)
    if damage == "garbage":
        path.write_bytes(b"not a zip file")
    elif damage == "another bank":
        other = parse_question_bank("intents:\n  refund:\n    name: 退款\n    phrasings: [退款多久到账]\n")
        other_linker = IntentLinker(other)
        other_linker.link(library()[1])
        link_cache.save(other_linker, path)
    else:
        keys, rows = first.memo_entries()
        with open(path, "wb") as out:
            np.savez(out, format=np.array(link_cache.FORMAT), identity=np.array(first.identity()),
                     keys=np.frombuffer(json.dumps(keys).encode(), dtype=np.uint8), rows=rows[:, :3])
    second = IntentLinker(bank)
    assert link_cache.load(second, path) is None
    engine_with(second, library(), monkeypatch)
    assert second.memo_added == first.memo_added  # linked as without a file
    assert link_cache.save(second, path) == second.memo_added and link_cache.load(IntentLinker(bank), path)


def test_the_identity_names_what_links_depend_on(monkeypatch: pytest.MonkeyPatch) -> None:
    from sidekick.core.suggest import linker as linker_module

    bank = load_question_bank()
    same = IntentLinker(bank).identity()
    assert IntentLinker(load_question_bank()).identity() == same
    assert IntentLinker(bank, with_words=False).identity() != same
    monkeypatch.setattr(linker_module, "MODEL_LINK_WEIGHT", 0.7)
    assert IntentLinker(bank).identity() != same


def test_the_cli_keeps_the_links_in_the_data_directory(sidekick_home: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A library imported from Qianniu (no titles, 问法 or intents): every reply is linked by the
    first process, none by the next. (Each "process" has a linker of its own: the test process's
    shared one holds other tests' phrases.)"""
    from sidekick.core.suggest import linker as linker_module

    def process_with(linker: IntentLinker) -> None:
        monkeypatch.setattr(linker_module, "shared_linker", lambda _bank, _words: linker)
        monkeypatch.setattr(engine_module, "shared_linker", lambda _bank, _words: linker)
        monkeypatch.setattr(link_cache, "_kept", KeptFiles())

    shop = tmp_path / "shop.qianniu.csv"
    shop.write_text("快捷短语编码,快捷短语,快捷短语分组\n"
                    + "".join(f"{n},{body},常用\n" for n, (_title, body) in enumerate(BODIES)), encoding="utf-8")
    assert main(["import", str(shop), "--library", "team"]) == 0
    process_with(IntentLinker(load_question_bank()))
    capsys.readouterr()
    assert main(["suggest", "刚买完就便宜了二十块 能退吗", "--json", "--limit", "3"]) == 0
    first = json.loads(capsys.readouterr().out)
    path = sidekick_home / "cache" / link_cache.FILE_NAME
    assert path.exists()
    assert "刚买完就便宜了二十块".encode() not in path.read_bytes()
    assert link_cache.load(IntentLinker(load_question_bank()), path) >= len(BODIES)  # every reply linked

    fresh = IntentLinker(load_question_bank())
    process_with(fresh)
    assert main(["suggest", "刚买完就便宜了二十块 能退吗", "--json", "--limit", "3"]) == 0
    assert json.loads(capsys.readouterr().out) == first
    assert fresh.memo_added == 0

"""买家问法 and intents in every Sidekick format: JSON, CSV and XLSX, both ways, and re-imports."""

from __future__ import annotations

from pathlib import Path

import pytest

from sidekick.core.exchange import json_format, tabular
from sidekick.core.types import Library, LibraryKind

QUESTIONS = ("刚买就降价了 能补差价吗", "[订单x] 价保怎么申请", "保价😊")
INTENTS = ("price_protection", "refund_progress")


def _seed(ex, store) -> str:
    from sidekick.db import repository as repo

    protect = ex.phrase("价格保护", "付款后 7 天内价保", questions=QUESTIONS, intents=INTENTS)
    plain = ex.phrase("快递说明", "默认中通")
    with store.session() as s:
        repo.save_phrase(session=s, phrase=protect)
        repo.save_phrase(session=s, phrase=plain)
    return protect.id


def _answers(store) -> dict[str, tuple]:
    from sidekick.db import repository as repo

    with store.session() as s:
        return {p.title: (p.questions, p.intents) for p in repo.list_phrases(session=s)}


@pytest.mark.parametrize("suffix", ["json", "csv", "xlsx"])
def test_questions_and_intents_round_trip(ex, store, cli, tmp_path: Path, monkeypatch, suffix: str) -> None:
    _seed(ex, store)
    path = tmp_path / f"phrases.{suffix}"
    assert cli("export", path).code == 0
    again = cli("import", path)
    assert again.code == 0 and " 0 added, 0 updated" in again.out, again.out + again.err

    monkeypatch.setenv("SIDEKICK_HOME", str(tmp_path / "empty"))
    assert cli("import", path).code == 0
    from sidekick.db.store import open_store

    other = open_store()
    try:
        assert _answers(other) == {"价格保护": (QUESTIONS, INTENTS), "快递说明": ((), ())}
    finally:
        other.close()


def test_a_question_with_a_line_break_survives_json() -> None:
    from sidekick.core.types import CategoryPath, Phrase

    phrase = Phrase(id="p1", library=LibraryKind.TEAM, category=CategoryPath("售后"), title="t", body="b",
                    questions=("第一行\n第二行",), intents=("exchange",))
    result = json_format.read(json_format.dump(Library((phrase,))), "x.json")
    assert result.ok and result.library.phrases[0] == phrase


def test_json_rejects_a_question_that_is_not_text() -> None:
    data = (b'{"format": "sidekick", "version": 1, "phrases": [{"id": "p", "library": "team", "title": "t",'
            b' "body": "b", "questions": ["ok", 3]}]}')
    result = json_format.read(data, "bad.json")
    assert not result.ok and "questions[1]" in str(result.problems[0])


def test_chinese_columns_one_question_per_line(ex) -> None:
    header = ["库", "标题", "内容", "问法", "意图"]
    data = ex.csv_bytes([["团队", "价格保护", "付款后 7 天内价保", "降价了能补吗\r\n\r\n  保价  \n降价了能补吗",
                          "price_protection、refund_progress"]], header=header)
    result = tabular.read_csv(data, "cn.csv")
    assert result.ok, result.problems
    (phrase,) = result.library.phrases
    assert phrase.questions == ("降价了能补吗", "保价") and phrase.intents == ("price_protection", "refund_progress")


def test_importing_a_file_without_questions_keeps_the_stored_ones(ex, store, cli, tmp_path: Path) -> None:
    _seed(ex, store)
    data = ex.csv_bytes([["team", "售前", "快递", "", "价格保护", "付款后 15 天内价保", "", ""]])
    path = tmp_path / "plain.csv"
    path.write_bytes(data)
    result = cli("import", path)
    assert result.code == 0, result.err
    assert _answers(store)["价格保护"] == (QUESTIONS, INTENTS)

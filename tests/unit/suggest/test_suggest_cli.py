"""``sidekick suggest`` on the demo shop: the done-when check, JSON fields, batch lines, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sidekick.cli.main import main


@pytest.fixture
def demo_home(sidekick_home: Path) -> Path:
    assert main(["demo"]) == 0
    return sidekick_home


def test_price_protection_first_for_the_buyers_words(demo_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["suggest", "刚买完就便宜了二十块 能退吗"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith(" 1. (团队) 价格保护 — ")


def test_json_has_the_search_fields_plus_intent(demo_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["suggest", "钱啥时候能回到卡里", "--json", "--limit", "2"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert 1 <= len(results) <= 2
    first = results[0]
    assert {"id", "kind", "library", "category", "code", "title", "body", "score", "match", "spans", "intent"} <= set(first)
    assert (first["title"], first["intent"], first["kind"]) == ("退款到账时间", "refund_progress", "phrase")


def test_batch_prints_one_json_list_per_input_line(demo_home: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    batch = tmp_path / "messages.txt"
    batch.write_text("你家这个是不是真货啊\n\nasdf qwer\n地址写错了 能改吗\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["suggest", "--batch", str(batch), "--limit", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4
    parsed = [json.loads(line) for line in lines]
    assert [len(p) for p in parsed] == [1, 0, 0, 1]
    assert parsed[0][0]["title"] == "品质保障" and parsed[3][0]["title"] == "修改收货地址"


def test_nothing_confident_says_so(demo_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["suggest", "asdf qwer"]) == 0
    assert "no confident suggestion" in capsys.readouterr().out


def test_bad_arguments_are_explained(demo_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["suggest"]) == 2
    assert main(["suggest", "x", "--limit", "0"]) == 2
    assert main(["suggest", "--batch", str(tmp_path / "missing.txt")]) == 2
    broken = tmp_path / "bank.yaml"
    broken.write_text("intents: [", encoding="utf-8")
    assert main(["suggest", "在吗", "--bank", str(broken)]) == 2
    err = capsys.readouterr().err
    assert "TEXT or --batch" in err and "--limit" in err and "missing.txt" in err and "question bank" in err


@pytest.mark.parametrize("command", [["suggest", "刚买完就便宜了二十块 能退吗"], ["search", "kd"],
                                     ["suggest", "刚买完就便宜了二十块 能退吗", "--json"], ["search", "kd", "--json"]])
def test_an_empty_library_says_how_to_fill_it(sidekick_home: Path, command: list[str],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(command) == 0
    captured = capsys.readouterr()
    assert "sidekick demo" in captured.err and "sidekick import" in captured.err
    if "--json" in command:
        assert json.loads(captured.out) == []  # the hint never gets into the output a script reads


def test_a_filled_library_gives_no_empty_hint(demo_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["suggest", "asdf qwer"]) == 0
    assert main(["search", "zzzzqqq"]) == 0
    assert "sidekick demo" not in capsys.readouterr().err

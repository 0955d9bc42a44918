"""Issue #20: every hostile or broken file is refused (or accepted with a warning) with a message
naming the file and the place, exit code 2, no traceback, the database unchanged.

The files come from ``tests/helpers/hostile_files.py`` (generated here, nothing big checked in).
Time and peak memory of each are checked in child processes by ``test_fuzz_import.py``; here
the same cases run in-process, for the messages.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from helpers.hostile_files import Case, all_cases

from sidekick.core.exchange import espanso, json_safe
from sidekick.core.exchange.base import FormatError, decode_text
from sidekick.core.exchange.yaml_budget import budget_problem
from sidekick.core.types import LibraryKind

CASES = all_cases(shared_trigger=2_000)


@pytest.fixture
def seeded(ex, store):
    ex.seed_shop(store)
    return ex.snapshot(store)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_file_is_refused_with_file_and_place(case: Case, ex, store, cli, seeded, tmp_path: Path) -> None:
    path = tmp_path / case.name
    path.write_bytes(case.data)
    started = time.perf_counter()
    result = cli("import", path)  # an exception escaping here is the traceback a user would have seen
    elapsed = time.perf_counter() - started
    assert "Traceback" not in result.err
    if case.accepted:
        assert result.code == 0, result.err
    else:
        assert result.code == 2, (result.out, result.err)
        assert case.name in result.err
        assert case.place in result.err, result.err
        assert ex.snapshot(store) == seeded
    assert elapsed < 20  # the real budget (5 s, 300 MB) is checked in a child process by test_fuzz_import


def test_repeated_trigger_numbering_is_linear() -> None:
    """20,000 matches sharing one trigger cost about what 20,000 distinct triggers do (it was 12 s vs 2 s)."""
    count = 20_000
    shared = "".join(f"  - trigger: ':x'\n    replace: 'reply {n}'\n" for n in range(count))
    distinct = "".join(f"  - trigger: ':x{n}'\n    replace: 'reply {n}'\n" for n in range(count))
    timings = []
    for body in (distinct, shared):
        started = time.perf_counter()
        result = espanso.read(("matches:\n" + body).encode(), "many.yml", LibraryKind.PERSONAL)
        timings.append(time.perf_counter() - started)
        assert len(result.library.phrases) == count
    codes = [p.code for p in result.library.phrases]
    assert codes[:3] == [":x", ":x~2", ":x~3"] and codes[-1] == f":x~{count}"
    assert timings[1] < 3 * timings[0] + 1, timings


def test_numbering_skips_codes_the_file_uses_itself() -> None:
    text = ("matches:\n  - {trigger: ':x', replace: a}\n  - {trigger: ':x~2', replace: b}\n"
            "  - {trigger: ':x', replace: c}\n  - {trigger: ':x', replace: d}\n  - {trigger: ':x', replace: a}\n")
    result = espanso.read(text.encode(), "n.yml", LibraryKind.PERSONAL)
    assert [(p.code, p.body) for p in result.library.phrases] == [(":x", "a"), (":x~2", "b"), (":x~3", "c"), (":x~4", "d")]


def test_yaml_anchors_used_a_few_times_are_fine() -> None:
    text = ("global_vars: &v\n  - {name: c, type: clipboard}\nmatches:\n"
            "  - {trigger: ':a', replace: '{{c}} a', vars: *v}\n  - {trigger: ':b', replace: '{{c}} b', vars: *v}\n")
    result = espanso.read(text.encode(), "ok.yml", LibraryKind.PERSONAL)
    assert result.ok and [p.body for p in result.library.phrases] == ["{剪贴板} a", "{剪贴板} b"]


def test_yaml_budget_counts_expansion_not_text_size() -> None:
    import yaml

    fan = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [" + ", ".join(["*a"] * 10) + "]\n"
    assert budget_problem(yaml.compose(fan)) is None  # 100 values from 22: small
    many = fan + "c: &c [" + ", ".join(["*b"] * 10) + "]\nd: [" + ", ".join(["*c"] * 10) + "]\n"
    problem = budget_problem(yaml.compose(many))
    assert problem and "expand" in problem


def test_json_keeps_values_but_reports_what_json_would_hide() -> None:
    document = json_safe.loads('{"a": 1, "a": 2, "n": NaN, "big": 1' + "0" * 30 + ', "f": 1e400}')
    assert json_safe.duplicate_keys(document) == ("a",) and document["a"] == 2
    assert not document["n"].is_finite()
    assert repr(document["big"]) == "an integer of 31 digits"
    assert str(document["f"]) == "1E+400"
    with pytest.raises(json_safe.JsonRefused, match="nested more than"):
        json_safe.loads("[" * 40 + "]" * 40)
    assert json_safe.loads("[" * 30 + "]" * 30)


@pytest.mark.parametrize("data, place", [
    (b"\xef\xbb\xbfa,b\r\nc,\xff\r\n", "line 2, column 3 (byte 10)"),
    (b"\xff\xfea\x00b", "odd number of bytes"),
    ("标题,内容\r\n快递,默认\x00中通\r\n".encode("utf-16"), "line 2, column 6"),
])
def test_decoding_names_the_place(data: bytes, place: str) -> None:
    with pytest.raises(FormatError, match=r"x\.csv") as raised:
        decode_text(data, "x.csv")
    assert place in str(raised.value)


def test_gbk_text_that_starts_like_utf8_is_still_gbk() -> None:
    text = "为您服务，亲，默认发中通快递"
    assert decode_text(text.encode("gb18030"), "g.csv") == text


def test_unexpected_failure_is_a_short_message_and_a_log_entry(ex, store, cli, seeded, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch,
                                                                sidekick_home: Path) -> None:
    from sidekick.core.exchange import registry

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("a defect")

    monkeypatch.setattr(registry, "read", broken)
    path = tmp_path / "combo.yml"
    path.write_text("matches:\n  - {trigger: ':a', replace: a}\n", encoding="utf-8")
    result = cli("import", path)
    assert result.code == 2
    assert "combo.yml could not be imported" in result.err and "ZeroDivisionError" in result.err
    assert "Traceback" not in result.err
    log = (sidekick_home / "logs" / "sidekick.log").read_text(encoding="utf-8")
    assert "import combo.yml failed: ZeroDivisionError" in log and "Traceback" not in result.out
    assert ex.snapshot(store) == seeded


def test_openpyxl_parses_workbooks_through_defusedxml() -> None:
    import openpyxl
    from openpyxl.xml import functions

    assert openpyxl.DEFUSEDXML
    assert functions.iterparse.__module__.startswith("defusedxml")


def test_xlsx_is_refused_when_defusedxml_is_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl
    from helpers.hostile_files import valid_files

    from sidekick.core.exchange import tabular

    data = dict(valid_files())["phrases.xlsx"]
    assert tabular.read_xlsx(data, "ok.xlsx").ok
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(FormatError, match="defusedxml"):
        tabular.read_xlsx(data, "ok.xlsx")


def test_a_large_real_workbook_passes_the_zip_checks() -> None:
    """Phrases written by Sidekick compress about 5× (13 MB of sheet XML for 20,000), far inside the limits."""
    import random

    from sidekick.core.exchange import tabular
    from sidekick.core.types import CategoryPath, Library, Phrase, new_id

    rng = random.Random(1)
    words = "您好亲快递发货退换货尺码材质纯棉优惠活动店铺收藏感谢支持请稍等马上为您查询订单物流信息"
    phrases = tuple(Phrase(new_id(), LibraryKind.TEAM, CategoryPath(f"分类{n % 20}"), f"标题{n}",
                           "".join(rng.choice(words) for _ in range(60)), code=f"c{n}") for n in range(5_000))
    result = tabular.read_xlsx(tabular.write_xlsx(Library(phrases)), "big.xlsx")
    assert result.ok and len(result.library.phrases) == 5_000

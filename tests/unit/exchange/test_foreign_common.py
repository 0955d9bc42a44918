"""The text helpers the foreign formats share (sidekick.core.exchange.common)."""

from __future__ import annotations

import pytest

from sidekick.core.exchange.common import (
    PhraseCollector,
    derive_title,
    escape_braces,
    escape_formula,
    export_order,
    file_stem,
    join_group,
    plain_text,
    render_for_tool,
    split_group,
    unescape_formula,
)
from sidekick.core.placeholders import TokenKind
from sidekick.core.types import CategoryPath, Library, LibraryKind, Phrase


@pytest.mark.parametrize("cell", ["=1+1", "+86 138", "-减", "@所有人", "'=x", "''+y", "'abc", "abc",
                                  "", "'", "亲=您"])
def test_formula_escape_round_trips(cell: str) -> None:
    assert unescape_formula(escape_formula(cell)) == cell


def test_formula_escape_marks_only_formula_cells() -> None:
    assert escape_formula("=SUM(A1)") == "'=SUM(A1)"
    assert escape_formula("亲=您") == "亲=您"
    assert unescape_formula("'abc") == "'abc"  # an apostrophe a user typed stays
    assert unescape_formula("'-5") == "-5"


def test_plain_text_drops_placeholders_and_unescapes_braces() -> None:
    assert plain_text("您好{买家}，{{不是占位}}{光标}") == "您好，{不是占位}"
    assert plain_text(escape_braces("{a}}")) == "{a}}"


def test_derive_title_uses_first_characters_of_plain_text() -> None:
    assert derive_title("亲，您好") == "亲，您好"
    assert derive_title("{光标}亲爱的顾客您好，咱家今天全场包邮哦") == "亲爱的顾客您好，咱家今天…"
    assert derive_title("  多\n行  ") == "多 行"
    assert derive_title("{光标}", "kd") == "kd"
    assert derive_title("{光标}") == "未命名"


def test_groups_carry_two_levels() -> None:
    assert split_group("售前>快递") == CategoryPath("售前", "快递")
    assert split_group("售前 › 快递") == CategoryPath("售前", "快递")
    assert split_group("7-15天") == CategoryPath("7-15天")
    assert split_group("a>b>c") == CategoryPath("a>b>c")  # three levels: kept as one name
    assert split_group("") == CategoryPath()
    assert join_group(CategoryPath("售前", "快递")) == "售前>快递"
    assert join_group(CategoryPath()) == ""


def test_file_stem_handles_windows_and_posix_paths() -> None:
    assert file_stem(r"C:\Users\客服\WCAG 2_2 - Links.csv") == "WCAG 2_2 - Links"
    assert file_stem("/tmp/greetings-english.yml") == "greetings-english"
    assert file_stem("") == ""


def test_render_for_tool_reports_what_has_no_equivalent() -> None:
    text, notes = render_for_tool("{买家}您好{Cursor}{？订单号}{{x}}{商品.材质}",
                                  {TokenKind.CURSOR: "$|$"}, lambda name: f"<{name}>")
    assert text == "{买家}您好$|$<订单号>{x}{商品.材质}"
    assert len(notes) == 2 and "{买家}" in notes[0] and "{商品.材质}" in notes[1]


def test_collector_and_export_order() -> None:
    collector = PhraseCollector(LibraryKind.TEAM)
    collector.add(CategoryPath("售后"), "t1", "b1")
    collector.add(CategoryPath(), "t0", "b0")
    collector.add(CategoryPath("售前"), "t2", "b2")
    collector.add(CategoryPath("售后"), "t3", "b3")
    library = collector.library()
    assert [p.position for p in library.phrases] == [0, 0, 0, 1]
    assert [c[1] for c in library.categories] == [CategoryPath("售后"), CategoryPath("售前")]
    other = Phrase("x", LibraryKind.PERSONAL, CategoryPath(), "个人", "个人")
    gone = Phrase("y", LibraryKind.TEAM, CategoryPath(), "删", "删", deleted=True)
    library = Library((*library.phrases, other, gone), categories=library.categories)
    assert [p.title for p in export_order(library, LibraryKind.TEAM)] == ["t0", "t1", "t3", "t2"]

"""TextExpander's header-less CSV export: the real files in the shared fixtures and edge cases."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from helpers.shared_data import shared_files, shared_path

from sidekick.core.exchange import beeftext, qianniu, textexpander
from sidekick.core.exchange.base import FormatError
from sidekick.core.types import CategoryPath, Library, LibraryKind, Phrase

FIXTURES = shared_path("fixtures", "textexpander")
ALL_FILES = shared_files("fixtures", "textexpander", pattern="*.csv")
TEAM = LibraryKind.TEAM


def phrases_of(result) -> list[tuple]:
    return sorted((p.category.parts, p.position, p.code, p.title, p.body)
                  for p in result.library.phrases)


def read(text: str, source: str = "snippets.csv", encoding: str = "utf-8"):
    return textexpander.read(text.encode(encoding), source, TEAM)


# --- the real files ---------------------------------------------------------------------------


def test_fixture_folder_is_there() -> None:
    assert {p.name for p in ALL_FILES} == {"HTML-references-links.csv", "WCAG 2_2 - Links.csv"}


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_every_fixture_is_recognised_imports_and_round_trips(path: Path) -> None:
    data = path.read_bytes()
    assert textexpander.sniff(data, path.name)
    assert not beeftext.sniff_csv(data, path.name) and not qianniu.sniff(data, path.name)
    first = textexpander.read(data, str(path), TEAM)
    assert first.ok and not first.warnings
    assert len(first.library.phrases) == len(data.decode().splitlines())
    assert {p.category for p in first.library.phrases} == {CategoryPath(path.stem)}
    again = textexpander.read(textexpander.write(first.library, TEAM), str(path), TEAM)
    assert phrases_of(again) == phrases_of(first)


def test_wcag_file_fields() -> None:
    path = FIXTURES / "WCAG 2_2 - Links.csv"
    result = textexpander.read(path.read_bytes(), str(path), TEAM)
    first = result.library.phrases[0]
    assert first.code == "2.4.11-l"
    assert first.body == "https://www.w3.org/TR/WCAG22/#focus-not-obscured-minimum"
    assert first.title == "SC 2.4.11 Focus Not Obscured (Minimum) (Level AA) (URL)"
    assert first.category == CategoryPath("WCAG 2_2 - Links")
    assert [p.position for p in result.library.phrases] == list(range(9))


# --- macros -----------------------------------------------------------------------------------


def test_exact_macros_map_and_others_are_warned() -> None:
    result = read('"sig","%clipboard %| %Y-%m-%d %H:%M %filltext:name=单号% %key:tab% %A","x"\n')
    (phrase,) = result.library.phrases
    assert phrase.body == "{剪贴板} {光标} {日期} {时间} {?单号} %key:tab% %A"
    assert [w.row for w in result.warnings] == [1, 1]
    assert "%key:tab%" in result.warnings[0].message and "'sig'" in result.warnings[0].message


def test_fill_in_with_options_keeps_the_name_and_warns() -> None:
    result = read('"f","%filltext:name=姓名:default=张三:width=10%","x"\n')
    assert result.library.phrases[0].body == "{?姓名}"
    assert "default" in result.warnings[0].message


def test_plain_percent_signs_and_braces_stay_text() -> None:
    result = read('"p","满99减10，打8折 50% off，尺码{M}，%E4%B8%AD","x"\n')
    assert result.library.phrases[0].body == "满99减10，打8折 50% off，尺码{{M}}，%E4%B8%AD"
    assert not result.warnings


# --- awkward but valid input ------------------------------------------------------------------


def test_gbk_bom_crlf_multiline_and_emoji() -> None:
    text = '"hy","亲，您好\r\n欢迎光临😊",""\r\n"th","谢谢","致谢"\r\n'
    for data in (text.encode("gb18030"), codecs.BOM_UTF8 + text.encode()):
        result = textexpander.read(data, "问候.csv", TEAM)
        assert result.ok
        first, second = result.library.phrases
        assert first.body == "亲，您好\n欢迎光临😊" and first.title == "亲，您好 欢迎光临😊"
        assert second.title == "致谢" and first.category == CategoryPath("问候")


def test_header_row_blank_lines_and_trailing_empty_columns() -> None:
    result = read("abbreviation,content,label\n\nkd,中通,快递,,\n")
    assert [(p.code, p.body) for p in result.library.phrases] == [("kd", "中通")]


def test_empty_abbreviation_is_allowed() -> None:
    result = read(',您好,问候\n')
    assert result.ok and result.library.phrases[0].code == ""


def test_repeated_abbreviations() -> None:
    same = read("kd,中通,a\nkd,中通,b\n")
    assert same.ok and len(same.library.phrases) == 1 and same.warnings[0].row == 2
    different = read("kd,中通,a\nx,y,z\nkd,圆通,b\n")
    (problem,) = different.problems
    assert (problem.row, problem.column) == (3, "abbreviation")
    assert "rows 1 and 3" in problem.message


# --- bad input --------------------------------------------------------------------------------


def test_missing_column_names_row_and_column() -> None:
    result = read("kd,中通,快递\nzz,只有两列\n", source="short.csv")
    (problem,) = result.problems
    assert (problem.source, problem.row, problem.column) == ("short.csv", 2, "label")


def test_extra_columns_are_a_problem() -> None:
    (problem,) = read("a,b,c,d\n").problems
    assert problem.row == 1 and "found 4" in problem.message


def test_empty_content_is_a_problem() -> None:
    (problem,) = read("kd,,label\n").problems
    assert (problem.row, problem.column) == (1, "content")


@pytest.mark.parametrize("data, message", [(b"", "empty"), (b"\r\n\r\n", "empty"),
                                           (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary")])
def test_bad_files_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        textexpander.read(data, "bad.csv", TEAM)


def test_sniff_rejects_other_shapes() -> None:
    assert not textexpander.sniff(b"a,b\n", "x.csv")
    assert not textexpander.sniff(b"a,b,c\n", "x.json")
    assert not textexpander.sniff("快捷短语编码,快捷短语,快捷短语分组\n".encode(), "x.csv")
    assert not textexpander.sniff(b"library,category,title,body\n", "x.csv")
    assert not textexpander.sniff(b"\x00\x01", "x.csv")


def test_sniff_copes_with_large_files() -> None:
    row = '"code","' + "长" * 100 + '","label"\n'
    data = (row * 2000).encode()
    assert len(data) > 64 * 1024 and textexpander.sniff(data, "big.csv")


# --- export -----------------------------------------------------------------------------------


def test_write_maps_placeholders_and_reports_losses() -> None:
    lib = Library(phrases=(
        Phrase("1", TEAM, CategoryPath("售前"), "标题", "{光标}{剪贴板}{日期}{时间}{?单号}{买家}{{x}}", "a"),
        Phrase("2", TEAM, CategoryPath("售后"), "退货", "=退货地址", "b"),
    ))
    text = textexpander.write(lib, TEAM).decode()
    assert text == ('"a","%|%clipboard%Y-%m-%d%H:%M%filltext:name=单号%{买家}{x}","标题"\n'
                    '"b","\'=退货地址","退货"\n')  # escaped: these CSVs get opened in spreadsheets too
    warnings = textexpander.export_warnings(lib, TEAM)
    assert any("categories" in w.message for w in warnings)
    assert any("{买家}" in w.message and w.row == 1 for w in warnings)


def test_write_round_trips_placeholders() -> None:
    body = "您好{剪贴板}，单号{?单号}{光标}，{日期} {时间}，{{原样}}"
    lib = Library(phrases=(Phrase("1", TEAM, CategoryPath("x"), "标题", body, "a"),))
    again = textexpander.read(textexpander.write(lib, TEAM), "x.csv", TEAM)
    assert again.ok and not again.warnings
    assert [(p.code, p.title, p.body) for p in again.library.phrases] == [("a", "标题", body)]

"""Espanso match files: the real files in the shared fixtures, plus hand-written edge cases."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from helpers.shared_data import shared_files, shared_path

from sidekick.core.exchange import espanso
from sidekick.core.exchange.base import FormatError
from sidekick.core.types import CategoryPath, Library, LibraryKind, Phrase

FIXTURES = shared_path("fixtures", "espanso")
ALL_FILES = shared_files("fixtures", "espanso", pattern="*.yml")
TEAM = LibraryKind.TEAM


def phrases_of(result) -> list[tuple]:
    return sorted((p.category.parts, p.position, p.code, p.title, p.body)
                  for p in result.library.phrases)


def read_text(text: str, source: str = "sample.yml"):
    return espanso.read(text.encode(), source, TEAM)


def only_body(text: str) -> str:
    (phrase,) = read_text(text).library.phrases
    return phrase.body


def test_fixture_folder_is_there() -> None:
    names = {p.name for p in ALL_FILES}
    assert {"base.yml", "translate-en-zh.yml", "greetings-english.yml"} <= names


# --- the real files ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_every_fixture_imports_and_round_trips(path: Path) -> None:
    data = path.read_bytes()
    assert espanso.sniff(data, path.name)
    first = espanso.read(data, str(path), TEAM)
    assert first.ok, first.problems
    assert first.library.phrases
    assert {p.category for p in first.library.phrases} == {CategoryPath(path.stem)}
    codes = [p.code for p in first.library.phrases]
    assert len(codes) == len(set(codes))  # one code per phrase, even where Espanso shares triggers
    again = espanso.read(espanso.write(first.library, TEAM), str(path), TEAM)
    assert again.ok
    assert phrases_of(again) == phrases_of(first)


def test_base_yml_reports_date_and_shell_variables_by_match_and_name() -> None:
    path = FIXTURES / "base.yml"
    result = espanso.read(path.read_bytes(), str(path), TEAM)
    bodies = {p.code: p.body for p in result.library.phrases}
    assert bodies == {":espanso": "Hi there!", ":date": "{{{{mydate}}}}",
                      ":shell": "{{{{output}}}}"}  # kept as literal text, never run
    messages = {w.message for w in result.warnings}
    assert any("':date'" in m and "{{mydate}}" in m and "%m/%d/%Y" in m for m in messages)
    assert any("':shell'" in m and "{{output}}" in m and "shell" in m for m in messages)
    assert all(w.row and w.source == str(path) and w.column == "replace" for w in result.warnings)


def test_greetings_map_global_clipboard_and_cursor() -> None:
    path = FIXTURES / "greetings-english.yml"
    result = espanso.read(path.read_bytes(), str(path), TEAM)
    bodies = {p.code: p.body for p in result.library.phrases}
    assert bodies[",dt"] == "Dear {剪贴板} team,\n\n\n"
    assert bodies["!ty"] == "Thank you{光标}!"
    assert not result.warnings


def test_foreign_greetings_keep_first_trigger_and_name_dropped_aliases() -> None:
    path = FIXTURES / "foreign-greetings.yml"
    result = espanso.read(path.read_bytes(), str(path), TEAM)
    assert len(result.library.phrases) == 20
    zh = next(p for p in result.library.phrases if p.body == "你好")
    assert zh.code == ":zhhi" and zh.title == "你好"
    warning = next(w for w in result.warnings if "':zhhi'" in w.message)
    assert "':chinesehi'" in warning.message and warning.column == "triggers" and warning.row == 6


def test_basic_emojis_keep_emoji() -> None:
    path = FIXTURES / "basic-emojis.yml"
    result = espanso.read(path.read_bytes(), str(path), TEAM)
    assert {p.code: p.body for p in result.library.phrases}[":lol"] == "😂"


def test_translate_en_zh_is_fast_and_complete() -> None:
    path = FIXTURES / "translate-en-zh.yml"
    data = path.read_bytes()
    calls: list[tuple[int, int]] = []
    start = time.perf_counter()
    result = espanso.read(data, str(path), TEAM, progress=lambda d, t: calls.append((d, t)))
    elapsed = time.perf_counter() - start
    print(f"\ntranslate-en-zh.yml: {len(result.library.phrases)} phrases in {elapsed:.2f} s")
    assert result.ok
    assert 30_000 <= len(result.library.phrases) <= 32_000
    assert elapsed < 30  # the real figure is ~3 s; CI machines are noisy
    assert calls[-1] == (30971, 30971) and len(calls) > 10
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    bodies = {p.code: p.body for p in result.library.phrases}
    assert bodies["zero:zh"] == "{{〇}}(líng)[zero]"  # literal braces escaped
    assert bodies["some:zh"] == "{{一些}}(yī xiē)[some]"
    assert bodies["some:zh~2"] == "{{些}}(xiē)[some]"  # Espanso's shared trigger, numbered
    (summary,) = [w for w in result.warnings if "shared by several matches" in w.message]
    assert "5100 triggers" in summary.message


# --- hand-written edge cases -----------------------------------------------------------------


def test_label_is_the_title_and_replace_start_otherwise() -> None:
    result = read_text("matches:\n  - trigger: ':a'\n    replace: 亲，您好欢迎光临本店有什么可以帮您\n"
                       "  - trigger: ':b'\n    replace: 您好\n    label: 问候语\n")
    assert [p.title for p in result.library.phrases] == ["亲，您好欢迎光临本店有什…", "问候语"]
    assert [p.position for p in result.library.phrases] == [0, 1]


def test_exact_variable_mappings() -> None:
    text = """
global_vars:
  - name: today
    type: date
    params: {format: "%Y-%m-%d"}
matches:
  - trigger: ":x"
    replace: "{{today}} {{now}} {{clip}} {{sig}} $|$ {{form1.订单号}}"
    vars:
      - {name: now, type: date, params: {format: "%H:%M"}}
      - {name: clip, type: clipboard}
      - {name: sig, type: echo, params: {echo: "客服{小美}"}}
      - {name: form1, type: form, params: {layout: "订单号 [[订单号]]"}}
"""
    result = read_text(text)
    assert result.library.phrases[0].body == "{日期} {时间} {剪贴板} 客服{{小美}} {光标} {?订单号}"
    assert not result.warnings


@pytest.mark.parametrize("var, reason", [
    ("{name: v, type: random, params: {choices: [a, b]}}", "random"),
    ("{name: v, type: script, params: {args: [python, x.py]}}", "script"),
    ("{name: v, type: choice, params: {values: [a, b]}}", "choice"),
    ("{name: v, type: date, params: {format: '%Y-%m-%d', offset: 86400}}", "offset"),
])
def test_unrepresentable_variables_are_kept_literal_and_warned(var: str, reason: str) -> None:
    result = read_text(f"matches:\n  - trigger: ':v'\n    replace: 'a {{{{v}}}} b'\n    vars: [{var}]\n")
    assert result.library.phrases[0].body == "a {{{{v}}}} b"
    (warning,) = result.warnings
    assert "':v'" in warning.message and "{{v}}" in warning.message and reason in warning.message
    assert (warning.row, warning.column) == (2, "replace")


def test_undefined_variable_is_warned() -> None:
    result = read_text("matches:\n  - trigger: ':u'\n    replace: '{{nobody}}'\n")
    assert result.library.phrases[0].body == "{{{{nobody}}}}"
    assert "not defined" in result.warnings[0].message


def test_inject_vars_false_keeps_braces_literal() -> None:
    assert only_body("matches:\n  - trigger: ':l'\n    replace: '{{x}} $|$'\n    inject_vars: false\n") \
        == "{{{{x}}}} {光标}"


def test_form_shorthand_becomes_fill_ins() -> None:
    text = ("matches:\n  - trigger: ':f'\n    form: '您好 [[name]]，订单 [[order]] {ok}'\n"
            "    form_fields:\n      order: {type: choice, values: [a, b]}\n")
    result = read_text(text)
    assert result.library.phrases[0].body == "您好 {?name}，订单 {?order} {{ok}}"
    assert "fixed list" in result.warnings[0].message


def test_html_markdown_kept_and_image_skipped_with_warnings() -> None:
    text = ("matches:\n  - trigger: ':h'\n    html: '<b>粗体</b>'\n"
            "  - trigger: ':m'\n    markdown: '**粗体**'\n"
            "  - trigger: ':i'\n    image_path: '$CONFIG/images/logo.png'\n"
            "  - trigger: ':n'\n")
    result = read_text(text)
    assert [p.body for p in result.library.phrases] == ["<b>粗体</b>", "**粗体**"]
    columns = sorted(w.column for w in result.warnings)
    assert columns == ["html", "image_path", "markdown", "replace"]


def test_regex_trigger_imports_without_code() -> None:
    result = read_text("matches:\n  - regex: ':d(?P<n>\\\\d+)'\n    replace: 数字\n")
    assert result.library.phrases[0].code == ""
    assert result.warnings[0].column == "regex"


def test_repeated_identical_match_is_imported_once() -> None:
    result = read_text("matches:\n  - {trigger: ':a', replace: x}\n  - {trigger: ':a', replace: x}\n"
                       "  - {trigger: ':a', replace: y}\n  - {trigger: ':a~2', replace: z}\n")
    assert [(p.code, p.body) for p in result.library.phrases] == [
        (":a", "x"), (":a~3", "y"), (":a~2", "z")]
    assert any("imported once" in w.message and w.row == 3 for w in result.warnings)


def test_imports_and_trigger_options_are_warned_once() -> None:
    text = ("imports:\n  - other.yml\nmatches:\n  - {trigger: ':a', replace: x, word: true}\n"
            "  - {trigger: ':b', replace: y, word: true, propagate_case: true}\n")
    messages = [w.message for w in read_text(text).warnings]
    assert any("other.yml" in m for m in messages)
    assert sum("trigger options" in m for m in messages) == 1
    assert any("word (2)" in m and "propagate_case (1)" in m for m in messages)


def test_numbers_and_crlf_are_text() -> None:
    assert only_body("matches:\r\n  - trigger: ':n'\r\n    replace: 42\r\n") == "42"
    assert only_body('matches:\n  - trigger: ":r"\n    replace: "a\\r\\nb"\n') == "a\nb"


def test_category_is_the_file_stem_for_windows_paths() -> None:
    result = espanso.read(b"matches:\n  - {trigger: ':a', replace: x}\n",
                          r"C:\espanso\match\售前-快递.yml", TEAM)
    assert result.library.phrases[0].category == CategoryPath("售前-快递")
    assert result.library.categories == ((TEAM, CategoryPath("售前-快递"), 0),)


# --- bad input --------------------------------------------------------------------------------


def test_non_mapping_match_is_a_problem_with_its_line() -> None:
    result = read_text("matches:\n  - {trigger: ':a', replace: x}\n  - just text\n")
    assert not result.ok
    assert (result.problems[0].row, result.problems[0].source) == (3, "sample.yml")


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"  \n", "empty"),
    (b"\x00\x01\x02\x03", "binary"),
    (b"matches:\n  - trigger: ':a'\n   replace: [unclosed\n", "invalid YAML at line"),
    (b"toggle_key: ALT\n", "not an Espanso match file"),
    (b"- a\n- b\n", "not an Espanso match file"),
    (b"matches: 3\n", "must be a list"),
])
def test_bad_files_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        espanso.read(data, "bad.yml", TEAM)


def test_sniff_wants_yaml_with_matches() -> None:
    assert espanso.sniff(b"# c\nmatches:\n  - trigger: a\n", "x.YAML")
    assert not espanso.sniff(b"matches:\n", "x.csv")
    assert not espanso.sniff(b"toggle_key: ALT\n", "default.yml")


# --- export -----------------------------------------------------------------------------------


def _phrase(body: str, code: str, category: CategoryPath = CategoryPath(), title: str = "标题",
            position: int = 0) -> Phrase:
    return Phrase(f"id-{code}", TEAM, category, title, body, code, position=position)


def test_write_produces_a_valid_match_file_with_vars() -> None:
    lib = Library(phrases=(
        _phrase("亲{买家}，{日期} {时间}，{剪贴板}{光标}结束{光标}", ":a", CategoryPath("售前", "快递")),
        _phrase("订单{?订单号}已发货，尺码{{S}}", ":b", CategoryPath("售后"), position=0),
        _phrase("没有代码", "", title="没有代码"),
    ))
    data = espanso.write(lib, TEAM)
    doc = yaml.safe_load(data)
    a, b = doc["matches"]
    assert a["trigger"] == ":a" and a["label"] == "标题"
    assert a["replace"] == "亲{买家}，{{date}} {{time}}，{{clipboard}}$|$结束"
    assert {v["name"]: v["type"] for v in a["vars"]} == {"date": "date", "time": "date",
                                                          "clipboard": "clipboard"}
    assert b["replace"] == "订单{{form1.订单号}}已发货，尺码{S}"
    assert b["vars"][0]["type"] == "form" and "[[订单号]]" in b["vars"][0]["params"]["layout"]
    assert "# 售前 › 快递" in data.decode()
    warnings = espanso.export_warnings(lib, TEAM)
    assert any("{买家}" in w.message for w in warnings)
    assert any("one cursor" in w.message for w in warnings)
    assert any("没有代码" in w.message and w.column == "trigger" for w in warnings)


def test_written_vars_read_back_to_the_same_body() -> None:
    body = "您好{剪贴板}，{日期}{时间}订单{?订单号}{光标}，{{原样}}"
    lib = Library(phrases=(_phrase(body, ":rt"), _phrase("多行\n 第二行 \n", ":ml")))
    again = espanso.read(espanso.write(lib, TEAM), "x.yml", TEAM)
    assert again.ok and not again.warnings
    assert [p.body for p in again.library.phrases] == [body, "多行\n 第二行 \n"]

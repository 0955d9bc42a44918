"""Beeftext combo lists (comboList.json) and Beeftext's header-less CSV."""

from __future__ import annotations

import json

import pytest
from helpers.shared_data import shared_path

from sidekick.core.exchange import beeftext, qianniu, textexpander
from sidekick.core.exchange.base import FormatError
from sidekick.core.types import CategoryPath, Library, LibraryKind, Phrase

COMBO_LIST = shared_path("fixtures", "beeftext", "comboList.json")
TEAM = LibraryKind.TEAM


def phrases_of(result) -> list[tuple]:
    return sorted((p.category.parts, p.position, p.code, p.title, p.body)
                  for p in result.library.phrases)


def combo_list(*combos: dict, groups: list[dict] | None = None) -> bytes:
    """A small combo list in Beeftext's shape."""
    groups = groups if groups is not None else [
        {"uuid": "{00000000-0000-4000-8000-000000000001}", "name": "Default Group", "enabled": True},
        {"uuid": "{00000000-0000-4000-8000-000000000002}", "name": "售前>快递", "enabled": True},
    ]
    full = [{"uuid": f"{{00000000-0000-4000-8000-1000000000{i:02d}}}", "name": "",
             "group": "{00000000-0000-4000-8000-000000000002}", "enabled": True,
             "creationDateTime": "2024-11-01T09:30:00.000",
             "modificationDateTime": "2024-11-02T10:00:00.500", **combo}
            for i, combo in enumerate(combos)]
    return json.dumps({"combos": full, "fileFormatVersion": 10, "groups": groups},
                      ensure_ascii=False).encode()


def read(*combos: dict, **kw):
    return beeftext.read(combo_list(*combos, **kw), "comboList.json", TEAM)


# --- the real file ----------------------------------------------------------------------------


def test_fixture_imports_completely() -> None:
    data = COMBO_LIST.read_bytes()
    assert beeftext.sniff(data, COMBO_LIST.name)
    result = beeftext.read(data, str(COMBO_LIST), TEAM)
    assert result.ok and not result.warnings
    phrases = result.library.phrases
    assert len(phrases) == 405
    assert [c[1].category for c in result.library.categories] == [
        "Minecraft", "Symbols", "Discord", "Emails", "Zeppelin", "Servers", "HBS Info", "Church",
        "Business"]  # group order kept; "Default Group" means uncategorised
    by_code = {p.code: p for p in phrases}
    assert by_code["mc/java/username-checker"].body.endswith("/minecraft/{?Username}")
    assert by_code["sym/degree"].body == "°" and by_code["sym/degree"].category == CategoryPath("Symbols")
    refund = by_code["mc/account/refund"]
    assert refund.title == "Mojang's Ref…"  # names are empty in this file: derived from the snippet
    assert refund.created_at is not None and refund.updated_at >= refund.created_at


def test_fixture_ids_are_stable_per_library() -> None:
    data = COMBO_LIST.read_bytes()
    team1 = beeftext.read(data, "a", TEAM).library.phrases
    team2 = beeftext.read(data, "b", TEAM).library.phrases
    personal = beeftext.read(data, "a", LibraryKind.PERSONAL).library.phrases
    assert [p.id for p in team1] == [p.id for p in team2]
    assert not {p.id for p in team1} & {p.id for p in personal}
    assert len({p.id for p in team1}) == 405


def test_fixture_round_trips_through_json_and_csv() -> None:
    first = beeftext.read(COMBO_LIST.read_bytes(), str(COMBO_LIST), TEAM)
    again = beeftext.read(beeftext.write(first.library, TEAM), "comboList.json", TEAM)
    assert again.ok and not again.warnings
    assert phrases_of(again) == phrases_of(first)
    assert [p.id for p in again.library.phrases] != []
    # CSV has no groups: the category becomes the file name, the rest survives.
    from_csv = beeftext.read_csv(beeftext.write_csv(first.library, TEAM), "Beeftext.csv", TEAM)
    assert from_csv.ok
    assert sorted((p.code, p.title, p.body) for p in from_csv.library.phrases) == \
        sorted((p.code, p.title, p.body) for p in first.library.phrases)
    assert {p.category for p in from_csv.library.phrases} == {CategoryPath("Beeftext")}


# --- variables --------------------------------------------------------------------------------


def test_exact_variables_map_and_others_stay_literal_with_a_warning() -> None:
    result = read({"keyword": "kd", "snippet":
                   "#{clipboard}|#{cursor}|#{date}|#{time}|#{input:订单号}|#{combo:sig}|"
                   "#{upper:x}|#{powershell:C:\\run.ps1}|{raw}"})
    (phrase,) = result.library.phrases
    assert phrase.body == ("{剪贴板}|{光标}|{日期}|{时间}|{?订单号}|#{{combo:sig}}|"
                           "#{{upper:x}}|#{{powershell:C:\\run.ps1}}|{{raw}}")
    assert len(result.warnings) == 3
    assert all(w.row == 1 and w.column == "snippet" and "'kd'" in w.message
               for w in result.warnings)
    assert "#{powershell:C:\\run.ps1}" in result.warnings[2].message


def test_groups_names_and_default_group() -> None:
    result = read({"keyword": "a", "snippet": "x", "name": "发货说明"},
                  {"keyword": "b", "snippet": "y", "group": "{00000000-0000-4000-8000-000000000001}"})
    first, second = result.library.phrases
    assert first.title == "发货说明" and first.category == CategoryPath("售前", "快递")
    assert second.category == CategoryPath() and second.title == "y"


# --- duplicates and odd combos -------------------------------------------------------------------


def test_same_keyword_same_snippet_is_merged_with_a_warning() -> None:
    result = read({"keyword": "kd", "snippet": "同"}, {"keyword": "kd", "snippet": "同"})
    assert result.ok and len(result.library.phrases) == 1
    assert result.warnings[0].row == 2 and "combo 1" in result.warnings[0].message


def test_same_keyword_different_snippets_is_a_problem_naming_both() -> None:
    result = read({"keyword": "kd", "snippet": "中通"}, {"keyword": "x", "snippet": "-"},
                  {"keyword": "kd", "snippet": "圆通"})
    (problem,) = result.problems
    assert (problem.row, problem.column) == (3, "keyword")
    assert "combos 1 and 3" in problem.message


def test_disabled_unknown_group_and_empty_snippet_are_warned() -> None:
    result = read({"keyword": "off", "snippet": "x", "enabled": False},
                  {"keyword": "lost", "snippet": "y", "group": "{deadbeef}"},
                  {"keyword": "empty", "snippet": ""})
    assert result.ok and [p.code for p in result.library.phrases] == ["off", "lost"]
    assert [w.column for w in result.warnings] == ["enabled", "group", "snippet"]
    assert result.library.phrases[1].category == CategoryPath()


def test_older_field_names_and_newer_versions() -> None:
    doc = {"fileFormatVersion": 99, "combos": [{"comboText": "old", "substitutionText": "旧格式"}]}
    result = beeftext.read(json.dumps(doc).encode(), "old.json", TEAM)
    assert [(p.code, p.body) for p in result.library.phrases] == [("old", "旧格式")]
    assert "99" in result.warnings[0].message


def test_non_object_combo_is_a_problem() -> None:
    doc = {"combos": ["text"], "groups": []}
    result = beeftext.read(json.dumps(doc).encode(), "c.json", TEAM)
    assert result.problems[0].row == 1


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"\x00\x00binary", "binary"),
    (b'{"combos": [', "invalid JSON at line 1"),
    (b'{"phrases": []}', "not a Beeftext combo list"),
    (b"[1, 2]", "not a Beeftext combo list"),
])
def test_bad_files_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        beeftext.read(data, "bad.json", TEAM)


def test_sniff() -> None:
    assert beeftext.sniff(combo_list(), "comboList.json")
    assert not beeftext.sniff(combo_list(), "comboList.csv")
    assert not beeftext.sniff(b'{"version": 1, "phrases": []}', "sidekick.json")


# --- export -----------------------------------------------------------------------------------


def _phrase(body: str, code: str, category: CategoryPath = CategoryPath(), position: int = 0,
            phrase_id: str = "0f8fad5b-d9cb-469f-a165-70867728950e") -> Phrase:
    return Phrase(phrase_id, TEAM, category, "标题", body, code, position=position)


def test_write_is_a_valid_combo_list() -> None:
    lib = Library(phrases=(
        _phrase("亲{买家}{光标}{剪贴板}{日期}{时间}{?订单号}{{x}}", "kd", CategoryPath("售前", "快递")),
        _phrase("无分类", "", phrase_id="not-a-uuid"),
    ))
    doc = json.loads(beeftext.write(lib, TEAM))
    assert doc["fileFormatVersion"] == 10
    assert [g["name"] for g in doc["groups"]] == ["Default Group", "售前>快递"]
    second, first = doc["combos"]  # uncategorised phrases come first
    assert first["snippet"] == "亲{买家}#{cursor}#{clipboard}#{date}#{time}#{input:订单号}{x}"
    assert first["uuid"] == "{0f8fad5b-d9cb-469f-a165-70867728950e}"
    assert first["group"] == doc["groups"][1]["uuid"] and second["group"] == doc["groups"][0]["uuid"]
    assert second["uuid"].startswith("{") and second["keyword"] == ""
    warnings = beeftext.export_warnings(lib, TEAM)
    assert any("{买家}" in w.message for w in warnings)
    assert any(w.column == "keyword" for w in warnings)


def test_written_placeholders_and_categories_read_back() -> None:
    body = "您好{剪贴板}{日期}{时间}{?订单号}{光标}{{原样}}"
    lib = Library(phrases=(_phrase(body, "a", CategoryPath("售后", "退换货")), _phrase("x", "b")))
    again = beeftext.read(beeftext.write(lib, TEAM), "comboList.json", TEAM)
    assert again.ok and not again.warnings
    assert [(p.body, p.category) for p in again.library.phrases] == [
        ("x", CategoryPath()), (body, CategoryPath("售后", "退换货"))]


def test_literal_variable_text_is_warned_on_export() -> None:
    lib = Library(phrases=(_phrase("价格 #{{不是变量}}", "a"),))
    assert any("reads as a variable" in w.message for w in beeftext.export_warnings(lib, TEAM))


# --- Beeftext CSV -----------------------------------------------------------------------------


def test_csv_sniff_prefers_beeftext_by_name_or_variables() -> None:
    plain = b'"kd","hello","Greeting"\n"th","thanks","Thanks"\n'
    assert beeftext.sniff_csv(plain, "beeftext-export.csv")
    assert not beeftext.sniff_csv(plain, "mine.csv") and textexpander.sniff(plain, "mine.csv")
    with_var = b'"kd","hi #{clipboard}","x"\n'
    assert beeftext.sniff_csv(with_var, "mine.csv") and not textexpander.sniff(with_var, "mine.csv")
    assert not qianniu.sniff(with_var, "mine.csv")


def test_csv_reads_variables_and_file_stem_category() -> None:
    data = '"kd","亲 #{cursor} #{combo:x}",""\n"th","谢谢{您}","致谢"\n'.encode("gb18030")
    result = beeftext.read_csv(data, r"D:\导出\售后.csv", TEAM)
    assert result.ok
    assert [(p.code, p.title, p.body, p.category) for p in result.library.phrases] == [
        ("kd", "亲 #{combo:x}", "亲 {光标} #{{combo:x}}", CategoryPath("售后")),
        ("th", "致谢", "谢谢{{您}}", CategoryPath("售后")),
    ]
    assert result.warnings[0].row == 1 and "#{combo:x}" in result.warnings[0].message


def test_csv_round_trip() -> None:
    data = '"kd","亲 #{cursor}\n第二行 #{input:单号}","快递"\n"a","=1","公式"\n'.encode()
    first = beeftext.read_csv(data, "combos.csv", TEAM)
    again = beeftext.read_csv(beeftext.write_csv(first.library, TEAM), "combos.csv", TEAM)
    assert phrases_of(again) == phrases_of(first)
    assert not beeftext.export_warnings_csv(first.library, TEAM)

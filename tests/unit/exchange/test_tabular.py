"""Sidekick CSV/XLSX: headers in two languages, awkward encodings, escaping, round trips."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook, load_workbook

from sidekick.core.exchange import tabular
from sidekick.core.exchange.common import escape_formula, unescape_formula
from sidekick.core.types import CategoryPath, LibraryKind

TEAM, PERSONAL = LibraryKind.TEAM, LibraryKind.PERSONAL
CHINESE_HEADER = ["库", "分类", "子分类", "代码", "标题", "内容", "生效", "失效"]


def test_chinese_header_gb18030_without_bom(ex) -> None:
    data = ex.csv_bytes([["团队", "售前", "快递", "kd", "快递说明", "亲，默认发中通，48小时内发货", "", ""]],
                        header=CHINESE_HEADER, encoding="gb18030")
    assert not data.startswith(b"\xef\xbb\xbf")
    result = tabular.read_csv(data, "gbk.csv")
    assert result.ok, result.problems
    (phrase,) = result.library.phrases
    assert (phrase.library, phrase.category, phrase.code, phrase.body) == (
        TEAM, CategoryPath("售前", "快递"), "kd", "亲，默认发中通，48小时内发货")


def test_utf8_bom_crlf_multiline_and_emoji(ex) -> None:
    body = "亲～您好😊\r\n第二行🎉\r\n第三行"
    data = ex.csv_bytes([["personal", "问候", "", "", "开场白", body, "", ""]], bom=True, newline="\r\n")
    result = tabular.read_csv(data, "bom.csv")
    assert result.ok
    assert result.library.phrases[0].body == "亲～您好😊\n第二行🎉\n第三行"
    assert result.library.phrases[0].library is PERSONAL


def test_optional_columns_may_be_absent_and_library_comes_from_option(ex) -> None:
    data = ex.csv_bytes([["标题一", "内容一"], ["标题二", "内容二"]], header=["标题", "内容"])
    refused = tabular.read_csv(data, "x.csv")
    assert not refused.ok and "--library" in str(refused.problems[0])
    result = tabular.read_csv(data, "x.csv", LibraryKind.TEAM)
    assert result.ok
    assert [(p.library, p.category, p.code, p.position) for p in result.library.phrases] == [
        (TEAM, CategoryPath(), "", 0), (TEAM, CategoryPath(), "", 1)]


def test_two_level_path_in_one_cell_and_excel_dates(ex) -> None:
    data = ex.csv_bytes([["team", "售前/快递", "", "", "包邮", "满99包邮", "2026/11/1", "2026/11/11 23:30"]])
    phrase = tabular.read_csv(data, "x.csv").library.phrases[0]
    assert phrase.category == CategoryPath("售前", "快递")
    assert phrase.valid_from == datetime(2026, 11, 1) and phrase.valid_until == datetime(2026, 11, 11, 23, 30)


def test_a_bare_end_date_means_through_that_day() -> None:
    end = tabular.parse_validity("2026-11-11", end=True)
    assert end == datetime(2026, 11, 12)
    assert tabular.format_validity(end, end=True) == "2026-11-11"
    assert tabular.format_validity(datetime(2026, 11, 11, 8, 0), end=False) == "2026-11-11 08:00"
    assert tabular.parse_validity("2026-11-11 08:00:30", end=False) == datetime(2026, 11, 11, 8, 0, 30)


def test_formula_cells_are_kept_as_text_and_escaped_on_export(ex) -> None:
    cells = ["=HYPERLINK(\"http://x\")", "+86 123", "-5元券", "@客服", "'=已经转义", "'普通撇号"]
    rows = [["team", "活动", "", "", f"t{i}", cell, "", ""] for i, cell in enumerate(cells)]
    library = tabular.read_csv(ex.csv_bytes(rows), "f.csv").library
    assert [p.body for p in library.phrases] == [
        "=HYPERLINK(\"http://x\")", "+86 123", "-5元券", "@客服", "=已经转义", "'普通撇号"]
    exported = tabular.write_csv(library).decode("utf-8-sig")
    assert "'=HYPERLINK" in exported and "'+86 123" in exported and "'-5元券" in exported and "'@客服" in exported
    assert "''普通撇号" not in exported
    again = tabular.read_csv(tabular.write_csv(library), "again.csv").library
    assert [p.body for p in again.phrases] == [p.body for p in library.phrases]


def test_escape_rule_round_trips_apostrophes() -> None:
    for text in ["=1+1", "'=1+1", "''=1", "'abc", "abc", "-", "@"]:
        assert unescape_formula(escape_formula(text)) == text


def test_problems_name_row_column_and_reason(ex) -> None:
    rows = [
        ["team", "售前/快递/顺丰", "", "a", "三级", "x", "", ""],  # row 2
        ["team", "售前", "快递/顺丰", "b", "子分类带斜杠", "x", "", ""],  # row 3
        ["team", "售前", "", "kd", "A", "x", "", ""],  # row 4
        ["team", "售后", "", "kd", "B", "y", "", ""],  # row 5: same code, same library
        ["personal", "售后", "", "kd", "C", "z", "", ""],  # other library: fine
        ["shop", "售后", "", "", "D", "z", "", ""],  # row 7
        ["team", "售后", "", "", "E", "z", "2026-13-01", ""],  # row 8
        ["team", "售后", "", "", "F", "z", "2026-11-11", "2026-11-01"],  # row 9
        ["team", "售后", "", "", "G"],  # row 10: body cell missing
    ]
    problems = tabular.read_csv(ex.csv_bytes(rows), "bad.csv").problems
    text = "\n".join(map(str, problems))
    assert "bad.csv, row 2, category: category path '售前/快递/顺丰' has 3 levels" in text
    assert "row 3, subcategory" in text
    assert "bad.csv, row 5, code: code 'kd' in the team library is used by rows 4 and 5" in text
    assert "row 7, library: unknown library 'shop'" in text
    assert "row 8, valid_from: bad date" in text
    assert "row 9, valid_until: the validity ends before it starts" in text
    assert "row 10, body: the body is empty" in text
    assert len(problems) == 7


def test_missing_required_column_is_named(ex) -> None:
    result = tabular.read_csv(ex.csv_bytes([["team", "售前", "t"]], header=["library", "category", "title"]), "m.csv")
    assert [str(p) for p in result.problems] == ["m.csv, row 1, body: missing required column 'body' (内容)"]


def test_products_file_with_knowledge_columns_tags_and_relations(ex) -> None:
    header = ["商品ID", "标题", "链接", "价格", "标签", "材质", "尺码", "备注", "搭配", "替代"]
    rows = [["1001", "纯棉T恤", "https://x/1001", "¥59.90", "新品、纯棉,夏季", "100%纯棉", "S-XL", "透气",
             "1002: 同色系; 9999", ""],
            ["1002", "休闲短裤", "", "79", "夏季", "棉麻", "", "", "", "1001"]]
    result = tabular.read_csv(ex.csv_bytes(rows, header=header), "p.csv")
    assert result.ok, result.problems
    tee, shorts = result.library.products
    assert tee.price == Decimal("59.90") and tee.tags == ("新品", "纯棉", "夏季")
    assert [(k.name, k.value) for k in tee.knowledge] == [("材质", "100%纯棉"), ("尺码", "S-XL")]
    assert [(r.kind.value, r.target_id, r.note) for r in tee.related] == [
        ("pairing", shorts.id, "同色系"), ("pairing", tabular.ITEM_REF_PREFIX + "9999", "")]
    assert shorts.related[0].target_id == tee.id and shorts.related[0].kind.value == "substitute"


def test_xlsx_reads_values_and_never_runs_formulas(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["标题", "内容", "库", "生效", "失效"])
    sheet.append(["公式", "=1+1", "团队", datetime(2026, 11, 1), datetime(2026, 11, 11)])
    sheet.cell(row=2, column=5).number_format = "yyyy-mm-dd"
    sheet.append(["数字代码", 12345, "个人", None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    result = tabular.read_xlsx(buffer.getvalue(), "lead.xlsx")
    assert result.ok, result.problems
    first, second = result.library.phrases
    assert first.body == "=1+1"  # the formula's text, not 2
    assert first.valid_until == datetime(2026, 11, 12)  # a date cell in 失效 means through that day
    assert second.body == "12345"


def test_xlsx_export_has_bold_header_and_widths(ex, store) -> None:
    ex.seed_shop(store)
    from sidekick.db.library_export import export_library

    with store.session() as session:
        library = export_library(session=session)
    for products in (False, True):
        book = load_workbook(io.BytesIO(tabular.write_xlsx(library, products=products)))
        sheet = book.active
        assert sheet["A1"].font.b
        assert sheet.column_dimensions["A"].width >= 8
        values = [c.value for c in sheet[1]]
        assert values[0] == ("item_id" if products else "library")
    phrases_sheet = load_workbook(io.BytesIO(tabular.write_xlsx(library))).active
    bodies = [row[5] for row in phrases_sheet.iter_rows(min_row=2, values_only=True)]
    assert "'=双11定金膨胀，11月11日零点开抢" in bodies  # escaped, stored as text


def test_csv_and_xlsx_round_trips_through_the_cli(ex, store, cli, tmp_path: Path, monkeypatch) -> None:
    ex.seed_shop(store)
    before = ex.snapshot(store)
    for suffix in ("csv", "xlsx"):
        phrases, products = tmp_path / f"phrases.{suffix}", tmp_path / f"products.{suffix}"
        assert cli("export", phrases).code == 0
        assert cli("export", products, "--products").code == 0
        # Re-import into the same home: nothing changes.
        for path in (phrases, products):
            result = cli("import", path)
            assert result.code == 0, result.err
            assert " 0 added, 0 updated" in result.out
        assert ex.snapshot(store) == before

        # Into an empty home: the same content comes back.
        monkeypatch.setenv("SIDEKICK_HOME", str(tmp_path / f"home-{suffix}"))
        assert cli("import", products).code == 0
        assert cli("import", phrases).code == 0
        from sidekick.db.store import open_store

        other = open_store()
        try:
            library = ex.snapshot(other)[0]
        finally:
            other.close()
        monkeypatch.setenv("SIDEKICK_HOME", str(store.path.parent))
        original = before[0]

        def content(lib):
            return sorted((p.id, p.library, p.category, p.code, p.title, p.body, p.valid_from, p.valid_until)
                          for p in lib.phrases if not p.deleted)

        def goods(lib):
            titles = {p.id: p.item_id for p in lib.products}
            return sorted((p.item_id, p.title, p.link, p.price, p.tags, sorted(p.knowledge, key=lambda k: k.name),
                           p.notes, [(r.kind, titles[r.target_id], r.note) for r in p.related]) for p in lib.products)

        assert content(library) == content(original)
        assert goods(library) == goods(original)

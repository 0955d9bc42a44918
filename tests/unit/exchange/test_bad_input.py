"""Bad input is refused with a message naming file, row, column and reason; the database is unchanged."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import Workbook


@pytest.fixture
def seeded(ex, store):
    """A shop in the database and its state, to compare after each refused import."""
    ex.seed_shop(store)
    return ex.snapshot(store)


def refused(ex, store, cli, path: Path, before, *expected: str) -> str:
    result = cli("import", path)
    assert result.code == 2, (result.out, result.err)
    for text in expected:
        assert text in result.err, result.err
    assert ex.snapshot(store) == before
    # The dry run refuses the same way.
    assert cli("import", path, "--dry-run").code == 2
    return result.err


def test_empty_file(ex, store, cli, seeded, tmp_path: Path) -> None:
    for name in ("empty.csv", "empty.xlsx", "empty.json"):
        path = tmp_path / name
        path.write_bytes(b"")
        refused(ex, store, cli, path, seeded, name, "empty" if not name.endswith("xlsx") else "XLSX")
    blank = tmp_path / "blank.csv"
    blank.write_bytes(b"\xef\xbb\xbf\r\n\r\n")
    refused(ex, store, cli, blank, seeded, "blank.csv", "empty")


def test_binary_file_renamed_csv(ex, store, cli, seeded, tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40)
    refused(ex, store, cli, path, seeded, "photo.csv", "binary file, not text")


def test_truncated_xlsx(ex, store, cli, seeded, tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["标题", "内容", "库"])
    for n in range(200):
        book.active.append([f"标题{n}", "内容" * 20, "团队"])
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "cut.xlsx"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    refused(ex, store, cli, path, seeded, "cut.xlsx", "truncated")


def test_row_with_a_missing_required_column(ex, store, cli, seeded, tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_bytes(ex.csv_bytes([
        ["team", "售前", "", "ok1", "好的", "好的内容", "", ""],
        ["team", "售前", "", "bad", "缺内容"],  # the row stops before the body
        ["team", "售前", "", "", "", "没有标题", "", ""],
    ]))
    refused(ex, store, cli, path, seeded, "short.csv, row 3, body: the body is empty",
            "short.csv, row 4, title: the title is empty")
    header_only = tmp_path / "nobody.csv"
    header_only.write_bytes(ex.csv_bytes([["team", "t"]], header=["library", "title"]))
    refused(ex, store, cli, header_only, seeded, "nobody.csv, row 1, body: missing required column 'body' (内容)")


def test_three_level_category_path(ex, store, cli, seeded, tmp_path: Path) -> None:
    path = tmp_path / "deep.csv"
    path.write_bytes(ex.csv_bytes([["team", "售前/快递/顺丰", "", "", "顺丰", "顺丰次日达", "", ""],
                                   ["team", "售前", "快递/顺丰", "", "顺丰2", "顺丰次日达", "", ""]]))
    refused(ex, store, cli, path, seeded, "deep.csv, row 2, category: category path '售前/快递/顺丰' has 3 levels",
            "deep.csv, row 3, subcategory")


def test_same_code_twice_in_one_library_names_both_rows(ex, store, cli, seeded, tmp_path: Path) -> None:
    path = tmp_path / "twice.csv"
    path.write_bytes(ex.csv_bytes([["team", "售前", "", "dup", "一", "一", "", ""],
                                   ["personal", "售前", "", "dup", "二", "二", "", ""],  # other library: fine
                                   ["团队", "售后", "", "dup", "三", "三", "", ""]]))
    refused(ex, store, cli, path, seeded, "twice.csv, row 4, code: code 'dup' is used twice in the team library: "
                                          "row 2 and row 4")
    xlsx = tmp_path / "twice.xlsx"
    book = Workbook()
    for row in (["库", "代码", "标题", "内容"], ["团队", "dup", "一", "一"], ["团队", "dup", "二", "二"]):
        book.active.append(row)
    book.save(xlsx)
    refused(ex, store, cli, xlsx, seeded, "twice.xlsx, row 3, 代码", "row 2 and row 3")


def test_invalid_json(ex, store, cli, seeded, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format": "sidekick", "version": 1,\n "phrases": [\n  {"id": "x",}\n ]}', encoding="utf-8")
    refused(ex, store, cli, path, seeded, "broken.json", "invalid JSON at line 3, column")


def test_json_of_a_newer_schema_version(ex, store, cli, seeded, tmp_path: Path) -> None:
    path = tmp_path / "future.json"
    path.write_text(json.dumps({"format": "sidekick", "version": 99, "phrases": [], "products": []}))
    refused(ex, store, cli, path, seeded, "future.json", "made by a newer Sidekick", "update Sidekick")


def test_json_with_a_bad_record_refuses_the_whole_file(ex, store, cli, seeded, tmp_path: Path) -> None:
    first = tmp_path / "good.json"
    assert cli("export", first).code == 0
    document = json.loads(first.read_text(encoding="utf-8"))
    document["phrases"].append({"id": "new", "library": "team", "title": "新", "body": "新的", "valid_from": "soon"})
    path = tmp_path / "one-bad.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    refused(ex, store, cli, path, seeded, "one-bad.json", f"phrases[{len(document['phrases']) - 1}].valid_from")


def test_unknown_file_type_and_missing_file(cli, tmp_path: Path) -> None:
    doc = tmp_path / "notes.docx"
    doc.write_bytes(b"PK\x03\x04")
    result = cli("import", doc)
    assert result.code == 2 and "unknown file type .docx" in result.err
    result = cli("import", tmp_path / "nowhere.csv")
    assert result.code == 2 and "does not exist" in result.err

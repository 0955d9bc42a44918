"""Qianniu quick-phrase CSV (千牛快捷短语) and its clone: written-by-hand files of every awkward kind."""

from __future__ import annotations

import codecs

import pytest

from sidekick.core.exchange import qianniu
from sidekick.core.exchange.base import FormatError
from sidekick.core.types import CategoryPath, Library, LibraryKind, Phrase

TEAM = LibraryKind.TEAM
HEADER = "快捷短语编码,快捷短语,快捷短语分组\r\n"
CLONE = "快捷编码,快捷短语,快捷短语分组\r\n"


def phrases_of(result) -> list[tuple]:
    """What a round trip must keep (ids are fresh on every import, order is per category)."""
    return sorted((p.category.parts, p.position, p.code, p.title, p.body)
                  for p in result.library.phrases)


def library(*phrases: Phrase) -> Library:
    return Library(phrases=phrases)


def phrase(body: str, code: str = "", category: CategoryPath = CategoryPath(), title: str = "t",
           kind: LibraryKind = TEAM, position: int = 0) -> Phrase:
    return Phrase(id=f"id-{code}-{position}-{len(body)}", library=kind, category=category,
                  title=title, body=body, code=code, position=position)


# --- sniff ------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [
    HEADER.encode("utf-8"),
    codecs.BOM_UTF8 + HEADER.encode("utf-8"),
    HEADER.encode("gb18030"),
    CLONE.encode("gb18030"),
    "快捷短语编码,快捷短语,快捷短语分组,,\n".encode(),  # Excel's trailing empty columns
])
def test_sniff_accepts_both_headers_in_any_encoding(data: bytes) -> None:
    assert qianniu.sniff(data + "kd,您好,\r\n".encode("gb18030"), "快捷短语.csv")


@pytest.mark.parametrize("data", [b"kd,hello,greeting\n", b"library,category,title,body\n",
                                  b"\x00\x01\x02junk", b""])
def test_sniff_rejects_other_files(data: bytes) -> None:
    assert not qianniu.sniff(data, "x.csv")


# --- awkward but valid input ------------------------------------------------------------------


def test_reads_standard_file() -> None:
    text = HEADER + "kd,亲，快递默认发中通哦,售前\r\n,您好，在的,\r\nth,退货请联系在线客服,售后>退换货\r\n"
    result = qianniu.read(text.encode(), "快捷短语.csv", TEAM)
    assert result.ok and not result.warnings
    got = [(p.code, p.title, p.body, p.category) for p in result.library.phrases]
    assert got == [
        ("kd", "亲，快递默认发中通哦", "亲，快递默认发中通哦", CategoryPath("售前")),
        ("", "您好，在的", "您好，在的", CategoryPath()),
        ("th", "退货请联系在线客服", "退货请联系在线客服", CategoryPath("售后", "退换货")),
    ]
    assert all(p.library is TEAM for p in result.library.phrases)
    assert [c[1] for c in result.library.categories] == [CategoryPath("售前"),
                                                          CategoryPath("售后", "退换货")]


def test_reads_gbk_without_bom() -> None:
    data = (HEADER + "kd,亲，咱家默认发韵达快递~,售前\r\n").encode("gb18030")
    assert data.decode("utf-8", errors="replace") != data.decode("gb18030")  # really not UTF-8
    result = qianniu.read(data, "gbk.csv", TEAM)
    assert result.ok and result.library.phrases[0].body == "亲，咱家默认发韵达快递~"


def test_reads_utf8_with_bom_crlf_and_multiline_quoted_cells() -> None:
    data = codecs.BOM_UTF8 + (HEADER + 'hy,"亲，您好\r\n欢迎光临小店\r\n有什么可以帮您？",问候\r\n').encode()
    result = qianniu.read(data, "bom.csv", TEAM)
    assert result.ok
    (only,) = result.library.phrases
    assert only.body == "亲，您好\n欢迎光临小店\n有什么可以帮您？"
    assert only.title == "亲，您好 欢迎光临小店…"  # 12 characters, newlines as spaces
    assert only.category == CategoryPath("问候")


def test_reads_clone_header_with_escapes_and_default_group() -> None:
    data = (CLONE + "dd,亲&#44;订单已发货&#13;&#10;请留意物流,未分组\r\n"
            "cc,第一行&#13;第二行,售后\r\n").encode("gb18030")
    result = qianniu.read(data, "clone.csv", TEAM)
    assert result.ok
    first, second = result.library.phrases
    assert first.body == "亲,订单已发货\n请留意物流" and first.category == CategoryPath()
    assert second.body == "第一行\n第二行" and second.category == CategoryPath("售后")


def test_reads_emoji() -> None:
    result = qianniu.read((HEADER + "xx,感谢亲的支持😊🎉,售后\r\n").encode("gb18030"), "e.csv", TEAM)
    assert result.library.phrases[0].body == "感谢亲的支持😊🎉"


def test_formula_looking_cells_are_kept_as_text() -> None:
    text = HEADER + ",=HYPERLINK(\"x\"),\r\n,'=1+1,\r\n,'-满减,\r\n,'普通撇号,\r\n,-20元券,\r\n"
    result = qianniu.read(text.encode(), "f.csv", TEAM)
    assert result.ok
    assert [p.body for p in result.library.phrases] == [
        '=HYPERLINK("x")', "=1+1", "-满减", "'普通撇号", "-20元券"]


def test_literal_braces_are_escaped_for_the_template_language() -> None:
    result = qianniu.read((HEADER + "kh,尺码{S/M/L}可选,\r\n").encode(), "b.csv", TEAM)
    assert result.library.phrases[0].body == "尺码{{S/M/L}}可选"
    assert result.library.phrases[0].title == "尺码{S/M/L}可选"


def test_blank_lines_are_skipped_and_image_phrases_warned() -> None:
    text = HEADER + "\r\n,,\r\ntp,图片/尺码表.jpg,\r\n"
    result = qianniu.read(text.encode(), "img.csv", TEAM)
    assert result.ok and len(result.library.phrases) == 1
    (warning,) = result.warnings
    assert warning.row == 4 and warning.column == "快捷短语" and "image" in warning.message


def test_progress_is_reported() -> None:
    rows = "".join(f"c{i},第{i}条,\r\n" for i in range(2500))
    calls: list[tuple[int, int]] = []
    qianniu.read((HEADER + rows).encode(), "p.csv", TEAM, progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (2501, 2501) and len(calls) >= 3


# --- bad input ----------------------------------------------------------------------------------


def test_duplicate_codes_name_both_rows() -> None:
    text = HEADER + "kd,发中通,售前\r\nhy,您好,\r\nkd,发圆通,售前\r\n"
    result = qianniu.read(text.encode(), "dup.csv", TEAM)
    assert not result.ok
    (problem,) = result.problems
    assert (problem.source, problem.row, problem.column) == ("dup.csv", 4, "快捷短语编码")
    assert "rows 2 and 4" in problem.message and "'kd'" in problem.message
    assert "dup.csv, row 4, 快捷短语编码" in str(problem)


def test_missing_phrase_cell_names_row_and_column() -> None:
    result = qianniu.read((HEADER + "kd,您好,\r\nzz\r\n").encode(), "short.csv", TEAM)
    (problem,) = result.problems
    assert (problem.row, problem.column) == (3, "快捷短语") and "missing" in problem.message


def test_empty_phrase_cell_is_a_problem() -> None:
    result = qianniu.read((HEADER + "kd,  ,售前\r\n").encode(), "empty-cell.csv", TEAM)
    (problem,) = result.problems
    assert (problem.row, problem.column) == (2, "快捷短语") and "empty" in problem.message


def test_header_without_phrase_column_is_refused() -> None:
    with pytest.raises(FormatError, match="快捷短语"):
        qianniu.read("快捷短语编码,快捷短语分组\r\nkd,售前\r\n".encode(), "nophrase.csv", TEAM)


def test_other_csv_is_refused() -> None:
    with pytest.raises(FormatError, match="not a Qianniu"):
        qianniu.read(b"keyword,snippet,name\r\nkd,hello,hi\r\n", "other.csv", TEAM)


@pytest.mark.parametrize("data", [b"", b"   \r\n", codecs.BOM_UTF8])
def test_empty_file_is_refused(data: bytes) -> None:
    with pytest.raises(FormatError, match="empty"):
        qianniu.read(data, "empty.csv", TEAM)


def test_binary_junk_is_refused() -> None:
    with pytest.raises(FormatError, match="binary"):
        qianniu.read(b"PK\x03\x04\x00\x00\x08\x00" + bytes(range(256)), "junk.csv", TEAM)


# --- export -----------------------------------------------------------------------------------


def test_write_uses_the_original_header_utf8_bom_and_crlf() -> None:
    lib = library(phrase("您好\n在的", "hy"), phrase("发中通", "kd", CategoryPath("售前", "快递")))
    data = qianniu.write(lib, TEAM)
    assert data.startswith(codecs.BOM_UTF8)
    text = data[len(codecs.BOM_UTF8):].decode()
    assert text.startswith("快捷短语编码,快捷短语,快捷短语分组\r\n")
    assert 'hy,"您好\n在的",\r\n' in text
    assert "kd,发中通,售前>快递\r\n" in text


def test_write_gb18030_and_clone_dialect() -> None:
    lib = library(phrase("亲,您好\n在的", "hy"))
    data = qianniu.write(lib, TEAM, encoding="gb18030", dialect="clone")
    assert not data.startswith(codecs.BOM_UTF8)
    assert data.decode("gb18030") == "快捷编码,快捷短语,快捷短语分组\r\nhy,亲&#44;您好&#13;在的,未分组\r\n"


def test_write_escapes_formula_cells_and_unescapes_braces() -> None:
    lib = library(phrase("=1+1"), phrase("-满100减20", position=1), phrase("@全体", "=x", position=2),
                  phrase("尺码{{S}}，{光标}好", position=3))
    text = qianniu.write(lib, TEAM).decode("utf-8-sig")
    assert ",'=1+1,\r\n" in text and ",'-满100减20,\r\n" in text and "'=x,'@全体," in text
    assert ",尺码{S}，好,\r\n" in text


def test_write_exports_only_live_phrases_of_the_asked_library() -> None:
    lib = library(phrase("团队", "a"), phrase("个人", "b", kind=LibraryKind.PERSONAL),
                  Phrase("gone", TEAM, CategoryPath(), "t", "已删", "c", deleted=True))
    text = qianniu.write(lib, TEAM).decode("utf-8-sig")
    assert "团队" in text and "个人" not in text and "已删" not in text


def test_export_warnings_report_limits_without_cutting() -> None:
    long_body = "长" * 431
    lib = library(phrase(long_body, "abcde", CategoryPath("非常非常长的分类名", "子分类")))
    text = qianniu.write(lib, TEAM).decode("utf-8-sig")
    assert long_body in text  # not truncated
    warnings = qianniu.export_warnings(lib, TEAM)
    assert {w.column for w in warnings} == {"快捷短语编码", "快捷短语", "快捷短语分组"}
    assert all(w.row == 2 for w in warnings)
    assert any("431 characters" in w.message for w in warnings)


def test_export_warnings_report_placeholders_and_non_gbk_text() -> None:
    lib = library(phrase("{买家}您好{光标}😊", "hy"))
    utf8 = qianniu.export_warnings(lib, TEAM)
    assert any("{买家}" in w.message for w in utf8) and any("光标" in w.message for w in utf8)
    assert not any("GBK" in w.message for w in utf8)
    assert any("GBK" in w.message for w in qianniu.export_warnings(lib, TEAM, encoding="gb18030"))


def test_write_rejects_unknown_options() -> None:
    with pytest.raises(ValueError):
        qianniu.write(library(), TEAM, encoding="latin-1")
    with pytest.raises(ValueError):
        qianniu.write(library(), TEAM, dialect="wechat")


# --- round trips ------------------------------------------------------------------------------

AWKWARD = (HEADER + 'hy,"亲，您好\r\n欢迎光临😊",问候\r\n'
           "kd,发中通{不是占位},售前>快递\r\n"
           ",'=1+1,\r\n"
           ",''-x,\r\n"
           'dq,"含,逗号与""引号""",售后\r\n'
           "zz,未分组的话,未分组\r\n")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
@pytest.mark.parametrize("dialect", ["qianniu", "clone"])
def test_read_write_read_keeps_the_phrases(encoding: str, dialect: str) -> None:
    first = qianniu.read(AWKWARD.encode("gb18030"), "rt.csv", TEAM)
    assert first.ok and len(first.library.phrases) == 6
    data = qianniu.write(first.library, TEAM, encoding=encoding, dialect=dialect)
    again = qianniu.read(data, "rt.csv", TEAM)
    assert again.ok
    assert phrases_of(again) == phrases_of(first)

"""Hostile and broken import files, generated at test time (nothing big is checked in).

Every case of issue #20 is here: YAML alias bombs (billion laughs, also through ``imports``,
``regex``, ``image_path`` and date formats, and merge keys), XLSX zip bombs (sheet XML or shared
strings expanding to gigabytes, millions of declared blank rows and columns), XML entities, DTDs
and malformed sheets, JSON nested 100k deep, integers too large for the database, invalid bytes in
GB18030 and UTF-8-with-BOM CSV, odd-length UTF-16, a CSV without a line end, duplicate JSON keys,
NaN and 1e400 prices, NUL bytes — plus random byte flips and truncations of valid files of every
format (:func:`mutations`).

A bomb is a few kilobytes on disk: the compressed stream of one block is repeated (every block is
flushed with ``Z_FULL_FLUSH``, which resets the history, so copies can be concatenated), and the
archive is written by hand with the true uncompressed size. Its CRC is not computed (that would
take as long as the bomb); a reader that refuses before inflating never notices.
"""

from __future__ import annotations

import codecs
import io
import json
import random
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

XLSX_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


@dataclass(frozen=True)
class Case:
    """One hostile file: its name (the extension picks the format) and bytes."""

    name: str
    data: bytes
    issue: str  # which item of the issue it reproduces
    accepted: bool = False  # a harmless oddity: imported (with a warning) rather than refused
    place: str = ""  # what the message must say about where (a line, a JSON path, a part)


# --------------------------------------------------------------------------- YAML


def _laughs(levels: int = 9, fan: int = 9) -> str:
    """Anchors ``l0`` … ``lN``, each a list of ``fan`` aliases of the previous: fan**levels leaves."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * fan) + "]")
    return "\n".join(lines) + "\n"


def yaml_cases(shared_trigger: int = 60_000) -> list[Case]:
    top = f"l{9}"
    laughs = _laughs()
    merge = ['m0: &m0 {a0: "lol", b0: "lol"}']
    for level in range(1, 24):
        merge.append(f"m{level}: &m{level} {{<<: [*m{level - 1}, *m{level - 1}], k{level}: x}}")
    return [
        Case("laughs.yml", (laughs + f"matches:\n  - trigger: ':a'\n    replace: hi\n    label: *{top}\n"
                            f"  - trigger: ':b'\n    replace: *{top}\n").encode(), "1 yaml billion laughs", place="alias"),
        Case("laughs-imports.yml", (laughs + f"imports: *{top}\nmatches:\n  - trigger: ':a'\n    replace: hi\n"
                                    ).encode(), "1 yaml laughs via imports", place="alias"),
        Case("laughs-regex.yml", (laughs + f"matches:\n  - regex: *{top}\n    replace: hi\n").encode(),
             "1 yaml laughs via regex", place="alias"),
        Case("laughs-image.yml", (laughs + f"matches:\n  - trigger: ':img'\n    image_path: *{top}\n").encode(),
             "1 yaml laughs via image_path", place="alias"),
        Case("laughs-date.yml", (laughs + "matches:\n  - trigger: ':d'\n    replace: '{{d}}'\n    vars:\n"
                                 f"      - name: d\n        type: date\n        params:\n          format: *{top}\n"
                                 ).encode(), "1 yaml laughs via date format", place="alias"),
        Case("laughs-merge.yml", ("\n".join(merge) + "\nmatches:\n  - trigger: ':m'\n    replace: hi\n"
                                  "    vars: [*m23]\n").encode(), "1 yaml merge-key bomb", place="alias"),
        Case("recursive.yml", b"matches: &m\n  - trigger: ':r'\n    replace: hi\n  - *m\n", "1 yaml recursive alias",
             place="line 1"),
        Case("huge-int.yml", b"matches:\n  - trigger: ':n'\n    replace: " + b"9" * 5000 + b"\n",
             "2 yaml integer of 5000 digits", place="invalid YAML value"),
        Case("bad-date.yml", b"matches:\n  - trigger: ':d'\n    replace: 2026-13-45\n", "2 yaml impossible date",
             place="invalid YAML value"),
        Case("shared-trigger.yml", _shared_trigger(shared_trigger),
             f"4 quadratic ~N numbering ({shared_trigger:,} matches, one trigger)", accepted=True),
        Case("distinct-triggers.yml", _shared_trigger(shared_trigger, distinct=True),
             f"4 reference: {shared_trigger:,} matches with distinct triggers", accepted=True),
    ]


def _shared_trigger(count: int, distinct: bool = False) -> bytes:
    rows = "".join(f"  - trigger: ':x{n if distinct else ''}'\n    replace: 'reply {n}'\n" for n in range(count))
    return ("matches:\n" + rows).encode()


# --------------------------------------------------------------------------- XLSX


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def _zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip archive of already deflated members: (name, raw deflate, uncompressed size, crc)."""
    out = io.BytesIO()
    central = []
    for name, raw, size, crc in members:
        offset = out.tell()
        encoded = name.encode()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(raw), size,
                              len(encoded), 0) + encoded)
        out.write(raw)
        central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, len(raw), size,
                                   len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    start = out.tell()
    for entry in central:
        out.write(entry)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()


def _member(name: str, data: bytes) -> tuple[str, bytes, int, int]:
    return name, _deflate(data), len(data), zlib.crc32(data)


def _bomb_member(name: str, head: bytes, block: bytes, copies: int, tail: bytes) -> tuple[str, bytes, int, int]:
    """``head + block * copies + tail`` deflated in a few kilobytes (see the module docstring)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    last = compressor.compress(tail) + compressor.flush()
    return name, first + repeated * copies + last, len(head) + len(block) * copies + len(tail), 0


_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    b"</Types>")
_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         b'<Relationship Id="rId1" '
         b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
         b'Target="xl/workbook.xml"/>'
         b"</Relationships>")
_WORKBOOK = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
             b'<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    b'Target="worksheets/sheet1.xml"/>'
    b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    b'Target="sharedStrings.xml"/>'
    b"</Relationships>")
_HEADER_ROW = ('<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c><c r="B1" t="inlineStr"><is><t>内容</t></is></c>'
               '<c r="C1" t="inlineStr"><is><t>库</t></is></c></row>')
_DATA_ROW = ('<row r="2"><c r="A2" t="inlineStr"><is><t>快递</t></is></c><c r="B2" t="inlineStr"><is><t>默认中通</t></is></c>'
             '<c r="C2" t="inlineStr"><is><t>团队</t></is></c></row>')
_STRINGS = (b'<?xml version="1.0" encoding="UTF-8"?><sst ' + XLSX_NS.encode()
            + b' count="1" uniqueCount="1"><si><t>x</t></si></sst>')


def _sheet(body: str, *, dimension: str = "A1:C2", prolog: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet {XLSX_NS}><dimension ref="{dimension}"/>'
            f"<sheetData>{body}</sheetData></worksheet>").encode()


def xlsx(sheet: bytes | tuple[str, bytes, int, int], strings: bytes | tuple[str, bytes, int, int] = _STRINGS) -> bytes:
    """A minimal workbook around one sheet (bytes, or a prepared member such as a bomb)."""
    sheet_member = sheet if isinstance(sheet, tuple) else _member("xl/worksheets/sheet1.xml", sheet)
    strings_member = strings if isinstance(strings, tuple) else _member("xl/sharedStrings.xml", strings)
    return _zip([_member("[Content_Types].xml", _CONTENT_TYPES), _member("_rels/.rels", _RELS),
                 _member("xl/workbook.xml", _WORKBOOK), _member("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
                 sheet_member, strings_member])


def xlsx_cases() -> list[Case]:
    gigabytes = 2 << 30
    row = b"<row><c t=\"inlineStr\"><is><t>lol</t></is></c></row>" * 20_000
    sheet_head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet {XLSX_NS}><sheetData>{_HEADER_ROW}'.encode()
    sheet_bomb = _bomb_member("xl/worksheets/sheet1.xml", sheet_head, row, gigabytes // len(row),
                              b"</sheetData></worksheet>")
    strings = b"<si><t>lol</t></si>" * 50_000
    strings_bomb = _bomb_member("xl/sharedStrings.xml", b'<?xml version="1.0" encoding="UTF-8"?><sst ' + XLSX_NS.encode() + b">",
                                strings, gigabytes // len(strings), b"</sst>")
    far_row = (_HEADER_ROW + _DATA_ROW + '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>')
    laughs = "".join(f'<!ENTITY l{n} "' + f"&l{n - 1};" * 10 + '">' for n in range(1, 10))
    return [
        Case("sheet-bomb.xlsx", xlsx(sheet_bomb), "1 xlsx sheet XML expanding to 2 GB", place="xl/worksheets/sheet1.xml"),
        Case("strings-bomb.xlsx", xlsx(_sheet(_HEADER_ROW + _DATA_ROW), strings_bomb),
             "1 xlsx shared strings expanding to 2 GB", place="xl/sharedStrings.xml"),
        Case("declared-rows.xlsx", xlsx(_sheet(_HEADER_ROW + _DATA_ROW, dimension="A1:XFD1048576")),
             "1 xlsx declaring 1048576 x 16384 cells", accepted=True),
        Case("far-cell.xlsx", xlsx(_sheet(far_row)), "1 xlsx with a cell at XFD1048576",
             place="[Sheet1]: refused: the sheet goes past row 200,000"),
        Case("entity.xlsx", xlsx(_sheet(_HEADER_ROW + _DATA_ROW.replace("默认中通", "&xxe;"))),
             "2 xlsx undefined entity", place="undefined entity: line 1"),
        Case("dtd-entity.xlsx", xlsx(_sheet(_HEADER_ROW + _DATA_ROW.replace("默认中通", "&xxe;"),
                                            prolog='<!DOCTYPE worksheet [<!ENTITY xxe "expanded">]>')),
             "2 xlsx entity declared in a DTD", place="xl/worksheets/sheet1.xml"),
        Case("external-entity.xlsx", xlsx(_sheet(_HEADER_ROW + _DATA_ROW.replace("默认中通", "&xxe;"),
                                                 prolog='<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')),
             "2 xlsx external entity", place="xl/worksheets/sheet1.xml"),
        Case("entity-bomb.xlsx", xlsx(_sheet(_HEADER_ROW + _DATA_ROW.replace("默认中通", "&l9;"),
                                             prolog=f'<!DOCTYPE worksheet [<!ENTITY l0 "lol">{laughs}]>')),
             "2 xlsx entity-expansion bomb", place="xl/worksheets/sheet1.xml"),
        Case("malformed.xlsx", xlsx(_sheet(_HEADER_ROW + _DATA_ROW)[:-40] + b"<row><c></row>"),
             "2 xlsx malformed sheet XML", place="line 1, column"),
    ]


# --------------------------------------------------------------------------- JSON


def _sidekick_json(**phrase_fields: object) -> bytes:
    phrase = {"id": "p1", "library": "team", "category": "售前", "subcategory": "", "code": "kd", "title": "快递",
              "body": "默认中通", "valid_from": None, "valid_until": None, "position": 0,
              "created_at": "2026-01-01T00:00:00", "updated_at": "2026-01-01T00:00:00", "revision": 0, "deleted": False}
    phrase.update(phrase_fields)
    return json.dumps({"format": "sidekick", "version": 1, "categories": [], "phrases": [phrase],
                       "products": []}, ensure_ascii=False).encode()


def _product_json(price: str) -> bytes:
    return (b'{"format": "sidekick", "version": 1, "phrases": [], "products": [{"id": "x1", "item_id": "1001", '
            b'"title": "T", "price": ' + price.encode() + b', "created_at": "2026-01-01T00:00:00"}]}')


def json_cases() -> list[Case]:
    deep = 100_000
    return [
        Case("deep.json", b"[" * deep + b"]" * deep, "2 json nested 100k deep", place="nested"),
        Case("deep-inside.json", b'{"format": "sidekick", "version": 1, "phrases": ' + b"[" * deep + b"]" * deep + b"}",
             "2 json nested 100k deep inside a sidekick file", place="nested"),
        Case("huge-position.json", _sidekick_json(position=2**70), "2 position too large for the database",
             place="phrases[0].position"),
        Case("huge-revision.json", _sidekick_json(revision=2**64), "2 revision too large for the database",
             place="phrases[0].revision"),
        Case("huge-version.json", b'{"format": "sidekick", "version": ' + b"9" * 5000 + b"}",
             "2 version with 5000 digits", place="5000 digits"),
        Case("negative-position.json", _sidekick_json(position=-5), "2 negative position", place="phrases[0].position"),
        Case("duplicate-key.json", _sidekick_json()[:-1].replace(b'"title": "', b'"title": "first", "title": "', 1)
             + b"}", "3 duplicate key", place="phrases[0].title"),
        Case("nan-price.json", _product_json("NaN"), "3 NaN price", place="products[0].price"),
        Case("nan-string-price.json", _product_json('"NaN"'), "3 NaN price as text", place="products[0].price"),
        Case("huge-price.json", _product_json("1e400"), "3 1e400 price", place="products[0].price"),
        Case("infinite-price.json", _product_json('"Infinity"'), "3 infinite price", place="products[0].price"),
        Case("nul.json", _sidekick_json(body="默认\x00中通"), "3 NUL in a JSON string", place="phrases[0].body"),
        Case("beeftext-nul.json", json.dumps({"combos": [{"keyword": "kd", "snippet": "默认\x00中通"}]}).encode(),
             "3 NUL in a Beeftext snippet", place="row 1"),
        Case("beeftext-deep.json", b'{"combos": ' + b"[" * deep + b"]" * deep + b"}", "2 deep beeftext json", place="nested"),
    ]


# --------------------------------------------------------------------------- CSV


def csv_cases() -> list[Case]:
    header = "library,category,subcategory,code,title,body\r\n"
    rows = "".join(f"team,售前,快递,c{n},标题{n},亲，默认发中通快递～第{n}条\r\n" for n in range(200))
    gb = (header + rows).encode("gb18030")
    middle = gb.index("第100条".encode("gb18030"))
    utf8 = codecs.BOM_UTF8 + (header + rows).encode("utf-8")
    middle8 = utf8.index("第100条".encode())
    utf16 = codecs.BOM_UTF16_LE + (header + rows).encode("utf-16-le")
    products = "item_id,title,price\r\n1001,T恤,NaN\r\n1002,短裤,1e400\r\n1003,Polo,-Infinity\r\n"
    return [
        Case("gb18030-bad-byte.csv", gb[:middle] + b"\xff" + gb[middle:], "2 invalid byte in a GB18030 CSV", place="line 102"),
        Case("bom-bad-byte.csv", utf8[:middle8] + b"\xff" + utf8[middle8:], "2 invalid byte in a UTF-8-BOM CSV",
             place="line 102"),
        Case("odd-utf16.csv", utf16 + b"\x00"[:0] + b"x", "2 UTF-16 with an odd number of bytes", place="odd number of bytes"),
        Case("no-line-end.csv", ("标题,内容,库" + ",快递说明" * 200_000).encode(), "2 CSV with no line end", place="columns"),
        Case("no-line-end-quoted.csv", ('标题,内容,库\r\n快递,"' + "默认中通快递" * 40_000).encode(),
             "2 CSV with an unclosed quote and no line end", place="line"),
        Case("no-line-end-qianniu.csv", ("快捷短语编码,快捷短语,快捷短语分组" + "," * 300_000).encode(),
             "2 qianniu CSV with no line end", accepted=True),
        Case("nul-middle.csv", (header + rows[:2000] + "team,售前,快递,zz,空字符,默认\x00中通\r\n" + rows[2000:]).encode(),
             "3 NUL bytes in the middle of a CSV", place="line 58"),
        Case("nan-price.csv", products.encode(), "3 NaN/1e400 prices in a product CSV", place="row 2"),
        Case("qianniu-bad-byte.csv", "快捷短语编码,快捷短语,快捷短语分组\r\nkd,默认中通,\r\n".encode("gb18030")
             + b"\x81\x20,x,\r\n", "2 invalid byte in a Qianniu CSV", place="line 3"),
    ]


def all_cases(shared_trigger: int = 60_000) -> list[Case]:
    return yaml_cases(shared_trigger) + xlsx_cases() + json_cases() + csv_cases()


# --------------------------------------------------------------------------- fuzzing valid files


def valid_files() -> list[tuple[str, bytes]]:
    """One small valid file of every import format (what the fuzzer mutates)."""
    sidekick_csv = ("\ufefflibrary,category,subcategory,code,title,body,valid_from,valid_until\r\n"
                    "team,售前,快递,kd,快递说明,\"亲，默认发中通📦\n偏远地区除外\",,\r\n"
                    "团队,活动,,11,双11预售,双11定金膨胀,2026-11-01,2026-11-11\r\n").encode()
    products_csv = "item_id,title,price,tags,材质\r\n1001,纯棉T恤,¥59.90,新品、夏季,纯棉\r\n1002,短裤,79,,棉麻\r\n"
    good_sheet = _sheet(_HEADER_ROW + _DATA_ROW)
    return [
        ("phrases.csv", sidekick_csv),
        ("phrases-gbk.csv", sidekick_csv[3:].decode().encode("gb18030")),
        ("products.csv", products_csv.encode("utf-16")),
        ("phrases.xlsx", xlsx(good_sheet)),
        ("library.json", _sidekick_json()),
        ("products.json", _product_json('"59.90"')),
        ("quick.csv", "快捷短语编码,快捷短语,快捷短语分组\r\nkd,亲，默认发中通,售前>快递\r\nhy,您好,\r\n".encode("gb18030")),
        ("comboList.json", json.dumps({"combos": [{"keyword": "kd", "name": "快递", "snippet": "默认中通 #{cursor}",
                                                   "enabled": True, "uuid": "{1}"}], "groups": []}).encode()),
        ("beeftext-combos.csv", "kd,默认中通 #{clipboard},快递\r\n".encode()),
        ("snippets.csv", "kd,默认中通 %|,快递\r\nhy,您好,问候\r\n".encode()),
        ("base.yml", b"global_vars:\n  - name: c\n    type: clipboard\nmatches:\n  - trigger: ':kd'\n"
                     b"    replace: 'ship {{c}} $|$'\n  - trigger: ':hy'\n    label: Hi\n    replace: |\n      hello\n"),
    ]


def mutations(seed: int, count: int) -> Iterator[Case]:
    """``count`` random byte flips, insertions and truncations of :func:`valid_files`, reproducibly."""
    rng = random.Random(seed)
    files = valid_files()
    for number in range(count):
        name, data = files[number % len(files)]
        mutated = bytearray(data)
        how = rng.choice(("flip", "truncate", "insert", "flip"))
        if how == "truncate":
            mutated = mutated[:rng.randrange(1, len(mutated))]
        elif how == "insert":
            position = rng.randrange(len(mutated))
            mutated[position:position] = rng.choice((b"\x00", b"\xff", b'"', b"\n", b"{", b"[[", b"&", b"*a", b"\r"))
        else:
            for _ in range(rng.randint(1, 4)):
                position = rng.randrange(len(mutated))
                mutated[position] ^= 1 << rng.randrange(8)
        yield Case(f"m{number:03d}-{how}-{name}", bytes(mutated), f"fuzz {how} of {name}", accepted=True)

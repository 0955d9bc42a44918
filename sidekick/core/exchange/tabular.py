"""Sidekick's own spreadsheet files: phrases or products as CSV or XLSX, one row per item.

The header row decides what a file holds: a column ``item_id``/``商品ID`` makes it a product
file, otherwise ``title``+``body`` (``标题``+``内容``) make it a phrase file. English and Chinese
header names are both accepted; problems name the column as the file spells it.

Spreadsheet conventions leads rely on (see the README's "Exchange formats" section):
- Row numbers are what Excel/WPS shows: the header is row 1, and a quoted multi-line cell is one row.
- Text cells starting with ``=``, ``+``, ``-`` or ``@`` get a leading ``'`` on export so a
  spreadsheet never runs them as formulas; import drops one ``'`` only when such a character
  follows, so every text survives the round trip.
- A date without a time in ``valid_until``/``失效`` means "through the end of that day": it is
  stored as the next midnight (validity ends are exclusive) and exported back as that date.

Everything here is pure: rows in, records out. Opening files and streaming large CSVs from disk is
done by ``sidekick.db.library_import``, which uses :func:`iter_phrase_records` row by row.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from datetime import datetime
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree

from defusedxml import DefusedXmlException

from sidekick.core.exchange import xlsx_guard
from sidekick.core.exchange.base import (
    FormatError,
    ImportResult,
    binary_file,
    in_file,
    is_utf8_with_bad_byte,
    odd_utf16,
    read_text,
)
from sidekick.core.exchange.common import escape_formula
from sidekick.core.exchange.limits import MAX_COLUMNS
from sidekick.core.exchange.tabular_columns import (  # noqa: F401  re-exported: part of this module's interface
    CHINESE,
    ITEM_REF_PREFIX,
    PHRASE_COLUMNS,
    PRODUCT_COLUMNS,
    REQUIRED_PHRASE,
    cell_text,
    format_validity,
    parse_validity,
)
from sidekick.core.exchange.tabular_records import (  # noqa: F401  re-exported: part of this module's interface
    FileChecks,
    Header,
    RowRecord,
    is_blank_row,
    iter_phrase_records,
    iter_product_records,
    read_header,
    resolve_file_refs,
    sniff_header,
)
from sidekick.core.messages import Message
from sidekick.core.types import Library, LibraryKind, Phrase, Problem, Product, RelationKind

# --------------------------------------------------------------------------- files


def detect_encoding(chunks: Iterable[bytes], source: str = "") -> str:
    """The codec for a whole file read in chunks (UTF-8 ± BOM, UTF-16 with BOM, else GB18030).

    A file with a UTF-8 BOM, or whose valid UTF-8 before a bad byte leaves no doubt, stays UTF-8:
    the bad byte is then reported with its line by :func:`iter_csv` instead of the file being
    read as GB18030 garbage. A UTF-16 file with an odd number of bytes is refused here.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    first = True
    encoding = "utf-8"
    size = decoded_bytes = decoded_chars = 0
    for chunk in chunks:
        size += len(chunk)
        if first:
            first = False
            if not chunk:
                break
            if chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                encoding = "utf-16"
            elif chunk.startswith(codecs.BOM_UTF8):
                encoding = "utf-8-sig"
            if encoding != "utf-16" and b"\x00" in chunk[:8192]:
                raise binary_file(chunk, source)
        if encoding == "utf-16":
            continue  # only the length matters (below); the text is decoded while reading
        try:
            decoded_chars += len(decoder.decode(chunk))
            decoded_bytes += len(chunk)
        except UnicodeDecodeError as error:
            if encoding == "utf-8-sig":
                return encoding
            good = chunk[:max(error.start, 0)]
            if is_utf8_with_bad_byte(decoded_bytes + len(good), decoded_chars + len(good.decode("utf-8", "replace"))):
                return "utf-8"
            return "gb18030"
    if first:
        raise FormatError(in_file(source, Message("the file is empty")))
    if encoding == "utf-16":
        if size % 2:
            raise odd_utf16(source)
        return encoding
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return encoding if encoding == "utf-8-sig" else "gb18030"
    return encoding


def iter_csv(text: io.TextIOBase | Iterable[str], source: str) -> Iterator[list[object]]:
    """CSV records of a decoded stream; a malformed file or a bad byte becomes a ``FormatError``.

    An open text file of a byte-oriented encoding (UTF-8, GB18030: a newline byte is always a line
    end) is decoded here one line at a time, so a bad byte or a NUL is reported with its line.
    """
    lines: Iterable[str] = text
    if isinstance(text, io.TextIOWrapper):
        lines = (_decoded_lines(text.buffer, text.encoding, source)
                 if text.encoding.lower().replace("_", "-") in _LINE_ENCODINGS else _without_nul(text, source))
    reader = csv.reader(lines)
    try:
        yield from reader
    except csv.Error as error:
        raise FormatError(in_file(source, Message("not a readable CSV file (line %1: %2)", reader.line_num,
                                                  str(error)))) from None
    except UnicodeDecodeError as error:
        raise FormatError(in_file(source, Message("near line %1: %2 (%3): the file is damaged; save it again as CSV "
                                                  "UTF-8", reader.line_num + 1, error.reason, error.encoding))) from None


_LINE_ENCODINGS = {"utf-8", "utf-8-sig", "utf8", "gb18030"}


def _without_nul(lines: Iterable[str], source: str) -> Iterator[str]:
    for number, line in enumerate(lines, start=1):
        if "\x00" in line:
            raise FormatError(in_file(source, Message("a NUL character at line %1, column %2: the file is damaged; "
                                                      "save it again as CSV UTF-8", number, line.index(chr(0)) + 1)))
        yield line


def _decoded_lines(raw: Iterable[bytes], encoding: str, source: str) -> Iterator[str]:
    codec = "gb18030" if encoding.lower() == "gb18030" else "utf-8"
    offset = 0
    for number, line in enumerate(raw, start=1):
        if number == 1 and line.startswith(codecs.BOM_UTF8) and codec == "utf-8":
            line, offset = line[len(codecs.BOM_UTF8):], len(codecs.BOM_UTF8)
        try:
            decoded = line.decode(codec)
        except UnicodeDecodeError as error:
            column = error.start + 1
            raise FormatError(in_file(source, Message(
                "byte %1 at line %2, column %3 (byte %4) is not valid %5 text: the file is damaged; save it again "
                "as CSV UTF-8", f"0x{line[error.start]:02X}", number, column, offset + error.start,
                codec.upper()))) from None
        if "\x00" in decoded:
            raise FormatError(in_file(source, Message(
                "a NUL character (byte 0) at line %1, column %2: the file is damaged or not a text file; save it "
                "again as CSV UTF-8", number, decoded.index(chr(0)) + 1)))
        offset += len(line)
        yield decoded


# What a damaged or hostile workbook raises inside openpyxl: zip and XML errors (ParseError is a
# SyntaxError; defusedxml's refusals are ValueErrors), and the KeyError of a missing part.
_XLSX_ERRORS = (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, SyntaxError, zlib.error, TypeError,
                AttributeError, IndexError)


def _xlsx_error(source: str, error: Exception, what: Message) -> FormatError:
    if isinstance(error, DefusedXmlException):
        return FormatError(in_file(source, Message("refused: %1", Message(
            "the workbook's XML uses entities or a DTD, which Excel and WPS never write; save it again from Excel/WPS"))))
    reason = f"XML error: {error}" if isinstance(error, ElementTree.ParseError) else str(error) or type(error).__name__
    if len(reason) > 160:  # zipfile quotes whole headers of a damaged archive
        reason = reason[:150] + "…"
    return FormatError(in_file(source, Message("%1 (%2); it may be truncated or damaged: save it again from Excel/WPS",
                                               what, reason)))


def xlsx_sheets(data: bytes, source: str) -> list[tuple[str, Iterator[list[object]]]]:
    """The non-empty sheets of a workbook as row iterators (read-only: values, never formulas run).

    The archive is checked first (``xlsx_guard``); XML is parsed by defusedxml.
    """
    import openpyxl
    from openpyxl import load_workbook

    if not openpyxl.DEFUSEDXML:  # e.g. OPENPYXL_DEFUSEDXML=False in the environment
        raise FormatError(in_file(source, Message(
            "XLSX files are read only with defusedxml's protection, which is switched off here "
            "(OPENPYXL_DEFUSEDXML); save the sheet as CSV UTF-8 instead")))
    xlsx_guard.check_archive(data, source)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheets = list(book.worksheets)
        for sheet in sheets:
            sheet.reset_dimensions()  # a declared A1:XFD1048576 would pad every row to 16,384 cells
    except _XLSX_ERRORS as error:
        raise _xlsx_error(source, error, Message("not a complete XLSX workbook")) from None
    return [(sheet.title, _xlsx_rows(sheet, source)) for sheet in sheets]


def _xlsx_rows(sheet: Any, source: str) -> Iterator[list[object]]:  # an openpyxl read-only worksheet
    where = Message("%1 [%2]", source or Message("input"), sheet.title)
    try:
        for cells in xlsx_guard.bounded_rows(sheet.iter_rows(), where):
            yield [_xlsx_value(c) for c in cells]
    except FormatError:  # a limit, already saying where (FormatError is a ValueError too)
        raise
    except _XLSX_ERRORS as error:
        raise _xlsx_error(source, error, Message("the workbook is damaged or truncated")) from None


def _xlsx_value(cell: Any) -> object:  # an openpyxl cell of any kind
    value = getattr(cell, "value", None)
    if isinstance(value, datetime) and "h" not in (getattr(cell, "number_format", "") or "").lower():
        return value.date()  # a date cell: the end-of-day rule applies as for typed dates
    return value


# --------------------------------------------------------------------------- whole files


def read_sheets(sheets: Iterable[tuple[str, Iterable[list[object]]]], source: str,
                library: LibraryKind | None = None) -> ImportResult:
    """Rows of one or more sheets (each with its own header) → one ``ImportResult``."""
    phrases: list[Phrase] = []
    products: list[Product] = []
    problems: list[Problem] = []
    warnings: list[Problem] = []
    checks = FileChecks(source)
    found = False
    for name, rows in sheets:
        where = f"{source} [{name}]" if name else source
        checks.source = where
        iterator = iter(rows)
        first = next((r for r in iterator if not is_blank_row(r)), None)
        if first is None:
            continue
        found = True
        header, header_problems = read_header(first, where)
        if header is None:
            problems += header_problems
            continue
        records = (iter_product_records(iterator, header, where) if header.kind == "products"
                   else iter_phrase_records(iterator, header, where, library))
        for record in records:
            problems += record.problems + checks.check(record, header)
            warnings += record.warnings
            if isinstance(record.item, Phrase):
                phrases.append(record.item)
            elif isinstance(record.item, Product):
                products.append(record.item)
    if not found:
        raise FormatError(in_file(source, Message("the file is empty (no header row, no data)")))
    categories = tuple((kind, path, i) for i, (kind, path) in enumerate(
        dict.fromkeys((p.library, p.category) for p in phrases if p.category.parts)))
    return ImportResult(Library(tuple(phrases), tuple(resolve_file_refs(products)), categories),
                        tuple(problems), tuple(warnings))


def read_csv(data: bytes, source: str, library: LibraryKind | None = None) -> ImportResult:
    """A Sidekick phrase or product CSV in any of the accepted encodings."""
    text = read_text(data, source)
    return read_sheets([("", iter_csv(io.StringIO(text, newline=""), source))], source, library)


def read_xlsx(data: bytes, source: str, library: LibraryKind | None = None) -> ImportResult:
    """Every non-empty sheet of a workbook; each sheet's header says phrases or products."""
    sheets = xlsx_sheets(data, source)
    return read_sheets([(name if len(sheets) > 1 else "", rows) for name, rows in sheets], source, library)


def sniff(data: bytes, filename: str) -> str | None:
    """``"phrases"``/``"products"`` for a CSV whose first row is a Sidekick header."""
    head = data[:65536]
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = head.decode(encoding, errors="strict" if len(data) <= 65536 else "ignore")
            break
        except UnicodeDecodeError:
            continue
    else:
        return None
    try:
        first = next(csv.reader(io.StringIO(text, newline="")), [])
    except csv.Error:
        return None
    return sniff_header(list(first))


# --------------------------------------------------------------------------- writing


def phrase_table(library: Library, kind: LibraryKind | None = None) -> tuple[list[str], list[list[object]]]:
    """Header and rows of the phrase sheet (live phrases, in library order)."""
    rows: list[list[object]] = []
    for p in library.phrases:
        if p.deleted or (kind is not None and p.library is not kind):
            continue
        rows.append([p.library.value, p.category.category, p.category.subcategory, p.code, p.title, p.body,
                     format_validity(p.valid_from, end=False), format_validity(p.valid_until, end=True),
                     "\n".join(p.questions), "\n".join(p.intents), p.id])
    return list(PHRASE_COLUMNS), rows


# An XLSX sheet has at most 16,384 columns (A … XFD), and Sidekick reads at most MAX_COLUMNS of a
# header (a hostile-file limit): its own exports stay within what it reads back, the knowledge
# fields beyond going into the catch-all ``knowledge`` column.
XLSX_MAX_COLUMNS = 16_384
READABLE_COLUMNS = min(XLSX_MAX_COLUMNS, MAX_COLUMNS)


def product_table(library: Library, max_columns: int | None = None) -> tuple[list[str], list[list[object]]]:
    """Header and rows of the product sheet: one column per knowledge field name.

    With ``max_columns``, field names that do not fit go into the catch-all ``knowledge`` column
    (``名称: 值; …``), which imports back the same way.
    """
    live = [p for p in library.products if not p.deleted]
    fixed = {c.lower() for c in PRODUCT_COLUMNS} | {CHINESE[c].lower() for c in PRODUCT_COLUMNS}
    fields = list(dict.fromkeys(k.name for p in live for k in p.knowledge
                                if k.value and k.name.lower() not in fixed and "\n" not in k.name))
    if max_columns is not None:
        fields = fields[:max(0, max_columns - len(PRODUCT_COLUMNS))]
    shown_as_column = set(fields)
    token = {p.id: p.item_id or p.id for p in library.products}
    header = ["item_id", "title", "link", "price", "tags", *fields, "notes", "pairings", "substitutes", "knowledge", "id"]
    rows: list[list[object]] = []
    for p in live:
        values = {k.name: k.value for k in p.knowledge}
        other = "; ".join(f"{k.name}: {k.value}" for k in p.knowledge if k.name not in shown_as_column and k.value)
        refs = {kind: "; ".join(token.get(r.target_id, r.target_id) + (f": {r.note}" if r.note else "")
                                for r in p.related if r.kind is kind) for kind in RelationKind}
        rows.append([p.item_id, p.title, p.link, p.price, "、".join(p.tags), *(values.get(f, "") for f in fields),
                     p.notes, refs[RelationKind.PAIRING], refs[RelationKind.SUBSTITUTE], other, p.id])
    if not any(r[-2] for r in rows):  # no odd knowledge: leave the catch-all column out
        header.pop(-2)
        for r in rows:
            r.pop(-2)
    return header, rows


def _table(library: Library, products: bool, kind: LibraryKind | None,
           max_columns: int | None = None) -> tuple[list[str], list[list[object]]]:
    return product_table(library, max_columns) if products else phrase_table(library, kind)


def write_csv(library: Library, *, products: bool = False, kind: LibraryKind | None = None) -> bytes:
    """UTF-8 with BOM (Excel/WPS open it correctly), CRLF, formula-looking cells escaped."""
    header, rows = _table(library, products, kind, READABLE_COLUMNS)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([escape_formula(cell_text(v)) if not isinstance(v, Decimal) else str(v) for v in row])
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


def write_xlsx(library: Library, *, products: bool = False, kind: LibraryKind | None = None) -> bytes:
    """One sheet with a bold, frozen header and widths fitted to the text (capped)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    header, rows = _table(library, products, kind, READABLE_COLUMNS)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("商品" if products else "短语")
    for index, name in enumerate(header, start=1):
        longest = max((_width(cell_text(r[index - 1])) for r in rows), default=0)
        sheet.column_dimensions[get_column_letter(index)].width = max(8, min(60, max(longest, _width(name)) + 2))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        out = []
        for value in row:
            if isinstance(value, Decimal):
                cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]  # openpyxl writes Decimal exactly; its stubs list float only
                cell.number_format = "0.00"
            else:
                text = ILLEGAL_CHARACTERS_RE.sub("", escape_formula(cell_text(value)))
                cell = WriteOnlyCell(sheet, value=text)
                cell.data_type = "s"
                if "\n" in text:
                    cell.alignment = wrap
            out.append(cell)
        sheet.append(out)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _width(text: str) -> int:
    """Display width of the longest line: CJK and emoji take two columns."""
    return max((sum(2 if ord(ch) > 0x2E80 else 1 for ch in line) for line in text.split("\n")), default=0)

"""Sidekick's own spreadsheet files: phrases or products as CSV or XLSX, one row per item.

The header row decides what a file holds: a column ``item_id``/``商品ID`` makes it a product
file, otherwise ``title``+``body`` (``标题``+``内容``) make it a phrase file. English and Chinese
header names are both accepted; problems name the column as the file spells it.

Spreadsheet conventions leads rely on (see docs/formats.md):
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
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from sidekick.core.exchange.common import escape_formula, unescape_formula
from sidekick.core.exchange.base import FormatError, ImportResult, decode_text
from sidekick.core.types import (
    CategoryPath, KnowledgeField, Library, LibraryKind, Phrase, Problem, Product, Relation,
    RelationKind, new_id,
)

PHRASE_COLUMNS = ("library", "category", "subcategory", "code", "title", "body", "valid_from", "valid_until", "id")
PRODUCT_COLUMNS = ("item_id", "title", "link", "price", "tags", "notes", "pairings", "substitutes", "knowledge", "id")
CHINESE = {"library": "库", "category": "分类", "subcategory": "子分类", "code": "代码", "title": "标题",
           "body": "内容", "valid_from": "生效", "valid_until": "失效", "id": "ID", "item_id": "商品ID",
           "link": "链接", "price": "价格", "tags": "标签", "notes": "备注", "pairings": "搭配",
           "substitutes": "替代", "knowledge": "知识"}
# Further spellings seen in leads' sheets; keys are compared lower-cased without spaces.
_ALIASES = {"短语": "body", "回复": "body", "正文": "body", "快捷码": "code", "编码": "code",
            "开始": "valid_from", "结束": "valid_until", "生效时间": "valid_from", "失效时间": "valid_until",
            "宝贝id": "item_id", "商品id": "item_id", "itemid": "item_id", "名称": "title", "商品标题": "title",
            "商品链接": "link", "售价": "price", "说明": "notes", "note": "notes", "搭配商品": "pairings",
            "替代商品": "substitutes"}
REQUIRED_PHRASE = ("title", "body")
ITEM_REF_PREFIX = "item:"  # a relation to a product outside the file, resolved by the importer
_TAG_SPLIT = re.compile(r"[、,，;；\n]")
_REF_SPLIT = re.compile(r"[;；\n]")
_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def _canonical(name: str, table: tuple[str, ...]) -> str | None:
    key = "".join(name.split()).lower().lstrip("\ufeff")
    for canon in table:
        if key in (canon, canon.replace("_", ""), CHINESE[canon].lower()) or _ALIASES.get(key) == canon:
            return canon
    return None


# --------------------------------------------------------------------------- cells


def cell_text(value: object) -> str:
    """A cell value as text (XLSX numbers without a spurious ``.0``)."""
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value)


def parse_validity(value: object, *, end: bool) -> datetime | None:
    """``YYYY-MM-DD[ HH:MM[:SS]]`` (``/`` as Excel writes it too); a bare end date → next midnight."""
    if isinstance(value, datetime):
        return value + timedelta(days=1) if end and value.time() == datetime.min.time() else value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day) + timedelta(days=1 if end else 0)
    text = cell_text(value).strip()
    if not text:
        return None
    match = _DATE.fullmatch(text)
    if match is None:
        raise ValueError(f"{text!r} is not a date; write YYYY-MM-DD or YYYY-MM-DD HH:MM")
    y, mo, d, h, mi, s = (int(g) if g else 0 for g in match.groups())
    result = datetime(y, mo, d, h, mi, s)  # raises ValueError for 2026-02-30
    return result + timedelta(days=1) if end and match.group(4) is None else result


def format_validity(value: datetime | None, *, end: bool) -> str:
    if value is None:
        return ""
    if value.time() == datetime.min.time() and not value.microsecond:
        return (value - timedelta(days=1) if end else value).strftime("%Y-%m-%d")
    return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")


# --------------------------------------------------------------------------- header


@dataclass(frozen=True)
class Header:
    """Where each known column is, as the file names it."""

    kind: str  # "phrases" | "products"
    index: dict[str, int]  # canonical name → column index
    names: dict[str, str]  # canonical name → header text in the file
    knowledge: tuple[tuple[int, str], ...] = ()  # extra product columns = knowledge fields

    def label(self, canon: str) -> str:
        return self.names.get(canon) or f"{canon} ({CHINESE[canon]})"


def read_header(cells: list[object], source: str) -> tuple[Header | None, list[Problem]]:
    """Recognise a phrase or product header; problems say which required column is missing."""
    texts = [cell_text(c).strip().lstrip("\ufeff") for c in cells]
    is_products = any(_canonical(t, ("item_id",)) for t in texts)
    table = PRODUCT_COLUMNS if is_products else PHRASE_COLUMNS
    index: dict[str, int] = {}
    names: dict[str, str] = {}
    knowledge: list[tuple[int, str]] = []
    problems: list[Problem] = []
    for position, text in enumerate(texts):
        if not text:
            continue
        canon = _canonical(text, table)
        if canon is None:
            if is_products:
                knowledge.append((position, text))
            continue
        if canon in index:
            problems.append(Problem(f"column {text!r} appears twice (also as {names[canon]!r})", source, 1, text))
        index[canon], names[canon] = position, text
    required = ("title",) if is_products else REQUIRED_PHRASE
    if not is_products and not any(c in index for c in PHRASE_COLUMNS):
        return None, [Problem("no header row: the first row must name the columns, e.g. "
                              + ",".join(PHRASE_COLUMNS[:-1]) + " (or " + ",".join(CHINESE[c] for c in PHRASE_COLUMNS[:-1])
                              + ")", source, 1)]
    for canon in required:
        if canon not in index:
            problems.append(Problem(f"missing required column {canon!r} ({CHINESE[canon]})", source, 1, canon))
    header = Header("products" if is_products else "phrases", index, names, tuple(knowledge))
    return (None if problems else header), problems


def sniff_header(cells: list[object]) -> str | None:
    """``"phrases"``/``"products"`` when a first row is a Sidekick header, else None."""
    header, _ = read_header(cells, "")
    if header is not None:
        return header.kind
    texts = [cell_text(c) for c in cells]
    return "phrases" if sum(_canonical(t, PHRASE_COLUMNS) is not None for t in texts) >= 2 else None


# --------------------------------------------------------------------------- records


@dataclass
class RowRecord:
    """One data row: its spreadsheet row number, what it holds and what is wrong with it."""

    row: int
    item: Phrase | Product | None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    source: str = ""  # file (and sheet) the row came from
    given_id: bool = False  # the id came from the file (so two rows may clash), not made up here
    header: Header | None = None  # shared by all rows of a sheet: names columns as the file does


class _Row:
    """Cell access by canonical column name, collecting problems."""

    def __init__(self, cells: list[object], header: Header, source: str, row: int) -> None:
        self.cells, self.header, self.source, self.row = cells, header, source, row
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def raw(self, canon: str) -> object:
        position = self.header.index.get(canon)
        return self.cells[position] if position is not None and position < len(self.cells) else None

    def text(self, canon: str, *, strip: bool = True) -> str:
        value = unescape_formula(cell_text(self.raw(canon)))
        if "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return value.strip() if strip else value

    def problem(self, canon: str, message: str) -> None:
        self.problems.append(Problem(message, self.source, self.row, self.header.label(canon)))


def _blank(cells: list[object]) -> bool:
    return all(not (c if type(c) is str else cell_text(c)).strip() for c in cells)


def iter_phrase_records(rows: Iterable[list[object]], header: Header, source: str,
                        default_library: LibraryKind | None, *, first_row: int = 2) -> Iterator[RowRecord]:
    """Phrase rows → records; positions follow file order inside each category."""
    positions: dict[tuple[LibraryKind, CategoryPath], int] = {}
    paths: dict[tuple[str, str], CategoryPath] = {}  # parsing the same few paths once saves a third of the time
    for number, cells in enumerate(rows, start=first_row):
        if _blank(cells):
            continue
        row = _Row(cells, header, source, number)
        library = default_library
        if row.text("library"):
            try:
                library = LibraryKind.parse(row.text("library"))
            except ValueError as error:
                row.problem("library", str(error))
        elif library is None:
            row.problem("library", "no library given: write team/团队 or personal/个人 here, "
                                   "or choose one for the whole file with --library")
        key = (row.text("category"), row.text("subcategory"))
        path = paths.get(key) or _category(row)
        if path is not None and len(paths) < 10_000:
            paths[key] = path
        title, body = row.text("title"), row.text("body", strip=False)
        if len(row.cells) <= header.index["body"] or not body.strip():
            row.problem("body", "the body is empty: every phrase needs its text")
        if not title:
            row.problem("title", "the title is empty: every phrase needs a title")
        valid_from = _validity(row, "valid_from", end=False)
        valid_until = _validity(row, "valid_until", end=True)
        if valid_from and valid_until and valid_until <= valid_from:
            row.problem("valid_until", "the validity ends before it starts")
        if row.problems or library is None or path is None:
            yield RowRecord(number, None, row.problems)
            continue
        position = positions.get((library, path), 0)
        positions[(library, path)] = position + 1
        given = row.text("id")
        phrase = Phrase(id=given or new_id(), library=library, category=path, title=title,
                        body=body, code=row.text("code"), valid_from=valid_from,
                        valid_until=valid_until, position=position)
        yield RowRecord(number, phrase, [], row.warnings, source, bool(given), header)


def _category(row: _Row) -> CategoryPath | None:
    category, subcategory = row.text("category"), row.text("subcategory")
    try:
        if any(sep in subcategory for sep in "/›>"):
            raise ValueError(f"subcategory {subcategory!r} contains a path separator: categories have "
                             "two levels at most (category › subcategory)")
        path = CategoryPath.parse(category)
        if subcategory:
            if path.subcategory:
                raise ValueError(f"category {category!r} with subcategory {subcategory!r} makes 3 levels; "
                                 "at most 2 (category › subcategory) are allowed")
            path = CategoryPath(path.category, subcategory)
        return path
    except ValueError as error:
        row.problem("subcategory" if subcategory and "subcategory" in str(error) else "category", str(error))
        return None


def _validity(row: _Row, canon: str, *, end: bool) -> datetime | None:
    value = row.raw(canon)
    if isinstance(value, str):
        value = unescape_formula(value)
    try:
        return parse_validity(value, end=end)
    except ValueError as error:
        row.problem(canon, f"bad date: {error}")
        return None


def iter_product_records(rows: Iterable[list[object]], header: Header, source: str,
                         *, first_row: int = 2) -> Iterator[RowRecord]:
    """Product rows → records; relations point at ``item:<token>`` until resolved."""
    for position, (number, cells) in enumerate(enumerate(rows, start=first_row)):
        if _blank(cells):
            continue
        row = _Row(cells, header, source, number)
        title, item_id = row.text("title"), row.text("item_id")
        if not title:
            row.problem("title", "the title is empty: every product needs a title")
        if not item_id and not row.text("id"):
            row.problem("item_id", "the item id is empty: every product needs the id from its link")
        price: Decimal | None = None
        if row.text("price"):
            try:
                price = Decimal(row.text("price").lstrip("¥￥").replace(",", ""))
            except InvalidOperation:
                row.problem("price", f"price {row.text('price')!r} is not a number")
        knowledge = [KnowledgeField(name, value) for name, value in _knowledge(row)]
        related = [Relation(kind, ITEM_REF_PREFIX + token, 0, note)
                   for canon, kind in (("pairings", RelationKind.PAIRING), ("substitutes", RelationKind.SUBSTITUTE))
                   for token, note in _refs(row.text(canon))]
        if row.problems:
            yield RowRecord(number, None, row.problems)
            continue
        tags = tuple(dict.fromkeys(t.strip() for t in _TAG_SPLIT.split(row.text("tags")) if t.strip()))
        product = Product(id=row.text("id") or new_id(), item_id=item_id, title=title, link=row.text("link"),
                          price=price, tags=tags, knowledge=tuple(knowledge), notes=row.text("notes", strip=False).strip(),
                          related=tuple(Relation(r.kind, r.target_id, i, r.note) for i, r in enumerate(related)),
                          position=position)
        yield RowRecord(number, product, [], row.warnings, source, header=header)


def _knowledge(row: _Row) -> Iterator[tuple[str, str]]:
    for position, name in row.header.knowledge:
        value = unescape_formula(cell_text(row.cells[position] if position < len(row.cells) else None)).strip()
        if value:
            yield name, value.replace("\r\n", "\n")
    for part in _REF_SPLIT.split(row.text("knowledge")):
        if not part.strip():
            continue
        name, sep, value = _split_note(part)
        if not sep or not name:
            row.problem("knowledge", f"{part.strip()!r} is not 'name: value'")
        else:
            yield name, value


def _split_note(text: str) -> tuple[str, str, str]:
    """``name: value`` (ASCII or full-width colon) → (name, ":", value); no colon → (text, "", "")."""
    parts = re.split(r"([:：])", text, maxsplit=1)
    return (parts[0].strip(), parts[1], parts[2].strip()) if len(parts) == 3 else (text.strip(), "", "")


def _refs(text: str) -> Iterator[tuple[str, str]]:
    """``1001; 1002: 同色系`` → (item id, note) pairs."""
    for part in _REF_SPLIT.split(text):
        token, _, note = _split_note(part)
        if token:
            yield token, note


def resolve_file_refs(products: list[Product]) -> list[Product]:
    """Point ``item:`` relations at products of the same file; others stay for the importer."""
    by_token = {p.item_id: p.id for p in products if p.item_id} | {p.id: p.id for p in products}
    return [replace(p, related=tuple(replace(r, target_id=by_token.get(r.target_id.removeprefix(ITEM_REF_PREFIX),
                                                                        r.target_id)) for r in p.related))
            for p in products]


class FileChecks:
    """What only the whole file can tell: a code, id or item id used by two rows (both are named)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._seen: dict[tuple[str, ...], int] = {}

    def _once(self, key: tuple[str, ...], row: int, column: str, what: str) -> list[Problem]:
        first = self._seen.setdefault(key, row)
        if first == row:
            return []
        return [Problem(f"{what} is used by rows {first} and {row}; each must be unique", self.source, row, column)]

    def check(self, record: RowRecord, header: Header) -> list[Problem]:
        item, row = record.item, record.row
        problems: list[Problem] = []
        if isinstance(item, Phrase):
            if item.code:
                problems += self._once(("code", item.library.value, item.code), row, header.label("code"),
                                       f"code {item.code!r} in the {item.library.value} library")
            if "id" in header.index:
                problems += self._once(("id", item.id), row, header.label("id"), f"id {item.id!r}")
        elif isinstance(item, Product):
            if item.item_id:
                problems += self._once(("item", item.item_id), row, header.label("item_id"), f"item id {item.item_id!r}")
            if "id" in header.index:
                problems += self._once(("id", item.id), row, header.label("id"), f"id {item.id!r}")
        return problems


# --------------------------------------------------------------------------- files


def detect_encoding(chunks: Iterable[bytes], source: str = "") -> str:
    """The codec for a whole file read in chunks (UTF-8 ± BOM, UTF-16 with BOM, else GB18030)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    first = True
    encoding = "utf-8"
    for chunk in chunks:
        if first:
            first = False
            if not chunk:
                break
            if chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                return "utf-16"
            if chunk.startswith(codecs.BOM_UTF8):
                encoding = "utf-8-sig"
            if b"\x00" in chunk[:8192]:
                raise FormatError(f"{source or 'input'}: this is a binary file, not text")
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError:
            return "gb18030"
    if first:
        raise FormatError(f"{source or 'input'}: the file is empty")
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "gb18030"
    return encoding


def iter_csv(text: io.TextIOBase | Iterable[str], source: str) -> Iterator[list[object]]:
    """CSV records of an already decoded stream; a malformed file becomes a ``FormatError``."""
    try:
        yield from csv.reader(text)
    except csv.Error as error:
        raise FormatError(f"{source or 'input'}: not a readable CSV file ({error})") from error


def xlsx_sheets(data: bytes, source: str) -> list[tuple[str, Iterator[list[object]]]]:
    """The non-empty sheets of a workbook as row iterators (read-only: values, never formulas run)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as error:
        raise FormatError(f"{source or 'input'}: not a complete XLSX workbook ({error}); it may be truncated "
                          "or damaged: save it again from Excel/WPS") from error
    return [(sheet.title, _xlsx_rows(sheet, source)) for sheet in book.worksheets]


def _xlsx_rows(sheet, source: str) -> Iterator[list[object]]:  # type: ignore[no-untyped-def]
    try:
        for cells in sheet.iter_rows():
            yield [_xlsx_value(c) for c in cells]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as error:
        raise FormatError(f"{source or 'input'}: the workbook is damaged or truncated ({error})") from error


def _xlsx_value(cell) -> object:  # type: ignore[no-untyped-def]
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
        first = next((r for r in iterator if not _blank(r)), None)
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
        raise FormatError(f"{source or 'input'}: the file is empty (no header row, no data)")
    categories = tuple((kind, path, i) for i, (kind, path) in enumerate(
        dict.fromkeys((p.library, p.category) for p in phrases if p.category.parts)))
    return ImportResult(Library(tuple(phrases), tuple(resolve_file_refs(products)), categories),
                        tuple(problems), tuple(warnings))


def read_csv(data: bytes, source: str, library: LibraryKind | None = None) -> ImportResult:
    """A Sidekick phrase or product CSV in any of the accepted encodings."""
    text = decode_text(data, source)
    if not text.strip():
        raise FormatError(f"{source or 'input'}: the file is empty")
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
                     format_validity(p.valid_from, end=False), format_validity(p.valid_until, end=True), p.id])
    return list(PHRASE_COLUMNS), rows


def product_table(library: Library) -> tuple[list[str], list[list[object]]]:
    """Header and rows of the product sheet: one column per knowledge field name."""
    live = [p for p in library.products if not p.deleted]
    fixed = {c.lower() for c in PRODUCT_COLUMNS} | {CHINESE[c].lower() for c in PRODUCT_COLUMNS}
    fields = list(dict.fromkeys(k.name for p in live for k in p.knowledge
                                if k.value and k.name.lower() not in fixed and "\n" not in k.name))
    token = {p.id: p.item_id or p.id for p in library.products}
    header = ["item_id", "title", "link", "price", "tags", *fields, "notes", "pairings", "substitutes", "knowledge", "id"]
    rows: list[list[object]] = []
    for p in live:
        values = {k.name: k.value for k in p.knowledge}
        other = "; ".join(f"{k.name}: {k.value}" for k in p.knowledge if k.name not in fields and k.value)
        refs = {kind: "; ".join(token.get(r.target_id, r.target_id) + (f": {r.note}" if r.note else "")
                                for r in p.related if r.kind is kind) for kind in RelationKind}
        rows.append([p.item_id, p.title, p.link, p.price, "、".join(p.tags), *(values.get(f, "") for f in fields),
                     p.notes, refs[RelationKind.PAIRING], refs[RelationKind.SUBSTITUTE], other, p.id])
    if not any(r[-2] for r in rows):  # no odd knowledge: leave the catch-all column out
        header.pop(-2)
        for r in rows:
            r.pop(-2)
    return header, rows


def _table(library: Library, products: bool, kind: LibraryKind | None) -> tuple[list[str], list[list[object]]]:
    return product_table(library) if products else phrase_table(library, kind)


def write_csv(library: Library, *, products: bool = False, kind: LibraryKind | None = None) -> bytes:
    """UTF-8 with BOM (Excel/WPS open it correctly), CRLF, formula-looking cells escaped."""
    header, rows = _table(library, products, kind)
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

    header, rows = _table(library, products, kind)
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
                cell = WriteOnlyCell(sheet, value=value)
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

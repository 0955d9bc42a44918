"""Header and row records of Sidekick's spreadsheet files: rows in, checked records out.

Used row by row, so a large CSV streams through with bounded memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal, InvalidOperation

from sidekick.core.exchange.common import unescape_formula
from sidekick.core.exchange.limits import MAX_COLUMNS, price_problem
from sidekick.core.exchange.tabular_columns import (
    _QUESTION_SPLIT,
    _REF_SPLIT,
    _TAG_SPLIT,
    CHINESE,
    ITEM_REF_PREFIX,
    PHRASE_COLUMNS,
    PRODUCT_COLUMNS,
    REQUIRED_PHRASE,
    _canonical,
    accepted_headers,
    cell_text,
    parse_validity,
)
from sidekick.core.messages import Message, message_of
from sidekick.core.types import (
    CategoryPath,
    KnowledgeField,
    LibraryKind,
    Phrase,
    Problem,
    Product,
    Relation,
    RelationKind,
    new_id,
)

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
    cells = list(cells)
    while cells and not cell_text(cells[-1]).strip():
        cells.pop()  # trailing blank cells (a spreadsheet's unused columns)
    if len(cells) > MAX_COLUMNS:
        return None, [Problem(Message("the header row has %1 columns; Sidekick reads at most %2 (is the file missing "
                                      "its line ends?)", f"{len(cells):,}", f"{MAX_COLUMNS:,}"), source, 1)]
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
            problems.append(Problem(Message("column %1 appears twice (also as %2)", repr(text), repr(names[canon])),
                                    source, 1, text))
        index[canon], names[canon] = position, text
    required = ("title",) if is_products else REQUIRED_PHRASE
    if not is_products and not any(c in index for c in PHRASE_COLUMNS):
        shown = ",".join(t for t in texts if t)[:80]
        return None, [Problem(Message("no known header row (found %1): the first row must name the columns of %2",
                                      repr(shown), accepted_headers()), source, 1)]
    for canon in required:
        if canon not in index:
            problems.append(Problem(Message("missing required column %1 (%2)", repr(canon), CHINESE[canon]),
                                    source, 1, canon))
    header = Header("products" if is_products else "phrases", index, names, tuple(knowledge))
    return (None if problems else header), problems


def sniff_header(cells: list[object]) -> str | None:
    """``"phrases"``/``"products"`` when a first row is a Sidekick header, else None."""
    header, _ = read_header(cells, "")
    if header is not None:
        return header.kind
    texts = [cell_text(c) for c in cells[:MAX_COLUMNS]]
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
    item_ref: str = ""  # a refused product row's item id: relations to it are not reported again


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


def is_blank_row(cells: list[object]) -> bool:
    return all(not (c if type(c) is str else cell_text(c)).strip() for c in cells)


def iter_phrase_records(rows: Iterable[list[object]], header: Header, source: str,
                        default_library: LibraryKind | None, *, first_row: int = 2,
                        force_library: bool = False) -> Iterator[RowRecord]:
    """Phrase rows → records; positions follow file order inside each category.

    ``default_library`` fills rows whose library cell is empty; with ``force_library`` every row goes
    there and the cell is not read (the library window imports into the library it shows).
    """
    positions: dict[tuple[LibraryKind, CategoryPath], int] = {}
    paths: dict[tuple[str, str], CategoryPath] = {}  # parsing the same few paths once saves a third of the time
    for number, cells in enumerate(rows, start=first_row):
        if is_blank_row(cells):
            continue
        row = _Row(cells, header, source, number)
        library = default_library
        cell = "" if force_library and default_library is not None else row.text("library")
        if cell:
            try:
                library = LibraryKind.parse(cell)
            except ValueError as error:
                row.problem("library", str(error))
        elif library is None:
            row.problem("library", Message("no library given: write team/团队 or personal/个人 here, or choose one "
                                           "for the whole file with --library"))
        key = (row.text("category"), row.text("subcategory"))
        path = paths.get(key) or _category(row)
        if path is not None and len(paths) < 10_000:
            paths[key] = path
        title, body = row.text("title"), row.text("body", strip=False)
        if len(row.cells) <= header.index["body"] or not body.strip():
            row.problem("body", Message("the body is empty: every phrase needs its text"))
        if not title:
            row.problem("title", Message("the title is empty: every phrase needs a title"))
        valid_from = _validity(row, "valid_from", end=False)
        valid_until = _validity(row, "valid_until", end=True)
        if valid_from and valid_until and valid_until <= valid_from:
            row.problem("valid_until", Message("the validity ends before it starts"))
        if row.problems or library is None or path is None:
            yield RowRecord(number, None, row.problems)
            continue
        position = positions.get((library, path), 0)
        positions[(library, path)] = position + 1
        given = row.text("id")
        phrase = Phrase(id=given or new_id(), library=library, category=path, title=title,
                        body=body, code=row.text("code"), valid_from=valid_from,
                        valid_until=valid_until, position=position,
                        questions=_lines(row.text("questions"), _QUESTION_SPLIT),
                        intents=_lines(row.text("intent"), _TAG_SPLIT))
        yield RowRecord(number, phrase, [], row.warnings, source, bool(given), header)


def _lines(text: str, split: re.Pattern[str]) -> tuple[str, ...]:
    """The non-empty, distinct pieces of a multi-value cell, in order."""
    return tuple(dict.fromkeys(piece.strip() for piece in split.split(text) if piece.strip())) if text else ()


def _category(row: _Row) -> CategoryPath | None:
    category, subcategory = row.text("category"), row.text("subcategory")
    try:
        if any(sep in subcategory for sep in "/›>"):
            raise ValueError(Message("subcategory %1 contains a path separator: categories have two levels at most "
                                     "(category › subcategory)", repr(subcategory)))
        path = CategoryPath.parse(category)
        if subcategory:
            if path.subcategory:
                raise ValueError(Message("category %1 with subcategory %2 makes 3 levels; at most 2 "
                                         "(category › subcategory) are allowed", repr(category), repr(subcategory)))
            path = CategoryPath(path.category, subcategory)
        return path
    except ValueError as error:
        row.problem("subcategory" if subcategory and "subcategory" in str(error) else "category", message_of(error))
        return None


def _validity(row: _Row, canon: str, *, end: bool) -> datetime | None:
    value = row.raw(canon)
    if isinstance(value, str):
        value = unescape_formula(value)
    try:
        return parse_validity(value, end=end)
    except ValueError as error:
        row.problem(canon, Message("bad date: %1", message_of(error)))
        return None


def iter_product_records(rows: Iterable[list[object]], header: Header, source: str,
                         *, first_row: int = 2) -> Iterator[RowRecord]:
    """Product rows → records; relations point at ``item:<token>`` until resolved."""
    for position, (number, cells) in enumerate(enumerate(rows, start=first_row)):
        if is_blank_row(cells):
            continue
        row = _Row(cells, header, source, number)
        title, item_id = row.text("title"), row.text("item_id")
        if not title:
            row.problem("title", Message("the title is empty: every product needs a title"))
        if not item_id and not row.text("id"):
            row.problem("item_id", Message("the item id is empty: every product needs the id from its link"))
        price: Decimal | None = None
        if row.text("price"):
            try:
                price = Decimal(row.text("price").lstrip("¥￥").replace(",", ""))
            except InvalidOperation:
                row.problem("price", Message("price %1 is not a number", repr(row.text("price")[:40])))
            else:
                wrong = price_problem(price)
                if wrong:
                    row.problem("price", Message("price %1", wrong))
        knowledge = [KnowledgeField(name, value) for name, value in _knowledge(row)]
        related = [Relation(kind, ITEM_REF_PREFIX + token, 0, note)
                   for canon, kind in (("pairings", RelationKind.PAIRING), ("substitutes", RelationKind.SUBSTITUTE))
                   for token, note in _refs(row.text(canon))]
        if row.problems:
            yield RowRecord(number, None, row.problems, item_ref=item_id or row.text("id"))
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
            row.problem("knowledge", Message("%1 is not 'name: value'", repr(part.strip())))
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
        return [Problem(Message("%1 is used by rows %2 and %3; each must be unique", what, first, row),
                        self.source, row, column)]

    def check(self, record: RowRecord, header: Header) -> list[Problem]:
        item, row = record.item, record.row
        problems: list[Problem] = []
        if isinstance(item, Phrase):
            if item.code:
                problems += self._once(("code", item.library.value, item.code), row, header.label("code"),
                                       Message("code %1 in the %2 library", repr(item.code),
                                               Message("team") if item.library is LibraryKind.TEAM
                                               else Message("personal")))
            if "id" in header.index:
                problems += self._once(("id", item.id), row, header.label("id"), Message("id %1", repr(item.id)))
        elif isinstance(item, Product):
            if item.item_id:
                problems += self._once(("item", item.item_id), row, header.label("item_id"),
                                       Message("item id %1", repr(item.item_id)))
            if "id" in header.index:
                problems += self._once(("id", item.id), row, header.label("id"), Message("id %1", repr(item.id)))
        return problems

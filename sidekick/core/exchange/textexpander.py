"""Header-less three-column CSV (TextExpander, Beeftext) and the text helpers the foreign formats share.

TextExpander exports a group as ``abbreviation,content,label`` rows without a header; Beeftext's
CSV is the same shape (``keyword,snippet,name``). Neither file names its group, so the group is
the file name stem (``WCAG 2_2 - Links.csv`` → category ``WCAG 2_2 - Links``). This module reads
and writes that shape; the two tools differ only in their variable syntax, which is passed in as a
:class:`Flavour` (``beeftext.py`` supplies Beeftext's).

Row numbers in problems are CSV record numbers, 1-based (a multi-line cell counts as one row).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from sidekick.core.exchange.base import FormatError, ImportResult, in_file, read_text
from sidekick.core.exchange.common import (
    CLIPBOARD,
    CURSOR,
    DATE,
    TIME,
    PhraseCollector,
    derive_title,
    escape_braces,
    escape_formula,
    export_order,
    file_stem,
    looks_like_header,
    normalise_newlines,
    phrase_label,
    render_for_tool,
    unescape_formula,
)
from sidekick.core.exchange.tabular_columns import known_header_words
from sidekick.core.messages import Message
from sidekick.core.progress import Progress
from sidekick.core.types import CategoryPath, Library, LibraryKind, Problem

# ---------------------------------------------------------------------------------------------
# Header-less three-column CSV
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Flavour:
    """What differs between the tools writing the same CSV shape."""

    name: str  # shown in messages
    columns: tuple[str, str, str]  # code, body, title column names as the tool calls them
    # (foreign text, where) → (Sidekick body, warnings)
    to_sidekick: Callable[[str, str], tuple[str, list[str]]]
    # (Sidekick body) → (foreign text, warnings)
    from_sidekick: Callable[[str], tuple[str, list[str]]]


_SNIFF_BYTES = 64 * 1024
_SNIFF_ROWS = 50
_KNOWN_HEADERS = {("keyword", "snippet", "name"), ("abbreviation", "content", "label")}
_OTHER_HEADERS = {("快捷短语编码", "快捷短语", "快捷短语分组"), ("快捷编码", "快捷短语", "快捷短语分组")}
# Column names of every format, so a first row naming columns is never read as a phrase.
_HEADER_WORDS = known_header_words() | {w.lower() for h in _KNOWN_HEADERS | _OTHER_HEADERS for w in h} | {
    "shortcut", "trigger", "replace", "text", "phrase", "group", "description", "abbr"}


def _sniff_text(data: bytes) -> tuple[str, bool]:
    """The start of a file as text, and whether it was cut (the last record may be partial)."""
    cut = len(data) > _SNIFF_BYTES
    # A cut may split a multi-byte character; "ignore" loses only that character, and the CSV
    # delimiters are ASCII bytes, which neither UTF-8 nor GBK uses inside a character.
    errors = "ignore" if cut else "strict"
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data[:_SNIFF_BYTES].decode(encoding, errors=errors), cut
        except UnicodeDecodeError:
            continue
    return "", False


def looks_three_column(data: bytes, filename: str) -> bool:
    """True for a ``.csv``/``.txt`` whose records all have exactly three fields and no foreign header."""
    if PurePath(filename.lower()).suffix not in {".csv", ".txt"} or b"\x00" in data[:8192]:
        return False
    text, cut = _sniff_text(data)
    try:
        rows = [r for r in csv.reader(io.StringIO(text, newline="")) if any(c.strip() for c in r)]
    except csv.Error:
        return False
    if cut:
        rows = rows[:-1]
    rows = rows[:_SNIFF_ROWS]
    if not rows or tuple(c.strip() for c in rows[0]) in _OTHER_HEADERS:
        return False
    first = tuple(c.strip().lower() for c in _trim_trailing(rows[0]))
    if first not in _KNOWN_HEADERS and looks_like_header(rows[0], _HEADER_WORDS, rows[1:]):
        return False  # another tool's (or an unknown) header: not ours to claim as a data row
    return all(len(_trim_trailing(r)) == 3 for r in rows)


def looks_beeftext(data: bytes, filename: str) -> bool:
    """Hints that a three-column CSV came from Beeftext rather than TextExpander."""
    name = filename.lower()
    if "beeftext" in name or "combo" in name:
        return True
    head = data[:_SNIFF_BYTES]
    return b"#{" in head or b"keyword,snippet,name" in head.lower()


def _trim_trailing(row: list[str]) -> list[str]:
    """Drop empty cells past the third: spreadsheets add them, and they are not columns."""
    end = len(row)
    while end > 3 and not row[end - 1].strip():
        end -= 1
    return row[:end]


def read_csv(data: bytes, source: str, library: LibraryKind, flavour: Flavour, *,
             progress: Progress | None = None) -> ImportResult:
    """Parse a header-less three-column CSV; the group is the file name stem."""
    text = read_text(data, source)
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise FormatError(in_file(source, Message("not a readable CSV file (%1)", str(exc)))) from exc
    code_col, body_col, title_col = flavour.columns
    category = CategoryPath(file_stem(source)) if file_stem(source) else CategoryPath()
    collector = PhraseCollector(library)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    seen: dict[str, tuple[int, str]] = {}  # code → (row, body) of its first use
    total = len(rows)
    for row_no, raw in enumerate(rows, start=1):
        if progress is not None and row_no % 1000 == 0:
            progress(row_no, total)
        if not any(c.strip() for c in raw):
            continue  # blank line
        if row_no == 1 and tuple(c.strip().lower() for c in raw) in _KNOWN_HEADERS:
            continue  # a header row some users add by hand
        row = _trim_trailing(raw)
        if len(row) != 3:
            missing = (code_col, body_col, title_col)[len(row)] if len(row) < 3 else ""
            problems.append(Problem(
                Message("expected 3 columns (%1, %2, %3), found %4", code_col, body_col, title_col, len(row)),
                source, row_no, missing))
            continue
        code, foreign, title = (unescape_formula(row[0]).strip(), normalise_newlines(unescape_formula(row[1])),
                                unescape_formula(row[2]).strip())
        if not foreign.strip():
            problems.append(Problem(Message("the %1 is empty", body_col), source, row_no, body_col))
            continue
        if code and code in seen:
            first_row, first_body = seen[code]
            if first_body == foreign:
                warnings.append(Problem(Message("%1 %2 repeats row %3 with the same text; imported once",
                                                code_col, repr(code), first_row), source, row_no, code_col))
            else:
                problems.append(Problem(Message("%1 %2 is used by rows %3 and %4 with different text; rename one",
                                                code_col, repr(code), first_row, row_no), source, row_no, code_col))
            continue
        if code:
            seen[code] = (row_no, foreign)
        where = f"{code_col} {code!r}" if code else f"{title_col} {title!r}" if title else Message("row %1", row_no)
        body, notes = flavour.to_sidekick(foreign, where)
        warnings.extend(Problem(note, source, row_no, body_col) for note in notes)
        collector.add(category, title or derive_title(body, code), body, code)
    if progress is not None:
        progress(total, total)
    return ImportResult(collector.library(), tuple(problems), tuple(warnings))


def export_csv(library: Library, kind: LibraryKind, flavour: Flavour) -> tuple[bytes, list[Problem]]:
    """Rows ``code, body, title`` as UTF-8 (no BOM: these files go to a tool, not a spreadsheet)."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    warnings: list[Problem] = []
    phrases = export_order(library, kind)
    categories = {p.category for p in phrases}
    if len(categories) > 1:
        warnings.append(Problem(Message(
            "%1 categories are written to one %2 file, which has no group column: the categories are "
            "lost (on import the file name becomes the group)", len(categories), flavour.name)))
    for row_no, phrase in enumerate(phrases, start=1):
        text, notes = flavour.from_sidekick(phrase.body)
        warnings.extend(Problem(Message("%1: %2", phrase_label(phrase), n), "", row_no, flavour.columns[1])
                        for n in notes)
        # Spreadsheets open these files too: no cell may start a formula.
        writer.writerow([escape_formula(phrase.code), escape_formula(text), escape_formula(phrase.title)])
    return out.getvalue().encode("utf-8"), warnings



# ---------------------------------------------------------------------------------------------
# TextExpander
# ---------------------------------------------------------------------------------------------

# Exact equivalents only. TextExpander's date macros are mapped when they spell Sidekick's
# fixed formats; fill-ins map when they carry nothing but a name.
_TE_TOKEN = re.compile(
    r"%\||%clipboard|%Y-%m-%d|%H:%M"
    r"|%(?P<macro>[a-z]+):(?P<args>[^%\n]*)%"
    r"|%(?P<datepart>1?[YymBbdeAaHIMSpZz])(?![0-9A-Za-z])"
)
_TE_SIMPLE = {"%|": "{光标}", "%clipboard": "{剪贴板}", "%Y-%m-%d": "{日期}", "%H:%M": "{时间}"}
_TE_OUT = {CURSOR: "%|", CLIPBOARD: "%clipboard", DATE: "%Y-%m-%d", TIME: "%H:%M"}
_TE_FILL_NAME = re.compile(r"(?:^|:)name=([^:%{}]+)")


def _te_to_sidekick(text: str, where: str) -> tuple[str, list[str]]:
    pieces: list[str] = []
    notes: list[str] = []
    pos = 0
    for match in _TE_TOKEN.finditer(text):
        pieces.append(escape_braces(text[pos:match.start()]))
        token = match.group(0)
        pos = match.end()
        if token in _TE_SIMPLE:
            pieces.append(_TE_SIMPLE[token])
            continue
        if match.group("macro") == "filltext":
            name = _TE_FILL_NAME.search(match.group("args"))
            if name and name.group(1).strip():
                pieces.append("{?" + name.group(1).strip() + "}")
                if match.group("args").strip() != name.group(0):
                    notes.append(Message("%1: fill-in %2 becomes %3; its other options (default, width) are dropped",
                                         where, token, "{?" + name.group(1).strip() + "}"))
                continue
        pieces.append(escape_braces(token))
        notes.append(Message("%1: TextExpander macro %2 has no Sidekick equivalent; kept as text", where, token))
    pieces.append(escape_braces(text[pos:]))
    return "".join(pieces), notes


def _te_from_sidekick(body: str) -> tuple[str, list[str]]:
    return render_for_tool(body, _TE_OUT, lambda name: f"%filltext:name={name}%")


TEXTEXPANDER = Flavour("TextExpander", ("abbreviation", "content", "label"),
                       _te_to_sidekick, _te_from_sidekick)


def sniff(data: bytes, filename: str) -> bool:
    """A header-less three-column CSV without Beeftext hints (check Beeftext CSV first)."""
    return looks_three_column(data, filename) and not looks_beeftext(data, filename)


def read(data: bytes, source: str, library: LibraryKind, *,
         progress: Progress | None = None) -> ImportResult:
    """TextExpander CSV → phrases in the category named after the file."""
    return read_csv(data, source, library, TEXTEXPANDER, progress=progress)


def write(library: Library, kind: LibraryKind) -> bytes:
    """Phrases of one library as TextExpander CSV (abbreviation, content, label)."""
    return export_csv(library, kind, TEXTEXPANDER)[0]


def export_warnings(library: Library, kind: LibraryKind) -> tuple[Problem, ...]:
    """What :func:`write` cannot carry over (categories, placeholders without an equivalent)."""
    return tuple(export_csv(library, kind, TEXTEXPANDER)[1])


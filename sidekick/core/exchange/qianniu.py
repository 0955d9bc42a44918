"""Qianniu quick phrases (千牛快捷短语) CSV, and the clone used by another marketplace's seller IM.

Qianniu's header is exactly ``快捷短语编码,快捷短语,快捷短语分组`` (code, phrase, group); the clone
writes ``快捷编码,快捷短语,快捷短语分组``, names the default group ``未分组`` and escapes carriage
returns as ``&#13;`` and commas as ``&#44;`` inside cells. Both have one level of groups and no
titles, so:

- the title is derived from the first ~12 characters of the phrase;
- a blank group or ``未分组`` is "uncategorised";
- a group ``售前>快递`` is read as category 售前 › subcategory 快递, and export writes a two-level
  path that way (``>`` rather than ``-``: it is ASCII, so GBK keeps it, it costs one of the ten
  characters a group may have, and real group names use ``-`` and ``/`` — "7-15天", "退换/退款");
- the phrase is plain text, so literal braces are escaped for Sidekick's template language on
  import, and on export placeholders the chat client cannot fill (``{买家}`` …) are written as
  literal text and reported by :func:`export_warnings`.

Files come from Excel/WPS as often as from the client: the reader accepts UTF-8 with or without
BOM and GB18030/GBK, CRLF, quoted multi-line cells, and strips the ``'`` that :func:`write` puts
before a formula-looking cell (``=``, ``+``, ``-``, ``@``). The clone's limits (code ≤ 4, group
≤ 10, phrase ≤ 430 characters) are reported on export, never enforced by cutting text.

Rows in problems are spreadsheet rows: the header is row 1, the first phrase row 2.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Literal

from sidekick.core.exchange.base import FormatError, ImportResult, in_file, read_text
from sidekick.core.exchange.common import (
    CURSOR,
    PhraseCollector,
    derive_title,
    escape_braces,
    escape_formula,
    export_order,
    group_levels_problem,
    join_group,
    normalise_newlines,
    phrase_label,
    render_for_tool,
    split_group,
    unescape_formula,
)
from sidekick.core.messages import Message
from sidekick.core.placeholders import parse
from sidekick.core.progress import Progress
from sidekick.core.types import CategoryPath, Library, LibraryKind, Problem

Dialect = Literal["qianniu", "clone"]
Encoding = Literal["utf-8-sig", "gb18030"]

CODE, PHRASE, GROUP = "快捷短语编码", "快捷短语", "快捷短语分组"
CLONE_CODE = "快捷编码"
HEADER = (CODE, PHRASE, GROUP)
CLONE_HEADER = (CLONE_CODE, PHRASE, GROUP)
UNGROUPED = "未分组"  # the clone's default group

MAX_CODE = 4
MAX_GROUP = 10
MAX_PHRASE = 430

_CLONE_UNESCAPES = (("&#13;&#10;", "\n"), ("&#13;", "\n"), ("&#10;", "\n"), ("&#44;", ","))
_IMAGE_REF = re.compile(r"^\S+\.(?:png|jpe?g|gif|bmp|webp)$|图片[/\\]", re.IGNORECASE)


_KEPT_FIELDS = frozenset({"title", "valid_from", "valid_until"})


def sniff(data: bytes, filename: str) -> bool:
    """True when the first line is one of the two quick-phrase headers."""
    first = data.split(b"\n", 1)[0].removeprefix(b"\xef\xbb\xbf").rstrip(b"\r")
    for encoding in ("utf-8", "gb18030"):
        try:
            line = first.decode(encoding)
        except UnicodeDecodeError:
            continue
        cells = [c.strip() for c in next(csv.reader([line]), [])]
        while cells and not cells[-1]:
            cells.pop()  # trailing empty cells (Excel adds them); pop keeps a 300k-comma line linear
        return tuple(cells) in (HEADER, CLONE_HEADER)
    return False


def read(data: bytes, source: str, library: LibraryKind, *,
         progress: Progress | None = None) -> ImportResult:
    """Parse a quick-phrase CSV (either header) into phrases of ``library``."""
    text = read_text(data, source)
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise FormatError(in_file(source, Message("not a readable CSV file (%1)", str(exc)))) from exc
    header = [c.strip() for c in rows[0]]
    code_col = _index(header, CODE, CLONE_CODE)
    phrase_col = _index(header, PHRASE)
    group_col = _index(header, GROUP)
    if code_col is None and phrase_col is None and group_col is None:
        raise FormatError(in_file(source, Message("not a Qianniu quick-phrase file; the first line must be %1",
                                                  ",".join(HEADER))))
    if phrase_col is None:
        raise FormatError(in_file(source, Message("row 1 has no %1 column; the header must be %2",
                                                  PHRASE, ",".join(HEADER))))
    clone = CLONE_CODE in header

    collector = PhraseCollector(library)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    code_rows: dict[str, int] = {}
    total = len(rows)
    for row_no, row in enumerate(rows[1:], start=2):
        if progress is not None and row_no % 1000 == 0:
            progress(row_no, total)
        if not any(c.strip() for c in row):
            continue
        if len(row) <= phrase_col:
            problems.append(Problem(Message("the %1 cell is missing (the row has %2 columns)", PHRASE, len(row)),
                                    source, row_no, PHRASE))
            continue
        code = _cell(row, code_col, clone).strip()
        phrase = _cell(row, phrase_col, clone)
        group = _cell(row, group_col, clone).strip()
        if not phrase.strip():
            problems.append(Problem(Message("the %1 cell is empty", PHRASE), source, row_no, PHRASE))
            continue
        if code:
            if code in code_rows:
                problems.append(Problem(Message("code %1 is used by rows %2 and %3; codes must be unique",
                                                repr(code), code_rows[code], row_no), source, row_no,
                                        header[code_col] if code_col is not None else CODE))
                continue
            code_rows[code] = row_no
        if _IMAGE_REF.search(phrase.strip()):
            warnings.append(Problem(Message("looks like an image phrase; only its text is imported"),
                                    source, row_no, PHRASE))
        levels = group_levels_problem(group)
        if levels:
            problems.append(Problem(levels, source, row_no, header[group_col] if group_col is not None else GROUP))
            continue
        body = escape_braces(phrase)
        category = CategoryPath() if group in ("", UNGROUPED) else split_group(group)
        collector.add(category, derive_title(body, code), body, code)
    if progress is not None:
        progress(total, total)
    # Titles are made up from the body, so a re-import must not overwrite the real ones.
    return ImportResult(collector.library(), tuple(problems), tuple(warnings), kept_fields=_KEPT_FIELDS)


def write(library: Library, kind: LibraryKind, *, encoding: Encoding = "utf-8-sig",
          dialect: Dialect = "qianniu") -> bytes:
    """Phrases of one library as a quick-phrase CSV.

    ``encoding="utf-8-sig"`` (UTF-8 with BOM) opens cleanly in Excel/WPS; ``"gb18030"`` is for
    a chat client that expects the Chinese Windows code page. ``dialect="clone"`` writes the
    clone's header, ``未分组`` and its ``&#13;``/``&#44;`` escapes.
    """
    return _export(library, kind, encoding, dialect)[0]


def export_warnings(library: Library, kind: LibraryKind, *, encoding: Encoding = "utf-8-sig",
                    dialect: Dialect = "qianniu") -> tuple[Problem, ...]:
    """What :func:`write` would carry over imperfectly: over-long cells, placeholders, non-GBK text."""
    return tuple(_export(library, kind, encoding, dialect)[1])


def _export(library: Library, kind: LibraryKind, encoding: Encoding,
            dialect: Dialect) -> tuple[bytes, list[Problem]]:
    if encoding not in ("utf-8-sig", "gb18030"):
        raise ValueError(f"encoding must be utf-8-sig or gb18030, not {encoding!r}")
    if dialect not in ("qianniu", "clone"):
        raise ValueError(f"dialect must be qianniu or clone, not {dialect!r}")
    clone = dialect == "clone"
    header = CLONE_HEADER if clone else HEADER
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    warnings: list[Problem] = []
    for row_no, phrase in enumerate(export_order(library, kind), start=2):
        label = phrase_label(phrase)
        text, notes = render_for_tool(phrase.body, {CURSOR: ""}, None)
        if parse(phrase.body).has_cursor:
            notes.append(Message("the caret position {光标} is dropped (the chat client has none)"))
        warnings.extend(Problem(Message("%1: %2", label, note), "", row_no, PHRASE) for note in notes)
        group = join_group(phrase.category) or (UNGROUPED if clone else "")
        for value, limit, column in ((phrase.code, MAX_CODE, header[0]), (text, MAX_PHRASE, PHRASE),
                                     (group, MAX_GROUP, GROUP)):
            if len(value) > limit:
                warnings.append(Problem(Message("%1: %2 has %3 characters, more than the %4 the chat client "
                                                "accepts; shorten it in Sidekick (not cut here)",
                                                label, column, len(value), limit), "", row_no, column))
        if encoding == "gb18030":
            for value, column in ((phrase.code, header[0]), (text, PHRASE), (group, GROUP)):
                if not _fits_gbk(value):
                    warnings.append(Problem(Message("%1: %2 has characters outside GBK (emoji?); a client "
                                                    "reading GBK shows them wrongly", label, column),
                                            "", row_no, column))
        cells = [phrase.code, text, group]
        if clone:
            cells = [c.replace("\n", "&#13;").replace(",", "&#44;") for c in cells]
        writer.writerow([escape_formula(c) for c in cells])
    return out.getvalue().encode(encoding), warnings


def _cell(row: list[str], col: int | None, clone: bool) -> str:
    """One cell as plain text: formula apostrophe removed, the clone's escapes undone."""
    if col is None or col >= len(row):
        return ""
    value = unescape_formula(row[col])
    if clone:
        for escaped, plain in _CLONE_UNESCAPES:
            value = value.replace(escaped, plain)
    return normalise_newlines(value)


def _index(header: list[str], *names: str) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None


def _fits_gbk(text: str) -> bool:
    try:
        text.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True

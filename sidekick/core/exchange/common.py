"""Text helpers shared by the exchange formats.

Escaping literal braces for Sidekick's template language, writing a body in another tool's
syntax (through ``sidekick.core.placeholders.parse``, so export reads bodies exactly as the app
renders them), deriving a title, spreadsheet formula escaping, one-level group names, and
collecting phrases in file order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePath, PureWindowsPath
from typing import Any

from sidekick.core.messages import Message
from sidekick.core.placeholders import TokenKind, parse
from sidekick.core.types import CategoryPath, Library, LibraryKind, Phrase, new_id

TITLE_CHARS = 12  # foreign formats without titles get one from the first characters of the body
UNTITLED = "未命名"

# Placeholders some other tools can express; the rest (buyer, agent, shop, product fields) have no
# counterpart anywhere and are exported as their literal "{name}" text with a warning.
CURSOR, CLIPBOARD, DATE, TIME = TokenKind.CURSOR, TokenKind.CLIPBOARD, TokenKind.DATE, TokenKind.TIME

# Formula-looking cells: =, +, -, @, Tab or CR first, after optional whitespace (spreadsheets
# skip it: " =1" and "\t=1" are formulas too) and any number of apostrophes. Every spreadsheet-
# like writer (Sidekick CSV/XLSX, Qianniu, Beeftext CSV, TextExpander CSV) adds one apostrophe
# to such a cell and every reader of those files removes one, so "'=x" survives a round trip as
# well as "=x".
_FORMULA = re.compile(r"'*\s*[=+\-@\t\r]")

# Group names of tools with one level of groups carry Sidekick's two levels as "分类>子分类":
# ">" is ASCII (fine in GBK), short (Qianniu allows 10 characters) and rare in real group names,
# unlike "-" ("7-15天") or "/" ("退换/退款"). "›" (Sidekick's display separator) is read too.
GROUP_SEPARATOR = ">"
_GROUP_SPLIT = re.compile(r"[>›]")


# Header detection for header-less formats. A data row of a three-column file has a snippet that is
# a sentence, a link or a template; a header row is short words only. Short Chinese words make a
# header only with a known column name among them ("ty,退款,退款说明" is a plausible data row).
# Identifier-like ASCII words ("foo,bar,baz") make one unless the rows below look the same: then
# the first row is data like them ("kd,hello,Greeting" over "th,thanks,Thanks").
_ASCII_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_\-]{0,31}")
_HEADERISH_WORD = re.compile(r"[A-Za-z0-9_\-\u3400-\u9fff]{1,12}")


def _ascii_words(cells: list[str]) -> bool:
    texts = [c.strip().lstrip("\ufeff") for c in cells if c.strip()]
    return bool(texts) and all(_ASCII_WORD.fullmatch(t) for t in texts)


def looks_like_header(cells: list[str], known: frozenset[str], following: Sequence[list[str]] = ()) -> bool:
    """True when a first row reads as column names, not data.

    ``known`` holds lower-cased column names of every format; ``following`` is a sample of the
    rows below it, which tell identifier-like data from identifier-like column names.
    """
    texts = [c.strip().lstrip("\ufeff") for c in cells if c.strip()]
    if not texts or not all(_HEADERISH_WORD.fullmatch(t) for t in texts):
        return False
    if any(t.lower() in known for t in texts):
        return True
    return _ascii_words(cells) and not (following and all(_ascii_words(row) for row in following))


def escape_braces(text: str) -> str:
    """Literal text from another tool → Sidekick template text (``{`` → ``{{``)."""
    return text.replace("{", "{{").replace("}", "}}")


def plain_text(body: str) -> str:
    """A body with placeholders removed and braces unescaped (for titles and checks)."""
    return "".join(t.value for t in parse(body).tokens if t.kind is TokenKind.TEXT)


def derive_title(body: str, fallback: str = "") -> str:
    """A title from the first ~12 characters of the body, for formats that have none."""
    text = " ".join(plain_text(body).split())
    if len(text) > TITLE_CHARS:
        text = text[:TITLE_CHARS].rstrip() + "…"
    return text or fallback or UNTITLED


def is_derived_title(title: str, body: str) -> bool:
    """Whether ``title`` is only what :func:`derive_title` makes of ``body`` (an import from a
    format without titles): such a title says nothing the body does not."""
    return title == derive_title(body)


def escape_formula(cell: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would run as a formula."""
    return "'" + cell if _FORMULA.match(cell) else cell


def unescape_formula(cell: str) -> str:
    """Undo :func:`escape_formula`: drop one ``'`` only when a formula character follows."""
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell, 1) else cell


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_group(name: str) -> CategoryPath:
    """A one-level group name → category path; ``售前>快递`` gives two levels, else one."""
    name = name.strip()
    parts = [p.strip() for p in _GROUP_SPLIT.split(name)]
    if len(parts) == 2 and all(parts):
        return CategoryPath(parts[0], parts[1])
    return CategoryPath(name) if name else CategoryPath()


def group_levels_problem(name: str) -> str | None:
    """Why a one-level group name cannot be imported, or None: ``售前>快递>顺丰`` is three levels.

    :func:`split_group` keeps such a name as one literal category (it never fails); readers ask
    here first so the file is refused instead, as a Sidekick CSV with a three-level path is.
    """
    parts = [p.strip() for p in _GROUP_SPLIT.split(name.strip())]
    if len(parts) <= 2:
        return None
    return Message("group %1 makes %2 levels; at most 2 (分类>子分类) are allowed: rename the group in the other tool",
                   repr(name.strip()), len(parts))


def join_group(path: CategoryPath) -> str:
    """Category path → one-level group name (inverse of :func:`split_group`)."""
    return GROUP_SEPARATOR.join(path.parts)


def file_stem(source: str) -> str:
    """``C:\\x\\WCAG 2_2 - Links.csv`` or ``/x/a.csv`` → its stem (sources may be Windows paths)."""
    return PurePath(PureWindowsPath(source).name).stem if source else ""


def export_order(library: Library, kind: LibraryKind) -> list[Phrase]:
    """Live phrases of one library in display order: category order, then position."""
    rank: dict[CategoryPath, int] = {}
    for lib_kind, path, _position in sorted(library.categories, key=lambda c: c[2]):
        if lib_kind == kind:
            rank.setdefault(path, len(rank))
    rank.setdefault(CategoryPath(), -1)  # uncategorised first, unless the library orders it
    phrases = [p for p in library.phrases if p.library == kind and not p.deleted]
    for phrase in phrases:  # categories only reached through phrases go last, as first seen
        rank.setdefault(phrase.category, len(rank))
    return sorted(phrases, key=lambda p: (rank[p.category], p.position))


@dataclass
class PhraseCollector:
    """Builds a ``Library`` from phrases in file order: positions and category order follow the file."""

    kind: LibraryKind
    phrases: list[Phrase] = field(default_factory=list)
    _positions: dict[CategoryPath, int] = field(default_factory=dict)

    def add_category(self, path: CategoryPath) -> None:
        self._positions.setdefault(path, 0)

    def add(self, category: CategoryPath, title: str, body: str, code: str = "",
            phrase_id: str | None = None, **extra: Any) -> Phrase:
        position = self._positions.setdefault(category, 0)
        self._positions[category] = position + 1
        phrase = Phrase(id=phrase_id or new_id(), library=self.kind, category=category,
                        title=title, body=body, code=code, position=position, **extra)
        self.phrases.append(phrase)
        return phrase

    def library(self) -> Library:
        categories = tuple((self.kind, path, index) for index, path in
                           enumerate(p for p in self._positions if p.parts))
        return Library(phrases=tuple(self.phrases), categories=categories)


def render_for_tool(body: str, mapping: dict[TokenKind, str],
                    fill_in: Callable[[str], str] | None,
                    literal: Callable[[str], str] = lambda s: s) -> tuple[str, list[str]]:
    """Write a Sidekick body in another tool's syntax, using Sidekick's own placeholder parser.

    ``mapping`` gives the tool's text for placeholder kinds it has; ``fill_in`` renders
    ``{?name}``; ``literal`` escapes plain text for the tool. Placeholders without an
    equivalent are written as they stand in the body and reported.
    """
    pieces: list[str] = []
    notes: list[str] = []
    for token in parse(body).tokens:
        if token.kind is TokenKind.TEXT:
            pieces.append(literal(token.value))
        elif token.kind in mapping:
            pieces.append(mapping[token.kind])
        elif token.kind is TokenKind.FILL_IN and fill_in is not None:
            pieces.append(fill_in(token.value))
        else:
            raw = body[token.start:token.end]
            pieces.append(literal(raw))
            notes.append(Message("placeholder %1 has no equivalent; written as literal text", raw))
    return "".join(pieces), notes


def fill_known(library: Library, known: Mapping[TokenKind, str] | None) -> Library:
    """``library`` with ``{店铺}``/``{客服}`` … replaced by ``known`` values (escaped as literal text).

    Only for foreign formats: Sidekick's own files keep the placeholders. Kinds without a
    non-empty value stay as placeholders, and the writers report them as before.
    """
    values = {kind: text for kind, text in (known or {}).items() if text}
    if not values:
        return library
    phrases = []
    for phrase in library.phrases:
        body = phrase.body
        # Right to left, so earlier spans keep their offsets while later ones are replaced.
        for token in reversed(parse(body).tokens):
            if token.kind in values:
                body = body[:token.start] + escape_braces(values[token.kind]) + body[token.end:]
        phrases.append(phrase if body == phrase.body else replace(phrase, body=body))
    return replace(library, phrases=tuple(phrases))


def phrase_label(phrase: Phrase) -> Message:
    """How export warnings name a phrase: by its code when it has one, else by its title."""
    return Message("phrase %1", repr(phrase.code or phrase.title))

"""Sidekick's lossless JSON: everything in a ``Library``, versioned, byte-for-byte reproducible.

Layout (version 1)::

    {"format": "sidekick", "version": 1,
     "categories": [{"library", "category", "subcategory", "position"}],
     "phrases":    [{"id", "library", "category", "subcategory", "code", "title", "body",
                     "valid_from", "valid_until", "position", "created_at", "updated_at",
                     "revision", "deleted"}],
     "products":   [{"id", "item_id", "title", "link", "price", "tags", "knowledge": [{"name", "value"}],
                     "notes", "related": [{"kind", "target_id", "position", "note"}], "position",
                     "created_at", "updated_at", "revision", "deleted"}]}

Output is deterministic so that export → import into an empty home → export gives the same
bytes: records are sorted (categories and phrases by library, category order and position;
products by position), keys come in a fixed order, ``ensure_ascii=False``, indent 2, and a
trailing newline. Datetimes are ISO 8601 without a zone (see ``core.types`` for which are UTC
and which shop-local); prices are decimal strings so ``59.90`` stays ``59.90``.

A file written by a newer Sidekick (``version`` above ``VERSION``) is refused with a message
saying to update, instead of being half understood.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sidekick.core.exchange import json_safe
from sidekick.core.exchange.base import ImportResult, read_text
from sidekick.core.exchange.limits import MAX_POSITION, MAX_REVISION, integer_problem, price_problem
from sidekick.core.messages import message_of
from sidekick.core.types import (
    CategoryPath,
    KnowledgeField,
    Library,
    LibraryKind,
    Phrase,
    Problem,
    Product,
    Relation,
    RelationKind,
)

FORMAT = "sidekick"
VERSION = 1


# --------------------------------------------------------------------------- writing


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


_LAST = 1 << 30  # categories the library does not order explicitly sort after the others


def _category_key(library: Library) -> Callable[[LibraryKind, CategoryPath], tuple[int, int, str, int, str]]:
    """Tree order: library, top-level position, then subcategory position; names break ties."""
    position = {(kind, path): pos for kind, path, pos in library.categories}

    def key(kind: LibraryKind, path: CategoryPath) -> tuple[int, int, str, int, str]:
        top = position.get((kind, CategoryPath(path.category)), _LAST) if path.parts else -1
        sub = position.get((kind, path), _LAST) if path.subcategory else -1
        return (0 if kind is LibraryKind.TEAM else 1, top, path.category, sub, path.subcategory)

    return key


def dump(library: Library) -> bytes:
    """The whole library as Sidekick JSON (UTF-8, deterministic)."""
    key = _category_key(library)
    categories = sorted(library.categories, key=lambda c: key(c[0], c[1]))
    phrases = sorted(library.phrases, key=lambda p: (*key(p.library, p.category), p.position, p.id))
    products = sorted(library.products, key=lambda p: (p.position, p.item_id, p.id))
    document = {
        "format": FORMAT,
        "version": VERSION,
        "categories": [{"library": k.value, "category": p.category, "subcategory": p.subcategory, "position": pos}
                       for k, p, pos in categories],
        "phrases": [{
            "id": p.id, "library": p.library.value, "category": p.category.category,
            "subcategory": p.category.subcategory, "code": p.code, "title": p.title, "body": p.body,
            "valid_from": _time(p.valid_from), "valid_until": _time(p.valid_until), "position": p.position,
            "created_at": _time(p.created_at), "updated_at": _time(p.updated_at),
            "revision": p.revision, "deleted": p.deleted,
            **({"questions": list(p.questions)} if p.questions else {}),
            **({"intents": list(p.intents)} if p.intents else {}),
        } for p in phrases],
        "products": [{
            "id": p.id, "item_id": p.item_id, "title": p.title, "link": p.link,
            "price": None if p.price is None else str(p.price), "tags": list(p.tags),
            "knowledge": [{"name": k.name, "value": k.value} for k in p.knowledge], "notes": p.notes,
            "related": [{"kind": r.kind.value, "target_id": r.target_id, "position": r.position, "note": r.note}
                        for r in p.related],
            "position": p.position, "created_at": _time(p.created_at), "updated_at": _time(p.updated_at),
            "revision": p.revision, "deleted": p.deleted,
        } for p in products],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write(library: Library, kind: LibraryKind | None = None) -> bytes:
    """Registry entry point: everything, or one library's phrases and categories plus all products."""
    if kind is not None:
        library = Library(tuple(p for p in library.phrases if p.library is kind), library.products,
                          tuple(c for c in library.categories if c[0] is kind))
    return dump(library)


# --------------------------------------------------------------------------- reading


def sniff(data: bytes, filename: str) -> bool:
    """True when the file starts like a Sidekick JSON document."""
    head = data[:4096].decode("utf-8", errors="ignore")
    return '"format"' in head and f'"{FORMAT}"' in head


class _Reader:
    """Field access on one JSON object that turns every wrong value into a located problem."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(Problem(message, self.source, None, where))

    def get(self, obj: dict[str, Any], where: str, key: str, kind: type | tuple[type, ...], default: Any) -> Any:
        value = obj.get(key, default)
        if value is None and default is None:
            return None
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.problem(f"{where}.{key}", f"expected {getattr(kind, '__name__', 'a value')}, found {_shown(value)}")
            return default
        if isinstance(value, int) and not isinstance(value, bool):
            # Every integer field is stored in SQLite (64 bit); positions also go through Qt (32 bit).
            out_of_range = integer_problem(value, MAX_POSITION if key == "position" else MAX_REVISION)
            if out_of_range:
                self.problem(f"{where}.{key}", out_of_range)
                return default
        if isinstance(value, str) and "\x00" in value:
            self.problem(f"{where}.{key}", "contains a NUL character (\\u0000), which no phrase or product may hold")
            return default
        return value

    def check_keys(self, obj: dict[str, Any], where: str) -> None:
        """A key given twice: JSON keeps the last silently, which hides an editing mistake."""
        for key in json_safe.duplicate_keys(obj):
            self.problem(f"{where}.{key}" if where else key, f"the key {key!r} appears more than once in this object")

    def convert(self, where: str, text: Any, parse: Callable[[Any], Any]) -> Any:
        if text is None:
            return None
        try:
            return parse(text)
        except (ValueError, TypeError, InvalidOperation) as error:
            self.problem(where, f"{text!r} is not valid: {error}")
            return None

    def strings(self, obj: dict[str, Any], where: str, key: str) -> tuple[str, ...]:
        """An optional list of strings (absent in files written before it existed)."""
        values = self.get(obj, where, key, list, [])
        for index, value in enumerate(values):
            if not isinstance(value, str):
                self.problem(f"{where}.{key}[{index}]", f"expected a string, found {value!r}")
                return ()
        return tuple(values)

    def when(self, obj: dict[str, Any], where: str, key: str) -> datetime | None:
        return self.convert(f"{where}.{key}", self.get(obj, where, key, str, None), datetime.fromisoformat)

    def items(self, obj: dict[str, Any], key: str, where: str = "") -> list[tuple[str, dict[str, Any]]]:
        path = f"{where}.{key}" if where else key
        value = obj.get(key, [])
        if not isinstance(value, list):
            self.problem(path, "expected a list")
            return []
        good = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                self.check_keys(item, f"{path}[{index}]")
                good.append((f"{path}[{index}]", item))
            else:
                self.problem(f"{path}[{index}]", "expected an object")
        return good


def read(data: bytes, source: str = "", library: LibraryKind | None = None, *, progress: Any = None) -> ImportResult:
    """Parse Sidekick JSON; every wrong field is a problem naming its JSON path.

    ``library`` is accepted for the registry's common signature and ignored: the file says
    which library each phrase belongs to.
    """
    text = read_text(data, source)
    try:
        document = json_safe.loads(text)
    except json_safe.JsonRefused as error:
        return _refuse(source, message_of(error))
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return _refuse(source, 'not a Sidekick JSON file (it has no "format": "sidekick")')
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return _refuse(source, f"unknown format version {_shown(version)}")
    if version > VERSION:
        return _refuse(source, f"this file was made by a newer Sidekick (format version {version}; this "
                               f"Sidekick reads up to {VERSION}); update Sidekick to import it")
    reader = _Reader(source)
    reader.check_keys(document, "")
    categories = []
    for where, obj in reader.items(document, "categories"):
        kind = reader.convert(f"{where}.library", reader.get(obj, where, "library", str, ""), LibraryKind)
        path = _path(reader, obj, where)
        if kind is not None and path is not None:
            categories.append((kind, path, reader.get(obj, where, "position", int, 0)))
    phrases = [p for p in (_phrase(reader, where, obj) for where, obj in reader.items(document, "phrases")) if p]
    products = [p for p in (_product(reader, where, obj) for where, obj in reader.items(document, "products")) if p]
    return ImportResult(Library(tuple(phrases), tuple(products), tuple(categories)), tuple(reader.problems))


def _shown(value: object) -> str:
    """A found value for a message, cut short: a hostile file's value may be megabytes long."""
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:60]}… ({len(text)} characters)"


def _refuse(source: str, message: str) -> ImportResult:
    return ImportResult(Library(), (Problem(message, source),))


def _path(reader: _Reader, obj: dict[str, Any], where: str) -> CategoryPath | None:
    category = reader.get(obj, where, "category", str, "")
    subcategory = reader.get(obj, where, "subcategory", str, "")
    try:
        return CategoryPath(category, subcategory)
    except ValueError as error:
        reader.problem(f"{where}.subcategory", str(error))
        return None


def _phrase(reader: _Reader, where: str, obj: dict[str, Any]) -> Phrase | None:
    before = len(reader.problems)
    kind = reader.convert(f"{where}.library", reader.get(obj, where, "library", str, ""), LibraryKind)
    path = _path(reader, obj, where)
    phrase_id = reader.get(obj, where, "id", str, "")
    if not phrase_id:
        reader.problem(f"{where}.id", "every phrase needs its id")
    values = dict(
        code=reader.get(obj, where, "code", str, ""), title=reader.get(obj, where, "title", str, ""),
        body=reader.get(obj, where, "body", str, ""), valid_from=reader.when(obj, where, "valid_from"),
        valid_until=reader.when(obj, where, "valid_until"), position=reader.get(obj, where, "position", int, 0),
        created_at=reader.when(obj, where, "created_at"), updated_at=reader.when(obj, where, "updated_at"),
        revision=reader.get(obj, where, "revision", int, 0), deleted=reader.get(obj, where, "deleted", bool, False),
        questions=reader.strings(obj, where, "questions"), intents=reader.strings(obj, where, "intents"),
    )
    if len(reader.problems) > before or kind is None or path is None:
        return None
    return Phrase(id=phrase_id, library=kind, category=path, **values)


def _product(reader: _Reader, where: str, obj: dict[str, Any]) -> Product | None:
    before = len(reader.problems)
    product_id = reader.get(obj, where, "id", str, "")
    if not product_id:
        reader.problem(f"{where}.id", "every product needs its id")
    tags = tuple(t for t in reader.get(obj, where, "tags", list, []) if isinstance(t, str))
    knowledge = tuple(
        KnowledgeField(reader.get(k, w, "name", str, ""), reader.get(k, w, "value", str, ""))
        for w, k in reader.items(obj, "knowledge", where))
    related = tuple(
        Relation(kind, reader.get(r, w, "target_id", str, ""), reader.get(r, w, "position", int, 0),
                 reader.get(r, w, "note", str, ""))
        for w, r in reader.items(obj, "related", where)
        if (kind := reader.convert(f"{w}.kind", reader.get(r, w, "kind", str, ""), RelationKind)))
    price_text = obj.get("price")
    price = reader.convert(f"{where}.price", None if price_text is None else str(price_text), Decimal)
    if price is not None and (wrong := price_problem(price)):
        reader.problem(f"{where}.price", f"price {wrong}")
    values = dict(
        item_id=reader.get(obj, where, "item_id", str, ""), title=reader.get(obj, where, "title", str, ""),
        link=reader.get(obj, where, "link", str, ""), notes=reader.get(obj, where, "notes", str, ""),
        position=reader.get(obj, where, "position", int, 0), created_at=reader.when(obj, where, "created_at"),
        updated_at=reader.when(obj, where, "updated_at"), revision=reader.get(obj, where, "revision", int, 0),
        deleted=reader.get(obj, where, "deleted", bool, False),
    )
    if len(reader.problems) > before:
        return None
    return Product(id=product_id, price=price, tags=tags, knowledge=knowledge, related=related, **values)

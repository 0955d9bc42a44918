"""The demo shop: phrases and products shipped in ``resources/demo``.

``sidekick demo`` loads it, and the app offers it when the library is empty, so that a new
user (or a test) has a realistic shop to search in at once. This module only turns the two
YAML texts into a :class:`~sidekick.core.types.Library`; writing it to the database happens
elsewhere.

Ids are ``uuid5`` values derived from a fixed namespace (library + title for phrases,
``item_id`` for products), so loading the demo twice yields the same ids and a second load
updates rows instead of duplicating them.

The layouts are described at the top of ``phrases.yaml`` and ``products.yaml``. Any mistake
in them (an unknown relation target, a code used twice in one library, a third category
level, a misspelt key) raises ``ValueError`` naming the entry.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from sidekick.core.resources import resources_dir
from sidekick.core.types import (
    CategoryPath,
    KnowledgeField,
    Library,
    LibraryKind,
    Phrase,
    Product,
    Relation,
    RelationKind,
)

# Fixed forever: changing it would give every demo row a new id.
DEMO_NAMESPACE = uuid.UUID("3b2f8a4e-6c1d-5e7f-9a0b-51de0c0ffee5")

# The demo shop's own names, so {店铺} and {客服} read naturally until the agent sets theirs.
DEMO_SHOP_NAME = "青棉小筑旗舰店"
DEMO_AGENT_NAME = "小棉"

PHRASES_FILE = "phrases.yaml"
PRODUCTS_FILE = "products.yaml"

_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
_PHRASE_KEYS = {"title", "body", "code", "valid_from", "valid_until", "questions", "intents"}
_PRODUCT_KEYS = {"item_id", "title", "link", "price", "tags", "knowledge", "notes", "related"}
_RELATION_KEYS = {"kind", "target", "note"}
_ITEM_ID = re.compile(r"\d{6,20}")
# CategoryPath.parse splits on these, so a name holding one would not survive a round trip.
_CATEGORY_SEPARATORS = "/›>"


def phrase_id(library: LibraryKind, title: str) -> str:
    """The stable id of the demo phrase ``title`` in ``library``."""
    return str(uuid.uuid5(DEMO_NAMESPACE, f"phrase/{library.value}/{title}"))


def product_id(item_id: str) -> str:
    """The stable id of the demo product with marketplace id ``item_id``."""
    return str(uuid.uuid5(DEMO_NAMESPACE, f"product/{item_id}"))


def demo_dir() -> Path:
    """The folder holding the demo shop's YAML files."""
    return resources_dir() / "demo"


def load_demo() -> Library:
    """Read and parse the shipped demo shop."""
    folder = demo_dir()
    phrases = (folder / PHRASES_FILE).read_text(encoding="utf-8")
    products = (folder / PRODUCTS_FILE).read_text(encoding="utf-8")
    return parse_demo(phrases, products)


def parse_demo(phrases_yaml: str, products_yaml: str) -> Library:
    """Build a :class:`Library` from the texts of ``phrases.yaml`` and ``products.yaml``."""
    phrases, categories = _parse_phrases(_load(phrases_yaml, PHRASES_FILE))
    products = _parse_products(_load(products_yaml, PRODUCTS_FILE))
    return Library(phrases=phrases, products=products, categories=categories)


# --- YAML -------------------------------------------------------------------------------


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice in one mapping (YAML would keep the last)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    loader.flatten_mapping(node)
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in result:
            line = key_node.start_mark.line + 1
            raise ValueError(f"line {line}: key {key!r} appears twice in the same block")
        result[key] = loader.construct_object(value_node, deep=deep)
    return result


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
)


def _load(text: str, source: str) -> Any:
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.YAMLError as exc:
        raise ValueError(f"{source}: not valid YAML: {exc}") from exc
    except ValueError as exc:
        raise ValueError(f"{source}: {exc}") from exc


# --- phrases ----------------------------------------------------------------------------


def _parse_phrases(
    doc: Any,
) -> tuple[tuple[Phrase, ...], tuple[tuple[LibraryKind, CategoryPath, int], ...]]:
    if doc is None:
        return (), ()
    if not isinstance(doc, Mapping):
        raise ValueError(f"{PHRASES_FILE}: expected libraries (team:, personal:) at the top")
    phrases: list[Phrase] = []
    categories: list[tuple[LibraryKind, CategoryPath, int]] = []
    seen_libraries: set[LibraryKind] = set()
    for library_name, tree in doc.items():
        try:
            kind = LibraryKind.parse(str(library_name))
        except ValueError as exc:
            raise ValueError(f"{PHRASES_FILE}: {exc}") from exc
        if kind in seen_libraries:
            raise ValueError(f"{PHRASES_FILE}: library {library_name!r} is given twice")
        seen_libraries.add(kind)
        _parse_library(kind, tree, str(library_name), phrases, categories)
    return tuple(phrases), tuple(categories)


def _parse_library(
    kind: LibraryKind,
    tree: Any,
    where: str,
    phrases: list[Phrase],
    categories: list[tuple[LibraryKind, CategoryPath, int]],
) -> None:
    if tree is None:
        return
    if not isinstance(tree, Mapping):
        raise ValueError(f"{PHRASES_FILE}: {where}: expected categories (售前:, 售后: …)")
    codes: dict[str, str] = {}
    titles: dict[str, str] = {}
    for cat_index, (category, content) in enumerate(tree.items()):
        category = _category_name(category, where)
        cat_where = f"{where} › {category}"
        categories.append((kind, CategoryPath(category), cat_index))
        if isinstance(content, list):
            _parse_phrase_list(kind, CategoryPath(category), content, cat_where,
                               codes, titles, phrases)
            continue
        if not isinstance(content, Mapping):
            raise ValueError(
                f"{PHRASES_FILE}: {cat_where}: expected subcategories or a list of phrases"
            )
        for sub_index, (subcategory, entries) in enumerate(content.items()):
            subcategory = _category_name(subcategory, cat_where)
            sub_where = f"{cat_where} › {subcategory}"
            if isinstance(entries, Mapping):
                third = next(iter(entries), "")
                raise ValueError(
                    f"{PHRASES_FILE}: {sub_where} › {third}: categories have at most two "
                    "levels (category › subcategory); move these phrases into "
                    f"{category} › {subcategory}"
                )
            if not isinstance(entries, list):
                raise ValueError(f"{PHRASES_FILE}: {sub_where}: expected a list of phrases")
            path = CategoryPath(category, subcategory)
            categories.append((kind, path, sub_index))
            _parse_phrase_list(kind, path, entries, sub_where, codes, titles, phrases)


def _category_name(name: Any, where: str) -> str:
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{PHRASES_FILE}: {where}: category name {name!r} must be text")
    name = name.strip()
    if any(sep in name for sep in _CATEGORY_SEPARATORS):
        raise ValueError(
            f"{PHRASES_FILE}: {where} › {name}: a category name may not contain "
            f"{' '.join(_CATEGORY_SEPARATORS)} (they separate category levels)"
        )
    return name


def _parse_phrase_list(
    kind: LibraryKind,
    path: CategoryPath,
    entries: list[Any],
    where: str,
    codes: dict[str, str],
    titles: dict[str, str],
    phrases: list[Phrase],
) -> None:
    for position, entry in enumerate(entries):
        entry_where = f"{PHRASES_FILE}: {where} #{position + 1}"
        if not isinstance(entry, Mapping):
            raise ValueError(f"{entry_where}: expected title:, body: (and optional code:)")
        title = _text(entry.get("title"), "title", entry_where, required=True)
        entry_where = f"{PHRASES_FILE}: {where} › {title}"
        unknown = set(entry) - _PHRASE_KEYS
        if unknown:
            raise ValueError(
                f"{entry_where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
                f"use {', '.join(sorted(_PHRASE_KEYS))}"
            )
        body = _text(entry.get("body"), "body", entry_where, required=True)
        code = _text(entry.get("code"), "code", entry_where)
        if code and any(ch.isspace() for ch in code):
            raise ValueError(f"{entry_where}: code {code!r} may not contain spaces")
        if title in titles:
            raise ValueError(
                f"{entry_where}: title {title!r} is already used in {titles[title]} "
                f"(titles are unique within the {kind.value} library)"
            )
        titles[title] = where
        if code:
            folded = code.casefold()
            if folded in codes:
                raise ValueError(
                    f"{entry_where}: code {code!r} is already used by {codes[folded]!r} "
                    f"(codes are unique within the {kind.value} library)"
                )
            codes[folded] = title
        valid_from = _when(entry.get("valid_from"), "valid_from", entry_where)
        valid_until = _when(entry.get("valid_until"), "valid_until", entry_where)
        if valid_from and valid_until and valid_until <= valid_from:
            raise ValueError(f"{entry_where}: valid_until must be later than valid_from")
        phrases.append(
            Phrase(
                id=phrase_id(kind, title),
                library=kind,
                category=path,
                title=title,
                body=body,
                code=code,
                valid_from=valid_from,
                valid_until=valid_until,
                position=position,
                questions=_texts(entry.get("questions"), "questions", entry_where),
                intents=_texts(entry.get("intents"), "intents", entry_where),
            )
        )


def _texts(value: Any, key: str, where: str) -> tuple[str, ...]:
    """An optional list of texts (买家问法, intent ids)."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"{where}: {key} must be a list of texts")
    return tuple(item.strip() for item in value if item.strip())


def _text(value: Any, key: str, where: str, *, required: bool = False) -> str:
    if value is None:
        if required:
            raise ValueError(f"{where}: {key} is missing")
        return ""
    if not isinstance(value, str):
        raise ValueError(
            f"{where}: {key} {value!r} must be text (put it in quotes in the YAML file)"
        )
    text = value.strip() if key != "body" else value.rstrip("\n")
    if required and not text.strip():
        raise ValueError(f"{where}: {key} is empty")
    return text


def _when(value: Any, key: str, where: str) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, second=0, microsecond=0)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    try:
        return datetime.strptime(str(value).strip(), _DATETIME_FORMAT)
    except ValueError:
        raise ValueError(
            f"{where}: {key} {value!r} is not a date and time like \"2026-11-11 00:00\""
        ) from None


# --- products ---------------------------------------------------------------------------


def _parse_products(doc: Any) -> tuple[Product, ...]:
    if doc is None:
        return ()
    if not isinstance(doc, Mapping) or not isinstance(doc.get("products"), list):
        raise ValueError(f"{PRODUCTS_FILE}: expected a list under products: at the top")
    extra = set(doc) - {"products"}
    if extra:
        raise ValueError(f"{PRODUCTS_FILE}: unknown top-level key(s) {sorted(map(str, extra))}")
    entries = doc["products"]

    # First pass: every item_id, so relations may point forward in the file.
    item_ids: dict[str, str] = {}
    for index, entry in enumerate(entries):
        where = f"{PRODUCTS_FILE}: product #{index + 1}"
        if not isinstance(entry, Mapping):
            raise ValueError(f"{where}: expected item_id:, title: …")
        item_id = _item_id(entry.get("item_id"), where)
        title = _text(entry.get("title"), "title", f"{where} ({item_id})", required=True)
        if item_id in item_ids:
            raise ValueError(
                f"{where} ({title}): item_id {item_id} is already used by {item_ids[item_id]!r}"
            )
        item_ids[item_id] = title

    products = []
    for position, entry in enumerate(entries):
        item_id = _item_id(entry.get("item_id"), "")
        products.append(_parse_product(entry, item_id, position, item_ids))
    return tuple(products)


def _item_id(value: Any, where: str) -> str:
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{where}: item_id is missing")
    text = str(value).strip()
    if not _ITEM_ID.fullmatch(text):
        raise ValueError(f"{where}: item_id {text!r} must be the digits of the item link's id=")
    return text


def _parse_product(
    entry: Mapping[str, Any], item_id: str, position: int, item_ids: Mapping[str, str]
) -> Product:
    title = entry["title"].strip()
    where = f"{PRODUCTS_FILE}: {title} ({item_id})"
    unknown = set(entry) - _PRODUCT_KEYS
    if unknown:
        raise ValueError(
            f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
            f"use {', '.join(sorted(_PRODUCT_KEYS))}"
        )
    link = _text(entry.get("link"), "link", where) or (
        f"https://item.taobao.com/item.htm?id={item_id}"
    )
    if item_id not in link:
        raise ValueError(f"{where}: link {link!r} does not carry the item_id")
    return Product(
        id=product_id(item_id),
        item_id=item_id,
        title=title,
        link=link,
        price=_price(entry.get("price"), where),
        tags=_tags(entry.get("tags"), where),
        knowledge=_knowledge(entry.get("knowledge"), where),
        notes=_text(entry.get("notes"), "notes", where),
        related=_relations(entry.get("related"), item_id, where, item_ids),
        position=position,
    )


def _price(value: Any, where: str) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"{where}: price {value!r} is not an amount")
    try:
        price = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"{where}: price {value!r} is not an amount like \"89.00\"") from None
    if not price.is_finite() or price < 0:
        raise ValueError(f"{where}: price {value!r} is not an amount like \"89.00\"")
    return price


def _tags(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ValueError(f"{where}: tags must be a list like [爆款, 纯棉]")
    tags: list[str] = []
    for tag in value:
        if not isinstance(tag, str) or not tag.strip():
            raise ValueError(f"{where}: tag {tag!r} must be text")
        if tag.strip() in tags:
            raise ValueError(f"{where}: tag {tag!r} is listed twice")
        tags.append(tag.strip())
    return tuple(tags)


def _knowledge(value: Any, where: str) -> tuple[KnowledgeField, ...]:
    if value is None:
        return ()
    if not isinstance(value, Mapping):
        raise ValueError(f"{where}: knowledge must be named fields (材质: …, 尺码: …)")
    fields = []
    for name, text in value.items():
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"{where}: knowledge field name {name!r} must be text")
        fields.append(
            KnowledgeField(name.strip(), _text(text, f"knowledge {name}", where, required=True))
        )
    return tuple(fields)


def _relations(
    value: Any, item_id: str, where: str, item_ids: Mapping[str, str]
) -> tuple[Relation, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ValueError(f"{where}: related must be a list of {{kind, target, note}}")
    relations: list[Relation] = []
    seen: set[tuple[RelationKind, str]] = set()
    for position, entry in enumerate(value):
        rel_where = f"{where}: related #{position + 1}"
        if not isinstance(entry, Mapping):
            raise ValueError(f"{rel_where}: expected kind:, target:, note:")
        unknown = set(entry) - _RELATION_KEYS
        if unknown:
            raise ValueError(
                f"{rel_where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
                f"use {', '.join(sorted(_RELATION_KEYS))}"
            )
        try:
            kind = RelationKind.parse(str(entry.get("kind", "")))
        except ValueError as exc:
            raise ValueError(f"{rel_where}: {exc}") from exc
        target = _item_id(entry.get("target"), rel_where)
        if target == item_id:
            raise ValueError(f"{rel_where}: a product cannot be related to itself")
        if target not in item_ids:
            raise ValueError(f"{rel_where}: target {target} is not a product in this file")
        if (kind, target) in seen:
            raise ValueError(f"{rel_where}: {kind.value} to {target} is listed twice")
        seen.add((kind, target))
        relations.append(
            Relation(
                kind=kind,
                target_id=product_id(target),
                position=position,
                note=_text(entry.get("note"), "note", rel_where),
            )
        )
    return tuple(relations)

"""JSON from an untrusted file: every oddity becomes a located message, never a crash or a silent choice.

- Nesting deeper than ``MAX_JSON_DEPTH`` is refused (100k levels used to end in ``RecursionError``).
- An integer longer than ``MAX_INTEGER_DIGITS`` digits is kept as a ``HugeInteger``, so the field
  that holds it is reported by its JSON path (Python refuses to parse 4,300+ digits at all, and
  SQLite holds 64 bits).
- ``NaN``, ``Infinity`` and ``-Infinity`` (not JSON, but Python writes them) become ``Decimal``
  values, which the field checks refuse by name; fractions are ``Decimal`` so ``1e400`` stays exact.
- An object that gives a key twice is a ``JsonObject`` listing it in ``duplicates``: ``json`` keeps
  the last value silently, the readers report it instead.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sidekick.core.exchange.limits import MAX_INTEGER_DIGITS, MAX_JSON_DEPTH
from sidekick.core.messages import Message


class JsonRefused(ValueError):
    """The text is not JSON a reader can use; the message says where and why (no file name)."""


class JsonObject(dict[str, Any]):
    """A JSON object; ``duplicates`` names keys the file gave more than once (the last value is kept)."""

    duplicates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class HugeInteger:
    """An integer too long to be any field's value, kept as its digits for the message."""

    digits: str

    def __repr__(self) -> str:
        return f"an integer of {len(self.digits.lstrip('-'))} digits"


def _object(pairs: list[tuple[str, Any]]) -> JsonObject:
    found = JsonObject(pairs)
    if len(found) != len(pairs):
        found.duplicates = tuple(key for key, count in Counter(key for key, _ in pairs).items() if count > 1)
    return found


def _integer(text: str) -> int | HugeInteger:
    return int(text) if len(text.lstrip("-")) <= MAX_INTEGER_DIGITS else HugeInteger(text)


def loads(text: str) -> Any:
    """Parse ``text`` with the rules above; ``JsonRefused`` when it is not usable JSON."""
    try:
        document = json.loads(text, parse_float=Decimal, parse_int=_integer, parse_constant=Decimal,
                              object_pairs_hook=_object)
    except json.JSONDecodeError as error:
        raise JsonRefused(Message("invalid JSON at %1: %2", Message("line %1, column %2", error.lineno, error.colno),
                                  error.msg)) from None
    except RecursionError:
        raise JsonRefused(Message("the JSON is nested far more than %1 levels deep; it is not a file Sidekick "
                                  "or another tool writes", MAX_JSON_DEPTH)) from None
    _check_depth(document)
    return document


def _check_depth(document: Any) -> None:
    """Refuse nesting deeper than ``MAX_JSON_DEPTH`` (the parser's own limit is about 1,000)."""
    level: list[Any] = [document]
    for _ in range(MAX_JSON_DEPTH + 1):
        level = [child for value in level if isinstance(value, (dict, list))
                 for child in (value.values() if isinstance(value, dict) else value)
                 if isinstance(child, (dict, list))]
        if not level:
            return
    raise JsonRefused(Message("the JSON is nested more than %1 levels deep; it is not a file Sidekick or another "
                              "tool writes", MAX_JSON_DEPTH))


def duplicate_keys(value: object) -> tuple[str, ...]:
    """Keys given twice in one object (empty for anything that is not a ``JsonObject``)."""
    return value.duplicates if isinstance(value, JsonObject) else ()

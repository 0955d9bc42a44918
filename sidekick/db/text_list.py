"""Tuples of strings in one text column (a phrase's 买家问法 and intents).

Kept apart from ``tables`` so the start-up index loader can decode them without importing
SQLAlchemy.
"""

from __future__ import annotations

import json


def dump_text_list(values: tuple[str, ...]) -> str:
    """A tuple of strings as stored in a text column: a JSON array, or '' when empty."""
    return json.dumps(list(values), ensure_ascii=False) if values else ""


def load_text_list(stored: str | None) -> tuple[str, ...]:
    """The inverse of ``dump_text_list``; anything that is not a JSON array of strings is ()."""
    if not stored:
        return ()
    try:
        values = json.loads(stored)
    except ValueError:
        return ()
    if not isinstance(values, list):
        return ()
    return tuple(v for v in values if isinstance(v, str))

"""The e-commerce question bank: intents (价格保护, 退款进度 …) with the ways buyers ask them.

Shipped as ``resources/suggest/question_bank.yaml`` (a lead may edit it, and a shop may use
its own file instead). Layout::

    version: 1
    intents:
      price_protection:            # id: what phrases store in ``Phrase.intents``
        name: 价格保护              # shown to the lead
        stage: 售后                 # 售前 / 售中 / 售后 / 通用
        field: 材质                 # optional: the product knowledge field that answers it
        keywords: [价保, 保价]       # optional: words in a phrase's title/category that mean it
        cues: [降价, 差价]          # optional: words in a buyer's message that hint at it
        minor: false               # optional: true for greetings/thanks (a longer message's real
                                   # question comes first)
        phrasings:                 # buyer messages, written the way buyers write
          - 刚买完就降价了 能补差价不

A mistake (a misspelt key, an intent without phrasings, an id used twice) raises
``ValueError`` naming the intent, so a lead's edit never silently drops an intent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sidekick.core.resources import resources_dir

BANK_FILE = "question_bank.yaml"
_INTENT_KEYS = {"name", "stage", "field", "keywords", "cues", "phrasings", "minor"}
STAGES = ("售前", "售中", "售后", "通用")


@dataclass(frozen=True, slots=True)
class Intent:
    """One thing buyers ask, with examples of how they ask it."""

    id: str
    name: str
    stage: str
    phrasings: tuple[str, ...]
    keywords: tuple[str, ...] = ()  # in a phrase's title or category: the phrase answers this
    cues: tuple[str, ...] = ()  # in a buyer's message: a hint that it asks this
    field: str = ""  # knowledge field of the product card that answers it ("" = none)
    # Greetings, thanks, "wait": they accompany the real question in a longer message, so
    # there they give way to it.
    minor: bool = False


@dataclass(frozen=True, slots=True)
class QuestionBank:
    """All intents, in file order."""

    intents: tuple[Intent, ...] = ()

    def get(self, intent_id: str) -> Intent | None:
        for intent in self.intents:
            if intent.id == intent_id:
                return intent
        return None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(intent.id for intent in self.intents)


def default_bank_path() -> Path:
    """The bank shipped with Sidekick."""
    return resources_dir() / "suggest" / BANK_FILE


def load_question_bank(path: Path | None = None) -> QuestionBank:
    """The question bank at ``path`` (default: the one shipped in ``resources/``)."""
    path = path or default_bank_path()
    return parse_question_bank(path.read_text(encoding="utf-8"), source=path.name)


def parse_question_bank(text: str, source: str = BANK_FILE) -> QuestionBank:
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ValueError(f"{source}: not valid YAML: {error}") from error
    if not isinstance(doc, Mapping) or not isinstance(doc.get("intents"), Mapping):
        raise ValueError(f"{source}: expected 'intents:' with one block per intent id")
    intents = []
    for intent_id, entry in doc["intents"].items():
        where = f"{source}: intent {intent_id!r}"
        if not isinstance(entry, Mapping):
            raise ValueError(f"{where}: expected name, stage and phrasings")
        unknown = set(entry) - _INTENT_KEYS
        if unknown:
            raise ValueError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
        phrasings = _strings(entry.get("phrasings"), where, "phrasings")
        if not phrasings:
            raise ValueError(f"{where}: needs at least one phrasing")
        stage = str(entry.get("stage") or "通用")
        if stage not in STAGES:
            raise ValueError(f"{where}: stage {stage!r} is not one of {'/'.join(STAGES)}")
        intents.append(Intent(
            id=str(intent_id), name=str(entry.get("name") or intent_id), stage=stage, phrasings=phrasings,
            keywords=_strings(entry.get("keywords"), where, "keywords"), field=str(entry.get("field") or ""),
            cues=tuple(c.lower() for c in _strings(entry.get("cues"), where, "cues")),
            minor=bool(entry.get("minor", False)),
        ))
    return QuestionBank(tuple(intents))


def _strings(value: Any, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise ValueError(f"{where}: {key} must be a list of texts")
    return tuple(str(v).strip() for v in value if str(v).strip())

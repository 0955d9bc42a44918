"""Pinyin readings of text, fast enough for bulk imports.

pypinyin is the source of readings: its character dictionary for every reading a character
can have, and its phrase dictionary for the reading in context (银行 → yin *hang*). Calling
pypinyin per phrase costs ~15 µs per character, so this module uses its dictionaries
directly and caches per character and per run of Chinese characters: CS libraries repeat
the same runs (您好, 快递, 七天无理由) thousands of times.

Every character gets a *primary* spelling (the contextual reading) and, for polyphonic
characters, one *alternate* (行 in 银行: primary ``hang``, alternate ``xing``; 长 in 长度:
``chang`` / ``zhang``), so a query typed either way finds it.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache

from sidekick.core.search.syllables import NONE, SPELLING_ID

_HAN = re.compile(
    "[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+"
)
_ALNUM = re.compile("[a-z0-9]+")
_MAX_PHRASE = 4  # longest phrase-dictionary word consulted for context
_RUN_CACHE_LIMIT = 200_000

# One spelling id as one private-use character: the stored forms are strings of these.
PUA = 0xE000
_ALNUM_TABLE = {ord(ch): chr(PUA + SPELLING_ID[ch]) for ch in "abcdefghijklmnopqrstuvwxyz0123456789"}
NONE_CHAR = chr(PUA + NONE)

_run_cache: dict[str, tuple[str, tuple[tuple[int, int], ...]]] = {}


def is_han(ch: str) -> bool:
    """Whether ``ch`` is a Chinese character (the CJK blocks the readings cover)."""
    code = ord(ch)
    return 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x2FFFF


def _dicts() -> tuple[dict[int, str], dict[str, list[list[str]]]]:
    from pypinyin.phrases_dict import phrases_dict
    from pypinyin.pinyin_dict import pinyin_dict

    return pinyin_dict, phrases_dict


def _char_dict() -> dict[int, str]:
    """pypinyin's character dictionary, without importing pypinyin when it is not loaded yet.

    Importing the package loads its phrase dictionary too (≈55 MB, a second or more); the
    character table alone is one JSON file (≈12 MB once read), which is all a search needs
    when it asks for a character's readings (``homophones``).
    """
    loaded = sys.modules.get("pypinyin.pinyin_dict")
    return loaded.pinyin_dict if loaded is not None else _char_dict_file()


@lru_cache(maxsize=1)
def _char_dict_file() -> dict[int, str]:
    import importlib.util
    import json
    from pathlib import Path

    spec = importlib.util.find_spec("pypinyin")  # finds the package without importing it
    assert spec is not None and spec.origin is not None, "pypinyin is a dependency"
    raw = json.loads((Path(spec.origin).parent / "pinyin_dict.json").read_text(encoding="utf-8"))
    return {int(code): readings for code, readings in raw.items()}


@lru_cache(maxsize=4096)
def _toneless(reading: str) -> int:
    """Spelling id of a tone-marked reading (``lǘ`` → ``lv``); 0 if unknown."""
    base = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
    plain = "".join(ch for ch in base if not unicodedata.combining(ch)).lower()
    return SPELLING_ID.get(plain, NONE)


@lru_cache(maxsize=65536)
def char_readings(ch: str) -> tuple[int, ...]:
    """All distinct toneless spelling ids of a Chinese character, most common first."""
    raw = _char_dict().get(ord(ch))
    if not raw:
        return ()
    out: list[int] = []
    for reading in raw.split(","):
        sid = _toneless(reading)
        if sid and sid not in out:
            out.append(sid)
    return tuple(out)


def _phrase_reading(run: str, i: int) -> int:
    """Reading of run[i] from the longest phrase-dictionary word covering it, or 0."""
    phrases = _dicts()[1]
    for length in range(min(_MAX_PHRASE, len(run)), 1, -1):
        for start in range(max(0, i - length + 1), min(i, len(run) - length) + 1):
            word = phrases.get(run[start : start + length])
            if word is not None:
                return _toneless(word[i - start][0])
    return NONE


def _han_run(run: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Primary spellings (as PUA chars) and (offset, alternate id) pairs of a Chinese run."""
    hit = _run_cache.get(run)
    if hit is not None:
        return hit
    primary: list[str] = []
    alts: list[tuple[int, int]] = []
    for i, ch in enumerate(run):
        readings = char_readings(ch)
        if not readings:
            primary.append(NONE_CHAR)
            continue
        first = readings[0]
        if len(readings) > 1:
            ctx = _phrase_reading(run, i) if len(run) > 1 else NONE
            if ctx and ctx != first:
                alts.append((i, first))
                first = ctx
            else:
                alts.append((i, readings[1]))
        primary.append(chr(PUA + first))
    result = ("".join(primary), tuple(alts))
    if len(_run_cache) >= _RUN_CACHE_LIMIT:
        _run_cache.clear()
    _run_cache[run] = result
    return result


def spell(folded: str) -> tuple[str, list[tuple[int, int]]]:
    """Spellings of folded text: one PUA char per character, plus alternate (offset, id) pairs.

    ``folded`` must come from ``text.fold`` (lower-case, half-width), so Latin letters and
    digits spell themselves and everything else without a reading spells NONE.
    """
    pieces: list[str] = []
    alts: list[tuple[int, int]] = []
    pos = 0
    for match in _HAN.finditer(folded):
        start, end = match.span()
        if start > pos:
            pieces.append(_plain(folded[pos:start]))
        run_primary, run_alts = _han_run(match.group())
        pieces.append(run_primary)
        alts.extend((start + off, sid) for off, sid in run_alts)
        pos = end
    if pos < len(folded):
        pieces.append(_plain(folded[pos:]))
    return "".join(pieces), alts


def _plain(segment: str) -> str:
    """Spellings of a non-Chinese segment: letters and digits spell themselves."""
    if segment.isascii() and segment.isalnum():
        return segment.translate(_ALNUM_TABLE)
    out = [NONE_CHAR] * len(segment)
    for match in _ALNUM.finditer(segment):
        s, e = match.span()
        out[s:e] = match.group().translate(_ALNUM_TABLE)
    return "".join(out)

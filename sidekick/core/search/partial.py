"""The fallback tier (``MatchKind.PARTIAL``): items that cover most of what the query says.

Buyers' wording rarely equals the shop's (``怎么退货`` vs 退货流程, ``改地址`` vs 修改收货地址,
``四件套纯棉`` vs 四件套 纯棉). When the strict kinds (codes … fuzzy) leave the result list short,
the rest of it is filled with items scored by how much of the query they cover. The tier ranks
below every strict kind, so it never displaces a strict match; it is computed only then, and
only for queries with Chinese in them.

Rules:

1. **Wording.** In every term, question and filler words carry no weight: leading courtesy
   (``请问``, ``亲``, ``你好`` …), leading ``有``/``能``/``要``, trailing particles (``吗``,
   ``呢``, ``吧``, ``啊``, ``呀``, ``?`` …) and question words anywhere (``怎么``, ``什么时候``,
   ``多久``, ``可以``, ``是不是`` …). Some question words hint at what the shop calls the topic
   (``什么时候`` → 时间, ``怎么`` → 流程, ``在吗`` → 欢迎): a hint found in an item adds to its
   score but is not required. A few buyer words are also looked for as the shop's word
   (``便宜`` → 议价, 优惠 …), covering the buyer word where found.
2. **Pieces.** What is left is *content*: Chinese characters and Latin/digit chunks
   (``1.8m``). Each adjacent pair of Chinese characters (bigram) and each chunk is looked up
   anywhere in the item; a single character only counts in the title.
3. **Evidence** per content unit, the best of: a bigram or chunk in the title (4), a hint or
   the shop word in the title (3, or 2 for the less likely shop words), a bigram or chunk outside
   the title (2), a shop word or hint outside the title (1), the character alone in the title (1).
   Product notes count as outside the title (they are only matched here, see ``text``).
4. **Eligible** items have at least one multi-character piece (bigram, chunk, hint, shop word)
   and cover at least half of the content units.
5. **Mixed terms** are also read as separate words (``kd费`` → kd + 费, ``kdfei`` → kd +
   fei; see ``split_term``), each part matched by codes, literals and title pinyin: items
   matching at least half of the parts (and every other term) come first in the tier, most
   parts first, then by the best part's match kind.
6. **Order** inside the tier: the sum of the evidence, higher first; then the static key (see
   ``rank``). Highlight spans mark every piece found (title occurrences first).

Work is bounded: at most ``MAX_UNITS`` content units per query, each piece is one lookup of the
cached per-character position list followed by vectorised filtering, and the scores are only
computed for the items the pieces reach.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from sidekick.core.search.pinyin import is_han
from sidekick.core.search.store import Store

MAX_UNITS = 12
MAX_SCORE = 250  # scores are clamped so the sort key fits a byte
TITLE_PAIR, BODY_PAIR, TITLE_HINT, TITLE_HINT_WEAK, BODY_HINT, TITLE_CHAR = 4, 2, 3, 2, 1, 1

# Question words (anywhere in a term) → shop words that hint at the topic (may be empty).
_QUESTION: dict[str, tuple[str, ...]] = {
    "什么时候": ("时间", "时效"),
    "多长时间": ("时间", "时效"),
    "多久": ("时效", "时间"),
    "几天": ("时效", "时间"),
    "怎么办": ("处理",),
    "怎么样": (),
    "怎么": ("流程", "方法"),
    "如何": ("流程", "方法"),
    "多少钱": ("价格",),
    "在不在": ("欢迎", "您好"),
    "在吗": ("欢迎", "您好"),
    "在么": ("欢迎", "您好"),
    "有人吗": ("欢迎", "您好"),
    "你好": ("欢迎", "您好"),
    "您好": ("欢迎", "您好"),
    "是不是": (),
    "是否": (),
    "有没有": (),
    "能不能": (),
    "可不可以": (),
    "可以": (),
    "什么": (),
    "哪个": (),
    "哪些": (),
    "请问": (),
    "一下": (),
}
_LEADING = ("请问", "麻烦", "你好", "您好", "亲亲", "亲", "请", "我想", "我要", "想", "要", "有", "能", "还")
PARTICLES = frozenset("吗么呢吧啊呀啦哦嘛的了没")  # grammar, not content (also for ``homophones``)
_TRAILING = PARTICLES | frozenset("?!.~,。，！？～")
_FILLER = frozenset("的了吗呢吧")  # particles that only separate content inside a term
# Buyer words → the shop's words for them (the first is the likeliest).
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "便宜": ("议价", "优惠", "实惠", "价格"),
    "打折": ("优惠", "折扣", "满减"),
    "降价": ("价保", "价格"),
    "退钱": ("退款",),
    "到": ("到货", "送达"),
}

_QUESTION_RE = re.compile("|".join(sorted(map(re.escape, _QUESTION), key=len, reverse=True)))
_CHUNK = re.compile(r"[a-z0-9](?:[a-z0-9.+\-]*[a-z0-9])?")


@dataclass(frozen=True, slots=True)
class Piece:
    """A string to look up, the evidence rows it feeds and its levels in / outside titles."""

    text: str
    rows: tuple[int, ...]
    title_level: int
    body_level: int  # 0: only title occurrences count

    @property
    def multi(self) -> bool:
        return len(self.text) > 1


@dataclass(frozen=True, slots=True)
class Plan:
    """What the fallback looks for: ``units`` content rows, then one row per hint group."""

    units: int
    rows: int
    pieces: tuple[Piece, ...]


def _strip(term: str) -> str:
    changed = True
    while changed and term:
        changed = False
        for lead in _LEADING:
            if term.startswith(lead) and len(term) > len(lead):
                term, changed = term[len(lead) :], True
                break
        while term and term[-1] in _TRAILING:
            term, changed = term[:-1], True
    return term


@lru_cache(maxsize=256)
def plan(terms: tuple[str, ...]) -> Plan | None:
    """The pieces of a query, or None when the fallback has nothing to look for (no Chinese)."""
    if all(t.isascii() for t in terms):
        return None
    pieces: list[Piece] = []
    units = 0
    hints: list[tuple[str, ...]] = []
    for raw in terms:
        whole = _QUESTION.get(raw)
        if whole is not None:  # the whole term is a question word (在吗)
            if whole:
                hints.append(whole)
            continue
        term = _strip(raw)
        content: list[str] = []  # runs of content between question words and fillers
        pos = 0
        for m in _QUESTION_RE.finditer(term):
            content.append(term[pos : m.start()])
            if _QUESTION[m.group()]:
                hints.append(_QUESTION[m.group()])
            pos = m.end()
        content.append(term[pos:])
        for run in (r for part in content for r in re.split("[" + "".join(_FILLER) + "]", part)):
            run = _strip(run) if run else run
            i = 0
            while i < len(run) and units < MAX_UNITS:
                chunk = _CHUNK.match(run, i)
                if chunk:
                    text = chunk.group()
                    if len(text) > 1:
                        pieces.append(Piece(text, (units,), TITLE_PAIR, BODY_PAIR))
                    else:
                        pieces.append(Piece(text, (units,), TITLE_CHAR, 0))
                    units += 1
                    i = chunk.end()
                    continue
                if not is_han(run[i]):
                    i += 1
                    continue
                j = i
                while j < len(run) and is_han(run[j]) and units + (j - i) < MAX_UNITS:
                    j += 1
                han = run[i:j]
                base = units
                for k, ch in enumerate(han):
                    pieces.append(Piece(ch, (base + k,), TITLE_CHAR, 0))
                for k in range(len(han) - 1):
                    pieces.append(Piece(han[k : k + 2], (base + k, base + k + 1), TITLE_PAIR, BODY_PAIR))
                for word, shop in _SYNONYMS.items():
                    for at in _find_all(han, word):
                        rows = tuple(range(base + at, base + at + len(word)))
                        for rank, alias in enumerate(shop):
                            level = TITLE_HINT if rank == 0 else TITLE_HINT_WEAK
                            pieces.append(Piece(alias, rows, level, BODY_HINT))
                units += len(han)
                i = j
    row_count = units  # the content rows, then one per hint
    for alias in dict.fromkeys(a for group in hints for a in group):
        pieces.append(Piece(alias, (row_count,), TITLE_HINT, BODY_HINT))  # each hint found adds
        row_count += 1
    if not pieces:
        return None
    return Plan(units, row_count, tuple(dict.fromkeys(pieces)))


def _find_all(text: str, word: str) -> list[int]:
    out, at = [], text.find(word)
    while at >= 0:
        out.append(at)
        at = text.find(word, at + 1)
    return out


def piece_positions(store: Store, text: str) -> np.ndarray:
    """Start tokens where ``text`` occurs (product notes included)."""
    pos = store.fallback_positions(ord(text[0]))
    for k, ch in enumerate(text[1:], start=1):
        if not len(pos):
            break
        pos = pos[store.code_at(pos + k) == ord(ch)]
    return pos


def score(
    store: Store, p: Plan, allowed: np.ndarray
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """(eligible slots, their scores, piece → start tokens) for the allowed items."""
    n = store.n_items
    evidence = np.zeros((p.rows, n), dtype=np.uint8)
    multi = np.zeros(n, dtype=bool)
    looked: dict[str, np.ndarray] = {}
    found: dict[str, np.ndarray] = {}
    for piece in p.pieces:
        pos = looked.get(piece.text)
        if pos is None:
            pos = looked[piece.text] = piece_positions(store, piece.text)
        if not len(pos):
            continue
        intitle = store.intitle[pos]
        # What counted is what gets highlighted: a lone character only where it is in a title.
        found[piece.text] = pos if piece.body_level else pos[intitle]
        items = store.item[pos]
        title_items = items[intitle]
        body_items = items[~intitle] if piece.body_level else items[:0]
        if not len(title_items) and not len(body_items):
            continue
        if piece.multi:
            multi[title_items] = True
            multi[body_items] = True
        for row in piece.rows:
            ev = evidence[row]
            if len(body_items):
                ev[body_items] = np.maximum(ev[body_items], piece.body_level)
            if len(title_items):
                ev[title_items] = np.maximum(ev[title_items], piece.title_level)
    cand = np.flatnonzero(multi & allowed)
    if not len(cand):
        return cand, np.zeros(0, np.int64), found
    ev = evidence[:, cand]
    covered = (ev[: p.units] > 0).sum(axis=0)
    keep = covered * 2 >= p.units
    cand = cand[keep]
    total = np.minimum(ev[:, keep].sum(axis=0, dtype=np.int64), MAX_SCORE)
    return cand, total, {k: v for k, v in found.items() if len(v)}


def spans_of(
    store: Store, found: dict[str, np.ndarray], slots: list[int]
) -> dict[int, list[tuple[int, int]]]:
    """Token ranges [first, last) of every piece found in each of ``slots``: for each piece
    its first title occurrence, else its first occurrence outside the title."""
    wanted = np.zeros(store.n_items, dtype=bool)
    wanted[slots] = True
    out: dict[int, list[tuple[int, int]]] = {s: [] for s in slots}
    for text, pos in found.items():
        pos = pos[wanted[store.item[pos]]]
        if not len(pos):
            continue
        # Title occurrences first, then by position: the first entry per item is the one shown.
        order = np.lexsort((pos, ~store.intitle[pos]))
        pos = pos[order]
        items = store.item[pos]
        _, first = np.unique(items, return_index=True)
        for at in first.tolist():
            start = int(pos[at])
            out[int(items[at])].append((start, start + len(text)))
    return out


def split_term(term: str) -> tuple[str, ...] | None:
    """A mixed term read as separate words (``kd费`` → kd, 费; ``kdfei`` → kd, fei), or None.

    Letters followed by Chinese split where the kind of character changes; a letters-only term
    splits off its longest trailing full syllable (two letters or more), leaving at least two
    letters in front. Each part is then matched by codes, literals and title pinyin; items
    matching at least half of the parts join this tier ahead of the coverage scores.
    """
    from sidekick.core.search.syllables import SPELLING_ID

    if term.isascii():
        if not term.isalpha() or len(term) < 4:
            return None
        for cut in range(2, len(term) - 1):  # longest tail first
            tail = term[cut:]
            if tail in SPELLING_ID and len(tail) >= 2:
                return (term[:cut], tail)
        return None
    parts = re.findall(r"[a-z]+|[^a-z]+", term)
    if len(parts) < 2 or not all(p.isalpha() and (p.isascii() or all(map(is_han, p))) for p in parts):
        return None
    return tuple(parts)

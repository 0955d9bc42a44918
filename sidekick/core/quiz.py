"""Self-test questions for new hires, generated from the products' knowledge fields.

A question asks for one knowledge field of one product ("「…」的材质是？") and offers four
choices: the right value and three values of the same field taken from *other* products. So a
question only exists when the answer is there and enough other values exist; choices are
distinct (compared after folding case and spaces), exactly one is correct, and a seeded RNG
makes a quiz reproducible (the tests, and "try the same quiz again").

A question must test knowledge, not reading:

- **The title must not give the answer away.** Shop titles are stuffed with selling words
  ("60支新疆长绒棉A类四件套"), so "「…新疆长绒棉…四件套」的面料是？" answers itself. A field is
  not asked when a Chinese word of two or more characters of the answer stands in the title.
  Smaller overlaps (a shared pair of characters, the main material "棉", a number such as
  "270g") are clues: every wrong choice must carry them too, so they no longer point at one
  choice; when too few values do, the field is not asked about that product.
- **Wrong choices come from comparable products.** Values of products sharing the asked
  product's tags come first, the rarer the shared tag the closer (two 女装 items are closer
  than two 爆款 items); other products only fill up when needed. So a sweatshirt's material is
  not set against a slipper's sole.

Some fields make poor questions: a FAQ answer or a full size chart is not a fact to pick from a
list, and a value much longer than the others gives itself away. Those are skipped.
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sidekick.core.types import Product

__all__ = [
    "CHOICES",
    "QUESTION_TEMPLATES",
    "Question",
    "QuizRun",
    "generate_quiz",
    "gives_answer_away",
    "question_prompt",
]

CHOICES = 4
MAX_CHOICE_CHARS = 60  # longer values are paragraphs, not answers to pick
SKIPPED_FIELDS = frozenset({"常见问题", "FAQ", "faq", "备注", "注意事项"})

# The question asked for a field; "{title}" is the product title. The wording follows the
# field's own name: 材质 stays 材质 (a latex pillow or a slipper has no 面料), and only a field
# the shop calls 面料 is asked as 面料. Fields not listed here get GENERIC_TEMPLATE.
QUESTION_TEMPLATES: dict[str, str] = {
    "材质": "「{title}」的材质是？",
    "面料": "「{title}」的面料是？",
    "填充物": "「{title}」的填充物是？",
    "颜色": "「{title}」有哪些颜色？",
    "洗涤": "「{title}」应该怎么洗护？",
    "洗护": "「{title}」应该怎么洗护？",
    "卖点": "「{title}」的主要卖点是？",
    "产地": "「{title}」的产地是？",
    "尺码": "「{title}」有哪些尺码，怎么选？",
    "规格": "「{title}」有哪些规格？",
    "适合人群": "「{title}」适合哪些人？",
}
GENERIC_TEMPLATE = "「{title}」的{field}是？"

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_ALNUM = re.compile(r"[0-9a-z][0-9a-z.]*")
_CLAUSE = re.compile(r"[，,；;。：:、（）()]")


@dataclass(frozen=True, slots=True)
class Question:
    """One multiple-choice question about one product's knowledge field."""

    product_id: str
    product_title: str
    field: str
    prompt: str
    choices: tuple[str, ...]
    answer_index: int

    @property
    def answer(self) -> str:
        return self.choices[self.answer_index]

    def is_correct(self, index: int) -> bool:
        return index == self.answer_index


@dataclass(frozen=True, slots=True)
class QuizRun:
    """One finished practice run, as the score history shows it."""

    finished_at: datetime  # local time, shown to the agent as is
    score: int
    total: int
    tags: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "finished_at": self.finished_at.isoformat(timespec="seconds"),
            "score": self.score,
            "total": self.total,
            "tags": list(self.tags),
        }

    @classmethod
    def from_json(cls, data: object) -> QuizRun | None:
        """A run from stored state, or None for anything malformed (state is not worth a crash)."""
        if not isinstance(data, dict):
            return None
        try:
            return cls(
                finished_at=datetime.fromisoformat(str(data["finished_at"])),
                score=int(data["score"]),
                total=int(data["total"]),
                tags=tuple(str(t) for t in data.get("tags", ())),
            )
        except (KeyError, TypeError, ValueError):
            return None


def question_prompt(title: str, field: str) -> str:
    """The question text for ``field`` of the product called ``title``."""
    template = QUESTION_TEMPLATES.get(field, GENERIC_TEMPLATE)
    # Plain replace, not str.format: titles come from spreadsheets and may hold braces.
    return template.replace("{title}", title.strip()).replace("{field}", field)


def _key(value: str) -> str:
    """What two values must differ in to be different choices."""
    folded = unicodedata.normalize("NFKC", value).casefold()
    return "".join(folded.split()).rstrip("。.")


def _usable(value: str | None) -> bool:
    return value is not None and bool(value.strip()) and len(value.strip()) <= MAX_CHOICE_CHARS


def _fold(text: str) -> str:
    """Text as compared for clues: NFKC (full-width digits, ％), case-folded, no spaces."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def gives_answer_away(title: str, answer: str) -> bool:
    """True when a Chinese word (two or more characters) of ``answer`` stands in ``title``."""
    folded = _fold(title)
    return any(len(run) >= 2 and run in folded for run in _CJK_RUN.findall(_fold(answer)))


def _clues(title: str, answer: str) -> frozenset[str]:
    """Pieces of ``answer`` that also stand in ``title``; a wrong choice must carry them too.

    Pieces are pairs of Chinese characters, the main noun of the first clause (its first word's
    last character: "100% 精梳棉" → 棉, which "纯棉" in a title points at) and numbers or Latin
    words of two or more characters ("270g", "1.5m", "100").
    """
    folded_title, folded = _fold(title), _fold(answer)
    pieces: set[str] = set()
    for run in _CJK_RUN.findall(folded):
        pieces.update(run[i : i + 2] for i in range(len(run) - 1))
    first_clause = _CLAUSE.split(folded, maxsplit=1)[0]
    main = _CJK_RUN.findall(first_clause)
    if main:
        # Chinese compounds put the head noun last: 精梳棉 and 长绒棉 are kinds of 棉.
        pieces.add(main[0][-1])
    pieces.update(t.strip(".") for t in _ALNUM.findall(folded) if len(t.strip(".")) >= 2)
    return frozenset(piece for piece in pieces if piece in folded_title)


@dataclass(slots=True)
class _Value:
    """One distinct value of a field: its first spelling and every product holding it."""

    text: str
    owners: set[str]


def _values_by_field(products: Iterable[Product]) -> dict[str, dict[str, _Value]]:
    """field → {folded value → _Value} over every usable value."""
    table: dict[str, dict[str, _Value]] = {}
    for product in products:
        for item in product.knowledge:
            if item.name in SKIPPED_FIELDS or not _usable(item.value):
                continue
            value = table.setdefault(item.name, {}).setdefault(_key(item.value), _Value(item.value.strip(), set()))
            value.owners.add(product.id)
    return table


def _tag_weights(products: Sequence[Product]) -> dict[str, float]:
    """How much sharing a tag says two products are alike: rarer tags say more (IDF)."""
    counts = Counter(tag for product in products for tag in set(product.tags))
    total = len(products)
    return {tag: math.log((total + 1) / count) for tag, count in counts.items()}


def _wrong_pool(
    product: Product,
    field: str,
    answer: str,
    values: dict[str, _Value],
    products: dict[str, Product],
    weights: dict[str, float],
) -> list[str]:
    """Wrong choices fit for this question, most comparable products first; [] if too few.

    Never a value the product itself holds for the field (it would be a second right answer),
    nor one containing the answer or contained in it (as good as right), nor one lacking a
    clue the title gives (it would be ruled out by reading the title).
    Values are taken by closeness, a whole tier of equally close values at a time, until there
    are enough; the caller draws the wrong choices from what is returned.
    """
    own = {_key(item.value) for item in product.knowledge if item.name == field and item.value}
    answer_key = _key(answer)
    clues = _clues(product.title, answer)
    tags = set(product.tags)
    scored: dict[float, list[str]] = {}
    for key, value in values.items():
        if key in own or not value.owners - {product.id}:
            continue
        if key in answer_key or answer_key in key:
            # "M、L、XL" against "M、L、XL，参考尺码表": both read as right, neither is wrong.
            continue
        if clues and not all(clue in _fold(value.text) for clue in clues):
            continue
        closeness = max(
            sum(weights.get(tag, 0.0) for tag in tags & set(products[owner].tags))
            for owner in value.owners
            if owner in products and owner != product.id
        )
        scored.setdefault(round(closeness, 6), []).append(value.text)
    pool: list[str] = []
    for closeness in sorted(scored, reverse=True):
        pool.extend(sorted(scored[closeness]))
        if len(pool) >= CHOICES - 1:
            return pool
    return []


def generate_quiz(
    products: Sequence[Product],
    count: int = 10,
    *,
    tags: Sequence[str] = (),
    seed: int | None = None,
) -> list[Question]:
    """Up to ``count`` questions about products carrying every tag in ``tags``.

    Wrong choices come from all of ``products`` (a bigger pool than the tag's), always of the
    same field, never equal to the answer and from the most comparable products first. Each
    product is asked about once before any product is asked about twice, so a short quiz
    covers as much of the catalogue as it can.
    """
    rng = random.Random(seed)
    live = [p for p in products if not p.deleted]
    by_id = {p.id: p for p in live}
    wanted = [t for t in tags if t]
    asked = [p for p in live if all(t in p.tags for t in wanted)]
    table = _values_by_field(live)
    weights = _tag_weights(live)

    # Candidate (product, field, answer, wrong pool), grouped by product so coverage comes first.
    per_product: list[list[tuple[Product, str, str, list[str]]]] = []
    for product in asked:
        pairs = []
        for item in product.knowledge:
            if item.name in SKIPPED_FIELDS or not _usable(item.value):
                continue
            answer = item.value.strip()
            if gives_answer_away(product.title, answer):
                continue
            pool = _wrong_pool(product, item.name, answer, table.get(item.name, {}), by_id, weights)
            if pool:
                pairs.append((product, item.name, answer, pool))
        if pairs:
            rng.shuffle(pairs)
            per_product.append(pairs)
    rng.shuffle(per_product)

    questions: list[Question] = []
    round_index = 0
    while len(questions) < count and any(round_index < len(p) for p in per_product):
        for pairs in per_product:
            if len(questions) >= count:
                break
            if round_index < len(pairs):
                questions.append(_question(*pairs[round_index], rng))
        round_index += 1
    return questions


def _question(product: Product, field: str, answer: str, pool: list[str], rng: random.Random) -> Question:
    wrong = rng.sample(pool, CHOICES - 1)
    choices = [answer, *wrong]
    rng.shuffle(choices)
    return Question(
        product_id=product.id,
        product_title=product.title,
        field=field,
        prompt=question_prompt(product.title, field),
        choices=tuple(choices),
        answer_index=choices.index(answer),
    )

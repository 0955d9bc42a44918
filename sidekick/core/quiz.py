"""Self-test questions for new hires, generated from the products' knowledge fields.

A question asks for one knowledge field of one product ("这款「…」的面料是？") and offers four
choices: the right value and three values of the same field taken from *other* products. So a
question only exists when the answer is there and the field has at least four distinct values
in the catalogue; choices are distinct (compared after folding case and spaces), exactly one is
correct, and a seeded RNG makes a quiz reproducible (the tests, and "try the same quiz again").

Some fields make poor questions: a FAQ answer or a full size chart is not a fact to pick from a
list, and a value much longer than the others gives itself away. Those are skipped.
"""

from __future__ import annotations

import random
import unicodedata
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
    "question_prompt",
]

CHOICES = 4
MAX_CHOICE_CHARS = 60  # longer values are paragraphs, not answers to pick
SKIPPED_FIELDS = frozenset({"常见问题", "FAQ", "faq", "备注", "注意事项"})

# The question asked for a field; "{title}" is the product title. Fields not listed here get
# GENERIC_TEMPLATE.
QUESTION_TEMPLATES: dict[str, str] = {
    "材质": "这款「{title}」的面料是？",
    "面料": "这款「{title}」的面料是？",
    "颜色": "「{title}」有哪些颜色？",
    "洗涤": "「{title}」应该怎么洗护？",
    "卖点": "「{title}」的主要卖点是？",
    "产地": "「{title}」的产地是？",
    "尺码": "「{title}」的尺码怎么选？",
    "规格": "「{title}」有哪些规格？",
    "适合人群": "「{title}」适合哪些人？",
}
GENERIC_TEMPLATE = "「{title}」的{field}是？"


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
    def from_json(cls, data: object) -> "QuizRun | None":
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


def _values_by_field(products: Iterable[Product]) -> dict[str, dict[str, tuple[str, str]]]:
    """field → {folded value → (first spelling, product id)} over every usable value."""
    table: dict[str, dict[str, tuple[str, str]]] = {}
    for product in products:
        for item in product.knowledge:
            if item.name in SKIPPED_FIELDS or not _usable(item.value):
                continue
            table.setdefault(item.name, {}).setdefault(_key(item.value), (item.value.strip(), product.id))
    return table


def generate_quiz(
    products: Sequence[Product],
    count: int = 10,
    *,
    tags: Sequence[str] = (),
    seed: int | None = None,
) -> list[Question]:
    """Up to ``count`` questions about products carrying every tag in ``tags``.

    Wrong choices come from all of ``products`` (a bigger pool than the tag's), always of the
    same field and never equal to the answer. Each product is asked about once before any
    product is asked about twice, so a short quiz covers as much of the catalogue as it can.
    """
    rng = random.Random(seed)
    live = [p for p in products if not p.deleted]
    wanted = [t for t in tags if t]
    asked = [p for p in live if all(t in p.tags for t in wanted)]
    pools = _values_by_field(live)

    # Candidate (product, field) pairs, grouped by product so coverage comes first.
    per_product: list[list[tuple[Product, str, str]]] = []
    for product in asked:
        pairs = []
        for item in product.knowledge:
            pool = pools.get(item.name, {})
            if item.name in SKIPPED_FIELDS or not _usable(item.value) or len(pool) < CHOICES:
                continue
            pairs.append((product, item.name, item.value.strip()))
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
                product, field, answer = pairs[round_index]
                questions.append(_question(product, field, answer, pools[field], rng))
        round_index += 1
    return questions


def _question(
    product: Product, field: str, answer: str, pool: dict[str, tuple[str, str]], rng: random.Random
) -> Question:
    answer_key = _key(answer)
    others = sorted(
        (value for key, (value, owner) in pool.items() if key != answer_key and owner != product.id)
    )
    if len(others) < CHOICES - 1:
        # The product's own second value cannot be a wrong answer, so take any distinct value.
        others = sorted(value for key, (value, _owner) in pool.items() if key != answer_key)
    wrong = rng.sample(others, CHOICES - 1)
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

"""The 问法 side of matching: features of a stored question, and a table of questions that
scores a message's features against every row at once (best row per owner, votes of the next
best rows, the sentence vectors' share). The question bank's phrasings (owned by intents) and
the phrases' own 问法 (owned by phrases) are both such tables."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import numpy as np

from sidekick.core.suggest import semantic
from sidekick.core.suggest.sparse import SparseIndex
from sidekick.core.suggest.text import feature_weight, features, normalise, segments

# Intent score: its closest phrasing, plus these shares of the next closest ones.
VOTES = True
VOTE_WEIGHTS = (1.0, 0.5, 0.25)
VOTE_ROWS = 200  # only the best rows of the bank can matter
CANDIDATE_ROWS = 2000  # rows of a question index looked at per query, best first
# Semantic channel: a cosine of sentence vectors above SEMANTIC_FLOOR, rescaled to 0…1, times
# SEMANTIC_WEIGHT is added to a sentence's question similarity (unrelated sentences of the
# encoder sit around 0.1–0.5, close paraphrases above 0.6).
SEMANTIC_WEIGHT = 1.0
SEMANTIC_FLOOR = 0.4


def semantic_share(cosine: np.ndarray, weight: float = SEMANTIC_WEIGHT) -> np.ndarray:
    """What a cosine of sentence vectors adds: the part above SEMANTIC_FLOOR, rescaled to 0…1."""
    return weight * np.clip((cosine - SEMANTIC_FLOOR) / (1 - SEMANTIC_FLOOR), 0, None)


def question_bag(text: str, *, with_words: bool, unigrams: bool = True) -> Counter[str]:
    """Features of a stored text (a 问法, a title and body)."""
    bag: Counter[str] = Counter()
    for piece in segments(normalise(text)):
        bag.update(features(piece, with_words=with_words, unigrams=unigrams))
    return bag


@lru_cache(maxsize=8192)
def cached_question_bag(text: str, with_words: bool) -> Counter[str]:
    """``_bag`` of a 问法, cached: libraries repeat the same short questions (do not modify it)."""
    return question_bag(text, with_words=with_words)


class QuestionTable:
    """Every 问法 as a row: the bank's phrasings (owned by an intent) and phrases' own questions."""

    def __init__(self, texts: list[str], owners: np.ndarray, *, with_words: bool, votes: bool = False) -> None:
        self.texts = texts
        self.votes = votes
        self.with_words = with_words
        self.owners = owners  # intent index (bank rows) or phrase index (own rows), see caller
        # Libraries repeat questions (copied phrases, the same phrasing learnt for several
        # replies): each distinct text is scored once and its score copied to its rows.
        distinct: dict[str, int] = {}
        self.text_of_row = np.array([distinct.setdefault(t, len(distinct)) for t in texts], dtype=np.int64)
        copies = np.bincount(self.text_of_row, minlength=len(distinct))
        self.index = SparseIndex([cached_question_bag(t, with_words) for t in distinct], weight=feature_weight,
                                 copies=copies)
        self.distinct = list(distinct)
        self._vectors: np.ndarray | None = None

    def vectors(self, encoder: semantic.Encoder) -> np.ndarray:
        """Sentence vectors of the distinct texts (encoded on first use, then kept)."""
        if self._vectors is None:
            self._vectors = encoder.encode([semantic.readable(segments(normalise(t))) for t in self.distinct])
        return self._vectors

    def max_per_owner(self, per_text: np.ndarray) -> np.ndarray:
        """``(queries, owners)`` from ``(queries, distinct texts)`` scores: each owner's best row.
        Owners must be contiguous (the bank's intents are); every owner must have a row."""
        starts = np.flatnonzero(np.diff(self.owners, prepend=-1))
        return np.maximum.reduceat(per_text[:, self.text_of_row], starts, axis=1)

    def semantic_per_owner(self, similarity: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
        """(best, best row) per owner from each distinct text's ``similarity`` (owners ascending)."""
        best = np.zeros(count, dtype=np.float32)
        row_of = np.full(count, -1, dtype=np.int64)
        if not len(self.texts):
            return best, row_of
        values = similarity[self.text_of_row]
        starts = np.flatnonzero(np.diff(self.owners, prepend=-1))
        best[self.owners[starts]] = np.maximum.reduceat(values, starts)
        at = np.flatnonzero(values == best[self.owners])
        row_of[self.owners[at]] = at
        return best, row_of

    def best_per_owner(self, bag: Counter[str], count: int,
                       similarity: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(best score, best row) per owner index 0…count-1 (row -1 where none scored);
        ``similarity``: ``self.index.scores(bag)`` when the caller has it already."""
        best = np.zeros(count, dtype=np.float32)
        row_of = np.full(count, -1, dtype=np.int64)
        if not len(self.texts):
            return best, row_of
        scores = (self.index.scores(bag) if similarity is None else similarity)[self.text_of_row]
        hit = np.flatnonzero(scores > 0)
        if not len(hit):
            return best, row_of
        if len(hit) > CANDIDATE_ROWS:  # only the best rows can matter; sorting all is the cost
            hit = hit[np.argpartition(scores[hit], -CANDIDATE_ROWS)[-CANDIDATE_ROWS:]]
        # Ascending by score, so for each owner the last write (the best row) wins.
        hit = hit[np.argsort(scores[hit], kind="stable")]
        best[self.owners[hit]] = scores[hit]
        row_of[self.owners[hit]] = hit
        if self.votes:
            # The next-best rows of the same owner add a little: several phrasings of one
            # intent that each share a part of the message outweigh one stray look-alike.
            top = hit[::-1][:VOTE_ROWS]
            owners = self.owners[top]
            # Each row's rank among its owner's rows, best first: a stable sort by owner keeps
            # the rows of one owner in score order.
            by_owner = np.argsort(owners, kind="stable")
            sorted_owners = owners[by_owner]
            first = np.flatnonzero(np.diff(sorted_owners, prepend=-1))
            rank = np.empty(len(top), dtype=np.int64)
            rank[by_owner] = np.arange(len(top)) - np.repeat(first, np.diff(np.append(first, len(top))))
            for place in range(1, len(VOTE_WEIGHTS)):  # place by place, as a loop over rows would add
                at = rank == place
                best[owners[at]] += VOTE_WEIGHTS[place] * scores[top[at]]
        return best, row_of



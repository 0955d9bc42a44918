"""The sparse index behind suggestions: its fast paths give exactly the plain computation's scores."""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest

from sidekick.core.suggest.sparse import SparseIndex
from sidekick.core.suggest.text import feature_weight, features


def _bags(seed: int, count: int) -> list[Counter[str]]:
    rng = random.Random(seed)
    alphabet = "快递到了吗退款多久能发货质量问题换货尺码"
    return [features("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))) for _ in range(count)]


def _plain_scores(index: SparseIndex, bag: Counter[str]) -> np.ndarray:
    """One feature after the other, as float32 sums (the definition the fast path must equal)."""
    out = np.zeros(index.rows, dtype=np.float32)
    for fid, value in index.query_vector(bag).items():
        a, b = index.indptr[fid], index.indptr[fid + 1]
        out[index.post_rows[a:b]] += index.post_values[a:b] * np.float32(value)
    return out


@pytest.mark.parametrize("mode", ["cosine", "bm25"])
def test_scores_equal_the_feature_by_feature_sums_bit_for_bit(mode: str) -> None:
    index = SparseIndex(_bags(1, 300), mode=mode, weight=feature_weight)
    for query in [*_bags(2, 50), Counter({"没有的特征": 1}), Counter()]:
        assert np.array_equal(index.scores(query), _plain_scores(index, query))


def test_distinct_texts_with_copies_score_as_every_row() -> None:
    distinct = _bags(3, 40)
    rng = random.Random(4)
    rows = [rng.randrange(len(distinct)) for _ in range(400)]
    used = sorted(set(rows))
    every_row = SparseIndex([distinct[r] for r in rows], weight=feature_weight)
    position = {r: i for i, r in enumerate(used)}
    copies = np.bincount([position[r] for r in rows], minlength=len(used))
    once = SparseIndex([distinct[r] for r in used], weight=feature_weight, copies=copies)
    text_of_row = np.array([position[r] for r in rows])
    for query in _bags(5, 30):
        assert np.array_equal(once.scores(query)[text_of_row], every_row.scores(query))


def test_copies_are_refused_for_bm25() -> None:
    with pytest.raises(ValueError):
        SparseIndex(_bags(6, 3), mode="bm25", copies=np.ones(3, dtype=np.int64))

"""Grouping the questions no bank intent covers, by the rare words they share.

Character overlap misses paraphrases (「你们招代理吗」「可以做代理吗」「我想做你们家代理」 share
only 代理); what they share is a word that is rare in the shop's chats. So each question is put
in a block for each of its rarest words (IDF over the questions being grouped), and within a
block it joins the block's most asked questions when their TF-IDF cosine (words and character
n-grams) is high enough. Every question is in at most ``KEYS_PER_TEXT`` blocks and is compared
with at most ``ANCHORS`` questions per block, so the cost grows linearly with the number of
questions.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np

from sidekick.core.mining.minhash import UnionFind
from sidekick.core.suggest.text import WORD, feature_weight, features

KEYS_PER_TEXT = 2
ANCHORS = 3
SIMILARITY = 0.3


def _vectors(texts: Sequence[str], background: Sequence[str] = (),
             ) -> tuple[list[dict[str, float]], dict[str, float], Counter[str]]:
    bags = [features(text) for text in texts]
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    own = Counter(df)  # blocks need a word at least two of *these* questions share
    for text in background:
        df.update(features(text).keys())
    n = len(bags) + len(background)
    idf = {f: (math.log((1 + n) / (1 + d)) + 1.0) * feature_weight(f) for f, d in df.items()}
    vectors = []
    for bag in bags:
        values = {f: (1 + math.log(c)) * idf[f] for f, c in bag.items()}
        length = math.sqrt(sum(v * v for v in values.values())) or 1.0
        vectors.append({f: v / length for f, v in values.items()})
    return vectors, idf, own


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(f, 0.0) for f, v in a.items())


def cluster_by_rare_words(texts: Sequence[str], weights: Sequence[int], threshold: float = SIMILARITY,
                          background: Sequence[str] = ()) -> np.ndarray:
    """A cluster id per text (normalised question text); ``weights`` = how often each was asked.

    ``background`` (the question bank's phrasings) joins the document frequencies, so a word is
    rare or common as in buyer questions at large, not only in this (possibly small) batch."""
    groups = UnionFind(len(texts))
    if len(texts) < 2:
        return groups.parent.copy()
    vectors, idf, df = _vectors(texts, background)
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, vector in enumerate(vectors):
        shared = [f for f in vector if df[f] >= 2]
        words = [f for f in shared if f.startswith(WORD)]
        keys = sorted(words or [f for f in shared if len(f) == 3], key=lambda f: (-idf[f], f))[:KEYS_PER_TEXT]
        for key in keys:
            blocks[key].append(index)
    for members in blocks.values():
        if len(members) < 2:
            continue
        anchors = sorted(members, key=lambda i: (-weights[i], i))[:ANCHORS]
        for index in members:
            for anchor in anchors:
                if anchor != index and groups.find(anchor) != groups.find(index) \
                        and _cosine(vectors[anchor], vectors[index]) >= threshold:
                    groups.union(anchor, index)
    return np.fromiter((groups.find(i) for i in range(len(texts))), dtype=np.int64, count=len(texts))

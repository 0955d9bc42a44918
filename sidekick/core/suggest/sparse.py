"""A small inverted index over feature bags, scored as TF-IDF cosine or BM25 with NumPy.

The postings are one compressed column per feature (row ids and weights, sorted by feature),
so a query adds a few array slices into a score vector: a millisecond or two for tens of
thousands of rows, no per-row Python work. Building is vectorised too: the only Python loop
turns each bag into feature ids.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

Weight = Callable[[str], float]
K1, B = 1.2, 0.75


def _sublinear(count: int) -> float:
    """1 + log(count): the weight of a feature's count (a count of 1, nearly every one, is 1)."""
    return 1.0 if count == 1 else float(1 + np.log(count))


class SparseIndex:
    """Rows of feature bags; ``scores`` gives every row's similarity to a query bag.

    ``mode="cosine"``: sublinear-tf × idf vectors, L2-normalised (a query scores in [0, 1]).
    ``mode="bm25"``: Okapi BM25 (k1=1.2, b=0.75) with the query's features as terms.
    """

    def __init__(self, bags: Sequence[Counter[str]], *, mode: str = "cosine", weight: Weight | None = None,
                 copies: np.ndarray | None = None) -> None:
        """``copies`` (cosine only): how many rows each bag stands for, so that rows with the same
        text are scored once; document frequencies count every copy, so scores equal those of an
        index holding every row."""
        if copies is not None and mode != "cosine":
            raise ValueError("copies are supported for cosine scoring only")
        self.mode = mode
        self.rows = len(bags)
        self.ids: dict[str, int] = {}
        ids = self.ids
        fids: list[int] = []
        counts: list[int] = []
        lengths = np.zeros(self.rows, dtype=np.int64)
        for row, bag in enumerate(bags):
            for feature, count in bag.items():
                fid = ids.get(feature)
                if fid is None:
                    fid = ids[feature] = len(ids)
                fids.append(fid)
                counts.append(count)
            lengths[row] = len(bag)
        rows = np.repeat(np.arange(self.rows, dtype=np.int32), lengths)
        fid_arr = np.array(fids, dtype=np.int64)
        tf = np.array(counts, dtype=np.float64)
        df: np.ndarray
        if copies is None:
            n = max(self.rows, 1)
            df = np.bincount(fid_arr, minlength=len(ids)).astype(np.float64)
        else:
            n = max(int(copies.sum()), 1)
            df = np.bincount(fid_arr, weights=copies[rows].astype(np.float64), minlength=len(ids))
        weights = np.array([weight(f) for f in ids], dtype=np.float64) if weight else np.ones(len(ids))
        if mode == "bm25":
            self.idf = np.log(1 + (n - df + 0.5) / (df + 0.5)) * weights
            doc_len = np.bincount(rows, weights=tf, minlength=self.rows)
            average = float(doc_len.mean()) if self.rows else 1.0
            norm = K1 * (1 - B + B * doc_len[rows] / max(average, 1e-9))
            values = tf * (K1 + 1) / (tf + norm)
        else:
            self.idf = (np.log((1 + n) / (1 + df)) + 1.0) * weights
            values = (1 + np.log(tf)) * self.idf[fid_arr]
            length = np.sqrt(np.bincount(rows, weights=values * values, minlength=self.rows))
            values = values / np.maximum(length, 1e-12)[rows]
        order = np.argsort(fid_arr, kind="stable")
        self.post_rows = rows[order]
        self.post_values = values[order].astype(np.float32)
        self.indptr = np.zeros(len(ids) + 1, dtype=np.int64)
        np.cumsum(np.bincount(fid_arr, minlength=len(ids)), out=self.indptr[1:])
        self.top_idf = float(self.idf.max(initial=1.0))
        # The same numbers as Python lists: a query reads a few dozen of them one by one, and
        # indexing a list costs a fraction of making a NumPy scalar.
        self._idf = self.idf.tolist()
        self._indptr = self.indptr.tolist()

    def query_vector(self, bag: Counter[str]) -> dict[int, float]:
        """The query's weight per known feature id (unknown features cannot match anything)."""
        ids, idf = self.ids, self._idf
        known = {ids[f]: c for f, c in bag.items() if f in ids}
        if self.mode == "bm25":
            return {fid: idf[fid] for fid in known}
        values = {fid: _sublinear(c) * idf[fid] for fid, c in known.items()}
        # Normalise by the whole query; a feature no row has counts at a quarter of the top idf
        # (a message mostly about something else is not a close match).
        unknown = sum((_sublinear(c) * self.top_idf) ** 2 * 0.25 for f, c in bag.items() if f not in ids)
        length = float(np.sqrt(sum(v * v for v in values.values()) + unknown)) or 1.0
        return {fid: v / length for fid, v in values.items()}

    def scores_many(self, bags: Sequence[Counter[str]]) -> np.ndarray:
        """``scores`` for many queries at once, ``(len(bags), rows)``: one ``bincount`` instead of a
        NumPy call per feature and query (what mining thousands of questions needs)."""
        out = np.zeros((len(bags), self.rows), dtype=np.float32)
        if not self.rows or not bags:
            return out
        cells: list[np.ndarray] = []
        values: list[np.ndarray] = []
        indptr = self._indptr
        for query, bag in enumerate(bags):
            for fid, value in self.query_vector(bag).items():
                a, b = indptr[fid], indptr[fid + 1]
                cells.append(self.post_rows[a:b].astype(np.int64) + query * self.rows)
                values.append(self.post_values[a:b] * np.float32(value))
        if cells:
            flat = np.bincount(np.concatenate(cells), weights=np.concatenate(values), minlength=out.size)
            out[:] = flat.reshape(out.shape)
        return out

    def scores(self, bag: Counter[str]) -> np.ndarray:
        """Every row's score for the query ``bag`` (float32, one per row)."""
        out = np.zeros(self.rows, dtype=np.float32)
        query = self.query_vector(bag)
        if not query:
            return out
        # Every posting of the query's features gathered in one step, then added in feature order
        # (``add.at`` adds element by element in order): the same float32 sums, in the same
        # order, as adding one feature's postings after the other, without a NumPy call per feature.
        fids = np.fromiter(query.keys(), dtype=np.int64, count=len(query))
        weights = np.fromiter(query.values(), dtype=np.float64, count=len(query)).astype(np.float32)
        starts = self.indptr[fids]
        lengths = self.indptr[fids + 1] - starts
        total = int(lengths.sum())
        if not total:
            return out
        offsets = np.zeros(len(fids), dtype=np.int64)
        np.cumsum(lengths[:-1], out=offsets[1:])
        at = np.arange(total, dtype=np.int64) + np.repeat(starts - offsets, lengths)
        np.add.at(out, self.post_rows[at], self.post_values[at] * np.repeat(weights, lengths))
        return out

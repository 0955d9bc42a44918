"""Files under the data directory's ``cache/`` that a process writes for the next one (sentence
vectors, intent links): written whole or not at all, readable while being replaced."""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

import numpy as np

from sidekick.config import paths


def cache_path(name: str) -> Path:
    return paths.data_dir() / "cache" / name


def write_npz(path: Path, **arrays: np.ndarray) -> None:
    """``arrays`` saved to ``path``, replacing the old file in one step (a reader sees the old
    file or the new one, never a part)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # A name of its own per writer: the app and a command may save at the same time.
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name, suffix=".part", delete=False) as out:
        part = Path(out.name)
        try:
            # (Any: NumPy 2's stubs read a name in ``arrays`` as its ``allow_pickle`` flag)
            np.savez(out, **cast(dict[str, Any], arrays))
        except BaseException:
            out.close()
            part.unlink(missing_ok=True)
            raise
    os.replace(part, path)


def json_bytes(value: object) -> np.ndarray:
    """``value`` as UTF-8 JSON in a byte array (npz files read without pickle hold no str lists)."""
    return np.frombuffer(json.dumps(value, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)


class KeptFiles:
    """When a cache file is read and written: read once per process and owner (an encoder, a
    linker) before its first build, written after a build that computed entries the file does not
    hold yet. An error writing is not fatal: the next process computes those entries again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # Per (owner, file): the owner's count of computed entries when the file was last read or
        # written (-1: no usable file yet, so the first build writes one).
        self._saved_at: dict[tuple[int, Path], int] = {}

    def before_build(self, owner: object, path: Path, load: Callable[[], int | None], computed: Callable[[], int]) -> None:
        key = (id(owner), path)
        with self._lock:
            if key not in self._saved_at:
                self._saved_at[key] = computed() if load() is not None else -1

    def after_build(self, owner: object, path: Path, save: Callable[[], object], computed: Callable[[], int]) -> None:
        key = (id(owner), path)
        with self._lock:
            if self._saved_at.get(key) == computed():
                return
            try:
                save()
            except OSError:
                return
            self._saved_at[key] = computed()

    @contextmanager
    def around_build(self, owner: object, path: Path, load: Callable[[], int | None], save: Callable[[], object],
                     computed: Callable[[], int]) -> Iterator[None]:
        self.before_build(owner, path, load, computed)
        yield
        self.after_build(owner, path, save, computed)

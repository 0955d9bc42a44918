"""Files under the data directory's ``cache/`` that a process writes for the next one (sentence
vectors, intent links): written whole or not at all, readable while being replaced."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

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
            np.savez(out, allow_pickle=False, **arrays)
        except BaseException:
            out.close()
            part.unlink(missing_ok=True)
            raise
    os.replace(part, path)


def json_bytes(value: object) -> np.ndarray:
    """``value`` as UTF-8 JSON in a byte array (npz files read without pickle hold no str lists)."""
    import json

    return np.frombuffer(json.dumps(value, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)

"""Sentence vectors of the library's texts kept between processes (``cache/sentence-vectors.npz``).

Encoding the question bank's phrasings and a library's 问法 and reply openings is most of the
first suggest-mode build in a process: about a second for the demo shop, ten for 10,000 replies
without 问法. Those texts do not change between days, so their vectors are kept in the data
directory and read back by the next process; only new texts are encoded.

What is stored: texts the engine asked the encoder to remember (the bank's phrasings, 问法,
titles and reply openings, all of them in the library already) and their float16 vectors. A
buyer's message is encoded without being remembered (``Encoder.encode(remember=False)``), so it
never reaches this file. A file written by another version of the encoder, or one that cannot
be read, is ignored (and replaced at the next save); deleting it costs one slower build.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from sidekick.core.suggest import semantic
from sidekick.db.cache_files import KeptFiles, cache_path, json_bytes, write_npz

FILE_NAME = "sentence-vectors.npz"
FORMAT = 1

_kept = KeptFiles()


def default_path() -> Path:
    return cache_path(FILE_NAME)


def load(encoder: semantic.Encoder, path: Path) -> int | None:
    """Give ``encoder`` the vectors stored in ``path``; how many it took (texts it knew already
    keep theirs), or None when the file is missing, unreadable or from another encoder."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            if int(stored["format"]) != FORMAT or str(stored["identity"]) != semantic.identity():
                return None
            texts = json.loads(bytes(stored["texts"]).decode("utf-8"))
            vectors = np.asarray(stored["vectors"])
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            return None
        return encoder.remember(texts, vectors)
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile, UnicodeDecodeError):
        return None


def save(encoder: semantic.Encoder, path: Path) -> int:
    """Write the texts the encoder was asked for in this process and their vectors to ``path``
    (whole or not at all: a new file replaces the old one); how many were written."""
    texts, vectors = encoder.known()
    write_npz(path, format=np.array(FORMAT), identity=np.array(semantic.identity()), texts=json_bytes(texts),
              vectors=vectors)
    return len(texts)


def after_build(encoder: semantic.Encoder, path: Path) -> None:
    """Save when the build encoded texts the file does not hold yet (``KeptFiles``)."""
    _kept.after_build(encoder, path, lambda: save(encoder, path), lambda: encoder.encoded)


@contextmanager
def kept_between_processes(path: Path | None = None) -> Iterator[None]:
    """Around an engine build: the stored vectors read before it (once per process), new ones
    written after it. ``path``: the data directory's file by default. Nothing without the encoder."""
    encoder = semantic.encoder()
    if encoder is None:
        yield
        return
    where = path or default_path()
    with _kept.around_build(encoder, where, lambda: load(encoder, where), lambda: save(encoder, where),
                            lambda: encoder.encoded):
        yield

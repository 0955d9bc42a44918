"""Intent links kept between processes (``cache/intent-links.npz``).

Linking a reply without 问法 to the question bank reads its whole title and body (segmented
into words) and, for a reply without a title of its own, the intent model's reading of its
opening: most of the first suggest-mode build over a large imported library (about 30 s for
10,000 untitled replies on a 2-core machine), and every process did it again. The linker keeps
what it computed per reply text (``IntentLinker`` memos); this module stores those memos in the
data directory and hands them to the next process, which then links only replies it has not
seen.

What is stored: per reply text (title, body, 问法, category, or a reply's opening) its score for
each intent, float32 so a build from the file ranks bit for bit as one without it; the texts are
the library's own (all of them in the library already), never a buyer's message. A file stored
under another identity (another bank, other linking constants, another encoder or segmenter) or
one that cannot be read is ignored and replaced at the next save; deleting it costs one slower
build.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from sidekick.core.suggest.linker import IntentLinker
from sidekick.db.cache_files import KeptFiles, cache_path, json_bytes, write_npz

FILE_NAME = "intent-links.npz"
FORMAT = 1

_kept = KeptFiles()


def default_path() -> Path:
    return cache_path(FILE_NAME)


def load(linker: IntentLinker, path: Path) -> int | None:
    """Give ``linker`` the entries stored in ``path``; how many it took, or None when the file is
    missing, unreadable or stored under another identity."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            if int(stored["format"]) != FORMAT or str(stored["identity"]) != linker.identity():
                return None
            keys = json.loads(bytes(stored["keys"]).decode("utf-8"))
            rows = np.asarray(stored["rows"], dtype=np.float32)
        if not isinstance(keys, list) or len(keys) != len(rows) or rows.ndim != 2 \
                or rows.shape[1] != len(linker.bank.intents) or not all(isinstance(k, list) for k in keys):
            return None
        return linker.remember_entries(keys, rows)
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile, UnicodeDecodeError):
        return None


def save(linker: IntentLinker, path: Path) -> int:
    """Write the linker's entries to ``path`` (whole or not at all); how many were written."""
    keys, rows = linker.memo_entries()
    write_npz(path, format=np.array(FORMAT), identity=np.array(linker.identity()), keys=json_bytes(keys), rows=rows)
    return len(keys)


@contextmanager
def kept_between_processes(linker: IntentLinker, path: Path | None = None) -> Iterator[None]:
    """Around an engine build: the stored entries read before it (once per process and linker),
    new ones written after it when the build computed any (``KeptFiles``). ``path``: the data
    directory's file by default."""
    where = path or default_path()
    with _kept.around_build(linker, where, lambda: load(linker, where), lambda: save(linker, where),
                            lambda: linker.memo_added):
        yield

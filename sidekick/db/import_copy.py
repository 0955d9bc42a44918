"""The file an import reads, read exactly once: a private, hashed copy that check and write share.

An import checks a file, then writes it. Reading the user's file twice let a file replaced or
truncated in between write rows nobody checked. Instead the file is copied once, in chunks
(memory stays flat), into a private temporary directory while its SHA-256 is computed; the
check and the write both read that copy. ``verify`` re-hashes the copy (before the write starts
and again before the transaction commits), so what is written is exactly what was checked, and
``original_unchanged`` tells whether the user's file itself changed meanwhile (size, time or
inode), in which case the import is refused rather than written from a file that is half-saved.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path
from types import TracebackType

from sidekick.core.messages import Message

CHUNK_BYTES = 1 << 20


class FileChanged(ValueError):
    """The file changed while it was being imported; nothing was written."""


def _signature(path: Path) -> tuple[int, int, int]:
    status = path.stat()
    return status.st_size, status.st_mtime_ns, status.st_ino


def _digest(path: Path) -> tuple[str, int]:
    hasher = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK_BYTES), b""):
            hasher.update(chunk)
            size += len(chunk)
    return hasher.hexdigest(), size


class PrivateCopy:
    """``with PrivateCopy(path) as copy:`` — ``copy.path`` is the private copy, removed afterwards."""

    def __init__(self, original: Path) -> None:
        self.original = original
        self._directory = Path(tempfile.mkdtemp(prefix="sidekick-import-"))  # mode 0700: only this user
        self.path = self._directory / original.name
        before = _signature(original)
        hasher = hashlib.sha256()
        size = 0
        try:
            with original.open("rb") as source, self.path.open("wb") as target:
                for chunk in iter(lambda: source.read(CHUNK_BYTES), b""):
                    hasher.update(chunk)
                    target.write(chunk)
                    size += len(chunk)
            if _signature(original) != before or size != before[0]:
                raise FileChanged(Message("%1 changed while it was being read; nothing was imported. Import it "
                                          "again once the program writing it has finished", original.name))
        except BaseException:
            self.close()
            raise
        self._before = before
        self.sha256 = hasher.hexdigest()
        self.size = size

    def verify(self) -> None:
        """Raise ``FileChanged`` unless the copy still holds the checked bytes and the original
        file is the one that was read."""
        if _digest(self.path) != (self.sha256, self.size):
            raise FileChanged(Message("the checked copy of %1 changed before it was written; nothing was imported",
                                      self.original.name))
        if not self.original_unchanged():
            raise FileChanged(Message("%1 was changed or replaced during the import; nothing was imported. Import "
                                      "it again once it is complete", self.original.name))

    def original_unchanged(self) -> bool:
        try:
            return _signature(self.original) == self._before
        except OSError:
            return False

    def close(self) -> None:
        shutil.rmtree(self._directory, ignore_errors=True)

    def __enter__(self) -> PrivateCopy:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()


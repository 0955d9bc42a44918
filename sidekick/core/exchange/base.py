"""Shared pieces of the exchange formats: the parse result and text decoding.

Every format module is pure: bytes in, ``ImportResult`` out; ``Library`` in, bytes out.
Reading files, progress and writing to the database happen elsewhere.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from sidekick.core.types import Library, Problem


class FormatError(ValueError):
    """A file that cannot be imported at all (wrong format, unreadable)."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What a file holds, plus what was wrong with it.

    ``problems`` are errors: any of them makes the whole import refuse (all-or-nothing).
    ``warnings`` are things kept in a degraded form (an Espanso variable Sidekick cannot
    represent, a cut-off field); they are shown to the user but do not stop the import.
    """

    library: Library
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    # Phrase fields the format does not carry (Qianniu has no titles; most tools have no
    # validity dates): re-importing such a file keeps what the library already has for them.
    kept_fields: frozenset[str] = frozenset()

    @property
    def ok(self) -> bool:
        return not self.problems


# Chinese Windows (Excel, WPS, Qianniu) saves CSV as GB18030/GBK without a BOM.
_FALLBACK_ENCODINGS = ("gb18030",)


def decode_text(data: bytes, source: str = "") -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030.

    Raises ``FormatError`` for data that is not text (a binary file renamed ``.csv``).
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if b"\x00" in data[:8192]:
        raise FormatError(f"{source or 'input'}: this is a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for encoding in _FALLBACK_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FormatError(
        f"{source or 'input'}: not readable as UTF-8 or GB18030/GBK text; "
        "save it as CSV UTF-8 and try again"
    )


def read_text(data: bytes, source: str = "") -> str:
    """``decode_text``, refusing a file with nothing but white space in it."""
    text = decode_text(data, source)
    if not text.strip():
        raise FormatError(f"{source or 'input'}: the file is empty")
    return text

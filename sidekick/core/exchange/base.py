"""Shared pieces of the exchange formats: the parse result and text decoding.

Every format module is pure: bytes in, ``ImportResult`` out; ``Library`` in, bytes out.
Reading files, progress and writing to the database happen elsewhere.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from sidekick.core.exchange.limits import nul_problem, size_problem, where_in_bytes
from sidekick.core.messages import Message, message_of
from sidekick.core.types import Library, Problem


class FormatError(ValueError):
    """A file that cannot be imported at all (wrong format, unreadable); raised with a ``Message``
    (``in_file``) so the UI can say it in its language."""


IN_FILE = "%1: %2"  # where (a file, a sheet of it), then why


def in_file(source: str, reason: str) -> Message:
    """``file.csv: reason`` — a whole file's refusal, its two parts kept apart for translation."""
    return Message(IN_FILE, source or Message("input"), reason)


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
# A file whose first bad UTF-8 byte comes after this many bytes of valid multi-byte UTF-8 is UTF-8
# with a damaged byte, not GBK: GBK text is never valid UTF-8 for long (16 Chinese characters here).
UTF8_EVIDENCE_BYTES = 32


def bad_byte(data: bytes, offset: int, encoding: str) -> str:
    """The reason for an undecodable byte, saying where it is."""
    shown = Message("byte %1", f"0x{data[offset]:02X}") if offset < len(data) else Message("the end of the file")
    return Message("%1 at %2 is not valid %3 text: the file is damaged; save it again as UTF-8 text",
                   shown, where_in_bytes(data, offset), encoding)


def binary_file(head: bytes, source: str) -> FormatError:
    """A NUL byte near the start of a file without a UTF-16 BOM: not text (or badly damaged)."""
    return FormatError(in_file(source, Message("this is a binary file, not text (a NUL byte at %1); if it should "
                                               "be text, save it again as UTF-8", where_in_bytes(head, head.index(0)))))


def odd_utf16(source: str) -> FormatError:
    return FormatError(in_file(source, Message("this UTF-16 file has an odd number of bytes, so it ends in the "
                                               "middle of a character: it was cut off; save it again")))


def is_utf8_with_bad_byte(valid_prefix_bytes: int, valid_prefix_chars: int) -> bool:
    """True when the valid UTF-8 before the first bad byte shows the file is UTF-8 (see above)."""
    return valid_prefix_bytes - valid_prefix_chars >= UTF8_EVIDENCE_BYTES


def decode_text(data: bytes, source: str = "") -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030.

    Raises ``FormatError`` for data that is not text (a binary file renamed ``.csv``), for a byte
    no candidate encoding can read (naming its line, column and offset) and for NUL characters.
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            text = data[len(codecs.BOM_UTF8):].decode("utf-8")
        except UnicodeDecodeError as error:
            raise FormatError(in_file(source, bad_byte(data, error.start + len(codecs.BOM_UTF8), "UTF-8"))) from None
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if len(data) % 2:
            raise odd_utf16(source)
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise FormatError(in_file(source, bad_byte(data, error.start, "UTF-16"))) from None
    else:
        if b"\x00" in data[:8192]:
            raise binary_file(data, source)
        text = _decode_guessing(data, source)
    problem = nul_problem(text)
    if problem:
        raise FormatError(in_file(source, problem))
    return text


def _decode_guessing(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        failed = [(utf8_error.start, "UTF-8")]
        prefix = data[:utf8_error.start]
        if is_utf8_with_bad_byte(len(prefix), len(prefix.decode("utf-8"))):
            raise FormatError(in_file(source, bad_byte(data, utf8_error.start, "UTF-8"))) from None
    for encoding in _FALLBACK_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            failed.append((error.start, encoding.upper()))
    # The encoding that read furthest is most likely the file's: name the byte that stopped it.
    offset, encoding = max(failed)
    raise FormatError(in_file(source, Message("not readable as UTF-8 or GB18030/GBK text: %1",
                                              bad_byte(data, offset, encoding))))


def read_text(data: bytes, source: str = "") -> str:
    """``decode_text`` of a file read whole: refuses one over the size limit or with nothing but white space."""
    too_large = size_problem(len(data))
    if too_large:
        raise FormatError(in_file(source, too_large))
    text = decode_text(data, source)
    if not text.strip():
        raise FormatError(in_file(source, Message("the file is empty")))
    return text


def problem_of(error: FormatError, source: str) -> Problem:
    """A file that cannot be read at all, as a problem like a bad row's: where (file, sheet), then why."""
    message = message_of(error)
    if isinstance(message, Message) and message.template == IN_FILE and len(message.args) == 2:
        where, reason = message.args
        return Problem(reason, where if isinstance(where, str) else str(where))  # type: ignore[arg-type]  # IN_FILE's second argument is always the reason Message
    return Problem(message, source)

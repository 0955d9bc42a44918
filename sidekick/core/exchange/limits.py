"""The limits every reader applies, so a hostile or broken file is refused in seconds and bounded memory.

A lead's file can be broken by a tool, cut by a mail client or crafted. Each format checks its
input against these numbers *before* the expensive step (inflating a zip member, building an
object graph from YAML aliases), so a refused bomb costs at most a few seconds and a couple of
hundred MB. The README's "Limits" table lists them; change them there too.

Also here: where a byte sits in a file (line, column, offset) for decoding errors, and the
range checks of numeric fields against what SQLite and the UI can hold.
"""

from __future__ import annotations

from decimal import Decimal

from sidekick.core.messages import Message

# Files read whole (JSON, YAML, other tools' CSVs). Sidekick CSVs are streamed and not capped.
MAX_WHOLE_FILE_BYTES = 64 << 20

# JSON: nesting depth (Sidekick JSON needs 4 levels), digits of an integer.
MAX_JSON_DEPTH = 32
MAX_INTEGER_DIGITS = 19

# YAML: alias references, and how many nodes aliases (and merge keys) may add by expansion.
MAX_YAML_ALIASES = 100
MAX_YAML_ALIAS_NODES = 10_000
MAX_YAML_NODES = 2_000_000

# XLSX, checked on the zip directory before anything is inflated.
MAX_XLSX_MEMBERS = 1_000
MAX_XLSX_MEMBER_BYTES = 128 << 20  # one uncompressed part (a sheet, the shared strings)
MAX_XLSX_TOTAL_BYTES = 256 << 20
MAX_XLSX_RATIO = 100  # uncompressed / compressed, for parts over XLSX_RATIO_FROM_BYTES
XLSX_RATIO_FROM_BYTES = 1 << 20
MAX_XLSX_SHARED_STRINGS = 1_000_000
# While reading: rows per sheet (twice the 100k-phrase libraries Sidekick is measured with; blank
# rows count, so a lone cell at row 1,048,576 costs a second, not five), and cells handed to the
# importer (blank padding included).
MAX_SHEET_ROWS = 200_000
MAX_SHEET_CELLS = 20_000_000

# Columns of a spreadsheet header (trailing blank ones aside); a product file's knowledge columns
# are far fewer. A CSV without line ends puts every cell of the file in row 1.
MAX_COLUMNS = 1_000

# Numbers stored in SQLite INTEGER (signed 64 bit) columns and shown by Qt (32-bit int positions).
MAX_POSITION = 2**31 - 1
MAX_REVISION = 2**63 - 1
MAX_PRICE = Decimal("1000000000")  # exclusive; a price of a billion yuan is a typo or an attack
MAX_PRICE_PLACES = 4


def size_problem(size: int, limit: int = MAX_WHOLE_FILE_BYTES) -> str | None:
    """Why a file read whole is too large, or None."""
    if size <= limit:
        return None
    return Message("the file is %1 MB; files of this type are read whole and may be at most %2 MB: "
                   "split it into smaller files", f"{size / (1 << 20):.1f}", limit >> 20)


def where_in_bytes(data: bytes, offset: int) -> str:
    """``line 12, column 5 (byte 3081)`` for a byte offset; the column counts bytes from the line start."""
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return Message("line %1, column %2 (byte %3)", line, column, offset)


def where_in_text(text: str, index: int) -> str:
    """``line 12, column 5`` for a character index in decoded text."""
    line = text.count("\n", 0, index) + 1
    return Message("line %1, column %2", line, index - (text.rfind(chr(10), 0, index) + 1) + 1)


def nul_problem(text: str) -> str | None:
    """A NUL character in text is damage (or a binary file), never something to paste to a buyer."""
    index = text.find("\x00")
    if index < 0:
        return None
    return Message("a NUL character (byte 0) at %1: the file is damaged or not a text file; "
                   "save it again as UTF-8 text", where_in_text(text, index))


def integer_problem(value: int, maximum: int) -> str | None:
    """Why an integer field cannot be stored (negative, or beyond its column), or None."""
    if value < 0:
        return Message("%1 is negative", value)
    if value > maximum:
        return Message("%1 is too large (at most %2)", _short(value), maximum)
    return None


def price_problem(price: Decimal) -> str | None:
    """Why a price cannot be stored and shown (NaN, infinite, negative, absurdly large), or None."""
    if not price.is_finite():
        return Message("%1 is not a number a price can have", price)
    if price < 0:
        return Message("%1 is negative", price)
    if price >= MAX_PRICE:
        return Message("%1 is too large (prices are below %2)", _short(price), f"{MAX_PRICE:,}")
    exponent = price.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_PRICE_PLACES:
        return Message("%1 has more than %2 decimal places", _short(price), MAX_PRICE_PLACES)
    return None


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 24 else Message("%1…(%2 characters)", text[:12], len(text))

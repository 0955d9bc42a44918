"""Build time, Linux: a smaller copy of the ICU data library that PySide6's Qt ships.

``libicudata.so.NN`` is 31 MB, an eighth of the bundle: ICU's data for every language, currency,
time zone name, legacy code page and transliterator. Qt links ICU (collation, code page
converters), and Sidekick's UI is Chinese and English, so this keeps the data that everything
needs (properties, normalisation, the root locale, break rules and dictionaries, time zones)
plus the ``en`` and every ``zh`` locale, and drops the other languages' locale data, the legacy
code pages other than GB18030, and the transliterators. Anything a kept item refers to is kept.

The data is taken out of the library (the ``icudtNN_dat`` symbol), repackaged with ICU's own
``icupkg`` and turned back into a library with ``genccode`` and the C compiler, all from the
``icu-devtools`` and ``gcc`` packages. Without them the bundle keeps the full library.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

_LOCALE = re.compile(r"[a-z]{2,3}(_[A-Za-z0-9]+)*")
_KEPT_LOCALE = re.compile(r"(root|en|en_US|en_US_POSIX|en_001|en_GB|zh(_[A-Za-z0-9_]+)?)")
_KEPT_CODE_PAGES = frozenset({"gb18030.cnv"})
_TABLES = frozenset({"res_index", "pool"})  # each folder's locale list and shared keys, not locales
TOOLS = ("icupkg", "genccode", "gcc", "nm")


class TrimError(RuntimeError):
    pass


def tools_missing() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def removable(item: str) -> bool:
    """Whether an item of the ICU package (``coll/de.res``, ``ibm-943_P15A-2003.cnv`` …) can go."""
    name = item.rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0]
    if item.startswith("translit/"):
        return True
    if name.endswith(".cnv"):
        return name not in _KEPT_CODE_PAGES
    if stem in _TABLES:
        return False
    return name.endswith(".res") and bool(_LOCALE.fullmatch(stem)) and not _KEPT_LOCALE.fullmatch(stem)


def _run(argv: list[str]) -> str:
    done = subprocess.run(argv, capture_output=True, text=True)
    if done.returncode != 0:
        raise TrimError(f"{argv[0]} failed ({done.returncode}): {(done.stderr or done.stdout)[-500:]}")
    return done.stdout + done.stderr


def _data_of(library: Path) -> tuple[str, bytes]:
    """(entry point, data) of an ICU data library: the bytes of its ``icudtNN_dat`` symbol."""
    for line in _run(["nm", "-D", "-S", "--defined-only", str(library)]).splitlines():
        parts = line.split()
        if len(parts) == 4 and re.fullmatch(r"icudt\d+_dat", parts[3]):
            address, size, symbol = int(parts[0], 16), int(parts[1], 16), parts[3]
            break
    else:
        raise TrimError(f"{library.name} holds no icudtNN_dat symbol")
    raw = library.read_bytes()
    # The symbol's address is its file offset in these libraries (read-only data in the first
    # load segment); the package header (magic 0xda27, format "CmnD") confirms it.
    data = raw[address:address + size]
    if data[2:4] != b"\xda\x27" or data[12:16] != b"CmnD":
        raise TrimError(f"{library.name}: no ICU package at the icudt symbol's offset")
    return symbol.removesuffix("_dat"), data


def trim_icu_data(library: Path, work: Path) -> Path:
    """Write the trimmed copy of ``library`` under ``work`` (same file name) and return its path."""
    missing = tools_missing()
    if missing:
        raise TrimError("missing " + ", ".join(missing) + " (Debian/Ubuntu: apt install icu-devtools gcc binutils)")
    work.mkdir(parents=True, exist_ok=True)
    entry, data = _data_of(library)
    package = work / f"{entry}l.dat"
    package.write_bytes(data)
    items = [line.strip() for line in _run(["icupkg", "-l", str(package)]).splitlines() if line.strip()]
    dropped = {item for item in items if removable(item)}
    # icupkg names the items inside after the output file, so it is written under the same name.
    listing, trimmed = work / "removed.txt", work / "trimmed" / package.name
    trimmed.parent.mkdir(exist_ok=True)
    for _round in range(20):
        listing.write_text("\n".join(sorted(dropped)) + "\n", encoding="utf-8")
        done = subprocess.run(["icupkg", "-r", str(listing), str(package), str(trimmed)], capture_output=True, text=True)
        needed = re.findall(r"Item (\S+) depends on missing item (\S+)", done.stdout + done.stderr)
        if not needed:
            if done.returncode != 0:
                raise TrimError(f"icupkg failed: {(done.stderr or done.stdout)[-500:]}")
            break
        dropped -= {missing for _item, missing in needed}  # whatever a kept item refers to stays
    else:
        raise TrimError("icupkg kept finding items that depend on removed ones")
    source = work / f"{entry}_dat.S"
    for old in work.glob("*.S"):
        old.unlink()
    trimmed.replace(package)  # genccode names the symbol after the file
    _run(["genccode", "-q", "-a", "gcc", "-e", entry, "-d", str(work), str(package)])
    generated = next(work.glob("*.S"))
    generated.replace(source)
    out = work / library.name
    _run(["gcc", "-shared", "-nostdlib", f"-Wl,-soname,{library.name}", "-o", str(out), str(source)])
    source.unlink()  # 2.5× the data as text: not worth keeping in build/
    return out

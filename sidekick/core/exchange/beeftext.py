"""Beeftext combo lists (``comboList.json``) and Beeftext's header-less CSV.

A combo becomes a phrase: keyword → code, name → title (derived from the snippet when empty, as
Beeftext users rarely fill it in), snippet → body, group name → category. The automatic
"Default Group" means "no group" and maps to uncategorised. Beeftext variables with an exact
Sidekick equivalent are translated (``#{clipboard}`` → ``{剪贴板}``, ``#{cursor}`` → ``{光标}``,
``#{date}`` → ``{日期}``, ``#{time}`` → ``{时间}``, ``#{input:名称}`` → ``{?名称}``); every other
variable (``#{combo:…}``, ``#{upper:…}``, ``#{dateTime:…}``, ``#{envVar:…}``, ``#{powershell:…}``,
``#{key:…}``, ``#{delay:…}`` …) is kept as literal text with a warning: Sidekick never runs
anything a phrase names.

Beeftext allows one keyword on several combos. Two combos with the same keyword and the same
snippet are merged (warning); with different snippets they are a problem naming both combos,
since Sidekick requires one code per phrase in a library.

Combo uuids are kept as stable ids, derived per library (uuid5 of library + uuid) so that
importing the same file into the team and the personal library does not give two phrases one id.
Beeftext's timestamps are local time without a zone; they are read as the local time of this
machine. Matching mode, case sensitivity and descriptions have no use in a popup and are dropped.

Row numbers in problems are 1-based positions in the ``combos`` list.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime
from pathlib import PurePath

from sidekick.core.exchange import json_safe
from sidekick.core.exchange.base import FormatError, ImportResult, in_file, read_text
from sidekick.core.exchange.common import (
    CLIPBOARD,
    CURSOR,
    DATE,
    TIME,
    PhraseCollector,
    derive_title,
    escape_braces,
    export_order,
    group_levels_problem,
    join_group,
    normalise_newlines,
    phrase_label,
    plain_text,
    render_for_tool,
    split_group,
)
from sidekick.core.exchange.textexpander import (
    Flavour,
    export_csv,
    looks_beeftext,
    looks_three_column,
)
from sidekick.core.exchange.textexpander import (
    read_csv as _read_three_column,
)
from sidekick.core.messages import Message, message_of
from sidekick.core.progress import Progress
from sidekick.core.types import CategoryPath, Library, LibraryKind, Phrase, Problem

FILE_FORMAT_VERSION = 10  # the version this module writes and was checked against
DEFAULT_GROUP = "Default Group"  # Beeftext's automatic group = Sidekick's "uncategorised"
_ID_NAMESPACE = uuid.UUID("6f1c3a52-7d0e-4b8e-9a41-2d5c0e8b7f13")  # Sidekick's Beeftext ids

_VARIABLE = re.compile(r"#\{([^{}]*)\}")
_SIMPLE_IN = {"clipboard": "{剪贴板}", "cursor": "{光标}", "date": "{日期}", "time": "{时间}"}
_SIMPLE_OUT = {CLIPBOARD: "#{clipboard}", CURSOR: "#{cursor}", DATE: "#{date}", TIME: "#{time}"}


# --- variables --------------------------------------------------------------------------------


def snippet_to_body(snippet: str, where: str) -> tuple[str, list[str]]:
    """Beeftext snippet → Sidekick body, with a note for each variable kept as text."""
    pieces: list[str] = []
    notes: list[str] = []
    pos = 0
    for match in _VARIABLE.finditer(snippet):
        pieces.append(escape_braces(snippet[pos:match.start()]))
        pos = match.end()
        inner = match.group(1)
        if inner in _SIMPLE_IN:
            pieces.append(_SIMPLE_IN[inner])
            continue
        if inner.startswith("input:") and inner[6:].strip():
            pieces.append("{?" + inner[6:].strip() + "}")
            continue
        pieces.append(escape_braces(match.group(0)))
        notes.append(Message("%1: Beeftext variable %2 has no Sidekick equivalent; kept as text",
                             where, match.group(0)))
    pieces.append(escape_braces(snippet[pos:]))
    return "".join(pieces), notes


def body_to_snippet(body: str) -> tuple[str, list[str]]:
    """Sidekick body → Beeftext snippet (placeholders without an equivalent stay literal)."""
    text, notes = render_for_tool(body, _SIMPLE_OUT, lambda name: "#{input:" + name + "}")
    found = _VARIABLE.search(plain_text(body))
    if found:  # Beeftext has no escape for "#{", so such text would be run as a variable
        notes.append(Message("the text contains %1, which Beeftext reads as a variable", found.group(0)))
    return text, notes


BEEFTEXT_CSV = Flavour("Beeftext", ("keyword", "snippet", "name"), snippet_to_body, body_to_snippet)


# --- comboList.json ---------------------------------------------------------------------------


def sniff(data: bytes, filename: str) -> bool:
    """A JSON object with a ``combos`` list (Beeftext's combo list)."""
    if PurePath(filename.lower()).suffix != ".json":
        return False
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and b'"combos"' in data and (
        b'"fileFormatVersion"' in data or b'"keyword"' in data or b'"comboText"' in data)


def read(data: bytes, source: str, library: LibraryKind, *,
         progress: Progress | None = None) -> ImportResult:
    """Parse ``comboList.json`` into phrases of ``library``."""
    text = read_text(data, source)
    try:
        doc = json_safe.loads(text)
    except json_safe.JsonRefused as exc:
        raise FormatError(in_file(source, message_of(exc))) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("combos"), list):
        raise FormatError(in_file(source, Message("not a Beeftext combo list (no \"combos\" list)")))
    problems: list[Problem] = [Problem(Message("the key %1 appears more than once in the file's top object", repr(key)),
                                       source, None, key) for key in json_safe.duplicate_keys(doc)]
    warnings: list[Problem] = []
    version = doc.get("fileFormatVersion")
    if isinstance(version, int) and version > FILE_FORMAT_VERSION:
        warnings.append(Problem(Message("fileFormatVersion %1 is newer than %2; fields added since are ignored",
                                        version, FILE_FORMAT_VERSION), source))

    collector = PhraseCollector(library)
    groups: dict[str, CategoryPath] = {}
    disabled_groups: set[str] = set()
    for group in doc.get("groups") or []:
        if not isinstance(group, dict):
            continue
        name = str(group.get("name") or "").strip()
        levels = group_levels_problem(name)
        if levels:
            problems.append(Problem(levels, source, None, "groups"))
            continue
        path = CategoryPath() if name in ("", DEFAULT_GROUP) else split_group(name)
        groups[str(group.get("uuid", ""))] = path
        collector.add_category(path)  # keeps Beeftext's group order, empty groups included
        if group.get("enabled") is False:
            disabled_groups.add(str(group.get("uuid", "")))

    seen: dict[str, tuple[int, str]] = {}
    combos = doc["combos"]
    for row, combo in enumerate(combos, start=1):
        if progress is not None and row % 1000 == 0:
            progress(row, len(combos))
        if not isinstance(combo, dict):
            problems.append(Problem(Message("a combo must be a JSON object"), source, row))
            continue
        problems.extend(Problem(Message("the key %1 appears more than once in this combo", repr(key)), source, row, key)
                        for key in json_safe.duplicate_keys(combo))
        keyword = _text(combo, "keyword", "comboText").strip()
        snippet = normalise_newlines(_text(combo, "snippet", "substitutionText"))
        name = _text(combo, "name").strip()
        label = Message("combo %1", repr(keyword or name or row))
        if "\x00" in keyword + snippet + name:  # written as \u0000 in JSON: damage, never text to paste
            problems.append(Problem(Message("%1 contains a NUL character (\\u0000)", label), source, row))
            continue
        if not snippet.strip():
            warnings.append(Problem(Message("%1 has no snippet; skipped", label), source, row, "snippet"))
            continue
        if keyword and keyword in seen:
            first_row, first_snippet = seen[keyword]
            if first_snippet == snippet:
                warnings.append(Problem(Message("keyword %1 repeats combo %2 with the same snippet; imported once",
                                                repr(keyword), first_row), source, row, "keyword"))
            else:
                problems.append(Problem(Message("keyword %1 is used by combos %2 and %3 with different snippets; "
                                                "rename one in Beeftext", repr(keyword), first_row, row),
                                        source, row, "keyword"))
            continue
        if keyword:
            seen[keyword] = (row, snippet)
        group_id = str(combo.get("group", ""))
        if group_id and group_id not in groups:
            warnings.append(Problem(Message("%1 names a group that is not in the file; imported uncategorised",
                                            label), source, row, "group"))
        if combo.get("enabled") is False or group_id in disabled_groups:
            warnings.append(Problem(Message("%1 is disabled in Beeftext; imported as an active phrase", label),
                                    source, row, "enabled"))
        body, notes = snippet_to_body(snippet, label)
        warnings.extend(Problem(note, source, row, "snippet") for note in notes)
        collector.add(groups.get(group_id, CategoryPath()), name or derive_title(body, keyword),
                      body, keyword, phrase_id=_phrase_id(library, combo.get("uuid")),
                      created_at=_timestamp(combo.get("creationDateTime")),
                      updated_at=_timestamp(combo.get("modificationDateTime")))
    if progress is not None:
        progress(len(combos), len(combos))
    return ImportResult(collector.library(), tuple(problems), tuple(warnings))


def write(library: Library, kind: LibraryKind) -> bytes:
    """Phrases of one library as a Beeftext ``comboList.json`` (fileFormatVersion 10)."""
    return _export(library, kind)[0]


def export_warnings(library: Library, kind: LibraryKind) -> tuple[Problem, ...]:
    """What :func:`write` cannot carry over (placeholders without an equivalent, missing codes)."""
    return tuple(_export(library, kind)[1])


def _export(library: Library, kind: LibraryKind) -> tuple[bytes, list[Problem]]:
    phrases = export_order(library, kind)
    now = _beeftext_time(datetime.now(UTC).replace(tzinfo=None))
    group_ids: dict[CategoryPath, str] = {CategoryPath(): _braced(uuid.uuid5(_ID_NAMESPACE, ""))}
    groups = [_group(DEFAULT_GROUP, group_ids[CategoryPath()], "The default group.", now)]
    for phrase in phrases:
        if phrase.category not in group_ids:
            name = join_group(phrase.category)
            group_ids[phrase.category] = _braced(uuid.uuid5(_ID_NAMESPACE, "group:" + name))
            groups.append(_group(name, group_ids[phrase.category], "", now))
    combos = []
    warnings: list[Problem] = []
    for row, phrase in enumerate(phrases, start=1):
        snippet, notes = body_to_snippet(phrase.body)
        label = phrase_label(phrase)
        warnings.extend(Problem(Message("%1: %2", label, note), "", row, "snippet") for note in notes)
        if not phrase.code:
            warnings.append(Problem(Message("%1 has no code; its Beeftext keyword is left empty", label),
                                    "", row, "keyword"))
        combos.append({
            "caseSensitivity": 0,
            "creationDateTime": _beeftext_time(phrase.created_at) or now,
            "description": "",
            "enabled": True,
            "group": group_ids[phrase.category],
            "keyword": phrase.code,
            "matchingMode": 0,
            "modificationDateTime": _beeftext_time(phrase.updated_at or phrase.created_at) or now,
            "name": phrase.title,
            "snippet": snippet,
            "uuid": _combo_uuid(phrase),
        })
    doc = {"combos": combos, "fileFormatVersion": FILE_FORMAT_VERSION, "groups": groups}
    return (json.dumps(doc, ensure_ascii=False, indent=4, sort_keys=True) + "\n").encode(), warnings


# --- Beeftext CSV -----------------------------------------------------------------------------


def sniff_csv(data: bytes, filename: str) -> bool:
    """A header-less three-column CSV with Beeftext hints (file name, ``#{…}`` variables)."""
    return looks_three_column(data, filename) and looks_beeftext(data, filename)


def read_csv(data: bytes, source: str, library: LibraryKind, *,
             progress: Progress | None = None) -> ImportResult:
    """Beeftext CSV (keyword, snippet, name; no header) → phrases in the category named after the file."""
    return _read_three_column(data, source, library, BEEFTEXT_CSV, progress=progress)


def write_csv(library: Library, kind: LibraryKind) -> bytes:
    """Phrases of one library as Beeftext CSV (keyword, snippet, name)."""
    return export_csv(library, kind, BEEFTEXT_CSV)[0]


def export_warnings_csv(library: Library, kind: LibraryKind) -> tuple[Problem, ...]:
    return tuple(export_csv(library, kind, BEEFTEXT_CSV)[1])


# --- small pieces -----------------------------------------------------------------------------


def _text(combo: dict, *keys: str) -> str:
    """The first present key as text (older Beeftext files use comboText/substitutionText)."""
    for key in keys:
        value = combo.get(key)
        if value is not None:
            return value if isinstance(value, str) else str(value)
    return ""


def _phrase_id(library: LibraryKind, raw: object) -> str | None:
    try:
        combo_id = uuid.UUID(str(raw).strip("{}"))
    except ValueError:
        return None
    return str(uuid.uuid5(_ID_NAMESPACE, f"{library.value}:{combo_id}"))


def _combo_uuid(phrase: Phrase) -> str:
    try:
        return _braced(uuid.UUID(phrase.id))
    except ValueError:
        return _braced(uuid.uuid5(_ID_NAMESPACE, phrase.id))


def _braced(value: uuid.UUID) -> str:
    return "{" + str(value) + "}"


def _timestamp(raw: object) -> datetime | None:
    """Beeftext local time → naive UTC (None when absent or unreadable: it is only metadata)."""
    if not isinstance(raw, str) or not raw:
        return None
    try:
        local = datetime.fromisoformat(raw)
    except ValueError:
        return None
    if local.tzinfo is None:
        local = local.astimezone()  # the zone of this machine, Beeftext's best guess too
    return local.astimezone(UTC).replace(tzinfo=None)


def _beeftext_time(value: datetime | None) -> str:
    """Naive UTC → Beeftext's local ``YYYY-MM-DDTHH:MM:SS.mmm``."""
    if value is None:
        return ""
    local = value.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)
    return local.isoformat(timespec="milliseconds")


def _group(name: str, group_id: str, description: str, now: str) -> dict:
    return {"creationDateTime": now, "description": description, "enabled": True,
            "modificationDateTime": now, "name": name, "uuid": group_id}

"""Espanso match files (YAML with a ``matches:`` list).

Import, one phrase per match:

- code = the trigger; a match with ``triggers: [a, b]`` keeps the first as its code and a warning
  lists the dropped aliases (a phrase has one code). ``regex`` triggers cannot be a code: the phrase
  is imported without one, with a warning.
- Espanso lets several matches share a trigger and offers a choice; Sidekick needs one code per
  phrase. A repeated trigger with the same text is imported once; with different text the later
  matches get ``trigger~2``, ``trigger~3`` …, so typing the trigger in the popup still lists them
  all (one summary warning per file, with examples).
- title = ``label``, else the first ~12 characters of the text; category = the file name stem
  (``greetings-english.yml`` → ``greetings-english``).
- body = ``replace`` (or a ``form:`` layout, or ``html``/``markdown`` kept as text with a warning);
  an ``image_path``-only match has no text and is skipped with a warning.
- ``$|$`` → ``{光标}``; literal ``{``/``}`` → ``{{``/``}}``. Variables map only when exact:
  ``clipboard`` → ``{剪贴板}``, ``date`` with format ``%Y-%m-%d`` → ``{日期}`` or ``%H:%M`` →
  ``{时间}``, ``echo`` → its text, form fields (``[[name]]``, ``{{form1.name}}``) → fill-ins
  ``{?name}``. Everything else (shell, script, random, choice, other date formats, undefined
  names) stays as the literal ``{{name}}`` text with a warning naming the match and variable;
  nothing is ever run. ``global_vars`` are used to resolve names; ``imports`` are not followed
  (warning). Trigger options (``word``, ``propagate_case`` …) mean nothing in a popup and are
  dropped with one summary warning.

Export writes a valid match file: ``trigger``, ``replace``, ``label``, with ``{光标}`` → ``$|$``
and ``vars`` for the clipboard, date/time and fill-ins (an Espanso form). Phrases without a code
are skipped with a warning (Espanso needs a trigger); categories appear only as comments.

Rows in problems and warnings are line numbers in the YAML file (1-based); columns are keys.
Large files: libyaml (``CSafeLoader``) is used when PyYAML has it; ``progress(done, total)`` is
called every 1,000 matches.
"""

from __future__ import annotations

import gc
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import yaml

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
    file_stem,
    normalise_newlines,
    phrase_label,
)
from sidekick.core.exchange.yaml_budget import budget_problem
from sidekick.core.messages import Message
from sidekick.core.placeholders import TokenKind, parse
from sidekick.core.progress import Progress
from sidekick.core.types import CategoryPath, Library, LibraryKind, Phrase, Problem

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

CURSOR_MARK = "$|$"
DATE_FORMAT = "%Y-%m-%d"  # what {日期} is taken to render
TIME_FORMAT = "%H:%M"  # what {时间} is taken to render
DUPLICATE_MARK = "~"  # "some:zh~2": second match sharing the trigger "some:zh"
PROGRESS_EVERY = 1000

# Espanso's own variable syntax (names may carry a ".field" for forms) and the cursor mark.
_TOKEN = re.compile(r"\$\|\$|\{\{\s*([\w.\-]+)\s*\}\}")
_FORM_FIELD = re.compile(r"\[\[\s*([\w.\-]+)\s*\]\]")
_SNIFF = re.compile(rb"^(?:matches|global_vars|imports)\s*:", re.MULTILINE)
_TRIGGER_OPTIONS = ("word", "left_word", "right_word", "propagate_case", "uppercase_style",
                    "force_clipboard", "force_mode", "passive_only", "search_terms", "paragraph")


def sniff(data: bytes, filename: str) -> bool:
    """A ``.yml``/``.yaml`` file with a top-level ``matches``, ``global_vars`` or ``imports`` key."""
    return PurePath(filename.lower()).suffix in {".yml", ".yaml"} and bool(_SNIFF.search(data))


# --- import -----------------------------------------------------------------------------------


@dataclass
class _Candidate:
    """A match converted to Sidekick text, before repeated triggers are resolved."""

    line: int
    code: str
    title: str
    body: str


def read(data: bytes, source: str, library: LibraryKind, *,
         progress: Progress | None = None) -> ImportResult:
    """Parse an Espanso match file into phrases of ``library`` (category = file name stem)."""
    # Tens of thousands of small dicts and strings, none of them cyclic: the cyclic collector
    # would only rescan them over and over (it halves the time for translate-en-zh.yml).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _read(data, source, library, progress)
    finally:
        if gc_was_enabled:
            gc.enable()


def _read(data: bytes, source: str, library: LibraryKind,
          progress: Progress | None) -> ImportResult:
    doc, lines = _load(data, source)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    imports = doc.get("imports")
    if imports:
        names = ", ".join(map(str, imports)) if isinstance(imports, list) else str(imports)
        warnings.append(Problem(Message("imports are not followed (%1); import those files too", names),
                                source, None, "imports"))
    global_vars = _vars_by_name(doc.get("global_vars"))
    matches = doc.get("matches") or []
    if not isinstance(matches, list):
        raise FormatError(in_file(source, Message("'matches' must be a list")))

    total = len(matches)
    candidates: list[_Candidate] = []
    option_counts: Counter[str] = Counter()
    for index, match in enumerate(matches):
        if progress is not None and index % PROGRESS_EVERY == 0 and index:
            progress(index, total)
        line = lines[index] if index < len(lines) else None
        if not isinstance(match, dict):
            problems.append(Problem(Message("a match must be a mapping (trigger, replace …)"), source, line))
            continue
        option_counts.update(k for k in _TRIGGER_OPTIONS if k in match)
        candidate = _convert(match, line, source, global_vars, warnings)
        if candidate is not None:
            candidates.append(candidate)
    if progress is not None:
        progress(total, total)

    if option_counts:
        listed = ", ".join(f"{k} ({n})" for k, n in sorted(option_counts.items()))
        warnings.append(Problem(Message("trigger options have no meaning in Sidekick and were dropped: %1",
                                        listed), source))
    collector = PhraseCollector(library)
    category = CategoryPath(file_stem(source)) if file_stem(source) else CategoryPath()
    for candidate in _resolve_repeats(candidates, source, warnings):
        collector.add(category, candidate.title, candidate.body, candidate.code)
    return ImportResult(collector.library(), tuple(problems), tuple(warnings))


def _load(data: bytes, source: str) -> tuple[dict[str, Any], list[int]]:
    """The document, and the line of each entry of ``matches`` (composing keeps the marks)."""
    text = read_text(data, source)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        too_much = budget_problem(node) if node is not None else None
        if too_much:
            raise FormatError(in_file(source, Message("refused: %1", too_much)))
        doc = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc)
        if mark:
            place = Message("line %1, column %2", mark.line + 1, mark.column + 1)
            raise FormatError(in_file(source, Message("invalid YAML at %1: %2", place, reason))) from exc
        raise FormatError(in_file(source, Message("invalid YAML: %1", reason))) from exc
    except FormatError:
        raise
    except (ValueError, TypeError, OverflowError) as exc:  # a value YAML cannot build: 5,000 digits, month 13
        text = str(exc)
        raise FormatError(in_file(source, Message("invalid YAML value: %1",
                                                  text[:150] + "…" if len(text) > 150 else text))) from None
    finally:
        loader.dispose()
    if node is None or not isinstance(doc, dict) or not any(k in doc for k in ("matches", "global_vars", "imports")):
        raise FormatError(in_file(source, Message("not an Espanso match file (no 'matches' list)")))
    lines: list[int] = []
    for key, value in node.value:
        if key.value == "matches" and isinstance(value, yaml.SequenceNode):
            lines = [item.start_mark.line + 1 for item in value.value]
    return doc, lines


def _vars_by_name(raw: object) -> dict[str, dict[str, Any]]:
    if not isinstance(raw, list):
        return {}
    return {str(v["name"]): v for v in raw if isinstance(v, dict) and "name" in v}


def _as_text(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _convert(match: dict[str, Any], line: int | None, source: str,
             global_vars: dict[str, dict[str, Any]], warnings: list[Problem]) -> _Candidate | None:
    """One match → a candidate phrase (None when it has no text Sidekick can paste)."""
    triggers = match.get("triggers")
    if not isinstance(triggers, list):
        triggers = [match["trigger"]] if "trigger" in match else []
    triggers = [t for t in (_as_text(t) for t in triggers) if t]
    code = triggers[0] if triggers else ""
    name = Message("match %1", repr(code)) if code else Message("match at line %1", line)

    def warn(message: str, column: str) -> None:
        warnings.append(Problem(Message("%1: %2", name, message), source, line, column))

    if len(triggers) > 1:
        warn(Message("extra triggers %1 dropped; a phrase has one code (%2)",
                     ", ".join(map(repr, triggers[1:])), repr(code)), "triggers")
    if not code and "regex" in match:
        warn(Message("regex trigger %1 cannot be a code; imported without one", repr(match["regex"])), "regex")

    local_vars = {**global_vars, **_vars_by_name(match.get("vars"))}
    replace = _as_text(match.get("replace"))
    if replace is not None:
        raw = normalise_newlines(replace)
        if match.get("inject_vars") is False:  # Espanso leaves {{…}} alone in such a match
            body = _cursor_only(raw)
        else:
            body = _replace_to_body(raw, local_vars, lambda var, why: warn(
                Message("variable %1 %2; kept as text", "{{" + var + "}}", why), "replace"))
    elif isinstance(match.get("form"), str):
        body = _form_to_body(normalise_newlines(match["form"]), match.get("form_fields"), warn)
    elif isinstance(match.get("markdown"), str) or isinstance(match.get("html"), str):
        key = "markdown" if isinstance(match.get("markdown"), str) else "html"
        warn(Message("%1 formatting is lost; the source text is kept as plain text", key), key)
        body = _replace_to_body(normalise_newlines(match[key]), local_vars, lambda var, why: warn(
            Message("variable %1 %2; kept as text", "{{" + var + "}}", why), key))
    elif "image_path" in match:
        warn(Message("image match (%1) has no text; skipped", match["image_path"]), "image_path")
        return None
    else:
        warn(Message("has no replace text; skipped"), "replace")
        return None
    if not body.strip():
        warn(Message("replace text is empty; skipped"), "replace")
        return None
    label = _as_text(match.get("label"))
    title = " ".join(label.split()) if label and label.strip() else derive_title(body, code)
    return _Candidate(line or 0, code, title, body)


def _replace_to_body(text: str, variables: dict[str, dict[str, Any]],
                     report: Callable[[str, str], None]) -> str:
    """Espanso replace text → Sidekick body; ``report(var, why)`` for what stays literal."""
    pieces: list[str] = []
    pos = 0
    for token in _TOKEN.finditer(text):
        pieces.append(escape_braces(text[pos:token.start()]))
        pos = token.end()
        if token.group(0) == CURSOR_MARK:
            pieces.append("{光标}")
            continue
        var_name = token.group(1)
        mapped, why = _map_variable(var_name, variables)
        if mapped is None:
            pieces.append(escape_braces(token.group(0)))
            report(var_name, why)
        else:
            pieces.append(mapped)
    pieces.append(escape_braces(text[pos:]))
    return "".join(pieces)


def _map_variable(var_name: str, variables: dict[str, dict[str, Any]]) -> tuple[str | None, str]:
    """An exact Sidekick equivalent of ``{{var_name}}``, or None and the reason there is none."""
    base, _, field_name = var_name.partition(".")
    var = variables.get(base)
    if var is None:
        return None, Message("is not defined in this file")
    var_type = str(var.get("type", ""))
    given = var.get("params")
    params: dict[str, Any] = given if isinstance(given, dict) else {}
    if var_type == "clipboard":
        return "{剪贴板}", ""
    if var_type == "date":
        extra = set(params) - {"format"}
        fmt = params.get("format")
        if not extra and fmt == DATE_FORMAT:
            return "{日期}", ""
        if not extra and fmt == TIME_FORMAT:
            return "{时间}", ""
        given_format = repr(fmt) + (" + " + ", ".join(sorted(extra)) if extra else "")
        return None, Message("is a date with format %1, not Sidekick's %2 ({日期}) or %3 ({时间})",
                             given_format, DATE_FORMAT, TIME_FORMAT)
    if var_type == "echo" and isinstance(params.get("echo"), str):
        return escape_braces(params["echo"]), ""
    if var_type == "form" and field_name:
        return "{?" + field_name + "}", ""
    if var_type in ("shell", "script"):
        return None, Message("runs a %1 command, which Sidekick never does", var_type)
    return None, Message("has type %1, which Sidekick cannot represent", repr(var_type) if var_type else "(none)")


def _form_to_body(layout: str, fields: object, warn: Callable[[str, str], None]) -> str:
    """``form: "Hi [[name]]"`` → ``Hi {?name}`` (a fill-in is asked at insert time, like a form)."""
    if isinstance(fields, dict):
        for field_name, spec in fields.items():
            if isinstance(spec, dict) and spec.get("type") in ("choice", "list"):
                warn(Message("form field %1 offers a fixed list; Sidekick asks for free text", repr(field_name)),
                     "form_fields")
    pieces: list[str] = []
    pos = 0
    for field_match in _FORM_FIELD.finditer(layout):
        pieces.append(escape_braces(layout[pos:field_match.start()]))
        pieces.append("{?" + field_match.group(1) + "}")
        pos = field_match.end()
    pieces.append(escape_braces(layout[pos:]))
    return "".join(pieces)


def _cursor_only(text: str) -> str:
    return "{光标}".join(escape_braces(part) for part in text.split(CURSOR_MARK))


def _resolve_repeats(candidates: list[_Candidate], source: str,
                     warnings: list[Problem]) -> list[_Candidate]:
    """Give every phrase its own code (see the module docstring for why ``~2`` and not an error)."""
    taken = {c.code for c in candidates if c.code}
    seen: dict[str, list[_Candidate]] = {}
    bodies: dict[str, set[str]] = {}  # per trigger, for the "same text" test in constant time
    next_number: dict[str, int] = {}  # per trigger, where the search for a free "~N" resumes
    kept: list[_Candidate] = []
    renamed: list[str] = []
    for candidate in candidates:
        if not candidate.code:
            kept.append(candidate)
            continue
        earlier = seen.setdefault(candidate.code, [])
        known = bodies.setdefault(candidate.code, set())
        if candidate.body in known:
            warnings.append(Problem(Message("match %1 repeats an earlier match with the same text; imported once",
                                            repr(candidate.code)), source, candidate.line, "trigger"))
            continue
        known.add(candidate.body)
        if earlier:
            # Numbers only grow per trigger, so each is tried once: linear in the matches (searching
            # from 2 every time took 164 s for 60,000 matches sharing one trigger).
            number = max(next_number.get(candidate.code, 2), len(earlier) + 1)
            while f"{candidate.code}{DUPLICATE_MARK}{number}" in taken:
                number += 1
            next_number[candidate.code] = number + 1
            new_code = f"{candidate.code}{DUPLICATE_MARK}{number}"
            taken.add(new_code)
            renamed.append(new_code)
            earlier.append(candidate)
            candidate = _Candidate(candidate.line, new_code, candidate.title, candidate.body)
        else:
            earlier.append(candidate)
        kept.append(candidate)
    if renamed:
        shared = sum(1 for group in seen.values() if len(group) > 1)
        warnings.append(Problem(Message(
            "%1 triggers are shared by several matches (Espanso offers a choice); %2 matches got a "
            "numbered code such as %3; typing the trigger still lists them all",
            shared, len(renamed), ", ".join(renamed[:3])), source, None, "trigger"))
    return kept


# --- export -----------------------------------------------------------------------------------


class _Dumper(_BaseDumper):  # type: ignore[misc, valid-type]  # the C or Python dumper, chosen at import
    """Multi-line text as literal blocks, so an exported file stays readable and editable."""


def _represent_str(dumper: yaml.BaseDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)

_OUT_VARS: dict[TokenKind, tuple[str, dict[str, Any]]] = {
    CLIPBOARD: ("clipboard", {"name": "clipboard", "type": "clipboard"}),
    DATE: ("date", {"name": "date", "type": "date", "params": {"format": DATE_FORMAT}}),
    TIME: ("time", {"name": "time", "type": "date", "params": {"format": TIME_FORMAT}}),
}
_FORM_VAR = "form1"
_FIELD_NAME = re.compile(r"^\w+$")


def write(library: Library, kind: LibraryKind) -> bytes:
    """Phrases of one library as an Espanso match file (UTF-8)."""
    return _export(library, kind)[0]


def export_warnings(library: Library, kind: LibraryKind) -> tuple[Problem, ...]:
    """What :func:`write` cannot carry over (phrases without code, placeholders, categories)."""
    return tuple(_export(library, kind)[1])


def _export(library: Library, kind: LibraryKind) -> tuple[bytes, list[Problem]]:
    warnings: list[Problem] = []
    blocks: list[str] = ["# Espanso match file exported by Sidekick\n", "matches:\n"]
    current: CategoryPath | None = None
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        if batch:
            dumped = yaml.dump(batch, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                               width=10**9, default_flow_style=False)
            # After a "|+" block the emitter closes the document with "..."; inside our
            # "matches:" list that marker would end the file early.
            dumped = dumped.removesuffix("...\n")
            blocks.append("".join("  " + ln if ln.strip() else ln
                                  for ln in dumped.splitlines(keepends=True)))
            batch.clear()

    for number, phrase in enumerate(export_order(library, kind), start=1):
        label = phrase_label(phrase)
        if not phrase.code:
            warnings.append(Problem(Message("%1 has no code; Espanso needs a trigger, so it is not exported", label),
                                    "", number, "trigger"))
            continue
        if phrase.category != current:
            flush()
            current = phrase.category
            blocks.append(f"\n  # {current or '(uncategorised)'}\n")
        entry, notes = _match_for(phrase)
        warnings.extend(Problem(Message("%1: %2", label, note), "", number, "replace") for note in notes)
        batch.append(entry)
    flush()
    return "".join(blocks).encode("utf-8"), warnings


def _match_for(phrase: Phrase) -> tuple[dict[str, Any], list[str]]:
    """One phrase as an Espanso match, and notes on what did not carry over."""
    pieces: list[str] = []
    notes: list[str] = []
    variables: dict[str, dict[str, Any]] = {}
    fields: list[str] = []
    cursor_used = False
    for token in parse(phrase.body).tokens:
        if token.kind is TokenKind.TEXT:
            if _TOKEN.search(token.value) or _FORM_FIELD.search(token.value):
                notes.append(Message("the text %1 contains Espanso syntax and may expand", repr(token.value)))
            pieces.append(token.value)
        elif token.kind is CURSOR:
            if cursor_used:
                notes.append(Message("Espanso allows one cursor position; the extra {光标} is dropped"))
            else:
                pieces.append(CURSOR_MARK)
                cursor_used = True
        elif token.kind in _OUT_VARS:
            var_name, definition = _OUT_VARS[token.kind]
            pieces.append("{{" + var_name + "}}")
            variables[var_name] = definition
        elif token.kind is TokenKind.FILL_IN and _FIELD_NAME.match(token.value):
            pieces.append("{{" + _FORM_VAR + "." + token.value + "}}")
            if token.value not in fields:
                fields.append(token.value)
        else:
            raw = phrase.body[token.start:token.end]
            pieces.append(raw)
            notes.append(Message("placeholder %1 has no Espanso equivalent; written as literal text", raw))
    if fields:
        layout = "\n".join(f"{f}: [[{f}]]" for f in fields)
        variables[_FORM_VAR] = {"name": _FORM_VAR, "type": "form", "params": {"layout": layout}}
    entry: dict[str, Any] = {"trigger": phrase.code, "replace": "".join(pieces),
                             "label": phrase.title}
    if variables:
        # The form goes first: Espanso evaluates variables in order and asks before pasting.
        entry["vars"] = sorted(variables.values(), key=lambda v: v["name"] != _FORM_VAR)
    return entry, notes

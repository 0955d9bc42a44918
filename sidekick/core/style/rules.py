"""House-style rules: their typed form and loading them from YAML.

The rules are data (``resources/style/rules.yaml``) so that a lead can add a shop's own
words without a new release. Loading is strict: a typo in a key or a broken regular
expression is an error naming the rule, because a rule silently doing nothing is worse
than a clear refusal to load. The schema is documented at the top of the YAML file.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sidekick.core.resources import resources_dir

SCHEMA_VERSION = 1
DEFAULT_SENTENCE_END = "。！？!?；;\n"
DEFAULT_SEPARATORS = "，,~～！!、 "


class RuleError(ValueError):
    """A rules file that cannot be used; the message names the file, the rule and the key."""


class Severity(str, enum.Enum):
    WARNING = "warning"
    HINT = "hint"


@dataclass(frozen=True, slots=True)
class RegexSpec:
    """``kind: regex`` — report every match; ``replace`` is an optional rewrite template."""

    patterns: tuple[re.Pattern[str], ...]
    replace: str | None = None
    fix: bool = False


@dataclass(frozen=True, slots=True)
class Replacement:
    find: str
    replace: str
    fix: bool = True
    suggestion: str = ""  # shown instead of ``replace`` when set


@dataclass(frozen=True, slots=True)
class ReplaceSpec:
    """``kind: replace`` — words to replace, matched longest first."""

    replacements: tuple[Replacement, ...]
    pattern: re.Pattern[str]  # alternation of every ``find``, longest first

    def entry(self, found: str) -> Replacement:
        for item in self.replacements:
            if item.find == found:
                return item
        raise KeyError(found)  # cannot happen: ``pattern`` is built from these words


class Scope(str, enum.Enum):
    """Where ``required`` words before a trigger may stand."""

    SENTENCE = "sentence"
    PREVIOUS_SENTENCE = "previous_sentence"


class AfterScope(str, enum.Enum):
    """Where ``required_after`` words after a trigger may stand.

    Agents often decline first and apologise second (不能退换，请您谅解 / 不能退哦~敬请谅解),
    so the window reaches to the end of the trigger's sentence or one sentence further.
    """

    SENTENCE = "sentence"
    NEXT_SENTENCE = "next_sentence"


@dataclass(frozen=True, slots=True)
class RequiresBeforeSpec:
    """``kind: requires_before`` — a trigger needs one of ``required`` before it.

    One of ``required_after`` after the trigger (within ``after_scope``) satisfies the rule
    too; it is a separate list because words that soften a refusal when they come first
    (理解 in 感谢您的理解) are not all apologies when they follow it.
    """

    triggers: re.Pattern[str]
    required: tuple[str, ...]
    scope: Scope = Scope.PREVIOUS_SENTENCE
    fix_insert: str = ""
    insert_after: re.Pattern[str] | None = None
    required_after: tuple[str, ...] = ()
    after_scope: AfterScope = AfterScope.NEXT_SENTENCE


@dataclass(frozen=True, slots=True)
class MaxCountSpec:
    """``kind: max_count`` — at most ``max`` occurrences of ``pattern`` in one text."""

    pattern: re.Pattern[str]
    max: int
    remove_extra: bool = False
    separators: str = DEFAULT_SEPARATORS


Spec = RegexSpec | ReplaceSpec | RequiresBeforeSpec | MaxCountSpec


@dataclass(frozen=True, slots=True)
class Rule:
    """One house-style rule: what to look for (``spec``) and what to tell the writer."""

    id: str
    severity: Severity
    message_zh: str
    message_en: str
    spec: Spec
    suggestion: str = ""
    exceptions: tuple[str, ...] = ()
    exception_patterns: tuple[re.Pattern[str], ...] = ()

    @property
    def kind(self) -> str:
        return _KIND_OF_SPEC[type(self.spec)]


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Every enabled rule of a rules file, in file order."""

    rules: tuple[Rule, ...]
    sentence_end: str = DEFAULT_SENTENCE_END
    version: int = SCHEMA_VERSION

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(rule.id for rule in self.rules)


_KIND_OF_SPEC: dict[type, str] = {
    RegexSpec: "regex",
    ReplaceSpec: "replace",
    RequiresBeforeSpec: "requires_before",
    MaxCountSpec: "max_count",
}
_COMMON_KEYS = {"id", "kind", "severity", "enabled", "message_zh", "message_en",
                "suggestion", "exceptions", "exception_patterns"}
_KIND_KEYS = {
    "regex": {"patterns", "replace", "fix"},
    "replace": {"replacements", "fix"},
    "requires_before": {"triggers", "required", "scope", "fix_insert", "insert_after",
                        "required_after", "after_scope"},
    "max_count": {"pattern", "max", "fix", "separators"},
}
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]*")


class _Reader:
    """Typed access to one rule's mapping; every error names the file and the rule."""

    def __init__(self, data: Mapping[str, Any], where: str) -> None:
        self.data = data
        self.where = where

    def fail(self, message: str) -> RuleError:
        return RuleError(f"{self.where}: {message}")

    def text(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if value is None:
            raise self.fail(f"'{key}' is missing (缺少 {key})")
        if not isinstance(value, str) or (not value and default is None):
            raise self.fail(f"'{key}' must be non-empty text ({key} 必须是文字)")
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"'{key}' must be true or false")
        return value

    def words(self, key: str, required: bool = False) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.fail(f"'{key}' is missing (缺少 {key})")
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(f"'{key}' must be a list of words ({key} 必须是词语列表)")
        if required and not value:
            raise self.fail(f"'{key}' must not be empty")
        return tuple(value)

    def regex(self, pattern: str, key: str) -> re.Pattern[str]:
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise self.fail(f"'{key}' has a broken regular expression {pattern!r}: {exc}") from None
        if compiled.fullmatch(""):
            # An empty match would be reported everywhere (or nowhere useful).
            raise self.fail(f"'{key}' pattern {pattern!r} matches empty text")
        return compiled

    def regexes(self, key: str, required: bool = False) -> tuple[re.Pattern[str], ...]:
        return tuple(self.regex(p, key) for p in self.words(key, required))


def _alternation(words: tuple[str, ...]) -> str:
    """A regex matching any of ``words``, longest first so 你们 wins over 你."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_TEMPLATE_REF = re.compile(r"\\(?:g<([^>]*)>|(\d{1,2})|(.)|$)", re.DOTALL)


def _template_problem(template: str, pattern: re.Pattern[str]) -> str:
    """Why ``template`` cannot be expanded for matches of ``pattern`` ("" when it can).

    Checked at load time so that a lead's typo is reported when the file is read, not the
    first time the rule matches in somebody's editor.
    """
    for ref in _TEMPLATE_REF.finditer(template):
        name, number, other = ref.groups()
        if name is not None:
            if name.isdigit() and int(name) <= pattern.groups:
                continue
            if name in pattern.groupindex:
                continue
            return f"no group named {name!r}"
        if number is not None:
            if int(number) > pattern.groups:
                return f"no group {number}"
            continue
        if other is None:
            return "a lone backslash at the end"
        if other not in "\\nrtfvab":
            return f"unknown escape \\{other}"
    return ""


def _regex_spec(r: _Reader) -> RegexSpec:
    patterns = r.regexes("patterns", required=True)
    replace = r.data.get("replace")
    if replace is not None and not isinstance(replace, str):
        raise r.fail("'replace' must be text")
    fix = r.flag("fix", False)
    if fix and replace is None:
        raise r.fail("'fix: true' needs 'replace' (the rewrite to apply)")
    if replace is not None:
        for pattern in patterns:
            problem = _template_problem(replace, pattern)
            if problem:
                raise r.fail(f"'replace' {replace!r} does not fit {pattern.pattern!r}: {problem}")
    return RegexSpec(patterns, replace, fix)


def _replace_spec(r: _Reader) -> ReplaceSpec:
    default_fix = r.flag("fix", True)
    raw = r.data.get("replacements")
    items: list[Replacement] = []
    if isinstance(raw, Mapping):
        for find, replace in raw.items():
            if not isinstance(find, str) or not find or not isinstance(replace, str):
                raise r.fail("'replacements' must map words to their replacements")
            items.append(Replacement(find, replace, default_fix))
    elif isinstance(raw, list):
        for index, entry in enumerate(raw, 1):
            sub = _Reader(entry if isinstance(entry, Mapping) else {},
                          f"{r.where}, replacement {index}")
            if not isinstance(entry, Mapping):
                raise sub.fail("each replacement must be {find: …, replace: …}")
            unknown = set(entry) - {"find", "replace", "fix", "suggestion"}
            if unknown:
                raise sub.fail(f"unknown key(s) {sorted(unknown)}; "
                               "use find, replace, fix, suggestion")
            items.append(Replacement(sub.text("find"), sub.text("replace", ""),
                                     sub.flag("fix", default_fix), sub.text("suggestion", "")))
    else:
        raise r.fail("'replacements' is missing: a mapping (你: 您) or a list of "
                     "{find, replace} entries")
    if not items:
        raise r.fail("'replacements' must not be empty")
    finds = [item.find for item in items]
    duplicates = sorted({f for f in finds if finds.count(f) > 1})
    if duplicates:
        raise r.fail(f"'replacements' lists {duplicates} more than once")
    return ReplaceSpec(tuple(items), re.compile(_alternation(tuple(finds))))


def _requires_before_spec(r: _Reader) -> RequiresBeforeSpec:
    triggers = r.words("triggers", required=True)
    scope_text = r.text("scope", Scope.PREVIOUS_SENTENCE.value)
    try:
        scope = Scope(scope_text)
    except ValueError:
        raise r.fail(f"'scope' is {scope_text!r}; use sentence or previous_sentence") from None
    after_text = r.text("after_scope", AfterScope.NEXT_SENTENCE.value)
    try:
        after_scope = AfterScope(after_text)
    except ValueError:
        raise r.fail(f"'after_scope' is {after_text!r}; use sentence or next_sentence") from None
    insert_after = r.data.get("insert_after")
    if insert_after is not None and not isinstance(insert_after, str):
        raise r.fail("'insert_after' must be a regular expression")
    return RequiresBeforeSpec(
        triggers=re.compile(_alternation(triggers)),
        required=r.words("required", required=True),
        scope=scope,
        fix_insert=r.text("fix_insert", ""),
        insert_after=r.regex(insert_after, "insert_after") if insert_after else None,
        required_after=r.words("required_after"),
        after_scope=after_scope,
    )


def _max_count_spec(r: _Reader) -> MaxCountSpec:
    limit = r.data.get("max")
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise r.fail("'max' must be a whole number of at least 1")
    fix = r.data.get("fix", "none")
    if fix not in ("remove_extra", "none"):
        raise r.fail(f"'fix' is {fix!r}; use remove_extra or none")
    return MaxCountSpec(
        pattern=r.regex(r.text("pattern"), "pattern"),
        max=limit,
        remove_extra=fix == "remove_extra",
        separators=r.text("separators", DEFAULT_SEPARATORS),
    )


_SPEC_READERS: dict[str, Callable[[_Reader], Spec]] = {
    "regex": _regex_spec,
    "replace": _replace_spec,
    "requires_before": _requires_before_spec,
    "max_count": _max_count_spec,
}


def _rule(data: Any, index: int, source: str) -> Rule | None:
    """One rule, or None when it is switched off (``enabled: false``)."""
    label = f"{source}: " if source else ""
    if not isinstance(data, Mapping):
        raise RuleError(f"{label}rule {index} must be a mapping of keys (id, kind, …)")
    rule_id = data.get("id")
    if not isinstance(rule_id, str) or not _ID.fullmatch(rule_id):
        raise RuleError(f"{label}rule {index}: 'id' must be a name of letters, digits, - or _ "
                        f"(got {rule_id!r})")
    r = _Reader(data, f"{label}rule {index} ({rule_id})")
    kind = data.get("kind")
    if kind not in _SPEC_READERS:
        raise r.fail(f"'kind' is {kind!r}; use one of {', '.join(_SPEC_READERS)}")
    unknown = set(data) - _COMMON_KEYS - _KIND_KEYS[kind]
    if unknown:
        allowed = ", ".join(sorted(_COMMON_KEYS | _KIND_KEYS[kind]))
        raise r.fail(f"unknown key(s) {sorted(unknown)} for kind {kind}; allowed: {allowed}")
    severity_text = r.text("severity", Severity.WARNING.value)
    try:
        severity = Severity(severity_text)
    except ValueError:
        raise r.fail(f"'severity' is {severity_text!r}; use warning or hint") from None
    spec = _SPEC_READERS[kind](r)
    enabled = r.flag("enabled", True)
    rule = Rule(
        id=rule_id,
        severity=severity,
        message_zh=r.text("message_zh"),
        message_en=r.text("message_en"),
        spec=spec,
        suggestion=r.text("suggestion", ""),
        exceptions=r.words("exceptions"),
        exception_patterns=r.regexes("exception_patterns"),
    )
    return rule if enabled else None


def load_rules(text: str, source: str = "") -> RuleSet:
    """Parse and validate a rules file; ``source`` (a file name) prefixes every error."""
    label = f"{source}: " if source else ""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleError(f"{label}not valid YAML{where}: {problem} (YAML 格式错误)") from None
    if not isinstance(data, Mapping):
        raise RuleError(f"{label}expected a mapping with 'version' and 'rules' at the top")
    version = data.get("version")
    if version != SCHEMA_VERSION:
        raise RuleError(f"{label}'version' is {version!r}; this Sidekick reads version "
                        f"{SCHEMA_VERSION} rules files")
    unknown = set(data) - {"version", "sentence_end", "rules"}
    if unknown:
        raise RuleError(f"{label}unknown top-level key(s) {sorted(unknown)}; "
                        "use version, sentence_end, rules")
    sentence_end = data.get("sentence_end", DEFAULT_SENTENCE_END)
    if not isinstance(sentence_end, str) or not sentence_end:
        raise RuleError(f"{label}'sentence_end' must be a non-empty string of characters")
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list):
        raise RuleError(f"{label}'rules' must be a list of rules")
    rules: list[Rule] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_rules, 1):
        rule_id = raw.get("id") if isinstance(raw, Mapping) else None
        if isinstance(rule_id, str) and rule_id in seen:
            raise RuleError(f"{label}rule {index} ({rule_id}): the id is already used by "
                            f"rule {seen[rule_id]}")
        rule = _rule(raw, index, source)
        if isinstance(rule_id, str):
            seen[rule_id] = index
        if rule is not None:
            rules.append(rule)
    return RuleSet(tuple(rules), sentence_end, SCHEMA_VERSION)


def default_rules_path() -> Path:
    return resources_dir() / "style" / "rules.yaml"


def default_rules() -> RuleSet:
    """The shipped rules (``resources/style/rules.yaml``)."""
    path = default_rules_path()
    return load_rules(path.read_text(encoding="utf-8"), source=path.name)

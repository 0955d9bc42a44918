"""Running house-style rules over a text, and applying their fixes.

``check`` only reports; nothing here decides whether a phrase may be saved (warnings never
block saving — the editor and ``sidekick lint`` decide what to do with the issues). A fix
is attached only where the rule can rewrite the text without changing what it means;
everything else carries a suggestion for a person to act on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sidekick.core.style.rules import (
    MaxCountSpec,
    RegexSpec,
    ReplaceSpec,
    RequiresBeforeSpec,
    Rule,
    RuleSet,
    Scope,
    Severity,
)

# A question is not a refusal (这个不能退吗？ asks), so requires_before skips questions.
_QUESTION_END = "？?"
_QUESTION_PARTICLES = ("吗", "嘛")


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace ``[start, end)`` (which held ``original``) with ``replacement``.

    ``original`` lets ``apply`` refuse an edit computed for an older version of the text
    instead of corrupting the new one.
    """

    start: int
    end: int
    replacement: str
    original: str

    def apply(self, text: str) -> str:
        if text[self.start : self.end] != self.original or self.end > len(text):
            raise ValueError("the text changed since it was checked; check it again")
        return text[: self.start] + self.replacement + text[self.end :]


@dataclass(frozen=True, slots=True)
class StyleIssue:
    """One place where a text breaks a house-style rule.

    ``[start, end)`` is the span to underline. ``suggestion`` is the rewritten words when
    the rule knows them (the sentence after the fix, or the replacement word), otherwise
    advice. ``fix`` is the one-click edit, present only where it is safe.
    """

    rule_id: str
    severity: Severity
    start: int
    end: int
    message_zh: str
    message_en: str
    suggestion: str
    fix: TextEdit | None = None


@dataclass(frozen=True, slots=True)
class _Sentence:
    start: int
    end: int  # exclusive; the terminator (if any) is text[end]


def split_sentences(text: str, ends: str) -> list[tuple[int, int]]:
    """Spans of the non-blank sentences of ``text`` (terminators excluded)."""
    return [(s.start, s.end) for s in _sentences(text, ends)]


def _sentences(text: str, ends: str) -> list[_Sentence]:
    found: list[_Sentence] = []
    start = 0
    for index, char in enumerate(text):
        if char in ends:
            if text[start:index].strip():
                found.append(_Sentence(start, index))
            start = index + 1
    if text[start:].strip():
        found.append(_Sentence(start, len(text)))
    return found


def _rewritten_sentence(text: str, fix: TextEdit, ends: str) -> str:
    """The sentence around ``fix`` as it reads after the fix (shown as the suggestion)."""
    fixed = fix.apply(text)
    start = fix.start
    while start > 0 and fixed[start - 1] not in ends:
        start -= 1
    stop = fix.start + len(fix.replacement)
    while stop < len(fixed) and fixed[stop] not in ends:
        stop += 1
    if stop < len(fixed):
        stop += 1  # keep the sentence's own end mark
    return fixed[start:stop].strip()


def _excluded_spans(text: str, rule: Rule) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for word in rule.exceptions:
        at = text.find(word)
        while at != -1:
            spans.append((at, at + len(word)))
            at = text.find(word, at + 1)
    for pattern in rule.exception_patterns:
        spans.extend(m.span() for m in pattern.finditer(text) if m.end() > m.start())
    return spans


def _excluded(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """A hit lying inside an exception (迷你 around 你, 亲自 around 亲) is not a hit."""
    return any(s <= start and end <= e for s, e in spans)


def _message(template: str, match: str, count: int = 0, limit: int = 0) -> str:
    # Plain replacement of three fixed markers; the rules file is never used as a format
    # string (a lead's stray brace must not raise, and nothing in it may be evaluated).
    return (template.replace("{match}", match)
            .replace("{count}", str(count)).replace("{max}", str(limit)))


def _issue(rule: Rule, start: int, end: int, text: str, suggestion: str,
           fix: TextEdit | None = None, count: int = 0, limit: int = 0) -> StyleIssue:
    found = text[start:end]
    return StyleIssue(
        rule_id=rule.id,
        severity=rule.severity,
        start=start,
        end=end,
        message_zh=_message(rule.message_zh, found, count, limit),
        message_en=_message(rule.message_en, found, count, limit),
        suggestion=suggestion,
        fix=fix,
    )


def _check_regex(text: str, rule: Rule, spec: RegexSpec, excluded: list[tuple[int, int]],
                 ruleset: RuleSet) -> list[StyleIssue]:
    matches = [m for p in spec.patterns for m in p.finditer(text) if m.end() > m.start()]
    # Patterns of one rule may overlap (全网最低 / 最低价): report the earliest, longest once.
    matches.sort(key=lambda m: (m.start(), -m.end()))
    issues: list[StyleIssue] = []
    last_end = -1
    for match in matches:
        if match.start() < last_end or _excluded(match.start(), match.end(), excluded):
            continue
        last_end = match.end()
        suggestion, fix = rule.suggestion, None
        if spec.replace is not None:
            suggestion = match.expand(spec.replace)
            if spec.fix:
                fix = TextEdit(match.start(), match.end(), suggestion, match.group())
        issues.append(_issue(rule, match.start(), match.end(), text, suggestion, fix))
    return issues


def _check_replace(text: str, rule: Rule, spec: ReplaceSpec, excluded: list[tuple[int, int]],
                   ruleset: RuleSet) -> list[StyleIssue]:
    issues: list[StyleIssue] = []
    for match in spec.pattern.finditer(text):
        if _excluded(match.start(), match.end(), excluded):
            continue
        entry = spec.entry(match.group())
        fix = (TextEdit(match.start(), match.end(), entry.replace, match.group())
               if entry.fix else None)
        issues.append(_issue(rule, match.start(), match.end(), text,
                             entry.suggestion or entry.replace, fix))
    return issues


def _check_requires_before(text: str, rule: Rule, spec: RequiresBeforeSpec,
                           excluded: list[tuple[int, int]], ruleset: RuleSet) -> list[StyleIssue]:
    sentences = _sentences(text, ruleset.sentence_end)
    issues: list[StyleIssue] = []
    for match in spec.triggers.finditer(text):
        if _excluded(match.start(), match.end(), excluded):
            continue
        index = next((i for i, s in enumerate(sentences) if s.start <= match.start() < s.end),
                     None)
        if index is None:  # a lead's trigger made only of sentence ends: nothing to check
            continue
        sentence = sentences[index]
        if _is_question(text, sentence):
            continue  # 这个不能退吗？ asks; it does not refuse
        before = text[sentence.start : match.start()]
        if spec.scope is Scope.PREVIOUS_SENTENCE and index > 0:
            previous = sentences[index - 1]
            before = text[previous.start : previous.end] + before
        if any(word in before for word in spec.required):
            continue
        fix = _apology_fix(text, sentence, spec)
        suggestion = rule.suggestion
        if fix is not None:
            suggestion = _rewritten_sentence(text, fix, ruleset.sentence_end)
        issues.append(_issue(rule, match.start(), match.end(), text, suggestion, fix))
    return issues


def _is_question(text: str, sentence: _Sentence) -> bool:
    terminator = text[sentence.end] if sentence.end < len(text) else ""
    if terminator and terminator in _QUESTION_END:
        return True
    return text[sentence.start : sentence.end].rstrip().endswith(_QUESTION_PARTICLES)


def _apology_fix(text: str, sentence: _Sentence, spec: RequiresBeforeSpec) -> TextEdit | None:
    """Insert the apology at the start of the sentence, after a leading 亲，/您好，."""
    if not spec.fix_insert:
        return None
    body = text[sentence.start : sentence.end]
    at = sentence.start + (len(body) - len(body.lstrip()))
    if spec.insert_after is not None:
        lead = spec.insert_after.match(text, at, sentence.end)
        if lead is not None:
            at = lead.end()
    return TextEdit(at, at, spec.fix_insert, "")


def _check_max_count(text: str, rule: Rule, spec: MaxCountSpec, excluded: list[tuple[int, int]],
                     ruleset: RuleSet) -> list[StyleIssue]:
    hits = [m for m in spec.pattern.finditer(text)
            if m.end() > m.start() and not _excluded(m.start(), m.end(), excluded)]
    if len(hits) <= spec.max:
        return []
    issues: list[StyleIssue] = []
    for match in hits[spec.max :]:
        fix = _removal(text, match, spec, ruleset.sentence_end) if spec.remove_extra else None
        suggestion = rule.suggestion
        if fix is not None:
            suggestion = _rewritten_sentence(text, fix, ruleset.sentence_end)
        issues.append(_issue(rule, match.start(), match.end(), text, suggestion, fix,
                             count=len(hits), limit=spec.max))
    return issues


def _removal(text: str, match: re.Match[str], spec: MaxCountSpec, ends: str) -> TextEdit | None:
    """Remove one extra occurrence when it stands alone as a form of address.

    - at a sentence start and followed by separators: ``亲，这款…`` → ``这款…``
      (the separators go too);
    - after other words and followed by a separator or a sentence end: ``好的亲~`` →
      ``好的~``;
    - anywhere else (``谢谢亲们的支持``) it is part of the sentence: no fix.
    """
    start, end = match.span()
    stops = spec.separators + ends.replace("\n", "")
    at_start = start == 0 or text[start - 1] in ends or text[start - 1] in spec.separators \
        or text[start - 1].isspace()
    at_end = end == len(text) or text[end] in ends or text[end] in spec.separators
    if not at_end:
        return None
    if at_start:
        stop = end
        while stop < len(text) and text[stop] in stops:
            stop += 1
        return TextEdit(start, stop, "", text[start:stop])
    return TextEdit(start, end, "", text[start:end])


_CHECKERS = {
    RegexSpec: _check_regex,
    ReplaceSpec: _check_replace,
    RequiresBeforeSpec: _check_requires_before,
    MaxCountSpec: _check_max_count,
}


def check(text: str, rules: RuleSet) -> list[StyleIssue]:
    """Every issue in ``text``, ordered by position (then by rule order)."""
    issues: list[tuple[int, int, int, StyleIssue]] = []
    for order, rule in enumerate(rules.rules):
        excluded = _excluded_spans(text, rule)
        checker = _CHECKERS[type(rule.spec)]
        for issue in checker(text, rule, rule.spec, excluded, rules):  # type: ignore[operator]
            issues.append((issue.start, issue.end, order, issue))
    issues.sort(key=lambda item: item[:3])
    return [item[3] for item in issues]


def apply_fix(text: str, issue: StyleIssue) -> str:
    """The text with the one-click fix of ``issue`` applied.

    Raises ``ValueError`` when the issue has no safe fix or the text changed since it was
    checked.
    """
    if issue.fix is None:
        raise ValueError(f"rule {issue.rule_id}: this issue has no safe fix; see its suggestion")
    return issue.fix.apply(text)


def _overlap(a: TextEdit, b: TextEdit) -> bool:
    if a.start == a.end == b.start == b.end:
        return True  # two insertions at one point: their order would be a guess
    return a.start < b.end and b.start < a.end


_MAX_ROUNDS = 5


def apply_all_safe_fixes(text: str, rules: RuleSet) -> str:
    """Apply every safe fix, checking again after each round.

    Fixes that overlap in one round are deferred to the next (the first one wins), and a
    fix made redundant by another (two refusals in one sentence need one apology) simply
    no longer appears. The rounds are bounded so two rules undoing each other cannot loop.
    """
    for _ in range(_MAX_ROUNDS):
        edits = sorted({i.fix for i in check(text, rules) if i.fix is not None},
                       key=lambda e: (e.start, e.end, e.replacement))
        chosen: list[TextEdit] = []
        for edit in edits:
            if not any(_overlap(edit, kept) for kept in chosen):
                chosen.append(edit)
        if not chosen:
            break
        # From the end backwards so earlier offsets stay valid; at one position a
        # replacement goes before an insertion, which keeps the insertion in front of it.
        for edit in sorted(chosen, key=lambda e: (e.start, e.end), reverse=True):
            text = edit.apply(text)
    return text

"""Running house-style rules over a text, and applying their fixes.

``check`` only reports; nothing here decides whether a phrase may be saved (warnings never
block saving — the editor and ``sidekick lint`` decide what to do with the issues). A fix
is attached only where the rule can rewrite the text without changing what it means;
everything else carries a suggestion for a person to act on.

Placeholders are opaque. A body is a template (``{买家}``, ``{?订单号}``, ``{光标}``,
``{商品.标题}``, ``{{``/``}}``), and what the buyer finally reads is the rendered text, so
the rules look at a *view* of the body in which every placeholder token (as
:func:`sidekick.core.placeholders.parse` finds it) is replaced by neutral characters of the
same length. Offsets stay valid, yet a placeholder can never be a sentence end (the ``?``
of ``{?订单号}``), never hold a match (the 你 of ``{?你的订单号}`` is a name the agent
sees, not a word pasted to the buyer), and never be cut by a fix: an edit that would touch
one is not offered, because a broken placeholder silently changes what agents paste.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from sidekick.core.placeholders import TokenKind, parse
from sidekick.core.style.rules import (
    AfterScope,
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

# Stands in for each character of a placeholder in the view the rules see. U+FFFC (OBJECT
# REPLACEMENT CHARACTER) means "an embedded object" and is in no word list, sentence end,
# separator or CJK range a rule could name.
_OPAQUE = "\ufffc"
_ESCAPES = ("{{", "}}")


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
class _Subject:
    """A body as the rules see it.

    ``view`` is ``text`` with every placeholder masked (same length, so offsets agree);
    matching, sentence splitting and separators use ``view``, while edits, messages and
    suggestions are built from ``text``. ``opaque`` holds the placeholders' spans.
    """

    text: str
    view: str
    opaque: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, text: str) -> _Subject:
        opaque = _opaque_spans(text)
        chars = list(text)
        for start, end in opaque:
            chars[start:end] = _OPAQUE * (end - start)
        return cls(text, "".join(chars), opaque)

    def covers_placeholder(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps a placeholder."""
        return any(start < e and s < end for s, e in self.opaque)

    def cuts_placeholder(self, start: int, end: int) -> bool:
        """Whether a span starts or ends strictly inside a placeholder."""
        return any(s < start < e or s < end < e for s, e in self.opaque)

    def allows(self, edit: TextEdit) -> bool:
        """Whether ``edit`` leaves every placeholder exactly as it was.

        An edit may not replace text overlapping a placeholder nor insert inside one, and
        what it puts in may not merge with a neighbour (an inserted ``{`` before
        ``{?订单号}`` would turn it into the escape ``{{``): the placeholders of the result
        must be those of the text before the edit, those of the inserted text, and those
        after the edit, in that order.
        """
        if edit.start == edit.end:
            if any(s < edit.start < e for s, e in self.opaque):
                return False
        elif self.covers_placeholder(edit.start, edit.end):
            return False
        expected = [self.text[s:e] for s, e in self.opaque if e <= edit.start]
        expected += [edit.replacement[s:e] for s, e in _opaque_spans(edit.replacement)]
        expected += [self.text[s:e] for s, e in self.opaque if s >= edit.end]
        fixed = edit.apply(self.text)
        actual = [fixed[s:e] for s, e in _opaque_spans(fixed)]
        return actual == expected


def _opaque_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of every placeholder token and every ``{{``/``}}`` escape in ``text``.

    Escapes count as opaque too: an edit between the two braces of ``{{`` would turn a
    literal brace into the start of a placeholder.
    """
    if "{" not in text and "}" not in text:
        return ()  # the common case: plain text, nothing to parse
    spans: list[tuple[int, int]] = []
    for token in parse(text).tokens:
        if token.kind is not TokenKind.TEXT:
            spans.append((token.start, token.end))
            continue
        # Literal text: find its escapes the way parse() reads them, left to right.
        at = token.start
        while at < token.end:
            if text.startswith(_ESCAPES, at) and at + 2 <= token.end:
                spans.append((at, at + 2))
                at += 2
            else:
                at += 1
    return tuple(spans)


def _mask(text: str) -> str:
    return _Subject.of(text).view


@dataclass(frozen=True, slots=True)
class _Sentence:
    start: int
    end: int  # exclusive; the terminator (if any) is text[end]


def split_sentences(text: str, ends: str) -> list[tuple[int, int]]:
    """Spans of the non-blank sentences of ``text`` (terminators excluded).

    A placeholder is never a sentence end, even when it holds one (``{?订单号}``).
    """
    return [(s.start, s.end) for s in _sentences(_mask(text), ends)]


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
    view = _mask(fixed)  # so the sentence is not cut at the ? of a {?…} fill-in
    start = fix.start
    while start > 0 and view[start - 1] not in ends:
        start -= 1
    stop = fix.start + len(fix.replacement)
    while stop < len(fixed) and view[stop] not in ends:
        stop += 1
    if stop < len(fixed):
        stop += 1  # keep the sentence's own end mark
    return fixed[start:stop].strip()


def _excluded_spans(view: str, rule: Rule) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for word in rule.exceptions:
        at = view.find(word)
        while at != -1:
            spans.append((at, at + len(word)))
            at = view.find(word, at + 1)
    for pattern in rule.exception_patterns:
        spans.extend(m.span() for m in pattern.finditer(view) if m.end() > m.start())
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


def _safe_edit(subject: _Subject, start: int, end: int, replacement: str) -> TextEdit | None:
    """The edit replacing ``[start, end)``, or None when it would touch a placeholder."""
    edit = TextEdit(start, end, replacement, subject.text[start:end])
    return edit if subject.allows(edit) else None


def _check_regex(subject: _Subject, rule: Rule, spec: RegexSpec,
                 excluded: list[tuple[int, int]], ruleset: RuleSet) -> list[StyleIssue]:
    view = subject.view
    matches = [m for p in spec.patterns for m in p.finditer(view) if m.end() > m.start()]
    # Patterns of one rule may overlap (全网最低 / 最低价): report the earliest, longest once.
    matches.sort(key=lambda m: (m.start(), -m.end()))
    issues: list[StyleIssue] = []
    last_end = -1
    for match in matches:
        if match.start() < last_end or _excluded(match.start(), match.end(), excluded):
            continue
        if subject.cuts_placeholder(match.start(), match.end()):
            continue  # a lead's loose pattern (.) reaching into a placeholder's masked text
        last_end = match.end()
        suggestion, fix = rule.suggestion, None
        # A match spanning a placeholder (不是{?尺码}吗) is reported, but its rewrite would
        # be built from the masked view, so it is neither shown nor offered.
        if spec.replace is not None and not subject.covers_placeholder(*match.span()):
            suggestion = match.expand(spec.replace)
            if spec.fix:
                fix = _safe_edit(subject, match.start(), match.end(), suggestion)
        issues.append(_issue(rule, match.start(), match.end(), subject.text, suggestion, fix))
    return issues


def _check_replace(subject: _Subject, rule: Rule, spec: ReplaceSpec,
                   excluded: list[tuple[int, int]], ruleset: RuleSet) -> list[StyleIssue]:
    issues: list[StyleIssue] = []
    for match in spec.pattern.finditer(subject.view):
        if _excluded(match.start(), match.end(), excluded):
            continue
        entry = spec.entry(match.group())
        fix = (_safe_edit(subject, match.start(), match.end(), entry.replace)
               if entry.fix else None)
        issues.append(_issue(rule, match.start(), match.end(), subject.text,
                             entry.suggestion or entry.replace, fix))
    return issues


def _check_requires_before(subject: _Subject, rule: Rule, spec: RequiresBeforeSpec,
                           excluded: list[tuple[int, int]], ruleset: RuleSet) -> list[StyleIssue]:
    view = subject.view
    sentences = _sentences(view, ruleset.sentence_end)
    issues: list[StyleIssue] = []
    for match in spec.triggers.finditer(view):
        if _excluded(match.start(), match.end(), excluded):
            continue
        index = next((i for i, s in enumerate(sentences) if s.start <= match.start() < s.end),
                     None)
        if index is None:  # a lead's trigger made only of sentence ends: nothing to check
            continue
        sentence = sentences[index]
        if _is_question(view, sentence):
            continue  # 这个不能退吗？ asks; it does not refuse
        before = view[sentence.start : match.start()]
        if spec.scope is Scope.PREVIOUS_SENTENCE and index > 0:
            previous = sentences[index - 1]
            before = view[previous.start : previous.end] + before
        if any(word in before for word in spec.required):
            continue
        # Declining first and apologising right after (不能退换，请您谅解) is polite too.
        after = view[match.end() : sentence.end]
        if spec.after_scope is AfterScope.NEXT_SENTENCE and index + 1 < len(sentences):
            following = sentences[index + 1]
            after += view[sentence.end : following.end]
        if any(word in after for word in spec.required_after):
            continue
        fix = _apology_fix(subject, sentence, spec)
        suggestion = rule.suggestion
        if fix is not None:
            suggestion = _rewritten_sentence(subject.text, fix, ruleset.sentence_end)
        issues.append(_issue(rule, match.start(), match.end(), subject.text, suggestion, fix))
    return issues


def _is_question(view: str, sentence: _Sentence) -> bool:
    terminator = view[sentence.end] if sentence.end < len(view) else ""
    if terminator and terminator in _QUESTION_END:
        return True
    # A trailing placeholder ({光标}, {买家}) does not stop 吗 from ending the question.
    body = view[sentence.start : sentence.end].rstrip().rstrip(_OPAQUE).rstrip()
    return body.endswith(_QUESTION_PARTICLES)


def _apology_fix(subject: _Subject, sentence: _Sentence,
                 spec: RequiresBeforeSpec) -> TextEdit | None:
    """Insert the apology at the start of the sentence, after a leading 亲，/您好，/温馨提示：.

    ``insert_after`` is matched against the real text, so a lead may name a placeholder
    in it (``\\{买家\\}``); if it ends inside one, there is no safe place and no fix.
    """
    if not spec.fix_insert:
        return None
    body = subject.view[sentence.start : sentence.end]
    at = sentence.start + (len(body) - len(body.lstrip()))
    if spec.insert_after is not None:
        lead = spec.insert_after.match(subject.text, at, sentence.end)
        if lead is not None:
            at = lead.end()
    return _safe_edit(subject, at, at, spec.fix_insert)


def _check_max_count(subject: _Subject, rule: Rule, spec: MaxCountSpec,
                     excluded: list[tuple[int, int]], ruleset: RuleSet) -> list[StyleIssue]:
    hits = [m for m in spec.pattern.finditer(subject.view)
            if m.end() > m.start() and not _excluded(m.start(), m.end(), excluded)
            and not subject.cuts_placeholder(m.start(), m.end())]
    if len(hits) <= spec.max:
        return []
    issues: list[StyleIssue] = []
    for match in hits[spec.max :]:
        fix = (_removal(subject, match, spec, ruleset.sentence_end)
               if spec.remove_extra else None)
        suggestion = rule.suggestion
        if fix is not None:
            suggestion = _rewritten_sentence(subject.text, fix, ruleset.sentence_end)
        issues.append(_issue(rule, match.start(), match.end(), subject.text, suggestion, fix,
                             count=len(hits), limit=spec.max))
    return issues


def _removal(subject: _Subject, match: re.Match[str], spec: MaxCountSpec,
             ends: str) -> TextEdit | None:
    """Remove one extra occurrence when it stands alone as a form of address.

    - at a sentence start and followed by separators: ``亲，这款…`` → ``这款…``
      (the separators go too);
    - after other words and followed by a separator or a sentence end: ``好的亲~`` →
      ``好的~``;
    - anywhere else (``谢谢亲们的支持``, ``好的亲{买家}``) it is part of the sentence: no fix.

    Positions are judged on the masked view, so a placeholder next to the word counts as
    a word, never as a separator, and the removal stops in front of it.
    """
    text = subject.view
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
        return _safe_edit(subject, start, stop, "")
    return _safe_edit(subject, start, end, "")


_CHECKERS = {
    RegexSpec: _check_regex,
    ReplaceSpec: _check_replace,
    RequiresBeforeSpec: _check_requires_before,
    MaxCountSpec: _check_max_count,
}


def _guarded(issue: StyleIssue, subject: _Subject) -> StyleIssue | None:
    """Enforce placeholder opacity for every checker, present and future.

    The checkers already work on the masked view; this is the last line: an issue whose
    span cuts a placeholder is dropped, and a fix that would touch one is withdrawn (the
    issue stays, with its suggestion, for a person to act on).
    """
    if subject.cuts_placeholder(issue.start, issue.end):
        return None
    if issue.fix is not None and not subject.allows(issue.fix):
        return dataclasses.replace(issue, fix=None)
    return issue


def check(text: str, rules: RuleSet) -> list[StyleIssue]:
    """Every issue in ``text``, ordered by position (then by rule order)."""
    subject = _Subject.of(text)
    issues: list[tuple[int, int, int, StyleIssue]] = []
    for order, rule in enumerate(rules.rules):
        excluded = _excluded_spans(subject.view, rule)
        checker = _CHECKERS[type(rule.spec)]
        for found in checker(subject, rule, rule.spec, excluded, rules):  # type: ignore[operator]  # _CHECKERS is keyed by the spec type
            issue = _guarded(found, subject)
            if issue is not None:
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
